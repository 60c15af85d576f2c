"""Controller and controller-managed device group endpoints; deletes go through the controller service."""

from __future__ import annotations

from typing import Any

from netkeel.core.api.views import NetkeelModelViewSet
from netkeel.dcim import services
from netkeel.dcim.api import filters_controllers as filters
from netkeel.dcim.api import serializers_controllers as serializers
from netkeel.dcim.models import Controller, ControllerManagedDeviceGroup


class ControllerSideViewSet(NetkeelModelViewSet):
    def delete_instance(self, instance: Any) -> None:
        services.delete_controller_object(instance)


class ControllerViewSet(ControllerSideViewSet):
    queryset = Controller.objects.all()
    serializer_class = serializers.ControllerSerializer
    filterset_class = filters.ControllerFilterSet


class ControllerManagedDeviceGroupViewSet(ControllerSideViewSet):
    queryset = ControllerManagedDeviceGroup.objects.all()
    serializer_class = serializers.ControllerManagedDeviceGroupSerializer
    filterset_class = filters.ControllerManagedDeviceGroupFilterSet
