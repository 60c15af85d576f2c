"""Device-side API behaviour beyond the endpoint contract: what creating and deleting a device does, how an
unnamed device shows, rack checks, virtual chassis membership, nested objects, opt-in config context,
primary IPs, counts and 409s."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from netkeel.core.testing.api import APIClient
from netkeel.dcim import services
from netkeel.dcim.cabling import service as cabling
from netkeel.dcim.models import (
    Cable,
    Device,
    DeviceBay,
    DeviceBayTemplate,
    DeviceType,
    FrontPort,
    Interface,
    Location,
    PowerFeed,
    PowerPanel,
    PowerPort,
    Rack,
    RackReservation,
)
from netkeel.dcim.tests import factories
from netkeel.dcim.tests.test_api_devices import acme, shared_rack, site
from netkeel.extras.models import Status

pytestmark = pytest.mark.django_db

DEVICES = "/api/dcim/devices/"


def device_payload(**fields: Any) -> dict[str, Any]:
    dtype = DeviceType.objects.filter(model="switch").first() or factories.device_type("switch", interfaces=2)
    factories.role()
    return {"device_type": str(dtype.pk), "role": "Leaf", "location": str(site().pk), "status": "Active", **fields}


def created(response: Any) -> dict[str, Any]:
    assert response.status_code == 201, response.content
    body: dict[str, Any] = response.json()
    return body


# --------------------------------------------------------------------------------------------- creating and deleting


def test_creating_a_device_gives_it_the_components_of_its_type(api: APIClient) -> None:
    dtype = factories.device_type(
        "edge", interfaces=3, console_ports=1, power_ports=2, power_outlets=1, rear_ports=1, positions=2
    )
    body = created(api.send("POST", DEVICES, device_payload(name="edge01", device_type={"model": "edge"})))
    device = Device.objects.get(pk=body["id"])
    assert sorted(device.interfaces.values_list("name", flat=True)) == ["eth0", "eth1", "eth2"]
    assert set(device.interfaces.values_list("status__name", flat=True)) == {"Active"}
    assert device.consoleports.count() == 1
    assert device.powerports.count() == 2
    fronts = FrontPort.objects.filter(device=device).select_related("rear_port")
    assert {(f.name, f.rear_port.name, f.rear_port_position) for f in fronts} == {
        ("front0-1", "rear0", 1),
        ("front0-2", "rear0", 2),
    }
    assert dtype.devices.count() == 1


def test_bulk_created_devices_each_get_their_components(api: APIClient) -> None:
    response = api.send("POST", DEVICES, [device_payload(name="a"), device_payload(name="b")])
    assert response.status_code == 201, response.content
    assert Interface.objects.filter(device__name__in=["a", "b"]).count() == 4


def test_deleting_a_device_takes_its_cables_and_leaves_the_far_end_free(api: APIClient) -> None:
    near = factories.device("near", factories.device_type("switch", interfaces=2), site())
    far = factories.device("far", DeviceType.objects.get(model="switch"), site())
    cable = cabling.connect(near.interfaces.get(name="eth0"), far.interfaces.get(name="eth0"))
    response = api.send("DELETE", f"{DEVICES}{near.pk}/")
    assert response.status_code == 204, response.content
    assert not Device.objects.filter(pk=near.pk).exists()
    assert not Cable.objects.filter(pk=cable.pk).exists()
    assert far.interfaces.get(name="eth0").cable_id is None


def test_deleting_a_cabled_power_feed_frees_the_power_port(api: APIClient) -> None:
    panel = PowerPanel.objects.create(name="panel", location=site())
    feed = PowerFeed.objects.create(name="feed", power_panel=panel, status=factories.status())
    server = factories.device("server", factories.device_type("server", power_ports=1), site())
    cabling.connect(feed, server.powerports.get())
    response = api.send("DELETE", f"/api/dcim/power-feeds/{feed.pk}/")
    assert response.status_code == 204, response.content
    assert PowerPort.objects.get(device=server).cable_id is None
    assert not Cable.objects.exists()


def test_a_power_feed_is_a_cable_endpoint_with_a_read_only_cable(api: APIClient) -> None:
    panel = PowerPanel.objects.create(name="panel", location=site())
    server = factories.device("server", factories.device_type("server", power_ports=1), site())
    feed = PowerFeed.objects.create(name="feed-1", power_panel=panel, status=factories.status())
    cable = cabling.connect(feed, server.powerports.get())
    body = api.send("GET", f"/api/dcim/power-feeds/{feed.pk}/").json()
    assert body["cable"]["id"] == str(cable.pk) and body["cable"]["object_type"] == "dcim.cable"
    port = server.powerports.get()
    assert body["cable_peer"]["id"] == str(port.pk) and body["cable_peer_type"] == "dcim.powerport"
    assert body["connected_endpoint"]["id"] == str(port.pk) and body["connected_endpoint_reachable"] is True
    trace = api.send("GET", f"/api/dcim/power-feeds/{feed.pk}/trace/").json()
    assert [[end["id"] if end else None for end in segment] for segment in trace] == [
        [str(feed.pk), str(cable.pk), str(port.pk)]
    ]
    assert api.send("GET", "/api/dcim/power-feeds/?has_cable=true").json()["count"] == 1
    payload = {"name": "feed-2", "power_panel": str(panel.pk), "status": "Active", "cable": str(cable.pk)}
    fresh = created(api.send("POST", "/api/dcim/power-feeds/", payload))
    assert fresh["cable"] is None and fresh["cable_peer"] is None and fresh["connected_endpoint"] is None
    assert api.send("GET", f"/api/dcim/power-feeds/{fresh['id']}/trace/").json() == []
    assert api.send("GET", "/api/dcim/power-feeds/?has_cable=false").json()["count"] == 1


# --------------------------------------------------------------------------------------------- display and lookup


def test_an_unnamed_device_shows_its_manufacturer_model_and_id(api: APIClient) -> None:
    body = created(api.send("POST", DEVICES, device_payload(name=None)))
    assert body["name"] is None
    assert body["display"] == f"Acme switch ({body['id']})"
    listed = api.send("GET", f"{DEVICES}?name__isnull=true").json()["results"]
    assert [row["display"] for row in listed] == [f"Acme switch ({body['id']})"]
    # "" is no name too, so two unnamed devices in one location do not clash.
    second = created(api.send("POST", DEVICES, device_payload(name="")))
    assert second["name"] is None and second["display"] == f"Acme switch ({second['id']})"


def test_an_unnamed_virtual_chassis_member_shows_its_chassis_and_position(api: APIClient) -> None:
    chassis = services.create_virtual_chassis(name="stack")
    body = created(api.send("POST", DEVICES, device_payload(virtual_chassis="stack", vc_position=2)))
    assert body["display"] == f"stack:2 ({body['id']})"
    assert chassis.members.count() == 1


def test_a_device_is_found_by_its_natural_key(api: APIClient) -> None:
    device = factories.device("leaf01", factories.device_type("switch"), site())
    for key in ("leaf01;DC1", "leaf01%3BDC1"):
        response = api.send("GET", f"{DEVICES}{key}/")
        assert response.status_code == 200, (key, response.content)
        assert response.json()["id"] == str(device.pk)
        assert response.json()["natural_slug"].startswith("leaf01_dc1_")
    assert api.send("PATCH", f"{DEVICES}leaf01;DC1/", {"serial": "X1"}).json()["serial"] == "X1"
    assert api.send("GET", f"{DEVICES}leaf01;DC2/").status_code == 404
    assert api.send("GET", f"{DEVICES}leaf01/").status_code == 404


def test_other_natural_keys_and_displays(api: APIClient) -> None:
    dtype = factories.device_type("switch")
    site()
    body = api.send("GET", "/api/dcim/device-types/switch;Acme/").json()
    assert body["id"] == str(dtype.pk) and body["display"] == "Acme switch"
    location = api.send("GET", "/api/dcim/locations/DC1;region-a/").json()
    assert location["display"] == "region-a → DC1" and location["tree_depth"] == 1
    region = api.send("GET", "/api/dcim/locations/region-a;/").json()
    assert region["display"] == "region-a" and region["tree_depth"] == 0
    listed = api.send("GET", "/api/dcim/locations/?depth=1").json()["results"]
    assert {row["name"]: row["tree_depth"] for row in listed} == {"region-a": 0, "DC1": 1}
    assert "tree_depth" not in listed[0]["location_type"]
    assert api.send("GET", "/api/dcim/manufacturers/Acme/").json()["id"] == str(acme().pk)
    rack = shared_rack()
    assert api.send("GET", "/api/dcim/racks/rack-a;DC1/").json()["id"] == str(rack.pk)


def test_face_is_a_choice_written_by_value_or_label(api: APIClient) -> None:
    rack = str(shared_rack().pk)
    body = created(api.send("POST", DEVICES, device_payload(name="a", rack=rack, position=1, face="Rear")))
    assert body["face"] == {"value": "rear", "label": "Rear"}
    body = created(api.send("POST", DEVICES, device_payload(name="b", rack=rack, position=2, face={"value": "front"})))
    assert body["face"] == {"value": "front", "label": "Front"}
    assert created(api.send("POST", DEVICES, device_payload(name="c")))["face"] is None


# --------------------------------------------------------------------------------------------- racks


def test_a_taken_rack_unit_is_a_400_on_position(api: APIClient) -> None:
    rack = str(shared_rack().pk)
    two_u = factories.device_type("two-u", u_height=2)
    created(
        api.send(
            "POST", DEVICES, device_payload(name="big", device_type=str(two_u.pk), rack=rack, position=10, face="front")
        )
    )
    response = api.send("POST", DEVICES, device_payload(name="small", rack=rack, position=11, face="rear"))
    assert response.status_code == 400, response.content
    assert "position" in response.json() and "U11" in response.json()["position"][0]
    mover = created(api.send("POST", DEVICES, device_payload(name="mover", rack=rack, position=20, face="front")))
    response = api.send("PATCH", f"{DEVICES}{mover['id']}/", {"position": 10})
    assert response.status_code == 400 and "position" in response.json()
    assert Device.objects.get(pk=mover["id"]).position == 20
    # Half-depth devices share a unit when they face opposite ways.
    half = str(factories.device_type("half", full_depth=False).pk)
    created(
        api.send("POST", DEVICES, device_payload(name="h1", device_type=half, rack=rack, position=30, face="front"))
    )
    created(api.send("POST", DEVICES, device_payload(name="h2", device_type=half, rack=rack, position=30, face="rear")))
    response = api.send(
        "POST", DEVICES, device_payload(name="h3", device_type=half, rack=rack, position=30, face="rear")
    )
    assert response.status_code == 400 and "position" in response.json()


def test_a_rack_is_42u_unless_told_and_counts_its_devices(api: APIClient) -> None:
    body = created(api.send("POST", "/api/dcim/racks/", {"name": "r1", "location": str(site().pk), "status": "Active"}))
    assert body["u_height"] == 42 and body["device_count"] == 0
    assert body["status"]["object_type"] == "extras.status"
    factories.device("d1", factories.device_type("switch"), site(), rack=Rack.objects.get(pk=body["id"]))
    assert api.send("GET", f"/api/dcim/racks/{body['id']}/").json()["device_count"] == 1
    # A rack cannot shrink below the devices in it.
    device = Device.objects.get(name="d1")
    device.position, device.face = 40, "front"
    device.save()
    response = api.send("PATCH", f"/api/dcim/racks/{body['id']}/", {"u_height": 30})
    assert response.status_code == 400 and "u_height" in response.json()


def test_a_reservation_is_made_by_the_requester_unless_it_names_someone(api: APIClient) -> None:
    payload = {"rack": str(shared_rack().pk), "units": [5, 3, 4, 3], "description": "new server"}
    body = created(api.send("POST", "/api/dcim/rack-reservations/", payload))
    reservation = RackReservation.objects.get(pk=body["id"])
    assert reservation.user.username == "api-admin"
    assert reservation.units == [3, 4, 5] and body["units"] == [3, 4, 5]
    assert body["display"] == "Reservation for rack rack-a"


# --------------------------------------------------------------------------------------------- statuses


def test_a_status_is_written_by_name_or_id_and_must_be_offered_on_the_model(api: APIClient) -> None:
    planned = Status.objects.get(name="Planned")
    body = created(api.send("POST", DEVICES, device_payload(name="a", status=str(planned.pk))))
    assert body["status"]["id"] == str(planned.pk)
    body = created(api.send("POST", DEVICES, device_payload(name="b", status="Staged")))
    assert Device.objects.get(pk=body["id"]).status.name == "Staged"
    response = api.send("POST", DEVICES, device_payload(name="c", status="Connected"))  # a cable status
    assert response.status_code == 400 and "status" in response.json(), response.content
    response = api.send("PATCH", f"{DEVICES}{body['id']}/", {"status": "Connected"})
    assert response.status_code == 400 and "status" in response.json()
    response = api.send("POST", "/api/dcim/locations/", {"name": "x", "location_type": "Region", "status": "Inventory"})
    assert response.status_code == 400 and "status" in response.json()


# --------------------------------------------------------------------------------------------- 409s


def test_a_manufacturer_with_device_types_cannot_be_deleted(api: APIClient) -> None:
    dtype = factories.device_type("switch")
    maker = dtype.manufacturer
    response = api.send("DELETE", f"/api/dcim/manufacturers/{maker.pk}/")
    assert response.status_code == 409, response.content
    assert "switch" in response.json()["detail"]
    response = api.send("DELETE", "/api/dcim/manufacturers/", [{"id": str(maker.pk)}])
    assert response.status_code == 409
    dtype.delete()
    assert api.send("DELETE", f"/api/dcim/manufacturers/{maker.pk}/").status_code == 204


def test_a_device_type_in_use_and_a_location_with_devices_cannot_be_deleted(api: APIClient) -> None:
    device = factories.device("d1", factories.device_type("switch"), site())
    assert api.send("DELETE", f"/api/dcim/device-types/{device.device_type_id}/").status_code == 409
    assert api.send("DELETE", f"/api/dcim/locations/{device.location_id}/").status_code == 409
    assert Device.objects.filter(pk=device.pk).exists()


# --------------------------------------------------------------------------------------------- virtual chassis


def test_a_virtual_chassis_created_with_a_master_has_it_as_member_one(api: APIClient) -> None:
    master = factories.device("sw1", factories.device_type("switch"), site())
    body = created(api.send("POST", "/api/dcim/virtual-chassis/", {"name": "VC1", "master": str(master.pk)}))
    assert body["member_count"] == 1
    assert body["master"]["id"] == str(master.pk)
    master.refresh_from_db()
    assert master.virtual_chassis_id is not None and str(master.virtual_chassis_id) == body["id"]
    assert master.vc_position == 1
    listed = api.send("GET", "/api/dcim/virtual-chassis/?name=VC1").json()["results"]
    assert [row["member_count"] for row in listed] == [1]
    created(api.send("POST", DEVICES, device_payload(name="sw2", virtual_chassis="VC1", vc_position=2)))
    assert api.send("GET", f"/api/dcim/virtual-chassis/{body['id']}/").json()["member_count"] == 2
    members = api.send("GET", f"{DEVICES}?virtual_chassis=VC1").json()
    assert members["count"] == 2
    response = api.send("POST", DEVICES, device_payload(name="sw3", virtual_chassis="VC1", vc_position=2))
    assert response.status_code == 400, response.content
    response = api.send("POST", DEVICES, device_payload(name="sw3", virtual_chassis="VC1"))
    assert response.status_code == 400 and "vc_position" in response.json()


def test_a_chassis_without_a_master_has_no_members_and_takes_only_a_member_as_master(api: APIClient) -> None:
    body = created(api.send("POST", "/api/dcim/virtual-chassis/", {"name": "VC2", "domain": "d"}))
    assert body["member_count"] == 0 and body["master"] is None
    outsider = factories.device("outsider", factories.device_type("switch"), site())
    url = f"/api/dcim/virtual-chassis/{body['id']}/"
    response = api.send("PATCH", url, {"master": str(outsider.pk)})
    assert response.status_code == 400 and "master" in response.json(), response.content
    api.send("PATCH", f"{DEVICES}{outsider.pk}/", {"virtual_chassis": body["id"], "vc_position": 1})
    response = api.send("PATCH", url, {"master": str(outsider.pk)})
    assert response.status_code == 200, response.content
    assert response.json()["master"]["id"] == str(outsider.pk) and response.json()["member_count"] == 1


# --------------------------------------------------------------------------------------------- nested, opt-in


def test_depth_one_nests_location_and_device_type_with_their_display(api: APIClient) -> None:
    device = factories.device("leaf01", factories.device_type("switch"), site(), rack=shared_rack())
    body = api.send("GET", f"{DEVICES}{device.pk}/?depth=1").json()
    location = body["location"]
    assert location["display"] == "region-a → DC1" and location["name"] == "DC1"
    assert location["parent"]["object_type"] == "dcim.location" and "name" not in location["parent"]
    device_type = body["device_type"]
    assert device_type["display"] == "Acme switch" and device_type["model"] == "switch"
    assert set(device_type["manufacturer"]) == {"id", "object_type", "url"}
    assert "device_count" not in device_type and "tags" not in device_type
    assert body["rack"]["display"] == "rack-a" and "device_count" not in body["rack"]
    flat = api.send("GET", f"{DEVICES}{device.pk}/").json()
    assert set(flat["location"]) == {"id", "object_type", "url"}
    assert flat["location"]["url"].endswith(f"/api/dcim/locations/{device.location_id}/")


def test_config_context_is_shown_only_when_asked_for(api: APIClient) -> None:
    data = {"ntp": ["10.0.0.1"], "syslog": {"host": "log"}}
    body = created(api.send("POST", DEVICES, device_payload(name="a", local_config_context_data=data)))
    assert body["local_config_context_data"] == data and "config_context" not in body
    plain = created(api.send("POST", DEVICES, device_payload(name="b")))
    rows = api.send("GET", f"{DEVICES}?include=config_context").json()["results"]
    contexts = {row["name"]: row["config_context"] for row in rows}
    assert contexts == {"a": data, "b": {}}
    assert "config_context" not in api.send("GET", f"{DEVICES}{plain['id']}/").json()
    assert api.send("GET", f"{DEVICES}{body['id']}/?include=config_context").json()["config_context"] == data


def test_counts_come_with_the_list_and_leave_nested_objects(api: APIClient) -> None:
    dtype = factories.device_type("switch")
    factories.device("d1", dtype, site())
    factories.device("d2", dtype, site())
    rows = api.send("GET", "/api/dcim/device-types/?model=switch").json()["results"]
    assert rows[0]["device_count"] == 2
    maker = api.send("GET", "/api/dcim/manufacturers/?name=Acme").json()["results"][0]
    assert maker["device_type_count"] == 1 and maker["platform_count"] == 0
    nested = api.send("GET", "/api/dcim/device-types/?model=switch&depth=1").json()["results"][0]
    assert "device_type_count" not in nested["manufacturer"]


def test_a_device_list_costs_the_same_queries_for_unnamed_and_chassis_members(api: APIClient) -> None:
    dtype = factories.device_type("switch")
    chassis = services.create_virtual_chassis(name="stack")

    def unnamed(**fields: Any) -> None:
        services.create_device(
            device_type=dtype, role=factories.role(), status=factories.status(), location=site(), **fields
        )

    for position in range(1, 4):
        unnamed(virtual_chassis=chassis, vc_position=position)
    with CaptureQueriesContext(connection) as few:
        assert api.send("GET", DEVICES).status_code == 200
    for index in range(10):
        unnamed()
        unnamed(virtual_chassis=chassis, vc_position=10 + index)
    with CaptureQueriesContext(connection) as many:
        rows = api.send("GET", DEVICES).json()["results"]
    assert len(many) <= len(few)
    assert sum(row["display"].startswith("stack:") for row in rows) == 13


# --------------------------------------------------------------------------------------------- primary IPs


def test_a_primary_ip_must_be_an_address_of_the_device(api: APIClient) -> None:
    from netkeel.ipam import services as ipam

    active = Status.objects.get(name="Active")
    ipam.create_prefix("10.0.0.0/24", status=active)
    ipam.create_prefix("2001:db8::/64", status=active)
    device = factories.device("leaf01", factories.device_type("switch", interfaces=1), site())
    other = factories.device("leaf02", DeviceType.objects.get(model="switch"), site())
    v4 = ipam.create_ip_address("10.0.0.1/24", status=active)
    v6 = ipam.create_ip_address("2001:db8::1/64", status=active)
    stranger = ipam.create_ip_address("10.0.0.2/24", status=active)
    ipam.assign_ip_address(v4, device.interfaces.get())
    ipam.assign_ip_address(v6, device.interfaces.get())
    ipam.assign_ip_address(stranger, other.interfaces.get())
    url = f"{DEVICES}{device.pk}/"
    response = api.send("PATCH", url, {"primary_ip4": str(stranger.pk)})
    assert response.status_code == 400 and "primary_ip4" in response.json()
    response = api.send("PATCH", url, {"primary_ip4": str(v6.pk)})
    assert response.status_code == 400 and "primary_ip4" in response.json()
    assert api.send("GET", f"{DEVICES}?has_primary_ip=true").json()["count"] == 0
    body = api.send("PATCH", url, {"primary_ip4": str(v4.pk), "primary_ip6": str(v6.pk)}).json()
    assert body["primary_ip4"]["id"] == str(v4.pk) and body["primary_ip6"]["object_type"] == "ipam.ipaddress"
    assert [row["name"] for row in api.send("GET", f"{DEVICES}?has_primary_ip=true").json()["results"]] == ["leaf01"]
    assert api.send("GET", f"{DEVICES}?has_primary_ip=false").json()["count"] == 1


# --------------------------------------------------------------------------------------------- location types


def test_location_type_content_types_are_written_and_read_as_object_types(api: APIClient) -> None:
    body = created(
        api.send(
            "POST", "/api/dcim/location-types/", {"name": "Building", "content_types": ["dcim.device", "DCIM.Rack"]}
        )
    )
    assert sorted(body["content_types"]) == ["dcim.device", "dcim.rack"]
    url = f"/api/dcim/location-types/{body['id']}/"
    assert api.send("PATCH", url, {"content_types": []}).json()["content_types"] == []
    assert "content_types" not in api.send("GET", f"{url}?exclude_m2m=true").json()
    options = api.send("OPTIONS", "/api/dcim/location-types/").json()["actions"]["POST"]
    assert options["content_types"]["type"] == "list"


def test_a_location_filter_on_devices_includes_locations_below(api: APIClient) -> None:
    room_type = factories.LocationType.objects.create(name="Room", parent=site().location_type)
    room = Location.objects.create(name="room-1", location_type=room_type, parent=site(), status=factories.status())
    factories.device("in-room", factories.device_type("switch"), room)
    factories.device("in-site", DeviceType.objects.get(model="switch"), site())
    names = lambda query: sorted(row["name"] for row in api.send("GET", f"{DEVICES}?{query}").json()["results"])  # noqa: E731
    assert names("location=region-a") == ["in-room", "in-site"]
    assert names("location=DC1") == ["in-room", "in-site"]
    assert names("location=room-1") == ["in-room"]
    assert names(f"location={room.pk}") == ["in-room"]
    assert names("location__n=room-1") == ["in-site"]


def test_a_child_device_shows_the_bay_it_sits_in(api: APIClient) -> None:
    chassis_type = factories.device_type("chassis")
    chassis_type.subdevice_role = "parent"
    chassis_type.save()
    DeviceBayTemplate.objects.create(device_type=chassis_type, name="bay1")
    blade_type = DeviceType.objects.create(manufacturer=acme(), model="blade", u_height=0, subdevice_role="child")
    chassis = factories.device("chassis01", chassis_type, site())
    blade = factories.device("blade01", blade_type, site())
    bay = DeviceBay.objects.get(device=chassis, name="bay1")
    bay.installed_device = blade
    bay.save()
    body = api.send("GET", f"{DEVICES}{blade.pk}/").json()
    assert body["parent_bay"] == {
        "id": str(bay.pk),
        "object_type": "dcim.devicebay",
        "url": f"http://localhost/api/dcim/device-bays/{bay.pk}/",
    }
    nested = api.send("GET", f"{DEVICES}{blade.pk}/?depth=1").json()["parent_bay"]
    assert nested["display"] == "bay1" and nested["device"]["id"] == str(chassis.pk)
    rows = api.send("GET", f"{DEVICES}?depth=1").json()["results"]
    assert {row["name"]: bool(row["parent_bay"]) for row in rows} == {"blade01": True, "chassis01": False}


def chassis_and_blade_types() -> tuple[DeviceType, DeviceType]:
    chassis_type = factories.device_type("chassis")
    chassis_type.subdevice_role = "parent"
    chassis_type.save()
    DeviceBayTemplate.objects.create(device_type=chassis_type, name="bay1")
    DeviceBayTemplate.objects.create(device_type=chassis_type, name="bay2")
    blade_type = DeviceType.objects.create(manufacturer=acme(), model="blade", u_height=0, subdevice_role="child")
    return chassis_type, blade_type


def test_a_device_written_with_a_parent_bay_is_installed_in_it(api: APIClient) -> None:
    """Nautobot's `parent_bay` written on a device: on create the device goes in that bay, on update it moves
    there (out of the bay it was in), null takes it out; the bay says so too."""
    chassis_type, blade_type = chassis_and_blade_types()
    chassis = factories.device("chassis01", chassis_type, site())
    bay1, bay2 = DeviceBay.objects.filter(device=chassis).order_by("name")
    body = created(
        api.send(
            "POST", DEVICES, device_payload(name="blade01", device_type=str(blade_type.pk), parent_bay=str(bay1.pk))
        )
    )
    assert body["parent_bay"]["id"] == str(bay1.pk)
    blade = Device.objects.get(pk=body["id"])
    bay1.refresh_from_db()
    assert bay1.installed_device == blade
    installed = api.send("GET", f"/api/dcim/device-bays/{bay1.pk}/").json()["installed_device"]
    assert installed["id"] == str(blade.pk)

    moved = api.send(
        "PATCH", f"{DEVICES}{blade.pk}/", {"parent_bay": {"device": {"name": "chassis01"}, "name": "bay2"}}
    )
    assert moved.status_code == 200, moved.content
    assert moved.json()["parent_bay"]["id"] == str(bay2.pk)
    assert list(DeviceBay.objects.filter(installed_device=blade)) == [bay2]
    assert DeviceBay.objects.get(pk=bay1.pk).installed_device is None

    kept = api.send("PATCH", f"{DEVICES}{blade.pk}/", {"serial": "S1"})
    assert kept.status_code == 200 and kept.json()["parent_bay"]["id"] == str(bay2.pk)
    removed = api.send("PATCH", f"{DEVICES}{blade.pk}/", {"parent_bay": None})
    assert removed.status_code == 200 and removed.json()["parent_bay"] is None
    assert not DeviceBay.objects.filter(installed_device__isnull=False).exists()


def test_a_parent_bay_that_cannot_take_the_device_is_a_400_naming_it(api: APIClient) -> None:
    chassis_type, blade_type = chassis_and_blade_types()
    chassis = factories.device("chassis01", chassis_type, site())
    bay1, bay2 = DeviceBay.objects.filter(device=chassis).order_by("name")
    blade = factories.device("blade01", blade_type, site())
    bay1.installed_device = blade
    bay1.save()
    other = factories.device("blade02", blade_type, site())
    cases = [
        (other, {"parent_bay": str(bay1.pk)}, "already holds blade01"),  # taken
        (chassis, {"parent_bay": str(bay2.pk)}, "installed in itself"),
        (factories.device("plain01", chassis_type, site()), {"parent_bay": str(bay2.pk)}, "not a child device type"),
        (other, {"parent_bay": "00000000-0000-0000-0000-000000000000"}, "No device bay"),
        (other, {"parent_bay": 12}, "No device bay"),
    ]
    for device, change, reason in cases:
        refused = api.send("PATCH", f"{DEVICES}{device.pk}/", change)
        assert refused.status_code == 400, (change, refused.content)
        assert list(refused.json()) == ["parent_bay"] and reason in str(refused.json()["parent_bay"]), refused.json()
    new = api.send(
        "POST", DEVICES, device_payload(name="blade03", device_type=str(blade_type.pk), parent_bay=str(bay1.pk))
    )
    assert new.status_code == 400 and list(new.json()) == ["parent_bay"], new.content
    assert not Device.objects.filter(name="blade03").exists()  # the refused bay undoes the whole create
    bay1.refresh_from_db()
    bay2.refresh_from_db()
    assert bay1.installed_device == blade and bay2.installed_device is None


def test_a_reservations_units_are_documented_as_a_list_of_whole_numbers(api: APIClient) -> None:
    """As Nautobot documents them (the model checks each unit); a unit that is not a number is a 400."""
    schema = api.send("GET", "/api/swagger.json").json()["components"]["schemas"]
    for component in ("RackReservation", "RackReservationRequest"):
        assert schema[component]["properties"]["units"] == {"type": "array", "items": {"type": "integer"}}
    bad = api.send("POST", "/api/dcim/rack-reservations/", {"rack": None, "units": ["a"], "description": "x"})
    assert bad.status_code == 400


def test_the_device_services_place_a_device_in_a_bay_without_the_api() -> None:
    """`create_device(parent_bay=)` and `update_device(parent_bay=)` are the whole write, as a job calls them:
    judged by the model (no serializer did), one bay per device, None takes it out."""
    chassis_type, blade_type = chassis_and_blade_types()
    chassis = factories.device("chassis01", chassis_type, site())
    bay1, bay2 = DeviceBay.objects.filter(device=chassis).order_by("name")
    fields: dict[str, Any] = {
        "device_type": blade_type,
        "location": chassis.location,
        "role": chassis.role,
        "status": chassis.status,
    }
    blade = services.create_device(name="blade01", parent_bay=bay1, **fields)
    assert DeviceBay.objects.get(installed_device=blade) == bay1
    services.update_device(blade, serial="S1", parent_bay=bay2)
    assert DeviceBay.objects.get(installed_device=blade) == bay2 and Device.objects.get(pk=blade.pk).serial == "S1"
    with pytest.raises(ValidationError) as refused:
        services.create_device(name="blade02", parent_bay=bay2, **fields)
    assert "parent_bay" in refused.value.message_dict
    assert not Device.objects.filter(name="blade02").exists()  # refused whole: no device left without its bay
    with pytest.raises(ValidationError):
        services.update_device(blade, name="chassis01")  # the model judges what no serializer checked
    blade.refresh_from_db()
    services.update_device(blade, parent_bay=None)
    assert not DeviceBay.objects.filter(installed_device__isnull=False).exists()
