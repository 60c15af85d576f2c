"""Natural ordering (issue 14, item 6): Ethernet2 before Ethernet10 in the API, across its pages, on a
device's tab and in lists, because the database orders by a hidden `_name` that every write path keeps in
step with the name (saves, bulk creates from templates, bulk and set-based updates, the API's bulk writes,
CSV import, the device-type import) and the migration filled for the rows there were."""

from __future__ import annotations

import importlib
import random
import re
from typing import Any

import pytest
from django.db import connection
from django.db.models import F
from django.test import Client
from django.test.utils import CaptureQueriesContext

from netkeel.core.models.ordering import natural_fields, naturalize, naturalize_interface
from netkeel.core.testing.api import APIClient
from netkeel.core.testing.ui import make_user, signed_in
from netkeel.dcim import models as dcim
from netkeel.dcim.device_type_library import import_text
from netkeel.dcim.tests import factories as f
from netkeel.extras.csv_io import import_csv
from netkeel.extras.models import ObjectChange

pytestmark = pytest.mark.django_db

PORTS = [f"Ethernet{n}" for n in range(1, 49)]


def switch(name: str = "leaf1", ports: list[str] = PORTS, site: dcim.Location | None = None) -> dcim.Device:
    """A device made from a device type whose interface templates were created in a shuffled order."""
    dtype = f.device_type()
    shuffled = random.Random(name).sample(ports, len(ports))
    dcim.InterfaceTemplate.objects.bulk_create(
        dcim.InterfaceTemplate(device_type=dtype, name=port, type="1000base-t") for port in shuffled
    )
    return f.device(name, dtype, site or f.location())


def stored_natural_names(model: Any, **filters: Any) -> dict[str, Any]:
    return dict(model._base_manager.filter(**filters).values_list("name", "_name"))


# ------------------------------------------------------------------------------------------------ the API


def test_the_api_lists_ports_naturally_across_pages_in_the_same_queries(api: APIClient) -> None:
    device = switch()
    switch("leaf2", site=device.location)  # another device's ports are not in between
    read: list[str] = []
    for offset in range(0, 48, 10):
        response = api.get(f"/api/dcim/interfaces/?device={device.pk}&limit=10&offset={offset}")
        assert response.status_code == 200, response.content
        read.extend(row["name"] for row in response.json()["results"])
        assert all("_name" not in row for row in response.json()["results"])
    assert read == PORTS

    def queries(limit: int) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert api.get(f"/api/dcim/interfaces/?device={device.pk}&limit={limit}").status_code == 200
        return len(captured)

    assert queries(5) == queries(48)


def test_a_sort_on_the_name_is_natural_and_the_hidden_column_is_not_a_field(api: APIClient) -> None:
    device = switch(ports=["Ethernet1", "Ethernet2", "Ethernet10", "Ethernet1/1", "Management1"])
    url = f"/api/dcim/interfaces/?device={device.pk}&sort="
    natural = ["Ethernet1/1", "Ethernet1", "Ethernet2", "Ethernet10", "Management1"]
    assert [row["name"] for row in api.get(url + "name").json()["results"]] == natural
    assert [row["name"] for row in api.get(url + "-name").json()["results"]] == natural[::-1]
    refused = api.get(url + "_name")
    assert refused.status_code == 400
    assert "Cannot sort by _name" in refused.json()["sort"][0]
    detail = api.get(f"/api/dcim/interfaces/{device.interfaces.all()[0].pk}/").json()
    assert "_name" not in detail and detail["name"] == "Ethernet1/1"


def test_devices_racks_and_locations_list_naturally(api: APIClient) -> None:
    site = f.location("DC10")
    f.location("DC2")
    f.location("DC1")
    dtype = f.device_type()
    for name in ("leaf10", "leaf2", "leaf1", "spine1"):
        f.device(name, dtype, site)
    for name in ("R10", "R2", "R1"):
        f.rack(name, site)
    assert [row["name"] for row in api.get("/api/dcim/devices/").json()["results"]] == [
        "leaf1",
        "leaf2",
        "leaf10",
        "spine1",
    ]
    assert [row["name"] for row in api.get(f"/api/dcim/racks/?location={site.pk}").json()["results"]] == [
        "R1",
        "R2",
        "R10",
    ]
    assert [row["name"] for row in api.get("/api/dcim/locations/?name=DC1&name=DC2&name=DC10").json()["results"]] == [
        "DC1",
        "DC2",
        "DC10",
    ]


