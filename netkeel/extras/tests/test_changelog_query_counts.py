"""What recording costs in queries: one INSERT per object saved (updates read nothing more), one bulk
INSERT for the components a device gets, and a tag read per kind of object a delete reaches."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from netkeel.core.testing.api import APIClient
from netkeel.dcim.models import Device
from netkeel.dcim.tests import factories as f
from netkeel.extras import changelog, events
from netkeel.extras.models import ObjectChange
from netkeel.tenancy.models import Tenant

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def only_the_change_log() -> Iterator[None]:
    """Subscribers to change events (webhooks) have their own costs and tests: measure the log alone, with
    every content type already cached as in a running server."""
    subscribers = list(events._subscribers)
    for subscriber in subscribers:
        events.unsubscribe(subscriber)
    ContentType.objects.get_for_models(*apps.get_models())
    yield
    for subscriber in subscribers:
        events.subscribe(subscriber)


@pytest.fixture
def without_changelog() -> Iterator[Callable[[Callable[[], Any]], list[str]]]:
    """Run a call with recording off; returns the SQL it ran."""

    def run(call: Callable[[], Any]) -> list[str]:
        changelog.disconnect()
        try:
            return queries(call)
        finally:
            changelog.connect()

    yield run
    assert changelog.is_connected()


def queries(call: Callable[[], Any]) -> list[str]:
    with CaptureQueriesContext(connection) as ctx:
        call()
    return [q["sql"] for q in ctx.captured_queries]


def change_inserts(sql: list[str]) -> int:
    return sum(1 for q in sql if q.upper().startswith("INSERT") and "extras_objectchange" in q)


def test_device_create_and_update_through_the_api_cost_only_the_records(
    api: APIClient, without_changelog: Callable[[Callable[[], Any]], list[str]]
) -> None:
    site = f.location()
    dtype = f.device_type(interfaces=4, console_ports=1, power_ports=2)
    f.role()

    def create(name: str) -> Callable[[], Any]:
        body = {
            "name": name,
            "device_type": str(dtype.pk),
            "role": "Leaf",
            "status": "Active",
            "location": str(site.pk),
        }
        return lambda: api.send("POST", "/api/dcim/devices/", body)

    api.send("GET", "/api/dcim/devices/")  # warm caches (content types, permissions) for both runs
    plain = without_changelog(create("plain"))
    recorded = queries(create("recorded"))
    # The device's record and its seven components' records, in one INSERT (`one_insert`).
    assert change_inserts(recorded) == 1
    assert len(recorded) == len(plain) + 1, (len(plain), len(recorded))
    device = Device.objects.get(name="recorded")
    records = ObjectChange.objects.filter(request_id=ObjectChange.objects.get(changed_object_id=device.pk).request_id)
    assert records.count() == 8 and {record.action for record in records} == {"create"}

    plain_device, device = Device.objects.get(name="plain"), Device.objects.get(name="recorded")
    plain = without_changelog(lambda: api.send("PATCH", f"/api/dcim/devices/{plain_device.pk}/", {"serial": "A1"}))
    recorded = queries(lambda: api.send("PATCH", f"/api/dcim/devices/{device.pk}/", {"serial": "A1"}))
    assert change_inserts(recorded) == 1
    assert len(recorded) == len(plain) + 1, (len(plain), len(recorded))


def test_a_hundred_tenants_cost_a_hundred_inserts_more(
    without_changelog: Callable[[Callable[[], Any]], list[str]],
) -> None:
    def make(prefix: str) -> Callable[[], None]:
        @transaction.atomic
        def run() -> None:
            for index in range(100):
                Tenant.objects.create(name=f"{prefix}-{index}")

        return run

    plain = without_changelog(make("plain"))
    recorded = queries(make("recorded"))
    assert len(recorded) == len(plain) + 100
    assert change_inserts(recorded) == 100


def test_deleting_a_device_reads_tags_once_per_component_kind(api: APIClient) -> None:
    site = f.location()
    small = f.device("small", f.device_type(interfaces=2, console_ports=1), site)
    big = f.device("big", f.device_type(interfaces=40, console_ports=1), site)
    api.send("GET", "/api/dcim/devices/")  # the token's last_used is written once a minute
    small_sql = queries(lambda: api.send("DELETE", f"/api/dcim/devices/{small.pk}/"))
    big_sql = queries(lambda: api.send("DELETE", f"/api/dcim/devices/{big.pk}/"))
    # Each deleted object is one record INSERT; everything else (tag reads included) is per kind.
    assert change_inserts(small_sql) == 1 + 3 and change_inserts(big_sql) == 1 + 41
    assert len(small_sql) - change_inserts(small_sql) == len(big_sql) - change_inserts(big_sql)
    assert ObjectChange.objects.filter(action="delete", object_repr="eth39").count() == 1
