"""The virtualization endpoints: the shared endpoint contract for each, then a VM's primary addresses among
its own interfaces' and the address assignments that name a VM interface."""

from __future__ import annotations

from typing import Any

import pytest

from netkeel.core.testing.api import APIClient, APIEndpointTests
from netkeel.dcim.tests import factories as f
from netkeel.ipam import services as ipam
from netkeel.ipam.models import IPAddressToInterface
from netkeel.ipam.tests.test_api import existing_prefix
from netkeel.ipam.tests.test_api import ip as make_address
from netkeel.virtualization.models import (
    Cluster,
    ClusterGroup,
    ClusterType,
    DeviceClusterAssignment,
    VirtualMachine,
    VMInterface,
)
from netkeel.virtualization.tests import factories as v

pytestmark = pytest.mark.django_db

MACHINES = "/api/virtualization/virtual-machines/"
ASSIGNMENTS = "/api/ipam/ip-address-to-interface/"


def ip(text: str) -> Any:
    """An address, under a prefix made for it when none holds it."""
    network = text.split("/")
    existing_prefix(f"{network[0].rsplit('.', 1)[0]}.0/{network[1]}" if "." in text else f"2001:db8::/{network[1]}")
    return make_address(text)


class TestClusterTypes(APIEndpointTests):
    endpoint = "/api/virtualization/cluster-types/"
    model = ClusterType
    update_payload = {"description": "changed"}
    bad_payloads = [({"name": ""}, "name"), ({"name": "x" * 101}, "name")]
    filter_cases = [("name", "type-1", 1), ("q", "type-2", 1), ("has_clusters", "false", 3)]

    def make(self, index: int) -> Any:
        return ClusterType.objects.create(name=f"type-{index}")

    def create_payloads(self) -> list[dict[str, Any]]:
        return [{"name": "new-1"}, {"name": "new-2", "description": "two"}, {"name": "new-3"}]


class TestClusterGroups(APIEndpointTests):
    endpoint = "/api/virtualization/cluster-groups/"
    model = ClusterGroup
    update_payload = {"description": "changed"}
    bad_payloads = [({"name": ""}, "name")]
    filter_cases = [("name", "group-1", 1), ("name__ic", "GROUP", 3)]

    def make(self, index: int) -> Any:
        return ClusterGroup.objects.create(name=f"group-{index}")

    def create_payloads(self) -> list[dict[str, Any]]:
        return [{"name": "new-1"}, {"name": "new-2"}, {"name": "new-3"}]


class TestClusters(APIEndpointTests):
    endpoint = "/api/virtualization/clusters/"
    model = Cluster
    update_payload = {"comments": "changed"}
    bad_payloads = [
        ({"name": "x"}, "cluster_type"),
        ({"name": "x", "cluster_type": "nope"}, "cluster_type"),
        ({"name": "", "cluster_type": "VMware vSphere"}, "name"),
    ]
    filter_cases = [
        ("name", "cluster-1", 1),
        ("cluster_type", "VMware vSphere", 3),
        ("cluster_group__isnull", "true", 3),
        ("has_virtual_machines", "false", 3),
    ]

    def make(self, index: int) -> Any:
        return v.cluster(f"cluster-{index}")

    def create_payloads(self) -> list[dict[str, Any]]:
        kind = v.cluster_type()
        return [
            {"name": "new-1", "cluster_type": "VMware vSphere"},
            {"name": "new-2", "cluster_type": str(kind.pk), "location": str(f.location().pk)},
            {"name": "new-3", "cluster_type": {"name": "VMware vSphere"}, "comments": "three"},
        ]


class TestDeviceClusterAssignments(APIEndpointTests):
    endpoint = "/api/dcim/device-cluster-assignments/"
    model = DeviceClusterAssignment
    bad_payloads = [({"device": "nope"}, "device"), ({}, "cluster")]
    filter_cases = [("cluster", "cluster-a", 3), ("cluster__n", "cluster-a", 0)]

    def host(self, index: int) -> Any:
        site = f.location(f"site-a-{index}") if index >= 0 else f.location()
        return f.device(f"host-{index}", f.device_type(), site)

    def make(self, index: int) -> Any:
        cluster = Cluster.objects.filter(name="cluster-a").first() or v.cluster("cluster-a")
        return DeviceClusterAssignment.objects.create(device=self.host(index), cluster=cluster)

    def create_payloads(self) -> list[dict[str, Any]]:
        cluster = v.cluster("cluster-b")
        return [{"device": str(self.host(100 + i).pk), "cluster": str(cluster.pk)} for i in range(3)]


