"""Filters of the software version, software image file and device-type-to-image-file endpoints, with Nautobot
3.2.7's names, and the `software_version` / `software_image_files` filters a device, an inventory item and a
virtual machine take (`SoftwareFilters`). A version is named by its version text or id, an image file by its
file name or id."""

from __future__ import annotations

from netkeel.core.api.filters import BaseFilterSet, HasRelatedFilter, RelatedFilter
from netkeel.dcim.models import DeviceTypeToSoftwareImageFile, Platform, SoftwareImageFile, SoftwareVersion


def versions(field_name: str) -> RelatedFilter:
    return RelatedFilter(field_name=field_name, related=SoftwareVersion, to_field="version", descendants=False)


def image_files(field_name: str) -> RelatedFilter:
    return RelatedFilter(
        field_name=field_name, related=SoftwareImageFile, to_field="image_file_name", descendants=False
    )


class SoftwareFilters(BaseFilterSet):
    """What runs on a device, an inventory item or a virtual machine (a base of their filter sets)."""

    software_version = versions("software_version")
    has_software_version = HasRelatedFilter(field_name="software_version", label="Has a software version")
    software_image_files = image_files("software_image_files")
    has_software_image_files = HasRelatedFilter(field_name="software_image_files", label="Has software image files")


class SoftwareVersionFilterSet(BaseFilterSet):
    search_fields = ("version", "alias", "platform__name")
    relations = {
        "devices": "devices",
        "inventory_items": "inventory_items",
        "virtual_machines": "virtual_machines",
        "device_types": "software_image_files__device_types",
    }
    has_relations = {**relations, "software_image_files": "software_image_files"}
    software_image_files = image_files("software_image_files")

    class Meta:
        model = SoftwareVersion
        fields = [
            "platform",
            "version",
            "alias",
            "release_date",
            "end_of_support_date",
            "documentation_url",
            "long_term_support",
            "pre_release",
            "status",
        ]


class SoftwareImageFileFilterSet(BaseFilterSet):
    search_fields = ("image_file_name", "image_file_checksum", "software_version__version")
    relations = {"devices": "devices", "device_types": "device_types"}
    has_relations = relations
    software_version = versions("software_version")
    software_version__platform = RelatedFilter(
        field_name="software_version__platform", related=Platform, descendants=False
    )

    class Meta:
        model = SoftwareImageFile
        fields = [
            "image_file_name",
            "image_file_checksum",
            "hashing_algorithm",
            "image_file_size",
            "download_url",
            "default_image",
            "status",
        ]


class DeviceTypeToSoftwareImageFileFilterSet(BaseFilterSet):
    search_fields = ("device_type__model", "software_image_file__image_file_name")
    software_image_file = image_files("software_image_file")

    class Meta:
        model = DeviceTypeToSoftwareImageFile
        fields = ["device_type"]
