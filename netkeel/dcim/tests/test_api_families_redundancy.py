"""Device families and device redundancy groups in the API: the shared endpoint contract for each, a device
type's `device_family` and a device's `device_redundancy_group` (with its priority, which needs a group, as in
Nautobot) written and filtered, and a deleted group taking its devices' priorities with it."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from netkeel.core.testing.api import APIClient, APIEndpointTests
from netkeel.dcim import services
from netkeel.dcim.models import Device, DeviceFamily, DeviceRedundancyGroup, DeviceType
from netkeel.dcim.tests import factories as f

pytestmark = pytest.mark.django_db

DEVICES = "/api/dcim/devices/"
DEVICE_TYPES = "/api/dcim/device-types/"
GROUPS = "/api/dcim/device-redundancy-groups/"


def family(name: str = "Catalyst 9300") -> DeviceFamily:
    return DeviceFamily.objects.filter(name=name).first() or services.create_device_family(name=name)


def group(name: str = "fw-pair", **fields: Any) -> DeviceRedundancyGroup:
    found = DeviceRedundancyGroup.objects.filter(name=name).first()
    return found or services.create_device_redundancy_group(name=name, status=f.status("Active"), **fields)


class TestDeviceFamilies(APIEndpointTests):
    endpoint = "/api/dcim/device-families/"
    model = DeviceFamily
    update_payload = {"description": "changed"}
    bad_payloads = [({"name": ""}, "name"), ({"name": "x" * 256}, "name"), ({"description": "no name"}, "name")]
    filter_cases = [
        ("name", "family-1", 1),
        ("q", "family-2", 1),
        ("name__ic", "FAMILY", 3),
        ("has_device_types", "false", 3),
    ]

    def make(self, index: int) -> Any:
        return services.create_device_family(name=f"family-{index}")

    def create_payloads(self) -> list[dict[str, Any]]:
        return [{"name": "new-1"}, {"name": "new-2", "description": "two"}, {"name": "new-3", "tags": []}]


class TestDeviceRedundancyGroups(APIEndpointTests):
    endpoint = GROUPS
    model = DeviceRedundancyGroup
    update_payload = {"failover_strategy": "active-passive", "comments": "changed"}
    bad_payloads = [
        ({"name": "x"}, "status"),
        ({"name": "", "status": "Active"}, "name"),
        ({"name": "x", "status": "Active", "failover_strategy": "round-robin"}, "failover_strategy"),
        ({"name": "x", "status": "Connected"}, "status"),
    ]
    filter_cases = [
        ("name", "group-1", 1),
        ("q", "group-2", 1),
        ("status", "Active", 3),
        ("failover_strategy", "active-active", 3),
        ("failover_strategy__n", "active-active", 0),
    ]

    def make(self, index: int) -> Any:
        return group(f"group-{index}", failover_strategy="active-active")

    def create_payloads(self) -> list[dict[str, Any]]:
        return [
            {"name": "new-1", "status": "Active"},
            {"name": "new-2", "status": "Planned", "failover_strategy": "active-passive"},
            {"name": "new-3", "status": {"name": "Active"}, "description": "three", "failover_strategy": ""},
        ]


def test_a_group_answers_with_nautobots_failover_strategy_choice(api: APIClient) -> None:
    response = api.send("POST", GROUPS, {"name": "edge", "status": "Active", "failover_strategy": "active-active"})
    assert response.status_code == 201, response.content
    assert response.json()["failover_strategy"] == {"value": "active-active", "label": "Active/Active"}
    blank = api.send("POST", GROUPS, {"name": "core", "status": "Active"}).json()
    assert blank["failover_strategy"] is None  # a blank choice, as Nautobot's ChoiceField answers it
    choices = api.send("OPTIONS", GROUPS).json()["actions"]["POST"]["failover_strategy"]["choices"]
    assert [choice["value"] for choice in choices] == ["active-active", "active-passive"]


def test_a_device_type_is_written_and_filtered_by_its_family(api: APIClient) -> None:
    catalyst = family()
    dtype = f.device_type("C9300-48P")
    f.device_type("other")
    response = api.send("PATCH", f"{DEVICE_TYPES}{dtype.pk}/", {"device_family": "Catalyst 9300"})
    assert response.status_code == 200, response.content
    assert response.json()["device_family"]["id"] == str(catalyst.pk)
    listed = api.send("GET", f"{DEVICE_TYPES}?device_family=Catalyst 9300").json()
    assert [row["model"] for row in listed["results"]] == ["C9300-48P"]
    assert api.send("GET", f"{DEVICE_TYPES}?device_family__isnull=true").json()["count"] == 1
    row = api.send("GET", f"/api/dcim/device-families/{catalyst.pk}/").json()
    assert row["device_type_count"] == 1
    device = f.device("sw1", dtype, f.location())
    f.device("sw2", f.device_type(), f.location())
    found = api.send("GET", f"{DEVICES}?device_family={catalyst.pk}").json()
    assert [row["id"] for row in found["results"]] == [str(device.pk)]
    refused = api.send("DELETE", f"/api/dcim/device-families/{catalyst.pk}/")
    assert refused.status_code == 409 or refused.status_code == 400, refused.content
    assert DeviceType.objects.get(pk=dtype.pk).device_family_id == catalyst.pk


def test_a_device_joins_a_redundancy_group_with_a_priority(api: APIClient) -> None:
    pair = group()
    device = f.device("fw1", f.device_type(), f.location())
    other = f.device("fw2", f.device_type(), f.location())
    url = f"{DEVICES}{device.pk}/"
    response = api.send("PATCH", url, {"device_redundancy_group": "fw-pair", "device_redundancy_group_priority": 1})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["device_redundancy_group"]["id"] == str(pair.pk)
    assert body["device_redundancy_group_priority"] == 1
    assert [row["name"] for row in api.send("GET", f"{DEVICES}?device_redundancy_group=fw-pair").json()["results"]] == [
        "fw1"
    ]
    assert api.send("GET", f"{DEVICES}?device_redundancy_group_priority__gte=1").json()["count"] == 1
    assert api.send("GET", f"{DEVICES}?device_redundancy_group__isnull=true").json()["count"] == 1

    # A priority needs a group, as Nautobot judges it.
    refused = api.send("PATCH", f"{DEVICES}{other.pk}/", {"device_redundancy_group_priority": 2})
    assert refused.status_code == 400, refused.content
    assert "device_redundancy_group_priority" in refused.json()
    zero = api.send("PATCH", url, {"device_redundancy_group_priority": 0})
    assert zero.status_code == 400 and "device_redundancy_group_priority" in zero.json()

    # Deleting the group takes the device out of it, and its priority with it.
    assert api.send("DELETE", f"{GROUPS}{pair.pk}/").status_code == 204
    device.refresh_from_db()
    assert device.device_redundancy_group_id is None and device.device_redundancy_group_priority is None


def test_a_device_list_with_groups_and_families_costs_the_same_queries(api: APIClient) -> None:
    pair = group()
    dtype = f.device_type()
    dtype.device_family = family()
    dtype.save()
    site = f.location()

    def queries(count: int) -> int:
        for index in range(count):
            f.device(f"dev-{count}-{index}", dtype, site, device_redundancy_group=pair)
        with CaptureQueriesContext(connection) as counted:
            assert api.send("GET", f"{DEVICES}?depth=1&limit=100").status_code == 200
        for device in Device.objects.all():
            services.delete_device(device)
        return len(counted)

    queries(1)  # the first request also reads what later ones find cached
    assert queries(2) == queries(12)


def test_families_and_groups_go_out_as_csv_and_come_back_in(api: APIClient) -> None:
    from netkeel.extras.csv_io import import_csv

    services.create_device_family(name="MX", description="routers")
    group("core-pair", failover_strategy="active-passive")
    files = {}
    for path in ("device-families", "device-redundancy-groups"):
        response = api.get(f"/api/dcim/{path}/", HTTP_ACCEPT="text/csv")
        assert response.status_code == 200, response
        files[path] = b"".join(response.streaming_content) if response.streaming else response.content  # type: ignore[attr-defined]
    DeviceFamily.objects.all().delete()
    DeviceRedundancyGroup.objects.all().delete()
    assert import_csv(DeviceFamily, files["device-families"].decode()).created == 1
    assert import_csv(DeviceRedundancyGroup, files["device-redundancy-groups"].decode()).created == 1
    assert DeviceFamily.objects.get().description == "routers"
    back = DeviceRedundancyGroup.objects.get()
    assert (back.name, back.failover_strategy, back.status.name) == ("core-pair", "active-passive", "Active")

    # A device joins a group by the group's name in a CSV column, priority beside it.
    f.device("fw1", f.device_type(), f.location("DC9"))
    report = import_csv(
        Device, "name,location,device_redundancy_group,device_redundancy_group_priority\nfw1,DC9;,core-pair,2\n"
    )
    assert report.updated == 1, report.errors
    device = Device.objects.get(name="fw1")
    assert (device.device_redundancy_group, device.device_redundancy_group_priority) == (back, 2)


def test_writes_are_in_the_change_log(api: APIClient) -> None:
    from netkeel.extras.models import ObjectChange

    created = api.send("POST", GROUPS, {"name": "log-pair", "status": "Active"}).json()
    api.send("PATCH", f"{GROUPS}{created['id']}/", {"description": "changed"})
    api.send("DELETE", f"{GROUPS}{created['id']}/")
    family_id = api.send("POST", "/api/dcim/device-families/", {"name": "logged"}).json()["id"]
    actions = list(
        ObjectChange.objects.filter(changed_object_id__in=[created["id"], family_id])
        .order_by("time")
        .values_list("object_repr", "action")
    )
    assert actions == [("log-pair", "create"), ("log-pair", "update"), ("log-pair", "delete"), ("logged", "create")]
