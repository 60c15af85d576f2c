"""The parts of a device: ports, interfaces, bays and inventory items.

Termination models (everything a cable can plug into) carry a `cable` foreign key, kept in step with the
cable's own two ends by the cabling service. Endpoint models (where a path starts and ends) are
those in `netkeel.dcim.cabling.graph.ENDPOINT_KINDS`.
"""

from __future__ import annotations

from typing import ClassVar

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from netkeel.core.models import BaseModel, TreeModel
from netkeel.core.models.base import moved_fields
from netkeel.core.models.ordering import NaturalOrderingField, naturalize_interface
from netkeel.dcim.choices import (
    VIRTUAL_INTERFACE_TYPES,
    ConsolePortTypeChoices,
    InterfaceModeChoices,
    InterfaceTypeChoices,
    PortTypeChoices,
    PowerOutletFeedLegChoices,
    PowerOutletTypeChoices,
    PowerPortTypeChoices,
)
from netkeel.dcim.models.device_types import Manufacturer
from netkeel.dcim.models.devices import Device
from netkeel.dcim.models.fields import duplex_field, port_type_field, power_factor_field, speed_field
from netkeel.extras.fields import RoleField, StatusField, TagsField


class ComponentModel(BaseModel):
    device = models.ForeignKey(Device, on_delete=models.CASCADE, related_name="%(class)ss")
    name = models.CharField(max_length=64)
    _name = NaturalOrderingField(target_field="name")
    label = models.CharField(max_length=64, blank=True)
    description = models.CharField(max_length=200, blank=True)
    tags = TagsField()

    natural_key_field_names: ClassVar[tuple[str, ...]] = ("device__name", "device__location__name", "name")

    class Meta:
        abstract = True
        # Ethernet2 before Ethernet10, on the device's tab as in lists and the API (`_name`, see
        # netkeel.core.models.ordering); the id settles equal natural names (Ethernet1, Ethernet01).
        ordering = ["device", "_name", "id"]
        indexes = [models.Index(fields=["device", "_name"], name="%(app_label)s_%(class)s_natural")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        refuse_device_move(self)

    def check_same_device(self, field: str, other: ComponentModel | None) -> None:
        """Refuse a reference from this component to a component of another device."""
        if other is not None and self.device_id and other.device_id != self.device_id:
            raise ValidationError({field: f"{other} belongs to device {other.device}, not to {self.device}."})


def normalise_mac_address(interface: models.Model) -> None:
    """Store an interface's (or a VM interface's) MAC address as `AA:BB:CC:00:11:22`, whatever notation was given."""
    from netaddr import EUI, AddrFormatError, mac_unix_expanded

    mac = getattr(interface, "mac_address", "")
    if mac:
        try:
            setattr(interface, "mac_address", str(EUI(mac, dialect=mac_unix_expanded)).upper())  # noqa: B010
        except (AddrFormatError, TypeError, ValueError):
            raise ValidationError({"mac_address": f"{mac!r} is not a MAC address."}) from None


def refuse_device_move(part: BaseModel) -> None:
    """A part stays on the device it was made on (its cable and paths were made there too)."""
    if moved_fields(part, ["device_id"]):
        raise ValidationError(
            {"device": "A component stays on its device; delete it and create it on the other device."}
        )


class CableTermination(models.Model):
    cable = models.ForeignKey("dcim.Cable", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        abstract = True


def _unique_name(model_name: str) -> list[models.BaseConstraint]:
    return [models.UniqueConstraint(fields=["device", "name"], name=f"dcim_{model_name}_unique_device_name")]


class ConsolePort(CableTermination, ComponentModel):
    type = models.CharField(max_length=50, choices=ConsolePortTypeChoices.flat(), blank=True)

    class Meta(ComponentModel.Meta):
        constraints = _unique_name("consoleport")


class ConsoleServerPort(CableTermination, ComponentModel):
    type = models.CharField(max_length=50, choices=ConsolePortTypeChoices.flat(), blank=True)

    class Meta(ComponentModel.Meta):
        constraints = _unique_name("consoleserverport")


class PowerPort(CableTermination, ComponentModel):
    type = models.CharField(max_length=50, choices=PowerPortTypeChoices.flat(), blank=True)
    maximum_draw = models.PositiveSmallIntegerField(null=True, blank=True, validators=[MinValueValidator(1)])
    allocated_draw = models.PositiveSmallIntegerField(null=True, blank=True, validators=[MinValueValidator(1)])
    power_factor = power_factor_field()

    class Meta(ComponentModel.Meta):
        constraints = _unique_name("powerport")

    def clean(self) -> None:
        super().clean()
        if self.maximum_draw and self.allocated_draw and self.allocated_draw > self.maximum_draw:
            raise ValidationError(
                {"allocated_draw": f"Allocated draw cannot exceed the maximum ({self.maximum_draw}W)."}
            )


class PowerOutlet(CableTermination, ComponentModel):
    type = models.CharField(max_length=50, choices=PowerOutletTypeChoices.flat(), blank=True)
    power_port = models.ForeignKey(
        PowerPort, on_delete=models.SET_NULL, null=True, blank=True, related_name="power_outlets"
    )
    feed_leg = models.CharField(max_length=50, choices=PowerOutletFeedLegChoices.flat(), blank=True)

    class Meta(ComponentModel.Meta):
        constraints = _unique_name("poweroutlet")

    def clean(self) -> None:
        super().clean()
        self.check_same_device("power_port", self.power_port)


class Interface(CableTermination, ComponentModel):
    _name = NaturalOrderingField(target_field="name", naturalize_function=naturalize_interface)
    type = models.CharField(max_length=50, choices=InterfaceTypeChoices.flat())
    status = StatusField()
    # As Nautobot: a role among those offered on interfaces (content type dcim.interface).
    role = RoleField(null=True, blank=True)
    enabled = models.BooleanField(default=True)
    mgmt_only = models.BooleanField(default=False)
    mtu = models.PositiveIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(65536)]
    )
    mac_address = models.CharField(max_length=18, blank=True, db_index=True)
    mode = models.CharField(max_length=50, choices=InterfaceModeChoices.flat(), blank=True)
    lag = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="member_interfaces")
    parent_interface = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="child_interfaces"
    )
    untagged_vlan = models.ForeignKey(
        "ipam.VLAN", on_delete=models.SET_NULL, null=True, blank=True, related_name="interfaces_as_untagged"
    )
    tagged_vlans = models.ManyToManyField("ipam.VLAN", blank=True, related_name="interfaces_as_tagged")
    bridge = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="bridged_interfaces"
    )
    vrf = models.ForeignKey("ipam.VRF", on_delete=models.SET_NULL, null=True, blank=True, related_name="interfaces")
    speed = speed_field()
    duplex = duplex_field()
    port_type = port_type_field()
    # The lane of a breakout cable this interface takes (1 to 256), as Nautobot.
    breakout_position = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(256)]
    )

    class Meta(ComponentModel.Meta):
        constraints = _unique_name("interface")

    def clean(self) -> None:
        super().clean()
        normalise_mac_address(self)
        for field in ("lag", "parent_interface", "bridge"):
            other = getattr(self, field)
            if other is not None and other.pk == self.pk:
                raise ValidationError({field: "An interface cannot refer to itself."})
            self.check_same_device(field, other)
        if self.lag is not None and self.lag.type != InterfaceTypeChoices.LAG:
            raise ValidationError({"lag": f"{self.lag} is not a LAG interface."})
        if self.lag is not None and self.type in VIRTUAL_INTERFACE_TYPES:
            raise ValidationError({"lag": "Only physical interfaces can be LAG members."})
        if self.untagged_vlan_id and not self.mode:
            raise ValidationError({"untagged_vlan": "Set the interface's mode (access or tagged) to give it VLANs."})
        if self.type in VIRTUAL_INTERFACE_TYPES and self.cable_id:
            raise ValidationError({"type": "A cabled interface cannot become a virtual, bridge or LAG interface."})


