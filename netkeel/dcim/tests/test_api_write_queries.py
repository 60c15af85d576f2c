"""What a write through the API costs in queries (issue 12, item 9): each referenced row read once,
`full_clean` once, one query for a device type's templates, no savepoint per object, and the answer
rendered from what the write holds. Counted as in production: the test case's own transaction turns the
request's BEGIN/COMMIT into one SAVEPOINT/RELEASE pair, which is left out of the count (and must be the
only one)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

from netkeel.core.testing.api import APIClient
from netkeel.dcim.models import Device, Location, LocationType
from netkeel.dcim.tests import factories as f
from netkeel.extras.models import ObjectChange, Tag

pytestmark = pytest.mark.django_db

DEVICES = "/api/dcim/devices/"
LOCATIONS = "/api/dcim/locations/"


@pytest.fixture(autouse=True)
def warm_content_types() -> Iterator[None]:
    """Content types cached as in a running server (the first request of a process reads them)."""
    ContentType.objects.get_for_models(*apps.get_models())
    yield


def captured(call: Any) -> tuple[Any, list[str]]:
    """The call's result and its SQL, less the SAVEPOINT/RELEASE pair the test case's transaction makes of
    the request's own transaction (asserted to be the only savepoint)."""
    with CaptureQueriesContext(connection) as ctx:
        result = call()
    # MySQL quotes names with backquotes: compared as the other engines write them.
    sql = [query["sql"].replace("`", '"') for query in ctx.captured_queries]
    savepoints = [query for query in sql if "SAVEPOINT" in query]
    assert len(savepoints) == 2 and savepoints[0].startswith("SAVEPOINT"), savepoints
    return result, [query for query in sql if "SAVEPOINT" not in query]


def device_body(name: str, dtype: Any, site: Location) -> dict[str, Any]:
    return {"name": name, "device_type": str(dtype.pk), "role": "Leaf", "status": "Active", "location": str(site.pk)}


def test_a_device_with_48_interfaces_is_created_in_at_most_12_queries(api: APIClient) -> None:
    site = f.location()
    dtype = f.device_type(interfaces=48)
    f.role()
    api.send("GET", DEVICES)  # the token's last_used is written once a minute
    assert api.send("POST", DEVICES, device_body("warm", dtype, site)).status_code == 201
    response, sql = captured(lambda: api.send("POST", DEVICES, device_body("leaf01", dtype, site)))
    assert response.status_code == 201, response.content
    # On SQLite the interfaces' INSERT is split by its parameter limit: counted as the one statement it is elsewhere.
    split = sum(query.startswith('INSERT INTO "dcim_interface"') for query in sql) - 1
    assert len(sql) - split <= 12, "\n".join(sql)
    # The change records of the device and of its 48 interfaces in one INSERT.
    assert sum(query.startswith('INSERT INTO "extras_objectchange"') for query in sql) == 1
    device = Device.objects.get(name="leaf01")
    assert device.interfaces.count() == 48
    # The type's templates in one query, whatever kinds it has; the device's own references read once
    # each (the status again only as the interfaces' "Active"), never re-checked by a second full_clean.
    assert sum("template" in query for query in sql if query.startswith(("SELECT", "(SELECT"))) == 1
    assert not [query for query in sql if query.startswith('SELECT 1 AS "a" FROM "dcim_devicetype"')]
    assert sum(query.startswith('SELECT "dcim_location"') for query in sql) == 1
    assert not [query for query in sql if '"extras_tag"' in query or '"dcim_devicebay"' in query]
    # What the write answered is what a read of the device says (a write answers every many-to-many field, as
    # Nautobot 3's does; a read shows them with exclude_m2m=false).
    read = api.send("GET", f"{DEVICES}{device.pk}/?exclude_m2m=false").json()
    assert response.json() == read


def test_ten_locations_in_one_post_cost_at_most_6_queries(api: APIClient) -> None:
    site_type = LocationType.objects.create(name="Site")
    site_type.content_types.add(ContentType.objects.get_for_model(Device))
    f.status("Active")
    api.send("GET", LOCATIONS)
    warm = [{"name": "warm", "location_type": str(site_type.pk), "status": "Active"}]
    assert api.send("POST", LOCATIONS, warm).status_code == 201
    body = [{"name": f"site-{index}", "location_type": "Site", "status": "Active"} for index in range(10)]
    response, sql = captured(lambda: api.send("POST", LOCATIONS, body))
    assert response.status_code == 201, response.content
    assert len(sql) <= 6, "\n".join(sql)
    # One read of the type and of the status for all ten; one INSERT of the locations and one of their
    # change records (announced by the bulk-created hook, not a save signal each); no savepoint each.
    assert sum(query.startswith('SELECT "dcim_locationtype"') for query in sql) == 1
    assert sum(query.startswith('SELECT "extras_status"') for query in sql) == 1
    assert sum(query.startswith('INSERT INTO "dcim_location"') for query in sql) == 1
    assert sum(query.startswith('INSERT INTO "extras_objectchange"') for query in sql) == 1
    assert not [query for query in sql if "extras_tag" in query]
    # Every location is recorded in the change log, and the answer matches a read of each.
    names = {row["name"] for row in response.json()}
    assert names == {f"site-{index}" for index in range(10)}
    assert ObjectChange.objects.filter(action="create", object_repr__startswith="site-").count() == 10
    for row in response.json():
        assert api.send("GET", f"{LOCATIONS}{row['id']}/").json() == row


