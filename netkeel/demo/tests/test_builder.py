"""The whole demo network: DCIM, then circuits between its sites that paths cross."""

from __future__ import annotations

import pytest
from django.db import transaction

from netkeel.circuits.cabling import CIRCUIT_TERMINATION
from netkeel.circuits.models import Circuit, CircuitTermination
from netkeel.dcim.models import CablePath, Device, Location
from netkeel.demo.builder import build_demo

pytestmark = pytest.mark.django_db


def test_sites_are_joined_by_circuits_that_paths_cross() -> None:
    report = build_demo("small", seed=3)
    sites = Location.objects.filter(devices__isnull=False).distinct().count()
    assert report.counts["Circuit"] == Circuit.objects.count() == sites - 1
    side_a = CircuitTermination.objects.filter(term_side="A").first()
    assert side_a is not None and side_a.cable_id is not None
    crossing = [p for p in CablePath.objects.filter(is_active=True) if f"{CIRCUIT_TERMINATION}:{side_a.pk}" in p.path]
    assert crossing, "a path crosses the circuit"
    for path in crossing:
        origin = Device.objects.get(interfaces__id=path.origin_id)
        far = Device.objects.get(interfaces__id=path.destination_id)
        assert origin.location_id != far.location_id


class Undo(Exception):
    pass


def test_the_same_seed_gives_the_same_circuits() -> None:
    def built() -> list[str]:
        build_demo("small", seed=5)
        return sorted(map(str, CircuitTermination.objects.values_list("pk", "cable_id")))

    with pytest.raises(Undo), transaction.atomic():
        first = built()
        raise Undo
    assert not Circuit.objects.exists()
    assert built() == first


def test_the_demo_has_ipam_tenants_and_primary_addresses_on_interfaces() -> None:
    from netkeel.ipam.models import VLAN, VRF, IPAddress, IPAddressToInterface, Prefix, VLANGroup
    from netkeel.ipam.queries import utilization
    from netkeel.tenancy.models import Tenant

    report = build_demo("small", seed=4)
    sites = Location.objects.filter(devices__isnull=False).distinct().count()
    assert sites == 2
    # 10/8, then per site a /16 holding a management, a server and a VM /24; the same in IPv6 (2001:db8::/32,
    # a /48 per site holding two /64s, no VM network).
    assert report.counts["Prefix"] == Prefix.objects.count() == 2 + 7 * sites
    assert Prefix.objects.filter(ip_version=6).count() == 1 + 3 * sites
    assert report.counts["VLANGroup"] == VLANGroup.objects.count() == sites
    assert report.counts["VLAN"] == VLAN.objects.count() == 2 * sites
    assert report.counts["VRF"] == VRF.objects.count() == 1
    # The VRF is assigned to each site's management prefixes and to every device with a management address.
    production = VRF.objects.get()
    assert sorted(p.description for p in production.prefixes.all()) == sorted(
        f"{site} management" for site in Location.objects.filter(devices__isnull=False).distinct() for _ in (4, 6)
    )
    managed = Device.objects.filter(interfaces__name="Management1", interfaces__vrf=production)
    assert set(production.devices.all()) == set(managed) != set()
    assert {(a.rd, a.name) for a in production.device_assignments.all()} == {(production.rd, production.name)}
    assert report.counts["Tenant"] == Tenant.objects.count() == 3
    addressed = Device.objects.exclude(role__name__in=["Patch Panel", "PDU"])
    vms = report.counts["VirtualMachine"]
    gateways = sites  # each site's servers gateway (an HSRP virtual address)
    assert report.counts["IPAddress"] == IPAddress.objects.count() == 2 * addressed.count() + vms + gateways
    assert Device.objects.filter(primary_ip4__isnull=False).count() == addressed.count()
    assert Device.objects.filter(primary_ip6__isnull=False).count() == addressed.count()

    leaf = Device.objects.filter(role__name="Leaf").order_by("name").first()
    assert leaf is not None and leaf.primary_ip4 is not None
    on = IPAddressToInterface.objects.get(ip_address=leaf.primary_ip4)
    assert on.interface.device_id == leaf.pk and on.interface.name == "Management1"
    assert on.interface.vrf is not None and on.interface.vrf.name == "Production"
    assert leaf.primary_ip4.parent.prefix.startswith("10.") and leaf.primary_ip4.parent.prefix.endswith(".0.0/24")
    on6 = IPAddressToInterface.objects.get(ip_address=leaf.primary_ip6)
    assert on6.interface_id == on.interface_id  # both primaries on the management port
    assert str(leaf.primary_ip6).startswith("2001:db8:") and str(leaf.primary_ip6).endswith("/64")
    assert leaf.primary_ip6.parent.prefix.endswith(":10::/64")  # named after the management VLAN
    assert leaf.primary_ip6.parent.vlan_id == leaf.primary_ip4.parent.vlan_id
    leaf.full_clean()  # the primary address is on one of its own interfaces, as the model requires

    server = Device.objects.filter(role__name="Server").order_by("name").first()
    assert server is not None and server.tenant is not None and server.primary_ip4 is not None
    nic = server.interfaces.get(name="eth0")
    assert nic.mode == "access" and nic.untagged_vlan is not None and nic.untagged_vlan.vid == 100
    assert server.primary_ip4.parent.vlan_id == nic.untagged_vlan_id
    assert server.primary_ip6 is not None and server.primary_ip6.parent.vlan_id == nic.untagged_vlan_id
    assert server.primary_ip6.parent.prefix.endswith(":100::/64")

    for prefix in Prefix.objects.all():
        assert utilization(prefix).used > 0, prefix  # every prefix holds something

    from netkeel.ipam.models import Service

    spines, leaves = (Device.objects.filter(role__name=role).count() for role in ("Spine", "Leaf"))
    servers = Device.objects.filter(role__name="Server").count()
    assert report.counts["Service"] == Service.objects.count() == 2 * spines + leaves + servers
    ssh = Service.objects.get(device=leaf, name="ssh")
    assert (ssh.protocol, ssh.ports) == ("tcp", [22])
    assert list(ssh.ip_addresses.all()) == [leaf.primary_ip4]
    https = Service.objects.get(device=server, name="https")
    assert list(https.ip_addresses.all()) == [server.primary_ip4]
    assert https.foreign_addresses(https.ip_addresses.all()) == []  # bound to the server's own address
    assert Service.objects.filter(name="bgp", device__role__name="Spine").count() == spines