class RearPort(CableTermination, ComponentModel):
    type = models.CharField(max_length=50, choices=PortTypeChoices.flat())
    positions = models.PositiveSmallIntegerField(default=1, validators=[MinValueValidator(1), MaxValueValidator(1024)])

    class Meta(ComponentModel.Meta):
        constraints = _unique_name("rearport")

    def clean(self) -> None:
        super().clean()
        if self.pk is not None:
            highest = self.frontports.aggregate(highest=models.Max("rear_port_position"))["highest"]
            if highest is not None and self.positions < highest:
                raise ValidationError(
                    {"positions": f"Front port position {highest} is mapped: keep at least {highest} positions."}
                )


class FrontPort(CableTermination, ComponentModel):
    type = models.CharField(max_length=50, choices=PortTypeChoices.flat())
    rear_port = models.ForeignKey(RearPort, on_delete=models.CASCADE, related_name="frontports")
    rear_port_position = models.PositiveSmallIntegerField(
        default=1, validators=[MinValueValidator(1), MaxValueValidator(1024)]
    )

    class Meta(ComponentModel.Meta):
        constraints = [
            *_unique_name("frontport"),
            models.UniqueConstraint(
                fields=["rear_port", "rear_port_position"], name="dcim_frontport_unique_rear_position"
            ),
        ]

    def clean(self) -> None:
        super().clean()
        if not self.rear_port_id:
            return
        self.check_same_device("rear_port", self.rear_port)
        if self.rear_port_position > self.rear_port.positions:
            raise ValidationError(
                {
                    "rear_port_position": f"Position {self.rear_port_position} is beyond the "
                    f"{self.rear_port.positions} position(s) of rear port {self.rear_port}."
                }
            )


