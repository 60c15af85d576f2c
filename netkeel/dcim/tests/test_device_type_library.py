"""The device-type library import: files of the community library's `device-types/` become manufacturers,
device types and component templates (the CLI, the UI page and the job); a second import changes nothing;
a bad file is reported with its line and the others go on. The whole library (2,984 device types, in
`../shared/data/`) is imported by the slow test at the end."""

from __future__ import annotations

import tarfile
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection

from netkeel.core.testing.ui import make_user, signed_in
from netkeel.dcim.device_type_library import import_files, import_text
from netkeel.dcim.models import (
    DeviceBayTemplate,
    DeviceType,
    FrontPortTemplate,
    InterfaceTemplate,
    Manufacturer,
    PowerOutletTemplate,
    RearPortTemplate,
)
from netkeel.extras.jobs.runner import run_job_result
from netkeel.extras.jobs.service import create_job_result
from netkeel.extras.models import Job, ObjectChange

pytestmark = pytest.mark.django_db

LIBRARY = Path(__file__).resolve().parents[4] / "shared" / "data" / "devicetype-library.tar.gz"

PANEL = """\
---
manufacturer: Acme
model: Panel 24
part_number: AC-P24
u_height: 1.0
is_full_depth: false
airflow: passive
weight: 1.5
weight_unit: kg
comments: '[Datasheet](https://example.com)'
power-ports:
  - name: PSU1
    type: iec-60320-c14
    maximum_draw: 40
power-outlets:
  - name: Out1
    type: iec-60320-c13
    power_port: PSU1
    feed_leg: A
interfaces:
  - name: mgmt0
    type: 1000base-t
    mgmt_only: true
    poe_mode: pse
  - name: Cs1
    type: cs8365c-unknown
rear-ports:
  - name: Rear1
    type: mpo
    positions: 2
front-ports:
  - name: Front1
    type: lc
    rear_port: Rear1
    rear_port_position: 1
  - name: Front2
    type: lc
    rear_port: Rear1
    rear_port_position: 2
device-bays:
  - name: Bay 1
module-bays:
  - name: Slot 1
    position: '1'
"""


def test_a_file_becomes_a_device_type_with_every_template() -> None:
    report = import_text(PANEL)
    assert report.failed == []
    ((_, outcome),) = report.imported
    assert (outcome.device_type, outcome.action, outcome.templates_created) == ("Acme Panel 24", "created", 8)
    assert "created manufacturer Acme" in outcome.notes
    assert "skipped module bays (netkeel has no modules yet)" in outcome.notes
    device_type = DeviceType.objects.get(manufacturer__name="Acme", model="Panel 24")
    assert (device_type.part_number, device_type.u_height, device_type.is_full_depth) == ("AC-P24", 1, False)
    assert device_type.comments == "[Datasheet](https://example.com)"
    mgmt = InterfaceTemplate.objects.get(device_type=device_type, name="mgmt0")
    assert (mgmt.type, mgmt.mgmt_only) == ("1000base-t", True)
    # A type Nautobot does not know is imported as "other", as Nautobot's import does.
    assert InterfaceTemplate.objects.get(device_type=device_type, name="Cs1").type == "other"
    fronts = FrontPortTemplate.objects.filter(device_type=device_type).order_by("name")
    assert [(p.name, p.rear_port_template.name, p.rear_port_position) for p in fronts] == [
        ("Front1", "Rear1", 1),
        ("Front2", "Rear1", 2),
    ]
    outlet = PowerOutletTemplate.objects.get(device_type=device_type)
    assert (outlet.power_port_template.name, outlet.feed_leg) == ("PSU1", "A")
    assert DeviceBayTemplate.objects.filter(device_type=device_type).count() == 1
    # Recorded in the change log like any other write (templates in bulk included).
    assert ObjectChange.objects.filter(changed_object_id=device_type.pk, action="create").exists()
    assert ObjectChange.objects.filter(changed_object_id=mgmt.pk, action="create").exists()


