"""Virtualization endpoints; deletes go through the virtualization services."""

from __future__ import annotations

from typing import Any

from netkeel.core.api.counts import count_of
from netkeel.core.api.views import NetkeelModelViewSet
from netkeel.virtualization import services
from netkeel.virtualization.api import filters, serializers
from netkeel.virtualization.models import (
    Cluster,
    ClusterGroup,
    ClusterType,
    DeviceClusterAssignment,
    VirtualMachine,
    VMInterface,
)


class ServiceDeleteMixin:
    def delete_instance(self, instance: Any) -> None:
        services.delete_object(instance)


class ClusterTypeViewSet(ServiceDeleteMixin, NetkeelModelViewSet):
    queryset = ClusterType.objects.annotate(cluster_count=count_of(Cluster, "cluster_type"))
    serializer_class = serializers.ClusterTypeSerializer
    filterset_class = filters.ClusterTypeFilterSet


class ClusterGroupViewSet(ServiceDeleteMixin, NetkeelModelViewSet):
    queryset = ClusterGroup.objects.annotate(cluster_count=count_of(Cluster, "cluster_group"))
    serializer_class = serializers.ClusterGroupSerializer
    filterset_class = filters.ClusterGroupFilterSet


class ClusterViewSet(ServiceDeleteMixin, NetkeelModelViewSet):
    queryset = Cluster.objects.annotate(
        device_count=count_of(DeviceClusterAssignment, "cluster"),
        virtualmachine_count=count_of(VirtualMachine, "cluster"),
    )
    serializer_class = serializers.ClusterSerializer
    filterset_class = filters.ClusterFilterSet


class DeviceClusterAssignmentViewSet(ServiceDeleteMixin, NetkeelModelViewSet):
    queryset = DeviceClusterAssignment.objects.all()
    serializer_class = serializers.DeviceClusterAssignmentSerializer
    filterset_class = filters.DeviceClusterAssignmentFilterSet


class VirtualMachineViewSet(ServiceDeleteMixin, NetkeelModelViewSet):
    queryset = VirtualMachine.objects.all()
    serializer_class = serializers.VirtualMachineSerializer
    filterset_class = filters.VirtualMachineFilterSet


class VMInterfaceViewSet(ServiceDeleteMixin, NetkeelModelViewSet):
    queryset = VMInterface.objects.all()
    serializer_class = serializers.VMInterfaceSerializer
    filterset_class = filters.VMInterfaceFilterSet
