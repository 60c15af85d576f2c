"""Controllers and controller-managed device groups in the API: the shared endpoint contract for each, a
controller on a device or a redundancy group (never both, as Nautobot rules), capabilities as a list of
choices, a group's parent of the same controller, a device's `controller_managed_device_group` written and
filtered (also by the controller), a deleted controller taking its groups with it while the devices stay, CSV
and the change log."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from netkeel.core.testing.api import APIClient, APIEndpointTests
from netkeel.dcim import services
from netkeel.dcim.models import Controller, ControllerManagedDeviceGroup, Device, Location
from netkeel.dcim.tests import factories as f

pytestmark = pytest.mark.django_db

CONTROLLERS = "/api/dcim/controllers/"
GROUPS = "/api/dcim/controller-managed-device-groups/"
DEVICES = "/api/dcim/devices/"


def site(name: str = "DC1") -> Location:
    return Location.objects.filter(name=name).first() or f.location(name)


def controller(name: str = "wlc1", **fields: Any) -> Controller:
    found = Controller.objects.filter(name=name).first()
    return found or services.create_controller(name=name, status=f.status("Active"), location=site(), **fields)


def group(name: str = "aps", **fields: Any) -> ControllerManagedDeviceGroup:
    if "controller" not in fields:
        fields["controller"] = controller()
    return services.create_controller_managed_device_group(name=name, **fields)


class TestControllers(APIEndpointTests):
    endpoint = CONTROLLERS
    model = Controller
    update_payload = {"description": "changed", "capabilities": []}
    bad_payloads = [
        ({"name": "x", "location": "DC1"}, "status"),
        ({"name": "", "status": "Active", "location": "DC1"}, "name"),
        ({"name": "x", "status": "Active"}, "location"),
        ({"name": "x", "status": "Active", "location": "DC1", "capabilities": ["teleport"]}, "capabilities"),
        ({"name": "x", "status": "Connected", "location": "DC1"}, "status"),
    ]
    filter_cases = [
        ("name", "controller-1", 1),
        ("q", "controller-2", 1),
        ("status", "Active", 3),
        ("location", "DC1", 3),
        ("capabilities", "wireless", 3),
        ("controller_device__isnull", "true", 3),
    ]

    def make(self, index: int) -> Any:
        return controller(f"controller-{index}", capabilities=["wireless"])

    def create_payloads(self) -> list[dict[str, Any]]:
        site()
        return [
            {"name": "new-1", "status": "Active", "location": "DC1"},
            {"name": "new-2", "status": "Planned", "location": "DC1", "capabilities": ["wireless"]},
            {"name": "new-3", "status": {"name": "Active"}, "location": "DC1", "description": "three"},
        ]


class TestControllerManagedDeviceGroups(APIEndpointTests):
    endpoint = GROUPS
    model = ControllerManagedDeviceGroup
    update_payload = {"weight": 10, "description": "changed"}
    bad_payloads = [
        ({"name": "x"}, "controller"),
        ({"name": "", "controller": "wlc1"}, "name"),
        ({"name": "x", "controller": "wlc1", "weight": -1}, "weight"),
        ({"name": "x", "controller": "wlc1", "capabilities": "teleport"}, "capabilities"),
    ]
    filter_cases = [
        ("name", "group-1", 1),
        ("q", "group-2", 1),
        ("controller", "wlc1", 3),
        ("weight__gte", "1001", 2),
        ("has_devices", "false", 3),
        ("parent__isnull", "true", 3),
    ]

    def make(self, index: int) -> Any:
        return group(f"group-{index}", weight=1000 + index)

    def create_payloads(self) -> list[dict[str, Any]]:
        controller()
        return [
            {"name": "new-1", "controller": "wlc1"},
            {"name": "new-2", "controller": "wlc1", "weight": 5, "capabilities": ["wireless"]},
            {"name": "new-3", "controller": {"name": "wlc1"}, "description": "three"},
        ]


def test_capabilities_read_as_choices_and_options_list_them(api: APIClient) -> None:
    site()
    response = api.send(
        "POST", CONTROLLERS, {"name": "mist", "status": "Active", "location": "DC1", "capabilities": ["Wireless"]}
    )
    assert response.status_code == 201, response.content
    assert response.json()["capabilities"] == [{"value": "wireless", "label": "Wireless"}]
    plain = api.send("POST", CONTROLLERS, {"name": "aci", "status": "Active", "location": "DC1"}).json()
    assert plain["capabilities"] is None
    field = api.send("OPTIONS", CONTROLLERS).json()["actions"]["POST"]["capabilities"]
    assert field["type"] == "list"
    assert field["child"]["choices"] == [{"value": "wireless", "display": "Wireless"}]


def test_a_controller_runs_on_a_device_or_a_redundancy_group_not_both(api: APIClient) -> None:
    dc = site()
    device = f.device("wlc-box", f.device_type(), dc)
    pair = services.create_device_redundancy_group(name="wlc-pair", status=f.status("Active"))
    on_device = api.send(
        "POST",
        CONTROLLERS,
        {"name": "c1", "status": "Active", "location": "DC1", "controller_device": str(device.pk)},
    )
    assert on_device.status_code == 201, on_device.content
    assert on_device.json()["controller_device"]["id"] == str(device.pk)
    both = api.send(
        "PATCH", f"{CONTROLLERS}{on_device.json()['id']}/", {"controller_device_redundancy_group": "wlc-pair"}
    )
    assert both.status_code == 400, both.content
    assert "controller_device" in both.json()
    moved = api.send(
        "PATCH",
        f"{CONTROLLERS}{on_device.json()['id']}/",
        {"controller_device": None, "controller_device_redundancy_group": str(pair.pk)},
    )
    assert moved.status_code == 200, moved.content
    found = api.send("GET", f"{CONTROLLERS}?controller_device_redundancy_group=wlc-pair").json()
    assert [row["name"] for row in found["results"]] == ["c1"]
    # The device a controller runs on cannot go while the controller names it (Nautobot: PROTECT).
    api.send("PATCH", f"{CONTROLLERS}{on_device.json()['id']}/", {"controller_device_redundancy_group": None})
    api.send("PATCH", f"{CONTROLLERS}{on_device.json()['id']}/", {"controller_device": str(device.pk)})
    refused = api.send("DELETE", f"{DEVICES}{device.pk}/")
    assert refused.status_code in (400, 409), refused.content
    assert Device.objects.filter(pk=device.pk).exists()


def test_a_group_sits_below_a_group_of_the_same_controller(api: APIClient) -> None:
    top = group("campus")
    other = controller("wlc2")
    below = api.send("POST", GROUPS, {"name": "floor-1", "controller": "wlc1", "parent": "campus"})
    assert below.status_code == 201, below.content
    assert below.json()["parent"]["id"] == str(top.pk)
    assert below.json()["display"].endswith("floor-1")
    refused = api.send("POST", GROUPS, {"name": "floor-2", "controller": str(other.pk), "parent": "campus"})
    assert refused.status_code == 400, refused.content
    assert "controller" in refused.json()
    subtree = api.send("GET", f"{GROUPS}?subtree=campus").json()
    assert {row["name"] for row in subtree["results"]} == {"campus", "floor-1"}


def test_a_device_joins_a_group_and_is_found_by_it_and_by_its_controller(api: APIClient) -> None:
    aps = group()
    dc = site()
    ap = f.device("ap1", f.device_type(), dc)
    f.device("sw1", f.device_type(), dc)
    response = api.send("PATCH", f"{DEVICES}{ap.pk}/", {"controller_managed_device_group": "aps"})
    assert response.status_code == 200, response.content
    assert response.json()["controller_managed_device_group"]["id"] == str(aps.pk)
    for query in ("controller_managed_device_group=aps", "controller=wlc1", f"controller={aps.controller_id}"):
        found = api.send("GET", f"{DEVICES}?{query}").json()
        assert [row["name"] for row in found["results"]] == ["ap1"], query
    assert api.send("GET", f"{DEVICES}?controller_managed_device_group__isnull=true").json()["count"] == 1
    assert api.send("GET", f"{DEVICES}?controller__n=wlc1").json()["count"] == 1
    assert api.send("GET", f"{GROUPS}?devices=ap1").json()["count"] == 1
    assert api.send("GET", f"{GROUPS}?has_devices=true").json()["count"] == 1

    # Deleting the controller deletes its groups (below ones first); the devices stay, in no group.
    group("aps-floor", parent=aps, controller=aps.controller)
    assert api.send("DELETE", f"{CONTROLLERS}{aps.controller_id}/").status_code == 204
    assert not ControllerManagedDeviceGroup.objects.exists()
    ap.refresh_from_db()
    assert ap.controller_managed_device_group_id is None


@pytest.mark.parametrize("url", [f"{DEVICES}?depth=1&limit=100", f"{GROUPS}?depth=1&limit=100"])
def test_lists_cost_the_same_queries_for_more_groups_and_devices(api: APIClient, url: str) -> None:
    """Devices in groups and groups below groups, read at depth 1: as many queries for 3 rows as for 13."""
    aps = group()
    dc, dtype = site(), f.device_type()
    counts = []
    for batch in (2, 10):
        for index in range(batch):
            f.device(f"dev-{batch}-{index}", dtype, dc, controller_managed_device_group=aps)
            group(f"aps-{batch}-{index}", parent=aps, controller=aps.controller)
        assert api.send("GET", url).status_code == 200  # what later requests find cached is read once
        with CaptureQueriesContext(connection) as counted:
            api.send("GET", url)
        counts.append(len(counted))
    assert counts[0] == counts[1], counts


def test_controllers_and_groups_go_out_as_csv_and_come_back_in(api: APIClient) -> None:
    from netkeel.extras.csv_io import import_csv

    controller("wlc9", capabilities=["wireless"], description="wireless")
    group("lobby", controller=Controller.objects.get(name="wlc9"), weight=7, capabilities=["wireless"])
    files = {}
    for path in ("controllers", "controller-managed-device-groups"):
        response = api.get(f"/api/dcim/{path}/", HTTP_ACCEPT="text/csv")
        assert response.status_code == 200, response
        files[path] = b"".join(response.streaming_content) if response.streaming else response.content  # type: ignore[attr-defined]
    services.delete_controller_object(Controller.objects.get(name="wlc9"))
    assert import_csv(Controller, files["controllers"].decode()).created == 1
    report = import_csv(ControllerManagedDeviceGroup, files["controller-managed-device-groups"].decode())
    assert report.created == 1, report.errors
    back = Controller.objects.get()
    assert (back.name, back.capabilities, back.description, back.status.name) == (
        "wlc9",
        ["wireless"],
        "wireless",
        "Active",
    )
    lobby = ControllerManagedDeviceGroup.objects.get()
    assert (lobby.name, lobby.controller, lobby.weight, lobby.capabilities) == ("lobby", back, 7, ["wireless"])

    # A device joins a group by the group's name in a CSV column.
    f.device("ap9", f.device_type(), site())
    report = import_csv(Device, "name,location,controller_managed_device_group\nap9,DC1;,lobby\n")
    assert report.updated == 1, report.errors
    assert Device.objects.get(name="ap9").controller_managed_device_group == lobby


def test_writes_are_in_the_change_log(api: APIClient) -> None:
    from netkeel.extras.models import ObjectChange

    site()
    created = api.send("POST", CONTROLLERS, {"name": "log-wlc", "status": "Active", "location": "DC1"}).json()
    api.send("PATCH", f"{CONTROLLERS}{created['id']}/", {"description": "changed"})
    group_id = api.send("POST", GROUPS, {"name": "logged", "controller": "log-wlc"}).json()["id"]
    api.send("DELETE", f"{CONTROLLERS}{created['id']}/")
    actions = list(
        ObjectChange.objects.filter(changed_object_id__in=[created["id"], group_id])
        .order_by("time")
        .values_list("object_repr", "action")
    )
    assert actions == [
        ("log-wlc", "create"),
        ("log-wlc", "update"),
        ("logged", "create"),
        ("logged", "delete"),
        ("log-wlc", "delete"),
    ]


def test_a_controller_carries_tags_custom_fields_notes_and_its_change_log(api: APIClient) -> None:
    from django.contrib.contenttypes.models import ContentType

    from netkeel.extras.models import CustomField, ObjectChange, Tag

    kind = ContentType.objects.get_for_model(Controller)
    field = CustomField.objects.create(key="vendor_id", label="Vendor id", type="text")
    field.content_types.add(kind)
    tag = Tag.objects.create(name="campus")
    tag.content_types.add(kind)
    site()
    body = {
        "name": "mist",
        "status": "Active",
        "location": "DC1",
        "capabilities": ["wireless"],
        "tags": ["campus"],
        "custom_fields": {"vendor_id": "org-42"},
    }
    answer = api.send("POST", CONTROLLERS, body)
    assert answer.status_code == 201, answer.json()
    created = answer.json()
    assert created["custom_fields"] == {"vendor_id": "org-42"}
    assert [item["id"] for item in created["tags"]] == [str(tag.pk)]
    record = ObjectChange.objects.get(action="create", changed_object_id=created["id"])
    assert record.postchange_data is not None and record.postchange_data["capabilities"] == ["wireless"]
    assert api.send("POST", created["notes_url"], {"note": "cloud managed"}).status_code == 201
    assert api.send("GET", f"{CONTROLLERS}?tags=campus").json()["count"] == 1
    assert api.send("GET", f"{CONTROLLERS}?cf_vendor_id=org-42").json()["count"] == 1
    changed = api.send("PATCH", f"{CONTROLLERS}{created['id']}/", {"capabilities": None})
    assert changed.status_code == 200, changed.json()
    assert changed.json()["capabilities"] is None
    update = ObjectChange.objects.get(action="update", changed_object_id=created["id"])
    assert update.prechange_data is not None and update.prechange_data["capabilities"] == ["wireless"]


def test_the_connected_device_answer_names_the_devices_group(api: APIClient) -> None:
    from netkeel.dcim.cabling import service as cabling
    from netkeel.dcim.models import Interface

    aps = group()
    dtype = f.device_type(interfaces=1)
    ap = f.device("ap1", dtype, site(), controller_managed_device_group=aps)
    switch = f.device("sw1", dtype, site())
    ends = [Interface.objects.get(device=device) for device in (ap, switch)]
    cabling.connect(ends[0], ends[1], status=f.status("Connected"))
    port = ends[1].name
    found = api.send("GET", f"/api/dcim/connected-device/?peer_device=sw1&peer_interface={port}")
    assert found.status_code == 200, found.content
    assert found.json()["controller_managed_device_group"]["id"] == str(aps.pk)


def test_a_virtual_device_context_joins_a_group_and_each_finds_the_other(api: APIClient) -> None:
    """Nautobot 3's `controller_managed_device_group` of a virtual device context, and the group's
    `virtual_device_contexts` filter; a deleted group leaves its contexts in none."""
    aps = group()
    spine = f.device("spine1", f.device_type(), site())
    admin = services.create_virtual_device_context(name="admin", device=spine, status=f.status("Active"))
    services.create_virtual_device_context(name="fabric", device=spine, status=f.status("Active"))
    contexts = "/api/dcim/virtual-device-contexts/"
    response = api.send("PATCH", f"{contexts}{admin.pk}/", {"controller_managed_device_group": str(aps.pk)})
    assert response.status_code == 200, response.content
    assert response.json()["controller_managed_device_group"]["id"] == str(aps.pk)
    for query in ("controller_managed_device_group=aps", f"controller_managed_device_group={aps.pk}"):
        assert [row["name"] for row in api.send("GET", f"{contexts}?{query}").json()["results"]] == ["admin"]
    assert api.send("GET", f"{contexts}?controller_managed_device_group__isnull=true").json()["count"] == 1
    assert api.send("GET", f"{contexts}?controller_managed_device_group__n=aps").json()["count"] == 1
    assert api.send("GET", f"{GROUPS}?virtual_device_contexts={admin.pk}").json()["count"] == 1
    assert api.send("GET", f"{GROUPS}?has_virtual_device_contexts=false").json()["count"] == 0
    assert api.send("DELETE", f"{GROUPS}{aps.pk}/").status_code == 204
    admin.refresh_from_db()
    assert admin.controller_managed_device_group_id is None