def test_component_templates_list_naturally(api: APIClient) -> None:
    dtype = f.device_type()
    for name in ("Ethernet10", "Ethernet2", "Ethernet1"):
        dcim.InterfaceTemplate.objects.create(device_type=dtype, name=name, type="1000base-t")
    for name in ("PSU2", "PSU10", "PSU1"):
        dcim.PowerPortTemplate.objects.create(device_type=dtype, name=name)
    listed = api.get(f"/api/dcim/interface-templates/?device_type={dtype.pk}").json()["results"]
    assert [row["name"] for row in listed] == ["Ethernet1", "Ethernet2", "Ethernet10"]
    listed = api.get(f"/api/dcim/power-port-templates/?device_type={dtype.pk}").json()["results"]
    assert [row["name"] for row in listed] == ["PSU1", "PSU2", "PSU10"]


# ------------------------------------------------------------------------------------------------- the UI


@pytest.fixture
def admin(db: Any) -> Client:
    return signed_in(make_user("natural-admin", superuser=True))


def names_on_page(html: str, kind: str) -> list[str]:
    return re.findall(rf'<a href="/dcim/{kind}/[0-9a-f-]+/">([^<]+)</a>', html)


def test_the_device_interfaces_tab_shows_ports_in_natural_order_page_by_page(admin: Client) -> None:
    device = switch()
    shown = []
    for page in (1, 2):
        response = admin.get(f"/dcim/devices/{device.pk}/interfaces/?per_page=25&page={page}")
        assert response.status_code == 200
        shown.extend(names_on_page(response.content.decode(), "interfaces"))
    assert shown == PORTS
    backwards = admin.get(f"/dcim/devices/{device.pk}/interfaces/?per_page=50&sort=-name").content.decode()
    assert names_on_page(backwards, "interfaces") == PORTS[::-1]


def test_the_list_pages_sort_names_naturally(admin: Client) -> None:
    site = f.location()
    dtype = f.device_type()
    for name in ("leaf10", "leaf2", "leaf1"):
        f.device(name, dtype, site)
    assert names_on_page(admin.get("/dcim/devices/").content.decode(), "devices") == ["leaf1", "leaf2", "leaf10"]
    assert names_on_page(admin.get("/dcim/devices/?sort=-name").content.decode(), "devices") == [
        "leaf10",
        "leaf2",
        "leaf1",
    ]
    page = admin.get("/dcim/devices/").content.decode()
    assert not re.search(r"[\"=]_name\b", page), "the hidden column is neither a column nor a filter"
    assert "sort=name" in page  # the name column sorts (by the natural column)


# ----------------------------------------------------------------------------------- every write path


def test_a_device_made_from_templates_in_bulk_has_its_natural_names() -> None:
    device = switch(ports=["Ethernet1/2.100", "xe-0/0/1:2", "Ethernet10", "Ethernet2"])
    assert stored_natural_names(dcim.Interface, device=device) == {
        name: naturalize_interface(name) for name in ("Ethernet1/2.100", "xe-0/0/1:2", "Ethernet10", "Ethernet2")
    }
    templates = stored_natural_names(dcim.InterfaceTemplate, device_type=device.device_type)
    assert templates == {name: naturalize_interface(name) for name in templates}
    # Slot numbers first (xe-0/… before Ethernet1/…), then names without a slot.
    assert list(device.interfaces.values_list("name", flat=True)) == [
        "xe-0/0/1:2",
        "Ethernet1/2.100",
        "Ethernet2",
        "Ethernet10",
    ]
    assert stored_natural_names(dcim.Device, pk=device.pk) == {"leaf1": naturalize("leaf1")}


def test_saves_and_updates_keep_the_natural_name_in_step() -> None:
    device = switch(ports=["Ethernet1", "Ethernet2", "Ethernet3"])
    one, two, three = device.interfaces.all()
    one.name = "Ethernet11"
    one.save(update_fields=["name"])
    dcim.Interface.objects.filter(pk=two.pk).update(name="Ethernet12")
    three.name = "Ethernet13"
    dcim.Interface.objects.bulk_update([three], ["name"])
    assert stored_natural_names(dcim.Interface, device=device) == {
        name: naturalize_interface(name) for name in ("Ethernet11", "Ethernet12", "Ethernet13")
    }
    with pytest.raises(ValueError, match="update it with a value, not an expression"):
        dcim.Interface.objects.filter(pk=two.pk).update(name=F("label"))
    device.name = "leaf10"
    device.save()
    assert dcim.Device.objects.values_list("_name", flat=True).get(pk=device.pk) == "leaf00000010"


