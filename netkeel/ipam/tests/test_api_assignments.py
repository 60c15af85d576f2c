"""Nautobot 3's assignment routes: the shared endpoint contract for `/api/ipam/vrf-device-assignments/`,
`vrf-prefix-assignments`, `prefix-location-assignments` and `vlan-location-assignments`, then their rules (a
VRF on a device or a virtual machine, not both; its route distinguisher and name defaulting to the VRF's; a
prefix only in its VRF's namespace) and the `vrfs`, `present_in_vrf`, `device` and `prefix` filters of the
endpoints around them."""

from __future__ import annotations

from typing import Any

import pytest

from netkeel.core.testing.api import APIClient, APIEndpointTests
from netkeel.dcim.models import Device, Location
from netkeel.dcim.tests import factories as f
from netkeel.ipam import services
from netkeel.ipam.models import (
    VLAN,
    VRF,
    Namespace,
    Prefix,
    PrefixLocationAssignment,
    RouteTarget,
    VLANGroup,
    VLANLocationAssignment,
    VRFDeviceAssignment,
    VRFPrefixAssignment,
)
from netkeel.ipam.tests.test_api import active, existing_prefix
from netkeel.ipam.tests.test_api import ip as make_address
from netkeel.virtualization.models import VirtualMachine
from netkeel.virtualization.tests import factories as v

pytestmark = pytest.mark.django_db

DEVICE_ASSIGNMENTS = "/api/ipam/vrf-device-assignments/"
PREFIX_ASSIGNMENTS = "/api/ipam/vrf-prefix-assignments/"


def vrf(name: str = "blue", rd: str | None = "65000:1", **fields: Any) -> VRF:
    return VRF.objects.filter(name=name).first() or VRF.objects.create(name=name, rd=rd, **fields)


def server(name: str = "srv1") -> Device:
    return Device.objects.filter(name=name).first() or f.device(name, f.device_type(), site("dc1"))


def machine(name: str = "vm1") -> VirtualMachine:
    return VirtualMachine.objects.filter(name=name).first() or v.virtual_machine(name)


def site(name: str) -> Location:
    return Location.objects.filter(name=name).first() or f.location(name)


def vlan(vid: int) -> VLAN:
    group, _ = VLANGroup.objects.get_or_create(name="g", defaults={"range": "1-100"})
    found = VLAN.objects.filter(vlan_group=group, vid=vid).first()
    return found or VLAN.objects.create(vid=vid, name=f"vlan-{vid}", vlan_group=group, status=active())


class TestVRFDeviceAssignments(APIEndpointTests):
    endpoint = DEVICE_ASSIGNMENTS
    model = VRFDeviceAssignment
    update_payload = {"name": "changed"}
    bad_payloads = [
        ({"device": "srv1"}, "vrf"),
        ({"vrf": "blue"}, "device"),
        ({"vrf": "blue", "device": "srv1", "virtual_machine": "vm1"}, "virtual_machine"),
        ({"vrf": "blue", "device": "nope"}, "device"),
        ({"vrf": "blue", "device": "srv1", "rd": "x" * 22}, "rd"),
    ]
    filter_cases = [
        ("vrf", "vrf-1", 1),
        ("vrf__n", "vrf-1", 2),
        ("device", "srv1", 3),
        ("virtual_machine__isnull", "true", 3),
        ("rd", "65000:2", 1),
        ("name__ic", "VRF-", 3),
        ("q", "vrf-0", 1),
    ]

    def test_bad_input_is_a_400_naming_the_field_and_writes_nothing(self, api: APIClient) -> None:
        vrf(), server(), machine()  # what the bad payloads name, so that the model's own checks are reached
        super().test_bad_input_is_a_400_naming_the_field_and_writes_nothing(api)

    def make(self, index: int) -> Any:
        return services.assign_vrf(vrf(f"vrf-{index}", f"65000:{index}"), device=server())

    def create_payloads(self) -> list[dict[str, Any]]:
        blue, device = vrf(), server()
        machine()
        return [
            {"vrf": str(blue.pk), "device": str(device.pk)},
            {"vrf": "blue", "virtual_machine": "vm1", "rd": "65000:7", "name": "blue-on-vm"},
            {"vrf": {"name": "blue"}, "virtual_machine": str(machine("vm2").pk)},
        ]


