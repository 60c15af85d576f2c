"""`core.models.bulk.insert_rows`, the insert a new device's components and their change records go in
with: the rows it writes read back exactly as `bulk_create`'s do, in one statement of the shape Django
would choose (one array per column on PostgreSQL, bound by the server; VALUES rows elsewhere), batched
where the database limits parameters."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from netkeel.core.models.bulk import insert_rows
from netkeel.dcim.models import Device, Interface, Location
from netkeel.dcim.tests import factories as f
from netkeel.extras.models import ObjectChange

pytestmark = pytest.mark.django_db

COLUMNS = ("device_id", "name", "type", "status_id", "enabled", "mtu", "mode", "description", "custom_field_data")


def interfaces(device: Device, prefix: str, count: int) -> list[Interface]:
    return [
        Interface(device=device, name=f"{prefix}{index}", type="1000base-t", status=f.status(), mtu=1500 + index)
        for index in range(count)
    ]


def test_rows_read_back_as_bulk_create_writes_them_in_one_statement() -> None:
    device = f.device("leaf01", f.device_type(), f.location())
    reference = Interface.objects.bulk_create(interfaces(device, "a", 5))
    mine = interfaces(device, "b", 5)
    before = timezone.now()
    with CaptureQueriesContext(connection) as captured:
        insert_rows(mine, "default")
    assert len(captured.captured_queries) == 1
    sql = captured.captured_queries[0]["sql"]
    assert ("UNNEST" in sql) == (connection.vendor == "postgresql"), sql
    assert all(not interface._state.adding and interface._state.db == "default" for interface in mine)
    stored = {row["name"]: row for row in Interface.objects.filter(device=device).values("id", "created", *COLUMNS)}
    for theirs, ours in zip(reference, mine, strict=True):
        expected = {key: value for key, value in stored[theirs.name].items() if key not in ("id", "name", "created")}
        got = stored[ours.name]
        assert {key: value for key, value in got.items() if key not in ("id", "name", "created")} == expected
        assert got["id"] == ours.pk
        assert got["created"] is not None and got["created"] >= before - timedelta(seconds=1)


def test_json_columns_read_back_whole() -> None:
    interface_type = ContentType.objects.get_for_model(Interface)
    now = timezone.now()
    data = [{"name": 'eth"0', "tags": [], "nested": {"a": [1, None, "\\x"]}}, None]
    records = [
        ObjectChange(time=now, user_name="bulk", action="create", changed_object_type=interface_type,
                     changed_object_id=uuid.uuid4(), object_repr=f"eth{index}", postchange_data=data[index])
        for index in range(2)
    ]  # fmt: skip
    with CaptureQueriesContext(connection) as captured:
        insert_rows(records, "default")
    assert len(captured.captured_queries) == 1
    sql = captured.captured_queries[0]["sql"]
    assert ("UNNEST" in sql) == (connection.vendor == "postgresql") != ("VALUES" in sql), sql
    stored = {row.object_repr: row for row in ObjectChange.objects.filter(user_name="bulk")}
    assert stored["eth0"].postchange_data == data[0]
    assert stored["eth1"].postchange_data is None
    assert stored["eth0"].time == now


def test_many_rows_are_batched_under_the_parameter_limit() -> None:
    interface_type = ContentType.objects.get_for_model(Interface)
    now = timezone.now()
    records = [
        ObjectChange(time=now, user_name="many", action="create", changed_object_type=interface_type,
                     changed_object_id=uuid.uuid4(), object_repr=str(index), postchange_data={"i": index})
        for index in range(700)
    ]  # fmt: skip
    insert_rows(records, "default")  # 700 rows of 15 columns: over SQLite's and MySQL's limits in one go
    assert ObjectChange.objects.filter(user_name="many").count() == 700


def test_objects_of_two_models_are_refused() -> None:
    site = f.location()
    device = f.device("leaf02", f.device_type(), site)
    with pytest.raises(ValueError, match="one concrete model"):
        insert_rows([*interfaces(device, "c", 1), Location(name="x", location_type=site.location_type)], "default")
