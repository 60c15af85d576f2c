"""CSV export of a filtered device list (`?format=csv`, `Accept: text/csv`): every row of the filtered
queryset whatever the page size, related objects by natural key, tags by name, custom fields as cf_<key>
columns, the formula guard, UTF-8 without a byte-order mark, and queries per chunk, not per row."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from netkeel.core.api.renderers import CSVRenderer
from netkeel.core.testing.api import APIClient
from netkeel.dcim.models import Device, DeviceType, Location
from netkeel.dcim.tests import factories as f
from netkeel.extras.models import CustomField, Tag

pytestmark = pytest.mark.django_db

DEVICES = "/api/dcim/devices/"


def csv_get(api: APIClient, path: str, **headers: Any) -> tuple[Any, bytes]:
    response = api.get(path, **{"HTTP_ACCEPT": "text/csv", **headers})
    body = b"".join(response.streaming_content) if response.streaming else response.content  # type: ignore[attr-defined]
    return response, body


def table(body: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(body.decode("utf-8"), newline="")))


def core_tag() -> Tag:
    tag = Tag.objects.create(name="core")
    tag.content_types.add(ContentType.objects.get_for_model(Device))
    return tag


def devices(count: int, site: Location, dtype: DeviceType, prefix: str = "leaf") -> list[Device]:
    return [f.device(f"{prefix}{index:02}", dtype, site) for index in range(count)]


@override_settings(PAGINATE_COUNT=5, MAX_PAGE_SIZE=5)
def test_a_filtered_device_list_exports_every_row_with_natural_keys_and_tags(api: APIClient) -> None:
    dc1, dc2 = f.location("DC1"), f.location("DC2")
    dtype = f.device_type("qfx5120")
    rack = f.rack("R1", dc1)
    tag = core_tag()
    wanted = devices(12, dc1, dtype)
    devices(3, dc2, dtype, prefix="other")
    wanted[0].rack, wanted[0].position, wanted[0].face = rack, 10, "front"
    wanted[0].save()
    wanted[0].tags.add(tag, Tag.objects.create(name="edge"))
    Tag.objects.get(name="edge").content_types.add(ContentType.objects.get_for_model(Device))

    response, body = csv_get(api, f"{DEVICES}?location=DC1")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="dcim-devices.csv"' in response["Content-Disposition"]
    rows = table(body)
    assert [row["name"] for row in rows] == [f"leaf{index:02}" for index in range(12)]  # all pages, API order
    first = rows[0]
    assert first["id"] == str(wanted[0].pk)
    assert first["location"] == "DC1;"  # a root location: its name and no parent
    assert first["device_type"] == "qfx5120;Acme"
    assert first["rack"] == "R1;DC1"
    assert first["status"] == "Active" and first["role"] == "Leaf"
    assert first["face"] == "front" and first["position"] == "10"
    assert first["tags"] == "core,edge"
    assert rows[1]["tags"] == "" and rows[1]["rack"] == "" and rows[1]["tenant"] == ""
    for link in ("url", "object_type", "notes_url", "natural_slug", "custom_fields"):
        assert link not in first


def test_format_parameter_and_filters_and_json_stays_the_default(api: APIClient) -> None:
    site = f.location("DC1")
    devices(3, site, f.device_type())
    response, body = csv_get(api, f"{DEVICES}?format=csv&name__ic=leaf01", HTTP_ACCEPT="*/*")
    assert response["Content-Type"].startswith("text/csv")
    assert [row["name"] for row in table(body)] == ["leaf01"]
    assert api.get(DEVICES, HTTP_ACCEPT="*/*")["Content-Type"] == "application/json"
    assert api.get(DEVICES)["Content-Type"] == "application/json"


def test_a_bad_filter_is_a_400_in_json(api: APIClient) -> None:
    response, body = csv_get(api, f"{DEVICES}?nmae=leaf")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert b"nmae" in body


def test_formula_cells_are_guarded_and_text_is_utf8_without_a_bom(api: APIClient) -> None:
    site = f.location("Zürich")
    dtype = f.device_type()
    for name in ("=HYPERLINK(1)", "+1", "-2", "@SUM(A1)", "plain"):
        f.device(name, dtype, site, serial="\tTAB", comments="\rCR line")
    response, body = csv_get(api, DEVICES)
    assert not body.startswith(b"\xef\xbb\xbf")
    rows = table(body)
    names = sorted(row["name"] for row in rows)
    assert names == sorted(["'=HYPERLINK(1)", "'+1", "'-2", "'@SUM(A1)", "plain"])
    assert {row["serial"] for row in rows} == {"'\tTAB"}
    assert {row["comments"] for row in rows} == {"'\rCR line"}
    assert {row["location"] for row in rows} == {"Zürich;"}
    guarded = next(row for row in rows if row["name"] == "'=HYPERLINK(1)")
    assert guarded["display"] == "'=HYPERLINK(1)"


def test_a_related_name_holding_the_separator_or_missing_is_written_as_its_id(api: APIClient) -> None:
    dtype = f.device_type("with-port", interfaces=1)
    odd_site = f.location("A;B")
    in_odd_site = f.device("sw1", dtype, odd_site)
    unnamed = f.device(None, dtype, f.location("DC9"))  # type: ignore[arg-type]  # unnamed: no natural key
    _, body = csv_get(api, f"{DEVICES}?location=A;B")
    assert [row["location"] for row in table(body)] == [str(odd_site.pk)]
    _, body = csv_get(api, "/api/dcim/interfaces/")
    assert sorted(row["device"] for row in table(body)) == sorted([str(in_odd_site.pk), str(unnamed.pk)])


def test_custom_fields_are_cf_columns(api: APIClient) -> None:
    content_type = ContentType.objects.get_for_model(Device)
    for key, kind in (("rack_unit_cost", "integer"), ("owners", "multi-select"), ("extra", "json")):
        field = CustomField.objects.create(key=key, label=key, type=kind)
        field.content_types.add(content_type)
    site = f.location("DC1")
    device = f.device("leaf01", f.device_type(), site)
    Device.objects.filter(pk=device.pk).update(
        custom_field_data={"rack_unit_cost": 12, "owners": ["neteng", "ops"], "extra": {"a": [1, 2]}}
    )
    _, body = csv_get(api, DEVICES)
    (row,) = table(body)
    assert row["cf_rack_unit_cost"] == "12"
    assert row["cf_owners"] == "neteng,ops"
    assert row["cf_extra"] == '{"a": [1, 2]}'


def test_a_single_object_renders_in_its_lists_columns(api: APIClient) -> None:
    site = f.location("DC1")
    device = f.device("leaf01", f.device_type("m1"), site)
    response = api.get(f"{DEVICES}{device.pk}/?format=csv", HTTP_ACCEPT="*/*")
    assert response.status_code == 200
    (row,) = table(response.content)
    assert row["name"] == "leaf01" and row["device_type"] == "m1;Acme" and row["location"] == "DC1;"


def export_queries(api: APIClient) -> int:
    csv_get(api, f"{DEVICES}?location=DC1")  # fills Django's content type cache
    with CaptureQueriesContext(connection) as queries:
        _, body = csv_get(api, f"{DEVICES}?location=DC1")
    assert body
    return len(queries.captured_queries)


def test_queries_do_not_grow_with_rows(api: APIClient) -> None:
    site = f.location("DC1")
    dtype = f.device_type("m1")
    tag = core_tag()
    rack = f.rack("R1", site)
    made = devices(3, site, dtype)
    for device in made:
        device.tags.add(tag)
    few = export_queries(api)
    for device in devices(27, site, dtype, prefix="more"):
        device.tags.add(tag)
        device.rack = rack
        device.save()
    assert export_queries(api) == few


def test_queries_grow_per_chunk_not_per_row(api: APIClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(CSVRenderer, "chunk_size", 5)
    site = f.location("DC1")
    dtype = f.device_type("m1")
    tag = core_tag()
    counts: list[int] = []
    for _ in range(3):
        for device in devices(5, site, dtype, prefix=f"batch{len(counts)}-"):
            device.tags.add(tag)
        counts.append(export_queries(api))
    assert counts[1] - counts[0] == counts[2] - counts[1] > 0  # one chunk's worth, whatever it holds
    _, body = csv_get(api, DEVICES)
    assert len(table(body)) == 15


# --------------------------------------------------------------------------------------------- round trip

ROUND_TRIP = [
    ("extras/tags", "extras.tag"),
    ("extras/roles", "extras.role"),
    ("dcim/location-types", "dcim.locationtype"),
    ("dcim/locations", "dcim.location"),
    ("dcim/racks", "dcim.rack"),
    ("dcim/manufacturers", "dcim.manufacturer"),
    ("dcim/device-types", "dcim.devicetype"),
    ("dcim/interface-templates", "dcim.interfacetemplate"),
    ("dcim/devices", "dcim.device"),
]


def inventory() -> dict[str, set[tuple[Any, ...]]]:
    from netkeel.dcim.models import Interface, Rack

    return {
        "locations": {
            (loc.name, loc.parent.name if loc.parent else None, loc.location_type.name, loc.status.name)
            for loc in Location.objects.select_related("parent", "location_type", "status")
        },
        "racks": {(r.name, r.location.name, r.u_height) for r in Rack.objects.select_related("location")},
        "devices": {
            (
                d.name,
                d.location.name,
                d.rack.name if d.rack else None,
                d.position,
                d.face,
                d.device_type.model,
                d.role.name,
                d.status.name,
                tuple(sorted(t.name for t in d.tags.all())),
                d.serial,
            )
            for d in Device.objects.select_related("location", "rack", "device_type", "role", "status")
        },
        "interfaces": {(i.device.name, i.name, i.type) for i in Interface.objects.select_related("device")},
    }


def test_export_then_import_into_an_empty_database_recreates_the_objects(api: APIClient) -> None:
    from django.apps import apps

    from netkeel.dcim import services
    from netkeel.dcim.models import LocationType, Manufacturer, Rack
    from netkeel.extras.csv_io import import_csv
    from netkeel.extras.models import Role

    region_type = LocationType.objects.create(name="Region")
    site_type = LocationType.objects.create(name="Site", parent=region_type)
    site_type.content_types.add(ContentType.objects.get_for_model(Device))
    active = f.status("Active")
    europe = Location.objects.create(name="Europe", location_type=region_type, status=active)
    # "DC1" sorts before its parent "Europe": the import retries it once the parent exists.
    dc1 = Location.objects.create(name="DC1", location_type=site_type, parent=europe, status=active)
    rack = Rack.objects.create(name="R1", location=dc1, status=active, u_height=42)
    dtype = f.device_type("qfx5120", interfaces=2)
    tag = core_tag()
    leaf01 = f.device("leaf01", dtype, dc1, rack=rack, position=1, face="front", serial="=1+1")
    leaf01.tags.add(tag)
    f.device("leaf02", dtype, dc1, serial="-12")
    before = inventory()

    files = {}
    for path, _ in ROUND_TRIP:
        response, body = csv_get(api, f"/api/{path}/")
        assert response.status_code == 200, (path, body)
        files[path] = body

    for device in Device.objects.all():
        services.delete_device(device)
    Rack.objects.all().delete()
    Location.objects.filter(parent__isnull=False).delete()
    Location.objects.all().delete()
    DeviceType.objects.all().delete()
    Manufacturer.objects.all().delete()
    LocationType.objects.filter(parent__isnull=False).delete()
    LocationType.objects.all().delete()
    Tag.objects.all().delete()
    Role.objects.all().delete()
    assert inventory() == {"locations": set(), "racks": set(), "devices": set(), "interfaces": set()}

    for path, object_type in ROUND_TRIP:
        report = import_csv(apps.get_model(object_type), files[path])
        assert report.errors == () and report.written, (path, report.errors)
    assert inventory() == before
    assert Device.objects.get(name="leaf01").serial == "=1+1"  # the formula guard undone on the way in

    # And the same files again change nothing.
    for path, object_type in ROUND_TRIP:
        report = import_csv(apps.get_model(object_type), files[path])
        assert (report.created, report.updated, report.errors) == (0, 0, ()), (path, report)


def test_export_csv_outside_a_request_uses_the_endpoints_filters_and_permissions(db: Any) -> None:
    from netkeel.core.testing.api import make_user
    from netkeel.extras.csv_io import ExportError, export_csv

    dtype = f.device_type("m1")
    devices(3, f.location("DC1"), dtype)
    devices(2, f.location("DC2"), dtype, prefix="other")
    export = export_csv(Device, {"location": ["DC2"], "name__ic": "other"})
    assert export.rows == 2
    assert [row["location"] for row in table(export.text.encode())] == ["DC2;", "DC2;"]
    assert export_csv(Device).rows == 5
    with pytest.raises(ExportError, match="Bad filters — nmae: "):
        export_csv(Device, {"nmae": "x"})
    with pytest.raises(ExportError, match="You may not view devices"):
        export_csv(Device, user=make_user("nobody"))
    viewer = make_user("viewer", perms=("dcim.view_device",))
    assert export_csv(Device, {"location": "DC1"}, user=viewer).rows == 3