class TestVRFPrefixAssignments(APIEndpointTests):
    endpoint = PREFIX_ASSIGNMENTS
    model = VRFPrefixAssignment
    update_payload = {"prefix": "Global;10.9.0.0/24"}
    bad_payloads = [({"vrf": "blue"}, "prefix"), ({"prefix": "10.9.0.0/24"}, "vrf")]
    filter_cases = [("vrf", "vrf-1", 1), ("prefix", "10.0.1.0/24", 1), ("prefix__n", "10.0.1.0/24", 2)]

    def make(self, index: int) -> Any:
        existing_prefix("10.9.0.0/24")
        return services.assign_vrf_to_prefix(vrf(f"vrf-{index}", None), existing_prefix(f"10.0.{index}.0/24"))

    def create_payloads(self) -> list[dict[str, Any]]:
        blue = vrf()
        return [
            {"vrf": str(blue.pk), "prefix": str(existing_prefix("10.1.0.0/24").pk)},
            {"vrf": "blue", "prefix": str(existing_prefix("10.2.0.0/24").pk)},
            {"vrf": {"name": "blue"}, "prefix": str(existing_prefix("10.3.0.0/24").pk)},
        ]


class TestPrefixLocationAssignments(APIEndpointTests):
    endpoint = "/api/ipam/prefix-location-assignments/"
    model = PrefixLocationAssignment
    update_payload = {"location": "dc9"}
    bad_payloads = [({"location": "dc1"}, "prefix"), ({"prefix": "10.0.0.0/24", "location": "nope"}, "location")]
    filter_cases = [("location", "dc1", 3), ("location__n", "dc1", 0), ("prefix", "10.0.2.0/24", 1)]

    def make(self, index: int) -> Any:
        site("dc9")
        return services.create_assignment(
            PrefixLocationAssignment, prefix=existing_prefix(f"10.0.{index}.0/24"), location=site("dc1")
        )

    def create_payloads(self) -> list[dict[str, Any]]:
        existing_prefix("10.0.0.0/24")
        site("dc1")
        return [
            {"prefix": str(existing_prefix("10.1.0.0/24").pk), "location": "dc1"},
            {"prefix": str(existing_prefix("10.2.0.0/24").pk), "location": str(site("dc2").pk)},
            {"prefix": str(existing_prefix("10.3.0.0/24").pk), "location": {"name": "dc1"}},
        ]


class TestVLANLocationAssignments(APIEndpointTests):
    endpoint = "/api/ipam/vlan-location-assignments/"
    model = VLANLocationAssignment
    update_payload = {"location": "dc9"}
    bad_payloads = [({"location": "dc1"}, "vlan"), ({"vlan": "nope", "location": "dc1"}, "vlan")]
    filter_cases = [("location", "dc1", 3), ("vlan", "vlan-2", 1), ("q", "vlan-3", 1)]

    def make(self, index: int) -> Any:
        site("dc9")
        return services.create_assignment(VLANLocationAssignment, vlan=vlan(index + 1), location=site("dc1"))

    def create_payloads(self) -> list[dict[str, Any]]:
        site("dc1")
        return [
            {"vlan": str(vlan(10).pk), "location": "dc1"},
            {"vlan": str(vlan(11).pk), "location": str(site("dc2").pk)},
            {"vlan": str(vlan(12).pk), "location": {"name": "dc1"}},
        ]


def test_a_vrf_on_a_device_takes_the_vrfs_rd_and_name_unless_given(api: APIClient) -> None:
    blue, device = vrf(), server()
    response = api.send("POST", DEVICE_ASSIGNMENTS, {"vrf": "blue", "device": "srv1"})
    assert response.status_code == 201, response.content
    assert (response.json()["rd"], response.json()["name"]) == ("65000:1", "blue")
    own = api.send("POST", DEVICE_ASSIGNMENTS, {"vrf": "red", "device": "srv1", "rd": "1:1", "name": "r"})
    assert own.status_code == 400 and "vrf" in own.json()  # no VRF red yet
    vrf("red", rd=None)
    own = api.send("POST", DEVICE_ASSIGNMENTS, {"vrf": "red", "device": "srv1", "rd": "1:1", "name": "r"})
    assert own.status_code == 201, own.content
    assert (own.json()["rd"], own.json()["name"]) == ("1:1", "r")
    again = api.send("POST", DEVICE_ASSIGNMENTS, {"vrf": "blue", "device": "srv1"})
    assert again.status_code == 400, again.content
    assert set(blue.devices.all()) == {device}
    assert list(device.vrfs.order_by("name").values_list("name", flat=True)) == ["blue", "red"]


