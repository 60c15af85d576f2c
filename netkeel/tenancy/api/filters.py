"""Filters of the tenancy endpoints."""

from __future__ import annotations

from netkeel.core.api.filters import BaseFilterSet
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