class DeviceBay(ComponentModel):
    installed_device = models.OneToOneField(
        Device, on_delete=models.SET_NULL, null=True, blank=True, related_name="parent_bay"
    )

    class Meta(ComponentModel.Meta):
        constraints = _unique_name("devicebay")

    def clean(self) -> None:
        super().clean()
        if self.installed_device is not None:
            if self.installed_device.pk == self.device_id:
                raise ValidationError({"installed_device": "A device cannot be installed in itself."})
            if not self.installed_device.device_type.is_child_device:
                raise ValidationError({"installed_device": f"{self.installed_device} is not a child device type."})


class InventoryItem(TreeModel):
    # Unlike locations, an item's sub-items go with it (a line card with its optics).
    parent = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True, related_name="children")
    device = models.ForeignKey(Device, on_delete=models.CASCADE, related_name="inventory_items")
    name = models.CharField(max_length=64)
    _name = NaturalOrderingField(target_field="name")
    label = models.CharField(max_length=64, blank=True)
    manufacturer = models.ForeignKey(
        Manufacturer, on_delete=models.PROTECT, null=True, blank=True, related_name="inventory_items"
    )
    part_id = models.CharField(max_length=50, blank=True)
    serial = models.CharField(max_length=255, blank=True, db_index=True)
    # "Asset tag", as Nautobot labels it: clients match "<model> with this Asset tag already exists."
    asset_tag = models.CharField(max_length=100, null=True, blank=True, unique=True, verbose_name="Asset tag")
    discovered = models.BooleanField(default=False)
    description = models.CharField(max_length=200, blank=True)
    software_version = models.ForeignKey(
        "dcim.SoftwareVersion", on_delete=models.PROTECT, null=True, blank=True, related_name="inventory_items"
    )
    software_image_files = models.ManyToManyField("dcim.SoftwareImageFile", blank=True, related_name="inventory_items")
    tags = TagsField()

    natural_key_field_names: ClassVar[tuple[str, ...]] = ("device__name", "device__location__name", "name")

    class Meta:
        ordering = ["device", "_name", "id"]
        indexes = [models.Index(fields=["device", "_name"], name="dcim_inventoryitem_natural")]
        constraints = [
            models.UniqueConstraint(
                fields=["device", "parent", "name"], name="dcim_inventoryitem_unique_device_parent_name"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        refuse_device_move(self)
        if self.parent is not None and self.device_id and self.parent.device_id != self.device_id:
            raise ValidationError({"parent": f"{self.parent} belongs to another device."})
