from __future__ import annotations

from django.apps import AppConfig


class IpamConfig(AppConfig):
    name = "netkeel.ipam"
    label = "ipam"
    verbose_name = "IPAM"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The API routes first: the pages derive from them (the URL map only reads these registries).
        from netkeel.ipam import graphql
        from netkeel.ipam.api import routes
        from netkeel.ipam.ui import pages

        routes.register()
        graphql.register()
        pages.register()
        self.count_on_dcim_rows()
        self.count_on_own_rows()
        self.filter_tenants_by_prefix()
        self.filter_interface_groups_by_address()
        self.filter_dcim_rows_by_address()
        self.filter_by_vrfs()

    def count_on_own_rows(self) -> None:
        """Nautobot's `assigned_prefix_count` of a RIR and `prefix_count` of a VLAN."""
        from netkeel.core.api.counts import count_of, register_row_count
        from netkeel.ipam.models import RIR, VLAN, Prefix

        register_row_count(RIR, "assigned_prefix_count", lambda: count_of(Prefix, "rir"))
        register_row_count(VLAN, "prefix_count", lambda: count_of(Prefix, "vlan"))

    def filter_tenants_by_prefix(self) -> None:
        """Nautobot's `prefixes` filter of tenants (by id or as text), which tenancy cannot declare itself."""
        from netkeel.ipam.api.filters import PrefixesFilter
        from netkeel.tenancy.api.filters import TenantFilterSet

        TenantFilterSet.add_filters(prefixes=PrefixesFilter(field_name="ipam_prefix_related"))

    def filter_interface_groups_by_address(self) -> None:
        """Nautobot's `virtual_ip` filter of interface redundancy groups and `primary_ip4`/`primary_ip6` of
        virtual device contexts (by id or as text), which DCIM cannot declare itself."""
        from netkeel.dcim.api.filters_interface_groups import (
            InterfaceRedundancyGroupFilterSet,
            VirtualDeviceContextFilterSet,
        )
        from netkeel.ipam.api.filters import AddressesFilter

        InterfaceRedundancyGroupFilterSet.add_filters(virtual_ip=AddressesFilter(field_name="virtual_ip"))
        VirtualDeviceContextFilterSet.add_filters(
            primary_ip4=AddressesFilter(field_name="primary_ip4"), primary_ip6=AddressesFilter(field_name="primary_ip6")
        )

    def filter_dcim_rows_by_address(self) -> None:
        """Nautobot's `ip_addresses` filter (by id or as text) of devices and of interfaces."""
        from netkeel.dcim.api.filters_cabling import InterfaceFilterSet
        from netkeel.dcim.api.filters_devices import DeviceFilterSet
        from netkeel.ipam.api.filters import AssignedAddressesFilter

        label = "IP addresses (address or ID)"
        path = "ip_address_assignments__ip_address"
        DeviceFilterSet.add_filters(ip_addresses=AssignedAddressesFilter(field_name=f"interfaces__{path}", label=label))
        InterfaceFilterSet.add_filters(ip_addresses=AssignedAddressesFilter(field_name=path, label=label))

    def filter_by_vrfs(self) -> None:
        """Nautobot's `vrfs` filter of devices (the VRFs assigned to them, by name or id), which dcim cannot
        declare itself (virtualization, above IPAM, declares its virtual machines' own)."""
        from netkeel.dcim.api.filters_devices import DeviceFilterSet

        DeviceFilterSet.add_relation("vrfs", "vrfs")

    def count_on_dcim_rows(self) -> None:
        """Nautobot's `prefix_count` and `vlan_count` of a location and `ip_address_count` of an interface."""
        from netkeel.core.api.counts import count_of, register_row_count
        from netkeel.dcim.models import Interface, Location
        from netkeel.ipam.models import VLAN, IPAddressToInterface, Prefix

        register_row_count(Location, "prefix_count", lambda: count_of(Prefix, "locations"))
        register_row_count(Location, "vlan_count", lambda: count_of(VLAN, "locations"))
        register_row_count(Interface, "ip_address_count", lambda: count_of(IPAddressToInterface, "interface"))
