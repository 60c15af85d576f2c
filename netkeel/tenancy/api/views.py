"""Tenancy endpoints."""

from __future__ import annotations

from netkeel.core.api.views import NetkeelModelViewSet
from netkeel.tenancy.api import filters, serializers
from netkeel.tenancy.models import Tenant, TenantGroup


class TenantGroupViewSet(NetkeelModelViewSet):
    queryset = TenantGroup.objects.all()
    serializer_class = serializers.TenantGroupSerializer
    filterset_class = filters.TenantGroupFilterSet


class TenantViewSet(NetkeelModelViewSet):
    queryset = Tenant.objects.all()
    serializer_class = serializers.TenantSerializer
    filterset_class = filters.TenantFilterSet