def test_ipam_is_written_in_bulk() -> None:
    """The IPAM step costs a few queries per site, none per device, address or interface."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from netkeel.dcim.demo import generate_demo_data
    from netkeel.demo.builder import add_circuits
    from netkeel.demo.ipam import add_ipam

    generate_demo_data("small", seed=4)
    add_circuits(4)
    with CaptureQueriesContext(connection) as captured:
        counts = add_ipam(4)
    assert counts["IPAddress"] > 20 and counts["Service"] > 5
    sites = 2
    # 25: the fixed reads and one INSERT per model (services: a read of the devices' roles, two INSERTs).
    assert len(captured) <= 25 + 2 * sites, [q["sql"][:120] for q in captured.captured_queries]


def test_the_same_seed_gives_the_same_ipam() -> None:
    from netkeel.ipam.models import IPAddress, Prefix

    def built() -> list[str]:
        build_demo("small", seed=6)
        rows = [*Prefix.objects.values_list("pk", "network", "parent_id"), *IPAddress.objects.values_list("pk", "host")]
        return sorted(map(str, rows))

    with pytest.raises(Undo), transaction.atomic():
        first = built()
        raise Undo
    assert not Prefix.objects.exists()
    assert built() == first


def test_the_demo_has_clusters_of_the_servers_and_virtual_machines_with_primary_addresses() -> None:
    from netkeel.ipam.models import IPAddressToInterface
    from netkeel.virtualization.models import Cluster, DeviceClusterAssignment, VirtualMachine, VMInterface

    report = build_demo("small", seed=4)
    sites = list(Location.objects.filter(devices__isnull=False).distinct())
    assert report.counts["Cluster"] == Cluster.objects.count() == 2 * len(sites)
    assert report.counts["ClusterType"] == report.counts["ClusterGroup"] == 2
    servers = Device.objects.filter(role__name="Server")
    assert report.counts["DeviceClusterAssignment"] == DeviceClusterAssignment.objects.count() == servers.count()
    for cluster in Cluster.objects.all():
        assert cluster.location in sites and cluster.tenant is not None
        assert all(device.location_id == cluster.location_id for device in cluster.devices.all())
        assert cluster.devices.exists() and cluster.virtual_machines.exists()
    assert report.counts["VirtualMachine"] == VirtualMachine.objects.count() == 24 * len(sites)
    assert report.counts["VMInterface"] == VMInterface.objects.count() == VirtualMachine.objects.count()
    for vm in VirtualMachine.objects.select_related("primary_ip4", "cluster", "role", "platform", "tenant"):
        assert vm.primary_ip4 is not None and vm.role is not None and vm.platform is not None
        assert vm.tenant_id == vm.cluster.tenant_id
        on = IPAddressToInterface.objects.get(ip_address=vm.primary_ip4)
        assert on.vm_interface is not None and on.vm_interface.virtual_machine_id == vm.pk and on.interface is None
        assert vm.primary_ip4.parent.prefix.endswith(".2.0/24")
        assert vm.primary_ip4.dns_name.startswith(vm.name)
    vm = VirtualMachine.objects.order_by("name").first()
    assert vm is not None
    vm.full_clean()  # the primary address is on its own interface, the role offered to VMs
    vm.cluster.full_clean()  # the site's type holds clusters


def test_virtualization_is_written_in_bulk() -> None:
    """The virtualization step costs a few queries, none per cluster, VM, interface or address."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from netkeel.dcim.demo import generate_demo_data
    from netkeel.demo.builder import add_circuits
    from netkeel.demo.ipam import add_ipam
    from netkeel.demo.virtualization import add_virtualization

    generate_demo_data("small", seed=4)
    add_circuits(4)
    add_ipam(4)
    with CaptureQueriesContext(connection) as captured:
        counts = add_virtualization("small", 4)
    assert counts["VirtualMachine"] == 48
    assert len(captured) <= 30, [q["sql"][:120] for q in captured.captured_queries]


