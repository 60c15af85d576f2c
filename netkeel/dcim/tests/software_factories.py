"""Platforms, software versions and software image files for tests, made through the dcim services."""

from __future__ import annotations

from typing import Any

from netkeel.dcim import services
from netkeel.dcim.models import Platform, SoftwareImageFile, SoftwareVersion
from netkeel.dcim.tests import factories as f


def platform(name: str = "Arista EOS") -> Platform:
    return Platform.objects.filter(name=name).first() or Platform.objects.create(name=name)


def software_version(version: str = "4.30.1F", platform_name: str = "Arista EOS", **fields: Any) -> SoftwareVersion:
    return services.create_software_version(
        platform=platform(platform_name), version=version, status=f.status(), **fields
    )


def image_file(name: str, version: SoftwareVersion | None = None, **fields: Any) -> SoftwareImageFile:
    version = version or SoftwareVersion.objects.first() or software_version()
    return services.create_software_image_file(
        software_version=version, image_file_name=name, status=f.status(), **fields
    )
