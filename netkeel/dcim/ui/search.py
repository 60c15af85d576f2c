"""What global search finds in DCIM: names, labels, serials, asset tags, MAC addresses and cable labels."""

from __future__ import annotations

from typing import Any

from netkeel.core.ui import search
from netkeel.dcim import models as dcim

DEVICE_RELATED = ("device_type__manufacturer", "location", "rack", "virtual_chassis")
OWNER_RELATED = ("device__device_type__manufacturer", "device__virtual_chassis")


def _device(device: Any) -> str:
    parts = [device.device_type.display, str(device.location)]
    if device.rack_id:
        parts.append(f"rack {device.rack}")
    if device.serial:
        parts.append(f"serial {device.serial}")
    if device.asset_tag:
        parts.append(f"asset tag {device.asset_tag}")
    return " · ".join(parts)


def _component(component: Any) -> str:
    label = f" ({component.label})" if getattr(component, "label", "") else ""
    return f"on {component.device}{label}"


def register() -> None:
    search.register(
        dcim.SoftwareVersion,
        fields=("version", "alias"),
        related=("platform",),
        describe=lambda version: f"{version.platform} software",
        weight=60,
    )
    search.register(
        dcim.SoftwareImageFile,
        fields=("image_file_name", "image_file_checksum"),
        related=("software_version__platform",),
        describe=lambda image: f"image of {image.software_version}",
        weight=65,
    )
    search.register(
        dcim.Device, fields=("name", "serial", "asset_tag"), related=DEVICE_RELATED, describe=_device, weight=10
    )
    search.register(
        dcim.Location,
        fields=("name", "facility", "description"),
        related=("location_type",),
        describe=lambda location: str(location.location_type),
        weight=20,
    )
    search.register(
        dcim.Rack,
        fields=("name", "facility_id", "serial", "asset_tag"),
        related=("location",),
        describe=lambda rack: f"{rack.location} · {rack.u_height}U",
        weight=20,
    )
    search.register(
        dcim.RackGroup,
        fields=("name", "description"),
        related=("location",),
        describe=lambda group: str(group.location),
        weight=25,
    )
    search.register(
        dcim.DeviceType,
        fields=("model", "part_number"),
        related=("manufacturer",),
        describe=lambda dtype: str(dtype.manufacturer),
        weight=30,
    )
    search.register(dcim.Manufacturer, fields=("name",), weight=30)
    search.register(dcim.Platform, fields=("name",), weight=30)
    search.register(dcim.VirtualChassis, fields=("name", "domain"), weight=30)
    search.register(dcim.DeviceFamily, fields=("name", "description"), weight=30)
    search.register(dcim.DeviceRedundancyGroup, fields=("name", "description"), weight=30)
    search.register(
        dcim.InterfaceRedundancyGroup,
        fields=("name", "description", "protocol_group_id"),
        describe=lambda group: f"{group.get_protocol_display() or 'redundancy'} group",
        weight=35,
    )
    search.register(
        dcim.VirtualDeviceContext,
        fields=("name", "description"),
        related=("device",),
        describe=lambda context: f"on {context.device}",
        weight=35,
    )
    search.register(
        dcim.Interface,
        fields=("name", "label", "mac_address", "description"),
        related=OWNER_RELATED,
        describe=_component,
        weight=40,
    )
    for model in (
        dcim.ConsolePort,
        dcim.ConsoleServerPort,
        dcim.PowerPort,
        dcim.PowerOutlet,
        dcim.FrontPort,
        dcim.RearPort,
        dcim.DeviceBay,
    ):
        search.register(model, fields=("name", "label"), related=OWNER_RELATED, describe=_component, weight=45)
    search.register(
        dcim.InventoryItem,
        fields=("name", "label", "serial", "asset_tag", "part_id"),
        related=OWNER_RELATED,
        describe=lambda item: " · ".join(
            part for part in (_component(item), f"serial {item.serial}" if item.serial else "") if part
        ),
        weight=45,
    )
    search.register(dcim.Cable, fields=("label",), weight=50)
    search.register(
        dcim.PowerPanel, fields=("name",), related=("location",), describe=lambda panel: str(panel.location), weight=50
    )
    search.register(
        dcim.PowerFeed,
        fields=("name",),
        related=("power_panel",),
        describe=lambda feed: f"from {feed.power_panel}",
        weight=50,
    )
    search.register(
        dcim.Controller,
        fields=("name", "description"),
        related=("location",),
        describe=lambda controller: f"controller at {controller.location}",
        weight=30,
    )
    search.register(
        dcim.ControllerManagedDeviceGroup,
        fields=("name", "description"),
        related=("controller",),
        describe=lambda group: f"devices managed by {group.controller}",
        weight=35,
    )