def test_a_second_import_changes_nothing_and_says_so() -> None:
    import_text(PANEL)
    changes = ObjectChange.objects.count()
    report = import_text(PANEL)
    assert [outcome.action for _, outcome in report.imported] == ["unchanged"]
    assert report.summary() == "1 file(s): 0 device type(s) created, 0 updated, 1 unchanged; nothing changed."
    assert ObjectChange.objects.count() == changes


def test_an_edited_file_updates_what_differs_and_keeps_templates_it_does_not_name() -> None:
    import_text(PANEL)
    device_type = DeviceType.objects.get(model="Panel 24")
    InterfaceTemplate.objects.create(device_type=device_type, name="ours", type="virtual")
    edited = PANEL.replace("u_height: 1.0", "u_height: 2").replace("mgmt_only: true", "mgmt_only: false")
    ((_, outcome),) = import_text(edited).imported
    assert (outcome.action, outcome.templates_created, outcome.templates_updated) == ("updated", 0, 1)
    device_type.refresh_from_db()
    assert device_type.u_height == 2
    assert InterfaceTemplate.objects.get(device_type=device_type, name="mgmt0").mgmt_only is False
    assert InterfaceTemplate.objects.filter(device_type=device_type, name="ours").exists()


def test_broken_yaml_is_reported_with_its_line() -> None:
    report = import_text("manufacturer: Acme\nmodel: [unclosed\ninterfaces:\n  - name: x\n", source="bad.yaml")
    ((failed),) = report.failed
    assert failed.path == "bad.yaml" and failed.line == 3
    assert failed.reason.startswith("not valid YAML")
    assert not Manufacturer.objects.filter(name="Acme").exists()


@pytest.mark.parametrize(
    ("change", "line", "reason"),
    [
        (("u_height: 1.0", "u_height: 0.5"), 5, "u_height: enter a whole number, not 0.5."),
        (("    rear_port: Rear1\n    rear_port_position: 2", "    rear_port: Rear9"), 38, "rear_port Rear9 is not"),
        (("    rear_port_position: 2", "    rear_port_position: 3"), 39, "beyond the 2 position(s) of rear port Rear1"),
        (("  - name: Cs1", "  - name: mgmt0"), 25, "mgmt0 is named twice (first on line 21)"),
        (("    maximum_draw: 40", "    maximum_draw: lots"), 14, "maximum_draw: "),
        (("model: Panel 24\n", ""), 2, "model is required"),
    ],
)
def test_a_file_nautobot_would_refuse_is_refused_with_line_and_reason_and_writes_nothing(
    change: tuple[str, str], line: int, reason: str
) -> None:
    text = PANEL.replace(*change)
    assert text != PANEL
    ((failed),) = import_text(text).failed
    assert failed.line == line, failed
    assert reason in failed.reason, failed
    assert not DeviceType.objects.exists() and not Manufacturer.objects.exists()


def test_several_documents_are_imported_each_on_its_own() -> None:
    second = PANEL.replace("model: Panel 24", "model: Panel 48").replace("u_height: 1.0", "u_height: 0.5")
    third = PANEL.replace("model: Panel 24", "model: Panel 96")
    report = import_text(PANEL + second + third)
    assert [outcome.device_type for _, outcome in report.imported] == ["Acme Panel 24", "Acme Panel 96"]
    ((failed),) = report.failed
    assert failed.path == "pasted YAML, document 2" and "0.5" in failed.reason
    assert failed.line is not None and failed.line > PANEL.count("\n")