def test_tags_given_on_create_are_answered_without_reading_them_back(api: APIClient) -> None:
    site_type = LocationType.objects.create(name="Site")
    f.status("Active")
    tags = [Tag.objects.create(name=name) for name in ("zeta", "alpha")]
    for tag in tags:
        tag.content_types.add(ContentType.objects.get_for_model(Location))
    body = [
        {"name": "tagged", "location_type": str(site_type.pk), "status": "Active", "tags": ["zeta", "alpha"]},
        {"name": "plain", "location_type": str(site_type.pk), "status": "Active"},
    ]
    response = api.send("POST", LOCATIONS, body)
    assert response.status_code == 201, response.content
    for row in response.json():
        assert api.send("GET", f"{LOCATIONS}{row['id']}/").json() == row
    assert [tag["id"] for tag in response.json()[0]["tags"]] == [str(tags[1].pk), str(tags[0].pk)]


def test_the_model_still_judges_what_the_serializer_read(api: APIClient) -> None:
    """The existence checks the serializer's reads make redundant are skipped, not the model's rules: its
    clean() (a site needs a region above it) and its uniqueness (a device name per location) still answer
    400 naming the field."""
    region = LocationType.objects.create(name="Region")
    site_type = LocationType.objects.create(name="Site", parent=region)
    f.status("Active")
    body = [{"name": f"s{index}", "location_type": str(site_type.pk), "status": "Active"} for index in range(2)]
    response = api.send("POST", LOCATIONS, body)
    assert response.status_code == 400
    assert all("parent" in item for item in response.json().values()), response.json()
    assert not Location.objects.filter(name__in=["s0", "s1"]).exists()

    site = f.location()
    dtype = f.device_type(interfaces=2)
    f.role()
    assert api.send("POST", DEVICES, device_body("leaf01", dtype, site)).status_code == 201
    again = api.send("POST", DEVICES, device_body("leaf01", dtype, site))
    assert again.status_code == 400, again.content
    assert Device.objects.filter(name="leaf01").count() == 1


def test_custom_fields_and_tags_given_on_create_go_in_with_the_one_service_call(api: APIClient) -> None:
    """A device POSTed with custom field values and tags: the service stores the values in the device's own
    INSERT (no UPDATE after it) and sets the tags, checked once by the serializer (one read of the tags
    offered, not a second in the service); the answer and the change record show both."""
    from netkeel.extras.models import CustomField

    site = f.location()
    dtype = f.device_type(interfaces=2)
    f.role()
    field = CustomField.objects.create(key="owner", label="Owner", type="text")
    field.content_types.add(ContentType.objects.get_for_model(Device))
    tag = Tag.objects.create(name="gold")
    tag.content_types.add(ContentType.objects.get_for_model(Device))
    api.send("GET", DEVICES)
    body = {**device_body("leaf01", dtype, site), "custom_fields": {"owner": "neteng"}, "tags": ["gold"]}
    response, sql = captured(lambda: api.send("POST", DEVICES, body))
    assert response.status_code == 201, response.content
    assert not [query for query in sql if query.startswith('UPDATE "dcim_device"')], sql
    # The tags fold into the device's change record before it is written: no UPDATE of it.
    assert not [query for query in sql if query.startswith('UPDATE "extras_objectchange"')], sql
    assert sum(query.startswith('INSERT INTO "extras_objectchange"') for query in sql) == 1, sql
    assert sum('"extras_tag_content_types"' in query for query in sql) == 1, sql  # offered: checked once
    answer = response.json()
    assert answer["custom_fields"] == {"owner": "neteng"}
    assert [item["id"] for item in answer["tags"]] == [str(tag.pk)]
    device = Device.objects.get(name="leaf01")
    assert device.custom_field_data == {"owner": "neteng"}
    assert api.send("GET", f"{DEVICES}{device.pk}/?exclude_m2m=false").json() == answer
    record = ObjectChange.objects.get(action="create", changed_object_id=device.pk)
    assert record.postchange_data is not None
    assert record.postchange_data["custom_field_data"] == {"owner": "neteng"}
    assert record.postchange_data["tags"] == [str(tag.pk)]
