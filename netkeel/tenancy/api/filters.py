"""Filters of the tenancy endpoints."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db import models

from netkeel.core.api.filters import BaseFilterSet, MultiValueUUIDFilter, RelatedFilter
from netkeel.tenancy.models import Tenant, TenantGroup


class TenantGroupFilterSet(BaseFilterSet):
    search_fields = ("name", "description")
    relations = {"children": "children"}
    has_relations = {"children": "children", "tenants": "tenants"}
    tenants = RelatedFilter(field_name="tenants", related=Tenant, descendants=False)

    def filter_queryset(self, queryset: models.QuerySet[Any]) -> models.QuerySet[Any]:
        queryset = super().filter_queryset(queryset)
        # `?tenants=a&tenants=b` joins each group once per tenant it holds of those named.
        return queryset.distinct() if self.form.cleaned_data.get("tenants") else queryset

    class Meta:
        model = TenantGroup
        fields = ["name", "description", "parent"]


class TenantFilterSet(BaseFilterSet):
    search_fields = ("name", "description", "comments")
    # Each tenant-aware model's `tenant` is reached back as `<app>_<model>_related` (see `tenant_field`).
    relations = {
        "circuits": "circuits_circuit_related",
        "devices": "dcim_device_related",
        "ip_addresses": "ipam_ipaddress_related",
        "locations": "dcim_location_related",
        "rack_reservations": "dcim_rackreservation_related",
        "racks": "dcim_rack_related",
        "route_targets": "ipam_routetarget_related",
        "vlans": "ipam_vlan_related",
        "vrfs": "ipam_vrf_related",
    }
    relations_by_id = frozenset({"circuits", "ip_addresses", "rack_reservations", "vlans"})
    has_relations = {**relations, "prefixes": "ipam_prefix_related"}

    class Meta:
        model = Tenant
        fields = ["name", "description", "tenant_group", "comments"]


class TenancyFilterSet(BaseFilterSet):
    """Nautobot's tenancy filters, for the filter set of every model with a `tenant`: `tenant` (name or id),
    `tenant_id` (id) and `tenant_group` (name or id, with its child groups), each with `__n` and `__isnull`."""

    tenant = RelatedFilter(field_name="tenant", related=Tenant)
    tenant_id = MultiValueUUIDFilter(field_name="tenant", lookup_expr="exact")
    tenant_id__isnull = django_filters.BooleanFilter(field_name="tenant", lookup_expr="isnull")
    tenant_group = RelatedFilter(field_name="tenant__tenant_group", related=TenantGroup)
