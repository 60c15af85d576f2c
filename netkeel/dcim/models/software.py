"""Software versions of a platform and the image files that carry them (Nautobot 3.x's `SoftwareVersion`,
`SoftwareImageFile` and `DeviceTypeToSoftwareImageFile`).

A device, an inventory item and a virtual machine run one software version and may name the image files
they were loaded from; a device type lists the image files that suit it through its assignments.
"""

from __future__ import annotations

from typing import ClassVar

from django.core.exceptions import ValidationError
from django.db import models

from netkeel.core.models import BaseModel
from netkeel.dcim.choices import SoftwareImageFileHashingAlgorithmChoices
from netkeel.dcim.models.device_types import DeviceType, Platform
from netkeel.extras.fields import StatusField, TagsField


class SoftwareVersion(BaseModel):
    platform = models.ForeignKey(Platform, on_delete=models.PROTECT, related_name="software_versions")
    version = models.CharField(max_length=255)
    alias = models.CharField(max_length=255, blank=True, help_text="An optional alias, such as a release name.")
    release_date = models.DateField(null=True, blank=True)
    end_of_support_date = models.DateField(null=True, blank=True)
    documentation_url = models.URLField(blank=True, verbose_name="Documentation URL")
    long_term_support = models.BooleanField(default=False, verbose_name="Long Term Support")
    pre_release = models.BooleanField(default=False)
    status = StatusField()
    tags = TagsField()

    natural_key_field_names: ClassVar[tuple[str, ...]] = ("platform__name", "version")

    class Meta:
        ordering = ["platform", "version"]
        constraints = [
            models.UniqueConstraint(fields=["platform", "version"], name="dcim_softwareversion_unique_platform_version")
        ]

    def __str__(self) -> str:
        return f"{self.platform} - {self.version}" if self.platform_id else self.version


class SoftwareImageFile(BaseModel):
    software_version = models.ForeignKey(SoftwareVersion, on_delete=models.PROTECT, related_name="software_image_files")
    image_file_name = models.CharField(max_length=255)
    image_file_checksum = models.CharField(max_length=256, blank=True)
    hashing_algorithm = models.CharField(
        max_length=255, choices=SoftwareImageFileHashingAlgorithmChoices.flat(), blank=True
    )
    image_file_size = models.PositiveBigIntegerField(null=True, blank=True, help_text="Image file size in bytes.")
    download_url = models.URLField(blank=True, verbose_name="Download URL")
    default_image = models.BooleanField(default=False, help_text="The default image of its software version.")
    status = StatusField()
    tags = TagsField()

    natural_key_field_names: ClassVar[tuple[str, ...]] = (
        "image_file_name",
        "software_version__platform__name",
        "software_version__version",
    )

    class Meta:
        ordering = ["software_version", "image_file_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["image_file_name", "software_version"], name="dcim_softwareimagefile_unique_name_version"
            )
        ]

    def __str__(self) -> str:
        return self.image_file_name

    def clean(self) -> None:
        super().clean()
        if self.default_image and self.software_version_id:
            others = SoftwareImageFile.objects.filter(software_version_id=self.software_version_id, default_image=True)
            if others.exclude(pk=self.pk).exists():
                raise ValidationError(
                    {"default_image": f"Software version {self.software_version} already has a default image."}
                )


class DeviceTypeToSoftwareImageFile(BaseModel):
    device_type = models.ForeignKey(
        DeviceType, on_delete=models.CASCADE, related_name="software_image_file_assignments"
    )
    software_image_file = models.ForeignKey(
        SoftwareImageFile, on_delete=models.PROTECT, related_name="device_type_assignments"
    )

    natural_key_field_names: ClassVar[tuple[str, ...]] = (
        "device_type__model",
        "device_type__manufacturer__name",
        "software_image_file__image_file_name",
    )

    class Meta:
        ordering = ["device_type", "software_image_file"]
        verbose_name = "device type to software image file"
        constraints = [
            models.UniqueConstraint(
                fields=["device_type", "software_image_file"], name="dcim_devicetypetosoftwareimagefile_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.device_type}: {self.software_image_file}"