def library_folder(root: Path) -> Path:
    vendor = root / "device-types" / "Acme"
    vendor.mkdir(parents=True)
    (vendor / "panel-24.yaml").write_text(PANEL)
    (vendor / "panel-96.yml").write_text(PANEL.replace("Panel 24", "Panel 96"))
    (vendor / "broken.yaml").write_text("manufacturer: Acme\nmodel: Broken\ninterfaces:\n  - name: [\n")
    (vendor / "notes.txt").write_text("not a device type")
    module = root / "device-types" / "module-types"
    module.mkdir()
    (module / "card.yaml").write_text("manufacturer: Acme\nmodel: Card\n")
    return root / "device-types"


def run(*args: str) -> tuple[str, str, CommandError | None]:
    out, err = StringIO(), StringIO()
    try:
        call_command("import_device_types", *args, stdout=out, stderr=err)
    except CommandError as exc:
        return out.getvalue(), err.getvalue(), exc
    return out.getvalue(), err.getvalue(), None


def test_the_command_imports_a_folder_reports_the_bad_file_and_fails_with_a_sentence(tmp_path: Path) -> None:
    folder = library_folder(tmp_path)
    out, err, failure = run(str(folder))
    assert f"failed {folder / 'Acme' / 'broken.yaml'}:5: not valid YAML" in err
    assert "3 file(s): 2 device type(s) created, 0 updated, 0 unchanged; 1 file(s) could not be imported" in out
    assert failure is not None and "1 of 3 file(s) could not be imported" in str(failure)
    assert sorted(DeviceType.objects.values_list("model", flat=True)) == ["Panel 24", "Panel 96"]

    (folder / "Acme" / "broken.yaml").unlink()
    out, err, failure = run(str(folder), str(folder / "Acme" / "panel-24.yaml"))
    assert failure is None and err == ""
    assert "3 file(s): 0 device type(s) created, 0 updated, 3 unchanged; nothing changed in" in out


def test_the_command_refuses_a_path_that_is_not_there(tmp_path: Path) -> None:
    _, _, failure = run(str(tmp_path / "nowhere"))
    assert failure is not None and str(failure).startswith("No such file or folder:")
    _, _, failure = run(str(tmp_path))
    assert failure is not None and "No .yaml or .yml file found" in str(failure)


def test_the_job_imports_yaml() -> None:
    job = Job.objects.create(
        module_name="netkeel.dcim.jobs", job_class_name="ImportDeviceTypes", name="Import device types"
    )
    result = create_job_result(job, None, {"yaml": PANEL})
    run_job_result(result.pk)
    result.refresh_from_db()
    assert result.status == "SUCCESS", result.traceback
    assert result.result == {"created": 1, "updated": 0, "unchanged": 0, "failed": []}
    assert DeviceType.objects.filter(model="Panel 24").exists()


def test_the_device_types_page_imports_pasted_and_uploaded_yaml() -> None:
    user = make_user("importer", perms=("dcim.view_devicetype", "dcim.add_devicetype", "dcim.change_devicetype"))
    client = signed_in(user)
    listing = client.get("/dcim/device-types/")
    assert b'href="/dcim/device-types/import-yaml/"' in listing.content
    page = client.get("/dcim/device-types/import-yaml/")
    assert page.status_code == 200
    response = client.post(
        "/dcim/device-types/import-yaml/",
        {"yaml": PANEL, "yaml_files": [SimpleUploadedFile("p96.yaml", PANEL.replace("Panel 24", "Panel 96").encode())]},
    )
    assert response.status_code == 302
    assert sorted(DeviceType.objects.values_list("model", flat=True)) == ["Panel 24", "Panel 96"]
    bad = client.post("/dcim/device-types/import-yaml/", {"yaml": PANEL.replace("u_height: 1.0", "u_height: 0.5")})
    assert bad.status_code == 400
    assert b"u_height: enter a whole number, not 0.5." in bad.content


def test_the_import_page_needs_the_add_and_change_permissions() -> None:
    client = signed_in(make_user("viewer", perms=("dcim.view_devicetype",)))
    assert client.get("/dcim/device-types/import-yaml/").status_code == 403
    assert b"import-yaml" not in client.get("/dcim/device-types/").content