class TestVirtualMachines(APIEndpointTests):
    endpoint = MACHINES
    model = VirtualMachine
    update_payload = {"vcpus": 8, "memory": 16384, "local_config_context_data": {"ntp": ["10.0.0.1"]}}
    bad_payloads = [
        ({"name": "x", "status": "Active"}, "cluster"),
        ({"name": "x", "cluster": "nope", "status": "Active"}, "cluster"),
        ({"name": "x", "cluster": "cluster-vm", "status": "Active", "vcpus": -1}, "vcpus"),
        (
            {"name": "x", "cluster": "cluster-vm", "status": "Active", "local_config_context_data": [1]},
            "local_config_context_data",
        ),
    ]
    filter_cases = [
        ("name", "vm-1", 1),
        ("cluster", "cluster-vm", 3),
        ("cluster_type", "VMware vSphere", 3),
        ("vcpus__gte", "2", 2),
        ("has_primary_ip", "false", 3),
        ("status", "Active", 3),
    ]

    def make(self, index: int) -> Any:
        cluster = Cluster.objects.filter(name="cluster-vm").first() or v.cluster("cluster-vm")
        return v.virtual_machine(f"vm-{index}", cluster=cluster, vcpus=index + 1)

    def create_payloads(self) -> list[dict[str, Any]]:
        cluster = v.cluster("cluster-new")
        return [
            {"name": "new-1", "cluster": "cluster-new", "status": "Active"},
            {"name": "new-2", "cluster": str(cluster.pk), "status": "Planned", "vcpus": 4, "memory": 8192, "disk": 100},
            {"name": "new-3", "cluster": {"name": "cluster-new"}, "status": "Active", "comments": "three"},
        ]


class TestVMInterfaces(APIEndpointTests):
    endpoint = "/api/virtualization/interfaces/"
    model = VMInterface
    update_payload = {"mtu": 9000, "description": "changed", "enabled": False}
    bad_payloads = [
        ({"name": "eth9", "status": "Active"}, "virtual_machine"),
        ({"name": "eth9", "virtual_machine": "vm-if", "status": "Active", "mtu": 0}, "mtu"),
        ({"name": "eth9", "virtual_machine": "vm-if", "status": "Active", "mac_address": "nope"}, "mac_address"),
        ({"name": "eth9", "virtual_machine": "vm-if", "status": "Active", "mode": "sideways"}, "mode"),
    ]
    filter_cases = [("name", "eth1", 1), ("virtual_machine", "vm-if", 3), ("mtu__gte", "1501", 2)]

    def vm(self) -> VirtualMachine:
        return VirtualMachine.objects.filter(name="vm-if").first() or v.virtual_machine("vm-if")

    def test_bad_input_is_a_400_naming_the_field_and_writes_nothing(self, api: APIClient) -> None:
        self.vm()  # what the bad payloads name, so that the model's own checks (a MAC address) are reached
        super().test_bad_input_is_a_400_naming_the_field_and_writes_nothing(api)

    def make(self, index: int) -> Any:
        return v.vm_interface(self.vm(), f"eth{index}", mtu=1500 + index)

    def create_payloads(self) -> list[dict[str, Any]]:
        vm = self.vm()
        return [
            {"name": "new1", "virtual_machine": str(vm.pk), "status": "Active"},
            {"name": "new2", "virtual_machine": str(vm.pk), "status": "Active", "mac_address": "00:11:22:33:44:55"},
            {"name": "new3", "virtual_machine": str(vm.pk), "status": "Active", "mode": "access", "mtu": 9000},
        ]


