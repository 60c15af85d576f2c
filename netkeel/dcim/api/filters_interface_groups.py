"""Filters of the interface redundancy group, association, virtual device context and interface-VDC
assignment endpoints, with Nautobot 3.2.7's names, and the `interface_redundancy_groups` /
`virtual_device_contexts` filters an interface takes (`InterfaceGroupFilters`). A group or a context is named
by its name or id; the address filters (`virtual_ip`, `primary_ip4`, `primary_ip6`) are IPAM's, added by it."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db import models
from django.db.models import Q

from netkeel.core.api.filters import BaseFilterSet, HasRelatedFilter, RelatedFilter
from netkeel.dcim.models import (
    Device,
    InterfaceRedundancyGroup,
    InterfaceRedundancyGroupAssociation,
    InterfaceVDCAssignment,
    VirtualDeviceContext,
)
from netkeel.tenancy.api.filters import TenancyFilterSet


class InterfaceGroupFilters(BaseFilterSet):
    """The groups and contexts an interface is in (a base of the interface filter set)."""

    interface_redundancy_groups = RelatedFilter(
        field_name="interface_redundancy_groups", related=InterfaceRedundancyGroup, descendants=False
    )
    virtual_device_contexts = RelatedFilter(
        field_name="virtual_device_contexts", related=VirtualDeviceContext, descendants=False
    )
    has_virtual_device_contexts = HasRelatedFilter(
        field_name="virtual_device_contexts", label="Has virtual device contexts"
    )


class InterfaceRedundancyGroupFilterSet(BaseFilterSet):
    search_fields = ("name",)
    relations = {"interfaces": "interfaces"}

    class Meta:
        model = InterfaceRedundancyGroup
        fields = ["name", "description", "protocol", "protocol_group_id", "status"]


class InterfaceRedundancyGroupAssociationFilterSet(BaseFilterSet):
    search_fields = ("interface_redundancy_group__name", "interface__name")

    class Meta:
        model = InterfaceRedundancyGroupAssociation
        fields = ["interface_redundancy_group", "interface", "priority"]


class VirtualDeviceContextFilterSet(TenancyFilterSet):
    search_fields = ("device__name", "tenant__name", "name")
    relations = {"interfaces": "interfaces"}
    has_relations = {"interfaces": "interfaces", "tenant": "tenant"}
    has_primary_ip = django_filters.BooleanFilter(method="filter_has_primary_ip", label="Has a primary IP")

    class Meta:
        model = VirtualDeviceContext
        fields = [
            "identifier",
            "name",
            "device",
            "tenant",
            "role",
            "status",
            "description",
            "controller_managed_device_group",
        ]

    def filter_has_primary_ip(self, queryset: models.QuerySet[Any], name: str, value: bool | None) -> Any:
        if value is None:
            return queryset
        condition = Q(primary_ip4__isnull=False) | Q(primary_ip6__isnull=False)
        return queryset.filter(condition) if value else queryset.exclude(condition)


class InterfaceVDCAssignmentFilterSet(BaseFilterSet):
    search_fields = ("interface__name", "virtual_device_context__name")
    device = RelatedFilter(field_name="interface__device", related=Device, descendants=False)

    class Meta:
        model = InterfaceVDCAssignment
        fields = ["virtual_device_context", "interface"]