# The library's files that Nautobot refuses too, with the reason (each as Nautobot's import judges it):
# - a height of 0.5U: its import form reads u_height with an integer field ("Enter a whole number.");
# - outlets fed from a power port the file does not have (J9805A's are on its power-supply modules): the
#   form's power_port field picks among the device type's own power port templates ("Select a valid choice");
# - child device types without a u_height: the form fills in the default, 1, and DeviceType.clean refuses
#   a child that is not 0U ("Child device types must be 0U.").
CHILD_NOT_0U = "device type: u_height: A child device type (installed in a device bay) must be 0U."
REFUSED = {
    "device-types/FS/IES3110-8TF-R.yml": (4, "u_height: enter a whole number, not 0.5."),
    "device-types/Teltonika/RUT240.yaml": (5, "u_height: enter a whole number, not 0.5."),
    "device-types/HPE/J9805A.yaml": (
        16,
        "power-outlets 1A: power_port PS1 is not one of this device type's power-ports",
    ),
    **{
        f"device-types/Mellanox/SX6012{variant}.yaml": (2, CHILD_NOT_0U)
        for variant in ("F-1BFS", "F-1BRS", "F-2BFS", "F-2BRS", "T-1BFS", "T-2BFS")
    },
}


@pytest.mark.slow
def test_the_whole_community_library_imports(tmp_path: Path) -> None:
    """Once per CI run: on SQLite, the engine of its first `make test`; the import issues the same ORM
    calls on every engine, and the tests above run on all three."""
    if not LIBRARY.exists():
        pytest.skip(f"The device-type library is not at {LIBRARY} (see ../shared/data/README.md).")
    if connection.vendor != "sqlite":
        pytest.skip("The whole library is imported once per CI run, in the SQLite run.")
    with tarfile.open(LIBRARY) as archive:
        archive.extractall(tmp_path, filter="data")
    folder = tmp_path / "device-types"

    report = import_files([folder])
    refused = {str(Path(failed.path).relative_to(tmp_path)): (failed.line, failed.reason) for failed in report.failed}
    assert refused == REFUSED
    assert len(report.imported) + len(report.failed) == 2984
    assert report.count("created") == 2984 - len(REFUSED)
    assert DeviceType.objects.count() == 2984 - len(REFUSED)
    assert InterfaceTemplate.objects.count() > 55_000
    assert RearPortTemplate.objects.count() > 1_000

    again = import_files([folder])
    assert again.count("unchanged") == 2984 - len(REFUSED)
    assert not again.changed
    assert again.summary().endswith("could not be imported (listed above).")

    broken: Any = folder / "Cisco" / "broken.yaml"
    broken.write_text("manufacturer: Cisco\nmodel: Broken\n  interfaces: [\n")
    ((failed),) = [failed for failed in import_files([broken]).failed]
    assert failed.line == 3 and failed.reason.startswith("not valid YAML")


def test_a_conflict_with_an_operators_own_template_is_reported_and_rolled_back() -> None:
    """The operator moved Front2 to a third position and put a Front3 of their own on position 2: the file
    wants Front2 back on 2, which the database refuses; the file is reported and nothing of it is kept."""
    import_text(PANEL)
    rear = RearPortTemplate.objects.get(name="Rear1")
    rear.positions = 3
    rear.save()
    FrontPortTemplate.objects.filter(name="Front2").update(rear_port_position=3)
    FrontPortTemplate.objects.create(
        device_type=rear.device_type, name="Front3", type="lc", rear_port_template=rear, rear_port_position=2
    )
    ((failed),) = import_text(PANEL).failed
    assert failed.line == 2 and failed.reason.startswith("conflicts with what the database holds")
    rear.refresh_from_db()
    assert rear.positions == 3  # the file's change of the rear port was rolled back with the rest
    assert FrontPortTemplate.objects.get(name="Front2").rear_port_position == 3