def test_a_vm_with_two_interfaces_and_a_primary_address_among_its_own(api: APIClient) -> None:
    vm = v.virtual_machine("web01")
    eth0, eth1 = v.vm_interface(vm, "eth0"), v.vm_interface(vm, "eth1")
    first, second = ip("10.9.0.1/24"), ip("2001:db8::1/64")
    for address, interface in ((first, eth0), (second, eth1)):
        answer = api.send("POST", ASSIGNMENTS, {"ip_address": str(address.pk), "vm_interface": str(interface.pk)})
        assert answer.status_code == 201, answer.json()
        assert answer.json()["vm_interface"]["id"] == str(interface.pk)
        assert answer.json()["interface"] is None

    answer = api.send("PATCH", f"{MACHINES}{vm.pk}/", {"primary_ip4": str(first.pk), "primary_ip6": str(second.pk)})
    assert answer.status_code == 200, answer.json()
    read = api.send("GET", f"{MACHINES}{vm.pk}/?include=config_context").json()
    assert read["primary_ip4"]["id"] == str(first.pk)
    assert read["primary_ip6"]["id"] == str(second.pk)
    assert read["config_context"] == {}
    found = api.send("GET", f"{MACHINES}?ip_addresses=10.9.0.1").json()
    assert [row["id"] for row in found["results"]] == [str(vm.pk)]
    on_eth1 = api.send("GET", f"/api/ipam/ip-addresses/?vm_interfaces={eth1.pk}").json()
    assert [row["id"] for row in on_eth1["results"]] == [str(second.pk)]

    # An address of another VM is no primary address of this one.
    other = v.vm_interface(v.virtual_machine("db01"), "eth0")
    foreign = ip("10.9.0.2/24")
    ipam.assign_ip_address(foreign, vm_interface=other)
    answer = api.send("PATCH", f"{MACHINES}{vm.pk}/", {"primary_ip4": str(foreign.pk)})
    assert answer.status_code == 400
    assert "primary_ip4" in answer.json()


@pytest.mark.parametrize("both", [True, False])
def test_an_assignment_names_an_interface_or_a_vm_interface_exactly(api: APIClient, both: bool) -> None:
    vm_interface = v.vm_interface(v.virtual_machine("app01"))
    device = f.device("leaf1", f.device_type(interfaces=1), f.location())
    payload: dict[str, Any] = {"ip_address": str(ip("10.8.0.1/24").pk)}
    if both:
        payload.update(interface=str(device.interfaces.get().pk), vm_interface=str(vm_interface.pk))
    answer = api.send("POST", ASSIGNMENTS, payload)
    assert answer.status_code == 400, answer.json()
    assert {"interface", "vm_interface"} <= set(answer.json())
    assert not IPAddressToInterface.objects.exists()


def test_a_cluster_counts_its_devices_and_vms_and_a_device_filters_by_cluster(api: APIClient) -> None:
    cluster = v.cluster("prod")
    host = f.device("esx1", f.device_type(), f.location())
    answer = api.send("POST", "/api/dcim/device-cluster-assignments/", {"device": str(host.pk), "cluster": "prod"})
    assert answer.status_code == 201, answer.json()
    v.virtual_machine("vm-a", cluster=cluster)
    v.virtual_machine("vm-b", cluster=cluster)
    row = api.send("GET", f"/api/virtualization/clusters/{cluster.pk}/").json()
    assert (row["device_count"], row["virtualmachine_count"]) == (1, 2)
    devices = api.send("GET", "/api/dcim/devices/?clusters=prod").json()
    assert [d["id"] for d in devices["results"]] == [str(host.pk)]
    again = api.send("POST", "/api/dcim/device-cluster-assignments/", {"device": str(host.pk), "cluster": "prod"})
    assert again.status_code == 400


def test_tenants_and_locations_count_their_clusters_and_virtual_machines(api: APIClient) -> None:
    from netkeel.tenancy.models import Tenant

    tenant = Tenant.objects.create(name="Acme")
    Tenant.objects.create(name="Other")
    site = f.location()
    cluster = v.cluster("prod", tenant=tenant, location=site)
    v.cluster("lab")
    for name in ("vm-a", "vm-b", "vm-c"):
        v.virtual_machine(name, cluster=cluster, tenant=tenant if name != "vm-c" else None)
    rows = {row["name"]: row for row in api.send("GET", "/api/tenancy/tenants/").json()["results"]}
    assert (rows["Acme"]["cluster_count"], rows["Acme"]["virtualmachine_count"]) == (1, 2)
    assert (rows["Other"]["cluster_count"], rows["Other"]["virtualmachine_count"]) == (0, 0)
    location = api.send("GET", f"/api/dcim/locations/{site.pk}/").json()
    assert location["virtual_machine_count"] == 3
