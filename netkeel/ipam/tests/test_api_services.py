"""`/api/ipam/services/`: the shared endpoint contract, then a service's one parent (a device or a virtual
machine), its ports and its addresses (the parent's own), and the `services` filters of other endpoints."""

from __future__ import annotations

from typing import Any

import pytest

from netkeel.core.testing.api import APIClient, APIEndpointTests
from netkeel.dcim.models import Device
from netkeel.dcim.tests import factories as f
from netkeel.ipam import services
from netkeel.ipam.models import Service
from netkeel.ipam.tests.test_api import existing_prefix
from netkeel.ipam.tests.test_api import ip as make_address
from netkeel.virtualization.models import VirtualMachine
from netkeel.virtualization.tests import factories as v

pytestmark = pytest.mark.django_db

SERVICES = "/api/ipam/services/"


def ip(text: str) -> Any:
    existing_prefix(f"{text.split('/')[0].rsplit('.', 1)[0]}.0/24")
    return make_address(text)


def server(name: str = "srv1") -> Device:
    return Device.objects.filter(name=name).first() or f.device(name, f.device_type(interfaces=2), f.location())


def machine(name: str = "vm1") -> VirtualMachine:
    return VirtualMachine.objects.filter(name=name).first() or v.virtual_machine(name)


class TestServices(APIEndpointTests):
    endpoint = SERVICES
    model = Service
    update_payload = {"description": "changed", "ports": [8443, 443]}
    bad_payloads = [
        ({"name": "ssh", "protocol": "tcp", "ports": [22]}, "device"),
        ({"name": "ssh", "protocol": "tcp", "ports": [22], "device": "srv1", "virtual_machine": "vm1"}, "device"),
        ({"name": "ssh", "protocol": "tcp", "ports": [0], "device": "srv1"}, "ports"),
        ({"name": "ssh", "protocol": "tcp", "ports": [65536], "device": "srv1"}, "ports"),
        ({"name": "ssh", "protocol": "tcp", "ports": ["x"], "device": "srv1"}, "ports"),
        ({"name": "ssh", "protocol": "tcp", "ports": [], "device": "srv1"}, "ports"),
        ({"name": "ssh", "protocol": "tcp", "ports": 22, "device": "srv1"}, "ports"),
        ({"name": "ssh", "protocol": "sctp", "ports": [22], "device": "srv1"}, "protocol"),
        ({"name": "", "protocol": "tcp", "ports": [22], "device": "srv1"}, "name"),
        ({"name": "ssh", "protocol": "tcp", "ports": [22], "device": "nope"}, "device"),
    ]
    filter_cases = [
        ("name", "svc-1", 1),
        ("q", "svc-2", 1),
        ("protocol", "udp", 1),
        ("device", "srv1", 3),
        ("virtual_machine__isnull", "true", 3),
        ("ports", "1001", 1),
        ("port", "22", 3),
    ]

    def test_bad_input_is_a_400_naming_the_field_and_writes_nothing(self, api: APIClient) -> None:
        server(), machine()  # what the bad payloads name, so that the model's own checks are reached
        super().test_bad_input_is_a_400_naming_the_field_and_writes_nothing(api)

    def make(self, index: int) -> Any:
        protocol = "udp" if index == 1 else "tcp"
        return services.create_service(
            device=server(), name=f"svc-{index}", protocol=protocol, ports=[22, 1000 + index]
        )

    def create_payloads(self) -> list[dict[str, Any]]:
        device, vm = server(), machine()
        return [
            {"name": "ssh", "protocol": "tcp", "ports": [22], "device": str(device.pk)},
            {"name": "dns", "protocol": "udp", "ports": [53], "virtual_machine": "vm1", "description": "two"},
            {"name": "https", "protocol": "tcp", "ports": [443, 8443], "virtual_machine": str(vm.pk)},
        ]


def test_a_service_reads_as_nautobots_with_its_ports_as_given(api: APIClient) -> None:
    answer = api.send("POST", SERVICES, {"name": "web", "protocol": "tcp", "ports": [443, 80], "device": "srv1"})
    assert answer.status_code == 400  # no such device yet
    device = server()
    answer = api.send("POST", SERVICES, {"name": "web", "protocol": "tcp", "ports": [443, 80], "device": "srv1"})
    assert answer.status_code == 201, answer.json()
    body = answer.json()
    assert body["ports"] == [443, 80]  # as given (a client comparing its own list sees no change)
    assert body["protocol"] == {"value": "tcp", "label": "TCP"}
    assert body["device"]["id"] == str(device.pk)
    assert body["virtual_machine"] is None
    assert body["display"] == "web (TCP/80, 443)"
    again = api.send("POST", SERVICES, {"name": "web", "protocol": "udp", "ports": [53], "device": str(device.pk)})
    assert again.status_code == 400, again.json()


def test_both_parents_or_none_is_a_400_naming_both(api: APIClient) -> None:
    device, vm = server(), machine()
    both = {"name": "x", "protocol": "tcp", "ports": [1], "device": str(device.pk), "virtual_machine": str(vm.pk)}
    for payload in (both, {"name": "x", "protocol": "tcp", "ports": [1]}):
        answer = api.send("POST", SERVICES, payload)
        assert answer.status_code == 400, answer.json()
        assert {"device", "virtual_machine"} <= set(answer.json())
    service = services.create_service(device=device, name="ssh", protocol="tcp", ports=[22])
    answer = api.send("PATCH", f"{SERVICES}{service.pk}/", {"virtual_machine": str(vm.pk)})
    assert answer.status_code == 400, answer.json()
    assert not Service.objects.exclude(pk=service.pk).exists()