def test_a_vrf_goes_on_a_device_or_a_virtual_machine_not_both(api: APIClient) -> None:
    vrf(), server(), machine()
    both = api.send("POST", DEVICE_ASSIGNMENTS, {"vrf": "blue", "device": "srv1", "virtual_machine": "vm1"})
    assert both.status_code == 400
    assert {"device", "virtual_machine"} <= set(both.json())
    neither = api.send("POST", DEVICE_ASSIGNMENTS, {"vrf": "blue"})
    assert neither.status_code == 400 and {"device", "virtual_machine"} <= set(neither.json())
    assert not VRFDeviceAssignment.objects.exists()


def test_a_vrf_goes_on_a_virtual_device_context_and_is_found_by_it(api: APIClient) -> None:
    """Nautobot 3's third kind of parent: a context of a device, alone (with a device too is a 400 naming
    both); the VRF's `virtual_device_contexts` filter and the assignment's `virtual_device_context` filter."""
    from netkeel.dcim import services as dcim_services
    from netkeel.extras.models import Status

    blue, device = vrf(), server()
    admin = dcim_services.create_virtual_device_context(
        name="admin", device=device, status=Status.objects.get(name="Active")
    )
    both = api.send(
        "POST", DEVICE_ASSIGNMENTS, {"vrf": "blue", "device": "srv1", "virtual_device_context": str(admin.pk)}
    )
    assert both.status_code == 400 and {"device", "virtual_device_context"} <= set(both.json()), both.content
    neither = api.send("POST", DEVICE_ASSIGNMENTS, {"vrf": "blue"})
    assert {"device", "virtual_machine", "virtual_device_context"} <= set(neither.json())
    made = api.send("POST", DEVICE_ASSIGNMENTS, {"vrf": "blue", "virtual_device_context": str(admin.pk)})
    assert made.status_code == 201, made.content
    assert made.json()["virtual_device_context"]["id"] == str(admin.pk) and made.json()["rd"] == "65000:1"
    assert list(admin.vrfs.all()) == [blue]
    found = api.send("GET", f"/api/ipam/vrfs/?virtual_device_contexts={admin.pk}").json()
    assert [row["name"] for row in found["results"]] == ["blue"]
    assert api.send("GET", f"/api/ipam/vrfs/?virtual_device_contexts__n={admin.pk}").json()["count"] == 0
    rows = api.send("GET", f"{DEVICE_ASSIGNMENTS}?virtual_device_context={admin.pk}").json()["results"]
    assert [row["id"] for row in rows] == [made.json()["id"]]
    assert api.send("GET", f"{DEVICE_ASSIGNMENTS}?virtual_device_context__isnull=true").json()["count"] == 0


def test_a_prefix_joins_only_a_vrf_of_its_namespace(api: APIClient) -> None:
    vrf()
    other = Namespace.objects.create(name="lab")
    lab_vrf = vrf("lab-vrf", namespace=other)
    prefix = existing_prefix("10.5.0.0/24")
    refused = api.send("POST", PREFIX_ASSIGNMENTS, {"vrf": str(lab_vrf.pk), "prefix": str(prefix.pk)})
    assert refused.status_code == 400 and "prefix" in refused.json(), refused.content
    made = api.send("POST", PREFIX_ASSIGNMENTS, {"vrf": "blue", "prefix": str(prefix.pk)})
    assert made.status_code == 201, made.content
    assert made.json()["display"] == "blue: 10.5.0.0/24"
    assert list(prefix.vrfs.all()) == [vrf()]
    duplicate = api.send("POST", PREFIX_ASSIGNMENTS, {"vrf": "blue", "prefix": str(prefix.pk)})
    assert duplicate.status_code == 400, duplicate.content


