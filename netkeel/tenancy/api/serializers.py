"""Tenancy objects in the API."""

from __future__ import annotations

from netkeel.core.api.counts import RowCountsSerializerMixin
from netkeel.core.api.serializers import BaseModelSerializer, TreeDepthMixin
from netkeel.tenancy.models import Tenant, TenantGroup


class TenantGroupSerializer(RowCountsSerializerMixin, TreeDepthMixin):
    """`tenant_count` (the group's own tenants) and `tree_depth`, on the endpoint's own rows."""

    class Meta(BaseModelSerializer.Meta):
        model = TenantGroup


class TenantSerializer(RowCountsSerializerMixin, BaseModelSerializer):
    """Nautobot's counts of what the tenant holds (`device_count`, `prefix_count`, …), one field per count
    registered in `netkeel.tenancy.api.views`."""

    class Meta(BaseModelSerializer.Meta):
        model = Tenant
