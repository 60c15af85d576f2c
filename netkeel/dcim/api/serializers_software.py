"""Software versions, software image files and the image files of a device type in the API, field for field as
Nautobot 3.2.7; every write through `netkeel.dcim.services`' software functions."""

from __future__ import annotations

from netkeel.core.api.serializers import BaseModelSerializer
from netkeel.dcim.api.plain_writes import PlainWritesMixin
from netkeel.dcim.models import DeviceTypeToSoftwareImageFile, SoftwareImageFile, SoftwareVersion


class SoftwareSerializer(PlainWritesMixin, BaseModelSerializer):
    """A software model's serializer (written as the plain models are)."""


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