def test_the_same_seed_gives_the_same_virtual_machines() -> None:
    from netkeel.virtualization.models import DeviceClusterAssignment, VirtualMachine

    def built() -> list[str]:
        build_demo("small", seed=6)
        rows = [*VirtualMachine.objects.values_list("pk", "name", "cluster_id", "role_id", "primary_ip4_id"),
                *DeviceClusterAssignment.objects.values_list("pk", "device_id", "cluster_id")]  # fmt: skip
        return sorted(map(str, rows))

    with pytest.raises(Undo), transaction.atomic():
        first = built()
        raise Undo
    assert not VirtualMachine.objects.exists()
    assert built() == first


def test_a_pair_of_leaves_shares_each_sites_server_gateway_and_larger_spines_have_contexts() -> None:
    from netkeel.dcim.models import InterfaceRedundancyGroup, VirtualDeviceContext
    from netkeel.demo.interface_groups import add_interface_groups

    report = build_demo("small", seed=4)
    sites = Location.objects.filter(devices__isnull=False).distinct().count()
    assert report.counts["InterfaceRedundancyGroup"] == InterfaceRedundancyGroup.objects.count() == sites
    assert report.counts["VirtualDeviceContext"] == VirtualDeviceContext.objects.count() == 0  # medium and large
    group = InterfaceRedundancyGroup.objects.order_by("name").first()
    assert group is not None and group.protocol == "hsrp" and group.protocol_group_id == "100"
    assert group.virtual_ip is not None and str(group.virtual_ip) == "10.1.1.254/24"
    assert group.virtual_ip.parent is not None and group.virtual_ip.parent.prefix == "10.1.1.0/24"
    members = list(group.interface_redundancy_group_associations.order_by("-priority"))
    assert [(m.interface.name, m.priority) for m in members] == [("Ethernet1", 110), ("Ethernet1", 100)]
    pair = {m.interface.device.device_redundancy_group_id for m in members}
    assert len(pair) == 1 and None not in pair  # the two leaves of one MLAG pair

    # The medium and large networks split each site's first spine in two contexts (on this small network, once
    # its gateways, which come again, are gone: a deleted address takes its group with it).
    from netkeel.ipam.models import IPAddress

    IPAddress.objects.filter(interface_redundancy_groups__isnull=False).delete()
    assert not InterfaceRedundancyGroup.objects.exists()
    made = add_interface_groups("medium", seed=5)
    assert made["VirtualDeviceContext"] == VirtualDeviceContext.objects.count() == 2 * sites
    admin = VirtualDeviceContext.objects.filter(name="admin").select_related("device").first()
    assert admin is not None and admin.identifier == 1 and admin.primary_ip4 is not None
    assert [i.name for i in admin.interfaces.all()] == ["Management1"]
    admin.full_clean()  # its primary addresses are on its device's interfaces, as the model requires
    fabric = VirtualDeviceContext.objects.get(device=admin.device, name="fabric")
    assert fabric.interfaces.count() == admin.device.interfaces.filter(cable__isnull=False, mgmt_only=False).count()
