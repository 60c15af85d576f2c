"""Filters of the tenancy endpoints."""

from __future__ import annotations

import django_filters

from netkeel.core.api.filters import BaseFilterSet, MultiValueUUIDFilter, RelatedFilter
from netkeel.tenancy.models import Tenant, TenantGroup


class TenantGroupFilterSet(BaseFilterSet):
    search_fields = ("name", "description")

    class Meta:
        model = TenantGroup
        fields = ["name", "description", "parent"]


class TenantFilterSet(BaseFilterSet):
    search_fields = ("name", "description", "comments")

    class Meta:
        model = Tenant
        fields = ["name", "description", "tenant_group"]


class TenancyFilterSet(BaseFilterSet):
    """Nautobot's tenancy filters, for the filter set of every model with a `tenant`: `tenant` (name or id),
    `tenant_id` (id) and `tenant_group` (name or id, with its child groups), each with `__n` and `__isnull`."""

    tenant = RelatedFilter(field_name="tenant", related=Tenant)
    tenant_id = MultiValueUUIDFilter(field_name="tenant", lookup_expr="exact")
    tenant_id__isnull = django_filters.BooleanFilter(field_name="tenant", lookup_expr="isnull")
    tenant_group = RelatedFilter(field_name="tenant__tenant_group", related=TenantGroup)
