"""Interface redundancy group, association, virtual device context and interface-VDC assignment endpoints;
deletes go through the interface group service."""

from __future__ import annotations

from typing import Any

from netkeel.core.api.views import NetkeelModelViewSet
from netkeel.dcim import services
from netkeel.dcim.api import filters_interface_groups as filters
from netkeel.dcim.api import serializers_interface_groups as serializers
from netkeel.dcim.models import (
    InterfaceRedundancyGroup,
    InterfaceRedundancyGroupAssociation,
    InterfaceVDCAssignment,
    VirtualDeviceContext,
)


class InterfaceGroupViewSet(NetkeelModelViewSet):
    def delete_instance(self, instance: Any) -> None:
        services.delete_interface_group_object(instance)


class InterfaceRedundancyGroupViewSet(InterfaceGroupViewSet):
    queryset = InterfaceRedundancyGroup.objects.all()
    serializer_class = serializers.InterfaceRedundancyGroupSerializer
    filterset_class = filters.InterfaceRedundancyGroupFilterSet


class InterfaceRedundancyGroupAssociationViewSet(InterfaceGroupViewSet):
    queryset = InterfaceRedundancyGroupAssociation.objects.all()
    serializer_class = serializers.InterfaceRedundancyGroupAssociationSerializer
    filterset_class = filters.InterfaceRedundancyGroupAssociationFilterSet


class VirtualDeviceContextViewSet(InterfaceGroupViewSet):
    queryset = VirtualDeviceContext.objects.all()
    serializer_class = serializers.VirtualDeviceContextSerializer
    filterset_class = filters.VirtualDeviceContextFilterSet


class InterfaceVDCAssignmentViewSet(InterfaceGroupViewSet):
    queryset = InterfaceVDCAssignment.objects.all()
    serializer_class = serializers.InterfaceVDCAssignmentSerializer
    filterset_class = filters.InterfaceVDCAssignmentFilterSet
