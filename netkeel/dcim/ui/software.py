"""Software pages: software versions (a version's page has its devices and its image files as tabs), software
image files and the image files of device types, under Devices > Software."""

from __future__ import annotations

from netkeel.core.ui import UIRouter
from netkeel.core.ui.tables import table_for
from netkeel.dcim import models as dcim
from netkeel.dcim.ui.devices import related_tab

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


def register(router: UIRouter) -> None:
    router.register(
        dcim.SoftwareVersion,
        table=SoftwareVersionTable,
        menu_group="Software",
        tabs=[
            # The devices that run the version, and its image files.
            related_tab("devices", "Devices", dcim.Device, "software_version"),
            related_tab("software-image-files", "Software image files", dcim.SoftwareImageFile, "software_version"),
        ],
    )
    router.register(dcim.SoftwareImageFile, table=SoftwareImageFileTable, menu_group="Software")
    router.register(dcim.DeviceTypeToSoftwareImageFile, table=DeviceTypeToSoftwareImageFileTable, menu_group="Software")
