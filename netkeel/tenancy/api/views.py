"""Tenancy endpoints.

A tenant's counts are of rows in the apps above tenancy (DCIM, IPAM, circuits), which tenancy may not
import: each is counted along the reverse relation that a tenant-aware model's `tenant` makes
(`dcim_device_related`, see `tenant_field`), resolved when the first list is read, so one correlated subquery
per count whatever the page holds.
"""

from __future__ import annotations

import functools
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models

from netkeel.core.api.counts import RowCountsMixin, count_of, register_row_count
from netkeel.core.api.views import NetkeelModelViewSet
from netkeel.tenancy.api import filters, serializers
from netkeel.tenancy.models import Tenant, TenantGroup

# Nautobot's count name -> the reverse relation of the counted model's `tenant`.
TENANT_COUNTS = {
    "circuit_count": "circuits_circuit_related",
    "cluster_count": "virtualization_cluster_related",
    "device_count": "dcim_device_related",
    "ipaddress_count": "ipam_ipaddress_related",
    "namespace_count": "ipam_namespace_related",
    "prefix_count": "ipam_prefix_related",
    "rack_count": "dcim_rack_related",
    "vlan_count": "ipam_vlan_related",
    "virtualmachine_count": "virtualization_virtualmachine_related",
    "vrf_count": "ipam_vrf_related",
}


def tenant_rows(relation: str) -> Any:
    """The count of a tenant's rows along `relation`; 0 when the app holding that model is not installed."""
    try:
        counted = Tenant._meta.get_field(relation).related_model
    except FieldDoesNotExist:
        counted = None
    if not isinstance(counted, type):
        return models.Value(0, output_field=models.IntegerField())
    return count_of(counted, "tenant")


def register_counts() -> None:
    register_row_count(TenantGroup, "tenant_count", lambda: count_of(Tenant, "tenant_group"))
    for name, relation in TENANT_COUNTS.items():
        register_row_count(Tenant, name, functools.partial(tenant_rows, relation))


class TenantGroupViewSet(RowCountsMixin, NetkeelModelViewSet):
    queryset = TenantGroup.objects.all()
    serializer_class = serializers.TenantGroupSerializer
    filterset_class = filters.TenantGroupFilterSet


class TenantViewSet(RowCountsMixin, NetkeelModelViewSet):
    queryset = Tenant.objects.all()
    serializer_class = serializers.TenantSerializer
    filterset_class = filters.TenantFilterSet
