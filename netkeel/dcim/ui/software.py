"""Software pages: software versions (a version's page has its devices and its image files as tabs), software
image files and the image files of device types, under Devices > Software."""

from __future__ import annotations

from typing import ClassVar

from netkeel.core.ui import ObjectTab, UIRouter
from netkeel.core.ui.tables import table_for
from netkeel.dcim import models as dcim
from netkeel.dcim.ui.devices import ComponentKind, ComponentTabView

SoftwareVersionTable = table_for(
    dcim.SoftwareVersion,
    default_columns=("display", "platform", "version", "alias", "release_date", "end_of_support_date", "status"),
)
SoftwareImageFileTable = table_for(
    dcim.SoftwareImageFile,
    default_columns=(
        "image_file_name",
        "software_version",
        "image_file_size",
        "hashing_algorithm",
        "default_image",
        "status",
    ),
)
DeviceTypeToSoftwareImageFileTable = table_for(
    dcim.DeviceTypeToSoftwareImageFile, default_columns=("device_type", "software_image_file")
)


class VersionDevicesTab(ComponentTabView):
    """The devices that run a software version."""

    kind = ComponentKind("devices", "Devices", dcim.Device)
    parent_field: ClassVar[str] = "software_version"


class VersionImageFilesTab(ComponentTabView):
    kind = ComponentKind("software-image-files", "Software image files", dcim.SoftwareImageFile)
    parent_field: ClassVar[str] = "software_version"


def register(router: UIRouter) -> None:
    router.register(
        dcim.SoftwareVersion,
        table=SoftwareVersionTable,
        menu_group="Software",
        tabs=[
            ObjectTab("devices", "Devices", VersionDevicesTab, permission="dcim.view_device"),
            ObjectTab(
                "software-image-files",
                "Software image files",
                VersionImageFilesTab,
                permission="dcim.view_softwareimagefile",
            ),
        ],
    )
    router.register(dcim.SoftwareImageFile, table=SoftwareImageFileTable, menu_group="Software")
    router.register(dcim.DeviceTypeToSoftwareImageFile, table=DeviceTypeToSoftwareImageFileTable, menu_group="Software")
