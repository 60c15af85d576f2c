"""Software version, software image file and device-type-to-image-file endpoints; deletes go through the
software service."""

from __future__ import annotations

from typing import Any

from netkeel.core.api.views import NetkeelModelViewSet
from netkeel.dcim import services
from netkeel.dcim.api import filters_software as filters
from netkeel.dcim.api import serializers_software as serializers
from netkeel.dcim.models import DeviceTypeToSoftwareImageFile, SoftwareImageFile, SoftwareVersion


class SoftwareViewSet(NetkeelModelViewSet):
    def delete_instance(self, instance: Any) -> None:
        services.delete_software_object(instance)


class SoftwareVersionViewSet(SoftwareViewSet):
    queryset = SoftwareVersion.objects.all()
    serializer_class = serializers.SoftwareVersionSerializer
    filterset_class = filters.SoftwareVersionFilterSet


class SoftwareImageFileViewSet(SoftwareViewSet):
    queryset = SoftwareImageFile.objects.all()
    serializer_class = serializers.SoftwareImageFileSerializer
    filterset_class = filters.SoftwareImageFileFilterSet


class DeviceTypeToSoftwareImageFileViewSet(SoftwareViewSet):
    queryset = DeviceTypeToSoftwareImageFile.objects.all()
    serializer_class = serializers.DeviceTypeToSoftwareImageFileSerializer
    filterset_class = filters.DeviceTypeToSoftwareImageFileFilterSet