def test_the_api_writes_in_bulk_and_one_by_one_keep_the_natural_name_in_step(api: APIClient) -> None:
    device = switch(ports=["Ethernet1"])
    created = api.send(
        "POST",
        "/api/dcim/interfaces/",
        [{"device": str(device.pk), "name": name, "type": "1000base-t"} for name in ("Ethernet10", "Ethernet2")],
    )
    assert created.status_code == 201, created.content
    first = device.interfaces.get(name="Ethernet1")
    renamed = api.send("PATCH", f"/api/dcim/interfaces/{first.pk}/", {"name": "Ethernet20"})
    assert renamed.status_code == 200, renamed.content
    both = [{"id": row["id"], "name": row["name"].replace("Ethernet", "et-0/0/")} for row in created.json()]
    assert api.send("PATCH", "/api/dcim/interfaces/", both).status_code == 200
    assert stored_natural_names(dcim.Interface, device=device) == {
        name: naturalize_interface(name) for name in ("Ethernet20", "et-0/0/10", "et-0/0/2")
    }


def test_a_csv_import_keeps_the_natural_name_in_step() -> None:
    site = f.location("DC1")
    device = f.device("leaf1", f.device_type(), site)
    rows = ["device,name,type", "leaf1;DC1,Ethernet10,1000base-t", "leaf1;DC1,Ethernet2,1000base-t"]
    report = import_csv(dcim.Interface, "\n".join(rows) + "\n")
    assert (report.created, report.errors) == (2, ())
    assert list(device.interfaces.values_list("name", "_name")) == [
        ("Ethernet2", naturalize_interface("Ethernet2")),
        ("Ethernet10", naturalize_interface("Ethernet10")),
    ]


def test_the_device_type_import_makes_templates_and_devices_in_natural_order() -> None:
    ports = "\n".join(f"  - name: Ethernet{n}\n    type: 1000base-t" for n in (10, 2, 1, 20))
    report = import_text(f"---\nmanufacturer: Acme\nmodel: Natural 4\ninterfaces:\n{ports}\n")
    assert report.failed == []
    dtype = dcim.DeviceType.objects.get(model="Natural 4")
    assert list(dcim.InterfaceTemplate.objects.filter(device_type=dtype).values_list("name", "_name")) == [
        (name, naturalize_interface(name)) for name in ("Ethernet1", "Ethernet2", "Ethernet10", "Ethernet20")
    ]
    device = f.device("leaf1", dtype, f.location())
    assert list(device.interfaces.values_list("name", flat=True)) == [
        "Ethernet1",
        "Ethernet2",
        "Ethernet10",
        "Ethernet20",
    ]


def test_the_change_log_records_the_name_not_its_natural_form() -> None:
    device = switch(ports=["Ethernet1"])
    interface = device.interfaces.get()
    interface.name = "Ethernet2"
    interface.save()
    change = ObjectChange.objects.filter(changed_object_id=interface.pk).latest("time")
    before, after = change.prechange_data or {}, change.postchange_data or {}
    assert (before["name"], after["name"]) == ("Ethernet1", "Ethernet2")
    assert not any(key.startswith("_") for key in [*before, *after])


# ------------------------------------------------------------------------------------------ the migration


def test_the_migration_fills_every_row_in_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    """Rows from before the column (stale natural names here) are filled, a batch at a time, on every
    naturally ordered model; running the fill again changes nothing."""
    migration = importlib.import_module("netkeel.dcim.migrations.0011_natural_ordering")
    device = switch(ports=[f"Ethernet{n}" for n in range(1, 8)])
    f.rack("R10", device.location)
    stale = [dcim.Interface, dcim.InterfaceTemplate, dcim.Device, dcim.Location, dcim.Rack]
    for model in stale:
        model._base_manager.update(_name="")  # as AddField leaves them: the plain manager bypasses the field
    monkeypatch.setattr(migration, "BATCH_SIZE", 3)
    from django.apps import apps

    with CaptureQueriesContext(connection) as captured:
        migration.fill_natural_names(apps, connection.schema_editor())
    interfaces = stored_natural_names(dcim.Interface, device=device)
    assert interfaces == {name: naturalize_interface(name) for name in interfaces} and len(interfaces) == 7
    assert stored_natural_names(dcim.Device) == {"leaf1": "leaf00000001"}
    assert stored_natural_names(dcim.Rack) == {"R10": "R00000010"}
    assert all(value for value in stored_natural_names(dcim.Location).values())
    templates = stored_natural_names(dcim.InterfaceTemplate)
    assert templates == {name: naturalize_interface(name) for name in templates}
    # Seven interfaces in batches of three: three reads that find rows and a last that finds none.
    interface_reads = [q for q in captured.captured_queries if re.match(r"SELECT .* FROM .dcim_interface. ", q["sql"])]
    assert len(interface_reads) == 4, [q["sql"] for q in interface_reads]
    ordered = {model._meta.model_name for model in apps.get_app_config("dcim").get_models() if natural_fields(model)}
    assert ordered == set(migration.NATURALLY_ORDERED)
    before = {model: stored_natural_names(model) for model in stale}
    migration.fill_natural_names(apps, connection.schema_editor())
    assert {model: stored_natural_names(model) for model in stale} == before
