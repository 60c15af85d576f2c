"""Tenancy objects in the API."""

from __future__ import annotations

from netkeel.core.api.serializers import BaseModelSerializer
from netkeel.tenancy.models import Tenant, TenantGroup


class TenantGroupSerializer(BaseModelSerializer):
    class Meta(BaseModelSerializer.Meta):
        model = TenantGroup


class TenantSerializer(BaseModelSerializer):
    class Meta(BaseModelSerializer.Meta):
        model = Tenant
