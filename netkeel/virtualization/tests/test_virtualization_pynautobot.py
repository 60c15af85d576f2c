"""pynautobot, the real client, against a real netkeel service: a virtual machine with two interfaces and an
address on each, one of them its primary, created and read back as a Nautobot script does it; an address
assignment that names both a device interface and a VM interface, or neither, is refused naming both."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from netkeel.core.testing.live import LiveNetkeel

pynautobot = pytest.importorskip("pynautobot")

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def nb(live_netkeel: LiveNetkeel) -> Any:
    return pynautobot.api(live_netkeel.url, token=live_netkeel.token, exclude_m2m=False)


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def address(nb: Any, network: str) -> Any:
    """`.10` of `network` (a /24, created first: an address needs its prefix, as in Nautobot)."""
    nb.ipam.prefixes.create(prefix=f"{network}.0/24", status="Active", namespace="Global")
    return nb.ipam.ip_addresses.create(address=f"{network}.10/24", status="Active", namespace="Global")


def test_a_virtual_machine_with_two_interfaces_and_a_primary_address(nb: Any) -> None:
    kind = nb.virtualization.cluster_types.create(name=unique("kvm"))
    cluster = nb.virtualization.clusters.create(name=unique("cluster"), cluster_type=kind.id)
    vm = nb.virtualization.virtual_machines.create(
        name=unique("vm"), cluster=cluster.id, status="Active", vcpus=2, memory=4096
    )
    eth0, eth1 = (
        nb.virtualization.interfaces.create(virtual_machine=vm.id, name=name, status="Active")
        for name in ("eth0", "eth1")
    )
    octet = uuid.uuid4().int % 200 + 1
    first, second = (address(nb, f"10.{octet}.{index}") for index in (1, 2))
    nb.ipam.ip_address_to_interface.create(ip_address=first.id, vm_interface=eth0.id)
    nb.ipam.ip_address_to_interface.create(ip_address=second.id, vm_interface=eth1.id)
    assert vm.update({"primary_ip4": first.id})

    read = nb.virtualization.virtual_machines.get(vm.id)
    assert read.cluster.id == cluster.id and read.vcpus == 2 and read.memory == 4096
    assert read.primary_ip4.id == first.id
    assert read.primary_ip4.address == first.address  # lazy-loaded through the brief reference's url
    interfaces = nb.virtualization.interfaces.filter(virtual_machine_id=vm.id)
    assert sorted(i.name for i in interfaces) == ["eth0", "eth1"]
    assert [a.address for a in nb.ipam.ip_addresses.filter(vm_interfaces=eth1.id)] == [second.address]
    assert nb.virtualization.virtual_machines.count(cluster_id=cluster.id) == 1

    # An address on another VM's interface is not this VM's primary.
    other = nb.virtualization.virtual_machines.create(name=unique("vm"), cluster=cluster.id, status="Active")
    with pytest.raises(pynautobot.RequestError) as caught:
        other.update({"primary_ip4": second.id})
    assert "primary_ip4" in caught.value.error


def test_an_assignment_names_a_device_interface_or_a_vm_interface(nb: Any) -> None:
    kind = nb.virtualization.cluster_types.create(name=unique("kvm"))
    cluster = nb.virtualization.clusters.create(name=unique("cluster"), cluster_type=kind.id)
    vm = nb.virtualization.virtual_machines.create(name=unique("vm"), cluster=cluster.id, status="Active")
    eth0 = nb.virtualization.interfaces.create(virtual_machine=vm.id, name="eth0", status="Active")
    loose = address(nb, f"10.{uuid.uuid4().int % 200 + 1}.9")
    with pytest.raises(pynautobot.RequestError) as neither:
        nb.ipam.ip_address_to_interface.create(ip_address=loose.id)
    assert "interface" in neither.value.error and "vm_interface" in neither.value.error
    site_type = nb.dcim.location_types.create(name=unique("site"), content_types=["dcim.device"])
    site = nb.dcim.locations.create(name=unique("dc"), location_type=site_type.id, status="Active")
    maker = nb.dcim.manufacturers.create(name=unique("acme"))
    box = nb.dcim.device_types.create(manufacturer=maker.id, model=unique("box"))
    role = nb.extras.roles.create(name=unique("leaf"), content_types=["dcim.device"])
    device = nb.dcim.devices.create(
        name=unique("leaf"), device_type=box.id, role=role.id, location=site.id, status="Active"
    )
    port = nb.dcim.interfaces.create(device=device.id, name="eth0", type="1000base-t", status="Active")
    with pytest.raises(pynautobot.RequestError) as both:
        nb.ipam.ip_address_to_interface.create(ip_address=loose.id, interface=port.id, vm_interface=eth0.id)
    assert "interface" in both.value.error and "vm_interface" in both.value.error
    assert nb.ipam.ip_address_to_interface.count(ip_address=loose.id) == 0