def test_addresses_are_the_parents_own(api: APIClient) -> None:
    device, vm = server(), machine()
    mine, theirs, loose = ip("10.1.0.1/24"), ip("10.1.0.2/24"), ip("10.1.0.3/24")
    services.assign_ip_address(mine, interface=device.interfaces.first())
    services.assign_ip_address(theirs, vm_interface=v.vm_interface(vm))
    payload = {"name": "ssh", "protocol": "tcp", "ports": [22], "device": str(device.pk)}
    for other in (theirs, loose):
        answer = api.send("POST", SERVICES, {**payload, "ip_addresses": [str(other.pk)]})
        assert answer.status_code == 400, answer.json()
        assert "ip_addresses" in answer.json()
    answer = api.send("POST", SERVICES, {**payload, "ip_addresses": [str(mine.pk)]})
    assert answer.status_code == 201, answer.json()
    assert [row["id"] for row in answer.json()["ip_addresses"]] == [str(mine.pk)]
    created = answer.json()["id"]
    shown = api.send("GET", f"{SERVICES}{created}/?exclude_m2m=false").json()
    assert [row["id"] for row in shown["ip_addresses"]] == [str(mine.pk)]
    # Moved to the VM, it cannot keep the device's address; with the VM's own, it can.
    moved = api.send("PATCH", f"{SERVICES}{created}/", {"device": None, "virtual_machine": str(vm.pk)})
    assert moved.status_code == 400, moved.json()
    assert "ip_addresses" in moved.json()
    kept = api.send("GET", f"{SERVICES}{created}/").json()
    assert kept["device"]["id"] == str(device.pk) and kept["virtual_machine"] is None  # nothing half-written
    moved = api.send(
        "PATCH",
        f"{SERVICES}{created}/",
        {"device": None, "virtual_machine": str(vm.pk), "ip_addresses": [str(theirs.pk)]},
    )
    assert moved.status_code == 200, moved.json()
    found = api.send("GET", f"/api/ipam/ip-addresses/?services={created}").json()
    assert [row["id"] for row in found["results"]] == [str(theirs.pk)]


def test_virtual_machines_filter_by_their_services(api: APIClient) -> None:
    with_one, without = machine("vm-a"), machine("vm-b")
    services.create_service(virtual_machine=with_one, name="bgp", protocol="tcp", ports=[179])
    path = "/api/virtualization/virtual-machines/"
    assert [r["id"] for r in api.send("GET", f"{path}?has_services=true").json()["results"]] == [str(with_one.pk)]
    assert [r["id"] for r in api.send("GET", f"{path}?has_services=false").json()["results"]] == [str(without.pk)]
    assert [r["id"] for r in api.send("GET", f"{path}?services=bgp").json()["results"]] == [str(with_one.pk)]


def test_a_deleted_parent_takes_its_services(api: APIClient) -> None:
    vm = machine()
    services.create_service(virtual_machine=vm, name="ntp", protocol="udp", ports=[123])
    answer = api.send("DELETE", f"/api/virtualization/virtual-machines/{vm.pk}/")
    assert answer.status_code == 204
    assert not Service.objects.exists()


def test_a_service_carries_tags_custom_fields_notes_and_its_change_log(api: APIClient) -> None:
    from django.contrib.contenttypes.models import ContentType

    from netkeel.extras.models import CustomField, ObjectChange, Tag

    kind = ContentType.objects.get_for_model(Service)
    field = CustomField.objects.create(key="owner", label="Owner", type="text")
    field.content_types.add(kind)
    tag = Tag.objects.create(name="monitored")
    tag.content_types.add(kind)
    body = {
        "name": "snmp",
        "protocol": "udp",
        "ports": [161],
        "device": str(server().pk),
        "tags": ["monitored"],
        "custom_fields": {"owner": "neteng"},
    }
    answer = api.send("POST", SERVICES, body)
    assert answer.status_code == 201, answer.json()
    created = answer.json()
    assert created["custom_fields"] == {"owner": "neteng"}
    assert [item["id"] for item in created["tags"]] == [str(tag.pk)]
    record = ObjectChange.objects.get(action="create", changed_object_id=created["id"])
    assert record.postchange_data is not None and record.postchange_data["ports"] == [161]
    note = api.send("POST", created["notes_url"], {"note": "polled every minute"})
    assert note.status_code == 201, note.json()
    assert api.send("GET", f"{SERVICES}?tags=monitored").json()["count"] == 1
    assert api.send("GET", f"{SERVICES}?cf_owner=neteng").json()["count"] == 1
    changed = api.send("PATCH", f"{SERVICES}{created['id']}/", {"ports": [161, 162]})
    assert changed.status_code == 200, changed.json()
    update = ObjectChange.objects.get(action="update", changed_object_id=created["id"])
    assert update.prechange_data is not None and update.prechange_data["ports"] == [161]
