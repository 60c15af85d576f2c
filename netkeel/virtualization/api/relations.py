"""What other apps' endpoints show of virtualization, as Nautobot's do: filters of devices, platforms,
tenants, VLANs, IP addresses and address assignments by their clusters, virtual machines and VM interfaces,
and the `virtual_machine_count` of a platform and of a location (through its clusters). Added from
VirtualizationConfig.ready(): those apps sit below this one and name none of its models."""

from __future__ import annotations

from netkeel.core.api.counts import count_of, register_row_count
from netkeel.dcim.api.filters_devices import DeviceFilterSet, LocationFilterSet, PlatformFilterSet
from netkeel.dcim.models import Location, Platform
from netkeel.ipam.api.filters import IPAddressFilterSet, IPAddressToInterfaceFilterSet, VLANFilterSet
from netkeel.tenancy.api.filters import TenantFilterSet
from netkeel.virtualization.models import VirtualMachine


def register() -> None:
    DeviceFilterSet.add_relation("clusters", "clusters")
    LocationFilterSet.add_relation("clusters", "clusters")
    TenantFilterSet.add_relation("clusters", "virtualization_cluster_related")
    DeviceFilterSet.add_relation("cluster", "clusters")
    PlatformFilterSet.add_relation("virtual_machines", "virtual_machines", by_id=True)
    register_row_count(Platform, "virtual_machine_count", lambda: count_of(VirtualMachine, "platform"))
    register_row_count(Location, "virtual_machine_count", lambda: count_of(VirtualMachine, "cluster__location"))
    TenantFilterSet.add_relation("virtual_machines", "virtualization_virtualmachine_related")
    VLANFilterSet.add_relation("vm_interfaces", "vm_interfaces_as_tagged")
    vm_interface = "interface_assignments__vm_interface"
    IPAddressFilterSet.add_relation("vm_interfaces", vm_interface)
    IPAddressFilterSet.add_relation("virtual_machine", f"{vm_interface}__virtual_machine")
    IPAddressFilterSet.add_relation("virtual_machine_id", f"{vm_interface}__virtual_machine", by_id=True)
    IPAddressToInterfaceFilterSet.add_relation("vm_interface", "vm_interface")
