"""Software versions, software image files and the image files of a device type in the API, field for field as
Nautobot 3.2.7; every write through `netkeel.dcim.services`' software functions."""

from __future__ import annotations

from typing import Any

from netkeel.core.api.serializers import BaseModelSerializer
from netkeel.dcim import services
from netkeel.dcim.models import DeviceTypeToSoftwareImageFile, SoftwareImageFile, SoftwareVersion


class SoftwareSerializer(BaseModelSerializer):
    """Creates through `services.create_plain_object`, changes through `services.update_plain_object`."""

    def create_instance(self, data: dict[str, Any], **writes: Any) -> Any:
        return services.create_plain_object(self.Meta.model, **data, **writes)

    def update_instance(self, instance: Any, data: dict[str, Any], **writes: Any) -> Any:
        return services.update_plain_object(instance, **data, **writes)


class SoftwareVersionSerializer(SoftwareSerializer):
    display_related = ("platform",)

    class Meta(BaseModelSerializer.Meta):
        model = SoftwareVersion


class SoftwareImageFileSerializer(SoftwareSerializer):
    display_related = ("software_version__platform",)
    plain_choices = ("hashing_algorithm",)  # Nautobot answers the bare value ("sha256"), not {value, label}

    class Meta(BaseModelSerializer.Meta):
        model = SoftwareImageFile


class DeviceTypeToSoftwareImageFileSerializer(SoftwareSerializer):
    display_related = ("device_type__manufacturer", "software_image_file")

    class Meta(BaseModelSerializer.Meta):
        model = DeviceTypeToSoftwareImageFile
