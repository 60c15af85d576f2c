"""`import_csv`: rows create or update (by id or natural key) through the API serializers and services;
every bad row is reported with its line and field; all-or-nothing unless partial."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType

from netkeel.core.testing.api import make_user
from netkeel.dcim.models import CablePath, ConsolePort, Device, FrontPort, Interface, RearPort
from netkeel.dcim.tests import factories as f
from netkeel.extras.csv_io import CSVFileError, import_csv
from netkeel.extras.models import CustomField, Tag

pytestmark = pytest.mark.django_db

HEADER = "name,device_type,role,status,location,serial,tags"


@pytest.fixture
def site() -> Any:
    f.location("DC1")
    f.device_type("qfx", interfaces=2)
    f.role("Leaf")
    tag = Tag.objects.create(name="core")
    tag.content_types.add(ContentType.objects.get_for_model(Device))
    return None


def devices_csv(*rows: str, header: str = HEADER) -> str:
    return "\n".join([header, *rows]) + "\n"


def test_rows_create_then_update_by_id_and_by_natural_key(site: Any) -> None:
    report = import_csv(
        Device,
        devices_csv(
            "leaf01,qfx;Acme,Leaf,Active,DC1;,S1,core",
            "leaf02,qfx;Acme,Leaf,Active,DC1;,S2,",
            "leaf03,qfx;Acme,Leaf,Active,DC1;,S3,",
        ),
    )
    assert (report.created, report.updated, report.unchanged, report.errors, report.written) == (3, 0, 0, (), True)
    leaf01 = Device.objects.get(name="leaf01")
    assert [t.name for t in leaf01.tags.all()] == ["core"] and leaf01.serial == "S1"

    report = import_csv(Device, devices_csv(f"{leaf01.pk},leaf01-renamed,S1-new", header="id,name,serial"))
    assert (report.created, report.updated, report.unchanged) == (0, 1, 0)
    leaf01.refresh_from_db()
    assert (leaf01.name, leaf01.serial) == ("leaf01-renamed", "S1-new")

    report = import_csv(
        Device,
        devices_csv("leaf02,DC1;,S2-new,core", "leaf03,DC1;,S3,", header="name,location,serial,tags"),
    )
    assert (report.created, report.updated, report.unchanged) == (0, 1, 1)
    leaf02 = Device.objects.get(name="leaf02")
    assert leaf02.serial == "S2-new" and [t.name for t in leaf02.tags.all()] == ["core"]
    assert Device.objects.count() == 3


THREE_BAD_ROWS = devices_csv(
    "good01,qfx;Acme,Leaf,Active,DC1;,G1,",
    'bad01,no-such-type;Acme,Leaf,Active,DC1;,"a serial\nspanning two lines",',  # line 3 (two lines)
    "good02,qfx;Acme,Leaf,Active,DC1;,G2,core",  # line 5
    "bad02,qfx;Acme,Nobody,Active,DC1;,B2,",  # line 6
    "",
    "bad03,qfx;Acme,Leaf,Active,DC1;,B3,no-such-tag",  # line 8, after a blank line
)


def test_three_bad_rows_are_all_reported_with_lines_and_fields_and_nothing_is_written(site: Any) -> None:
    report = import_csv(Device, THREE_BAD_ROWS)
    assert [(e.line, e.field) for e in report.errors] == [(3, "device_type"), (6, "role"), (8, "tags")]
    assert "No role matches 'Nobody'" in report.errors[1].message
    assert str(report.errors[0]).startswith("line 3: device_type: ")
    assert report.failed_rows == 3 and report.rows == 5
    assert report.written is False
    assert Device.objects.count() == 0 and Interface.objects.count() == 0


def test_a_partial_import_writes_the_good_rows_and_reports_the_bad(site: Any) -> None:
    report = import_csv(Device, THREE_BAD_ROWS, atomic=False)
    assert [(e.line, e.field) for e in report.errors] == [(3, "device_type"), (6, "role"), (8, "tags")]
    assert report.created == 2 and report.written is True
    assert sorted(Device.objects.values_list("name", flat=True)) == ["good01", "good02"]


def test_a_device_import_gets_its_types_components_from_the_service(site: Any) -> None:
    f.device_type("console-box", interfaces=3, console_ports=1)
    report = import_csv(Device, devices_csv("cb1,console-box;Acme,Leaf,Active,DC1;,,"))
    assert report.created == 1, report.errors
    device = Device.objects.get(name="cb1")
    assert sorted(Interface.objects.filter(device=device).values_list("name", flat=True)) == ["eth0", "eth1", "eth2"]
    assert ConsolePort.objects.filter(device=device).count() == 1


def test_a_cable_import_traces_paths_through_the_cabling_service() -> None:
    """
    leaf01:eth0 ──c1── front0 [panel-a] rear0 ──c2── rear0 [panel-b] front0 ──c3── leaf02:eth0
    """
    site = f.location("DC1")
    switch, panel = f.device_type("sw", interfaces=1), f.device_type("panel", rear_ports=1)
    leaf01, leaf02 = f.device("leaf01", switch, site), f.device("leaf02", switch, site)
    panel_a, panel_b = f.device("panel-a", panel, site), f.device("panel-b", panel, site)
    eth = {device.name: Interface.objects.get(device=device) for device in (leaf01, leaf02)}
    front = {device.name: FrontPort.objects.get(device=device) for device in (panel_a, panel_b)}
    rear = {device.name: RearPort.objects.get(device=device) for device in (panel_a, panel_b)}
    text = "\n".join(
        [
            "termination_a_type,termination_a_id,termination_b_type,termination_b_id,label",
            f"dcim.interface,{eth['leaf01'].pk},dcim.frontport,{front['panel-a'].pk},c1",
            f"dcim.rearport,{rear['panel-a'].pk},dcim.rearport,{rear['panel-b'].pk},c2",
            f"dcim.frontport,{front['panel-b'].pk},dcim.interface,{eth['leaf02'].pk},c3",
        ]
    )
    report = import_csv(apps_model("dcim", "cable"), text)
    assert report.created == 3, report.errors
    path = CablePath.objects.get(origin_id=eth["leaf01"].pk)
    assert path.destination_id == eth["leaf02"].pk and path.is_active
    back = CablePath.objects.get(origin_id=eth["leaf02"].pk)
    assert back.destination_id == eth["leaf01"].pk and back.is_active


def apps_model(app_label: str, model_name: str) -> Any:
    from django.apps import apps

    return apps.get_model(app_label, model_name)


def test_files_bytes_and_a_byte_order_mark_are_read(site: Any) -> None:
    text = devices_csv("leaf01,qfx;Acme,Leaf,Active,DC1;,Zürich-1,")
    as_bytes = b"\xef\xbb\xbf" + text.encode("utf-8")
    assert import_csv(Device, as_bytes).created == 1
    assert import_csv(Device, io.BytesIO(as_bytes)).unchanged == 1
    assert import_csv(Device, io.StringIO("\ufeff" + text)).unchanged == 1
    assert Device.objects.get().serial == "Zürich-1"
    with pytest.raises(CSVFileError, match="not UTF-8"):
        import_csv(Device, text.encode("latin-1"))
    with pytest.raises(CSVFileError, match="empty"):
        import_csv(Device, "")


def test_header_problems_are_line_1_and_stop_the_import(site: Any) -> None:
    report = import_csv(
        Device, devices_csv("x,qfx;Acme,Leaf,Active,DC1;,", header="name,device_type,role,status,location,nmae,cf_nope")
    )
    assert [(e.line, e.field) for e in report.errors] == [(1, "nmae"), (1, "cf_nope")]
    assert "Devices have no field 'nmae'" in report.errors[0].message
    assert Device.objects.count() == 0


def test_read_only_columns_of_an_export_are_ignored_and_formula_guards_undone(site: Any) -> None:
    header = "id,display,name,device_type,role,status,location,created"
    row = "00000000-0000-4000-8000-000000000000,'=shown,'=cmd,qfx;Acme,Leaf,Active,DC1;,2020-01-01T00:00:00Z"
    report = import_csv(Device, devices_csv(row, header=header))
    assert report.created == 1, report.errors
    device = Device.objects.get()
    assert device.name == "=cmd"
    assert str(device.pk) != "00000000-0000-4000-8000-000000000000"  # an unknown id creates a new object


def test_without_updates_an_existing_object_is_an_error(site: Any) -> None:
    import_csv(Device, devices_csv("leaf01,qfx;Acme,Leaf,Active,DC1;,S1,"))
    report = import_csv(Device, devices_csv("leaf01,qfx;Acme,Leaf,Active,DC1;,S9,"), update_existing=False)
    assert [(e.line, e.field) for e in report.errors] == [(2, "name")]
    assert "already exists" in report.errors[0].message
    assert Device.objects.get().serial == "S1"


def test_custom_field_columns(site: Any) -> None:
    cost = CustomField.objects.create(key="cost", label="Cost", type="integer")
    cost.content_types.add(ContentType.objects.get_for_model(Device))
    header = f"{HEADER},cf_cost"
    report = import_csv(
        Device,
        devices_csv("leaf01,qfx;Acme,Leaf,Active,DC1;,,,12", "leaf02,qfx;Acme,Leaf,Active,DC1;,,,x", header=header),
    )
    assert [(e.line, e.field) for e in report.errors] == [(3, "cf_cost")]
    report = import_csv(Device, devices_csv("leaf01,qfx;Acme,Leaf,Active,DC1;,,,12", header=header))
    assert report.created == 1
    assert Device.objects.get().custom_field_data["cost"] == 12
    assert import_csv(Device, devices_csv("leaf01,DC1;,13", header="name,location,cf_cost")).updated == 1
    assert Device.objects.get().custom_field_data["cost"] == 13


VIEW_REFERENCES = ("dcim.view_devicetype", "extras.view_role", "extras.view_status", "dcim.view_location")


def test_permissions_are_checked_per_row(site: Any) -> None:
    import_csv(Device, devices_csv("leaf01,qfx;Acme,Leaf,Active,DC1;,S1,"))
    # A row names its device type, role, status and location: the importer must be able to view them.
    user = make_user("importer", perms=("dcim.add_device", *VIEW_REFERENCES))
    report = import_csv(
        Device, devices_csv("leaf01,qfx;Acme,Leaf,Active,DC1;,S2,", "leaf02,qfx;Acme,Leaf,Active,DC1;,S2,"), user=user
    )
    assert [(e.line, e.field) for e in report.errors] == [(2, "non_field_errors")]
    assert "may not change devices" in report.errors[0].message
    user.user_permissions.add(Permission.objects.get(codename="change_device"))
    user = type(user).objects.get(pk=user.pk)  # a fresh permission cache
    report = import_csv(Device, devices_csv("leaf01,qfx;Acme,Leaf,Active,DC1;,S2,"), user=user)
    assert report.updated == 1


def test_progress_is_reported_row_by_row(site: Any) -> None:
    seen: list[tuple[int, int]] = []
    rows = [f"leaf{index},qfx;Acme,Leaf,Active,DC1;,," for index in range(4)]
    import_csv(Device, devices_csv(*rows), progress=lambda done, total: seen.append((done, total)))
    assert seen == [(1, 4), (2, 4), (3, 4), (4, 4)]


def test_a_user_who_may_neither_create_nor_change_is_refused_once(site: Any) -> None:
    report = import_csv(
        Device, devices_csv("a,qfx;Acme,Leaf,Active,DC1;,,", "b,qfx;Acme,Leaf,Active,DC1;,,"), user=make_user("viewer")
    )
    assert [(e.line, e.field, e.message) for e in report.errors] == [
        (1, "non_field_errors", "You may neither create nor change devices.")
    ]
    assert Device.objects.count() == 0


def test_a_large_cell_is_read(site: Any) -> None:
    comments = "x" * 300_000
    report = import_csv(
        Device,
        devices_csv(
            f"leaf01,qfx;Acme,Leaf,Active,DC1;,{comments}", header="name,device_type,role,status,location,comments"
        ),
    )
    assert report.created == 1, report.errors
    assert len(Device.objects.get().comments) == 300_000
