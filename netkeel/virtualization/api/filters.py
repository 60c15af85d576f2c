"""Filters of the virtualization endpoints, with Nautobot 3.2.7's names: a VM by its cluster (and the
cluster's type, group and location), its interfaces' MAC addresses and addresses; a VM interface by its VM,
cluster, VLANs and addresses."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db import models
from django.db.models import Q

from netkeel.core.api.filters import BaseFilterSet, MultiValueUUIDFilter, RelatedFilter
from netkeel.dcim.api.filters_cabling import MACAddressFilter, a_uuid
from netkeel.dcim.api.filters_software import SoftwareFilters
from netkeel.dcim.models import Location
from netkeel.ipam.api.filters import IdOrNetworkFilter, named_addresses
from netkeel.ipam.models import IPAddressToInterface
from netkeel.tenancy.api.filters import TenancyFilterSet
from netkeel.virtualization.models import (
    Cluster,
    ClusterGroup,
    ClusterType,
    DeviceClusterAssignment,
    VirtualMachine,
    VMInterface,
)


class AddressFilterMixin:
    """`ip_addresses` (assigned to one of the VM's or the interface's interfaces) and `primary_ip4/6`."""

    assignment_path: str  # from an IPAddressToInterface to this filter set's row: "vm_interface__virtual_machine"

    def filter_ip_addresses(self, queryset: models.QuerySet[Any], name: str, value: list[str]) -> Any:
        if not value:
            return queryset
        assigned = IPAddressToInterface.objects.filter(ip_address__in=named_addresses(value))
        return queryset.filter(pk__in=assigned.values(f"{self.assignment_path}_id"))

    def filter_primary_ip(self, queryset: models.QuerySet[Any], name: str, value: list[str]) -> Any:
        if not value:
            return queryset
        return queryset.filter(**{f"{name}__in": named_addresses(value)})


class ClusterTypeFilterSet(BaseFilterSet):
    search_fields = ("name", "description")
    relations = {"clusters": "clusters"}
    has_relations = relations

    class Meta:
        model = ClusterType
        fields = ["name", "description"]


class ClusterGroupFilterSet(BaseFilterSet):
    search_fields = ("name", "description")
    relations = {"clusters": "clusters"}
    has_relations = relations

    class Meta:
        model = ClusterGroup
        fields = ["name", "description"]


class ClusterFilterSet(TenancyFilterSet):
    search_fields = ("name", "comments")
    relations = {"devices": "devices", "virtual_machines": "virtual_machines"}
    has_relations = relations
    cluster_type_id = MultiValueUUIDFilter(field_name="cluster_type_id", lookup_expr="exact")
    cluster_group_id = MultiValueUUIDFilter(field_name="cluster_group_id", lookup_expr="exact")
    cluster_group_id__isnull = django_filters.BooleanFilter(field_name="cluster_group", lookup_expr="isnull")

    class Meta:
        model = Cluster
        fields = ["name", "cluster_type", "cluster_group", "location", "tenant", "comments"]


class DeviceClusterAssignmentFilterSet(BaseFilterSet):
    search_fields = ("device__name", "cluster__name")

    class Meta:
        model = DeviceClusterAssignment
        fields = ["device", "cluster"]


class VirtualMachineFilterSet(AddressFilterMixin, SoftwareFilters, TenancyFilterSet):
    assignment_path = "vm_interface__virtual_machine"
    search_fields = ("name", "comments")
    relations = {"interfaces": "interfaces", "services": "services", "vrfs": "vrfs"}  # vrfs: VRF assignments
    has_relations = {
        "interfaces": "interfaces",
        "services": "services",
        "ip_addresses": "interfaces__ip_address_assignments",
    }
    cluster_id = MultiValueUUIDFilter(field_name="cluster_id", lookup_expr="exact")
    cluster_type = RelatedFilter(field_name="cluster__cluster_type", related=ClusterType)
    cluster_type_id = MultiValueUUIDFilter(field_name="cluster__cluster_type_id", lookup_expr="exact")
    cluster_group = RelatedFilter(field_name="cluster__cluster_group", related=ClusterGroup)
    cluster_group_id = MultiValueUUIDFilter(field_name="cluster__cluster_group_id", lookup_expr="exact")
    cluster_group_id__isnull = django_filters.BooleanFilter(field_name="cluster__cluster_group", lookup_expr="isnull")
    location = RelatedFilter(field_name="cluster__location", related=Location)
    platform_id = MultiValueUUIDFilter(field_name="platform_id", lookup_expr="exact")
    platform_id__isnull = django_filters.BooleanFilter(field_name="platform", lookup_expr="isnull")
    mac_address = MACAddressFilter(field_name="interfaces__mac_address", lookup_expr="exact")
    has_primary_ip = django_filters.BooleanFilter(method="filter_has_primary_ip", label="Has a primary IP")
    ip_addresses = IdOrNetworkFilter(method="filter_ip_addresses", label="Assigned addresses (id or address)")
    primary_ip4 = IdOrNetworkFilter(method="filter_primary_ip", label="Primary IPv4 (id or address)")
    primary_ip6 = IdOrNetworkFilter(method="filter_primary_ip", label="Primary IPv6 (id or address)")
    local_config_context_data = django_filters.BooleanFilter(
        field_name="local_config_context_data",
        lookup_expr="isnull",
        exclude=True,
        label="Has local config context data",
    )

    class Meta:
        model = VirtualMachine
        fields = [
            "name",
            "cluster",
            "role",
            "platform",
            "status",
            "tenant",
            "vcpus",
            "memory",
            "disk",
            "comments",
        ]

    def filter_has_primary_ip(self, queryset: models.QuerySet[Any], name: str, value: bool | None) -> Any:
        if value is None:
            return queryset
        condition = Q(primary_ip4__isnull=False) | Q(primary_ip6__isnull=False)
        return queryset.filter(condition) if value else queryset.exclude(condition)


class VMInterfaceFilterSet(AddressFilterMixin, BaseFilterSet):
    assignment_path = "vm_interface"
    search_fields = ("name", "description", "mac_address")
    relations = {name: name for name in ("bridged_interfaces", "child_interfaces")}
    has_relations = {**relations, "ip_addresses": "ip_address_assignments", "tagged_vlans": "tagged_vlans"}
    virtual_machine_id = MultiValueUUIDFilter(field_name="virtual_machine_id", lookup_expr="exact")
    cluster = RelatedFilter(field_name="virtual_machine__cluster", related=Cluster)
    cluster_id = MultiValueUUIDFilter(field_name="virtual_machine__cluster_id", lookup_expr="exact")
    mac_address = MACAddressFilter(field_name="mac_address", lookup_expr="exact")
    ip_addresses = IdOrNetworkFilter(method="filter_ip_addresses", label="Assigned addresses (id or address)")
    vlan_id = django_filters.CharFilter(
        method="filter_vlan_id", label="Carries the VLAN with this id", validators=[a_uuid]
    )

    class Meta:
        model = VMInterface
        fields = [
            "name",
            "virtual_machine",
            "enabled",
            "mtu",
            "mac_address",
            "mode",
            "status",
            "role",
            "parent_interface",
            "bridge",
            "untagged_vlan",
            "tagged_vlans",
            "description",
        ]

    def filter_vlan_id(self, queryset: models.QuerySet[Any], name: str, value: str) -> Any:
        if not value:
            return queryset
        carrying = VMInterface._base_manager.filter(Q(untagged_vlan_id=value) | Q(tagged_vlans__id=value))
        return queryset.filter(pk__in=carrying.values("pk"))