def test_prefixes_addresses_devices_and_machines_filter_by_their_vrfs(api: APIClient) -> None:
    blue, red = vrf(), vrf("red", "65000:2")
    inside = existing_prefix("10.5.0.0/24")
    existing_prefix("10.6.0.0/24")
    services.assign_vrf_to_prefix(blue, inside)
    make_address("10.5.0.7/24")
    make_address("10.6.0.7/24")
    services.assign_vrf(blue, device=server())
    server("srv2")
    services.assign_vrf(red, virtual_machine=machine())
    machine("vm2")

    def listed(path: str, key: str = "display") -> list[str]:
        response = api.send("GET", path)
        assert response.status_code == 200, response.content
        return sorted(row[key] for row in response.json()["results"])

    assert listed("/api/ipam/prefixes/?vrfs=blue", "prefix") == ["10.5.0.0/24"]
    assert listed(f"/api/ipam/prefixes/?vrfs={blue.pk}", "prefix") == ["10.5.0.0/24"]
    assert listed("/api/ipam/prefixes/?vrfs__isnull=true", "prefix") == ["10.6.0.0/24"]
    assert listed("/api/ipam/prefixes/?vrfs__n=blue", "prefix") == ["10.6.0.0/24"]
    assert listed("/api/ipam/ip-addresses/?vrfs=blue", "address") == ["10.5.0.7/24"]
    assert listed("/api/ipam/prefixes/?present_in_vrf=65000:1", "prefix") == ["10.5.0.0/24"]
    assert listed(f"/api/ipam/ip-addresses/?present_in_vrf_id={blue.pk}", "address") == ["10.5.0.7/24"]
    assert listed("/api/ipam/prefixes/?present_in_vrf=65000:2", "prefix") == []
    # Red imports what blue exports: blue's prefixes are present in red too.
    target = RouteTarget.objects.create(name="65000:100")
    blue.export_targets.add(target)
    red.import_targets.add(target)
    assert listed("/api/ipam/prefixes/?present_in_vrf=65000:2", "prefix") == ["10.5.0.0/24"]
    unknown = api.send("GET", "/api/ipam/prefixes/?present_in_vrf=1:999")
    assert unknown.status_code == 400 and "present_in_vrf" in unknown.json()

    assert listed("/api/dcim/devices/?vrfs=blue", "name") == ["srv1"]
    assert listed("/api/dcim/devices/?vrfs__isnull=true", "name") == ["srv2"]
    assert listed("/api/virtualization/virtual-machines/?vrfs=red", "name") == ["vm1"]
    assert listed("/api/virtualization/virtual-machines/?vrfs__n=red", "name") == ["vm2"]
    assert listed("/api/ipam/vrfs/?device=srv1", "name") == ["blue"]
    assert listed("/api/ipam/vrfs/?virtual_machines=vm1", "name") == ["red"]
    assert listed("/api/ipam/vrfs/?prefix=10.5.0.0/24", "name") == ["blue"]
    assert listed(f"/api/ipam/vrfs/?prefix__n={inside.pk}", "name") == ["red"]


def test_a_prefixs_locations_are_its_location_assignments(api: APIClient) -> None:
    dc1, dc2 = site("dc1"), site("dc2")
    response = api.send(
        "POST", "/api/ipam/prefixes/", {"prefix": "10.7.0.0/24", "status": "Active", "locations": [str(dc1.pk)]}
    )
    assert response.status_code == 201, response.content
    prefix = Prefix.objects.get(pk=response.json()["id"])
    assert list(prefix.locations.all()) == [dc1]
    rows = api.send("GET", f"/api/ipam/prefix-location-assignments/?prefix={prefix.pk}").json()["results"]
    assert [row["location"]["id"] for row in rows] == [str(dc1.pk)]
    added = api.send("POST", "/api/ipam/prefix-location-assignments/", {"prefix": str(prefix.pk), "location": "dc2"})
    assert added.status_code == 201, added.content
    assert set(prefix.locations.all()) == {dc1, dc2}
    assert api.send("DELETE", f"/api/ipam/prefix-location-assignments/{rows[0]['id']}/").status_code == 204
    assert list(prefix.locations.all()) == [dc2]
    assert api.send("GET", f"/api/ipam/prefixes/{prefix.pk}/?exclude_m2m=false").json()["locations"][0]["id"] == str(
        dc2.pk
    )


def test_an_assignment_written_through_the_api_is_in_the_change_log(api: APIClient) -> None:
    from django.contrib.contenttypes.models import ContentType

    from netkeel.extras.models import ObjectChange

    vrf(), server()
    made = api.send("POST", DEVICE_ASSIGNMENTS, {"vrf": "blue", "device": "srv1"})
    assert made.status_code == 201, made.content
    url = f"{DEVICE_ASSIGNMENTS}{made.json()['id']}/"
    assert api.send("PATCH", url, {"name": "renamed"}).status_code == 200
    assert api.send("DELETE", url).status_code == 204
    records = ObjectChange.objects.filter(
        changed_object_type=ContentType.objects.get_for_model(VRFDeviceAssignment), changed_object_id=made.json()["id"]
    )
    assert sorted(records.values_list("action", flat=True)) == ["create", "delete", "update"]
