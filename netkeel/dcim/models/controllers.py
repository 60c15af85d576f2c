"""Controllers and the groups of devices they manage (Nautobot 3.x's `Controller` and
`ControllerManagedDeviceGroup`).

A controller (a wireless LAN controller, an SDN controller, a cloud dashboard) sits at a location and runs on
one device or on a redundancy group of devices, never both. The devices it manages are arranged in a tree of
groups; a device belongs to at most one group (`Device.controller_managed_device_group`), and a group's parent
belongs to the same controller.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.db import models

from netkeel.core.models import BaseModel
from netkeel.core.models.tree import TreeModel
from netkeel.dcim.choices_controllers import ControllerCapabilitiesChoices
from netkeel.dcim.models.device_types import Platform
from netkeel.dcim.models.devices import Device, DeviceRedundancyGroup
from netkeel.dcim.models.locations import Location
from netkeel.extras.fields import RoleField, StatusField, TagsField
from netkeel.tenancy.models import tenant_field


def capability_errors(capabilities: Any) -> list[str]:
    """What is wrong with a list of capabilities (nothing when it is empty or None)."""
    if capabilities is None:
        return []
    if not isinstance(capabilities, list):
        return ["Give the capabilities as a list."]
    known = set(ControllerCapabilitiesChoices.values())
    return [
        f"{value!r} is not a capability (choose from {sorted(known)})." for value in capabilities if value not in known
    ]


class HasCapabilities:
    """A controller's or a group's `capabilities`: a list of `ControllerCapabilitiesChoices` values in a JSON
    column, as Nautobot keeps them."""

    capabilities: Any

    def get_capabilities_display(self) -> str:
        """The labels, as detail pages and tables show them."""
        return ", ".join(ControllerCapabilitiesChoices.label_of(value) for value in self.capabilities or [])

    def clean_capabilities(self) -> None:
        errors = capability_errors(self.capabilities)
        if errors:
            raise ValidationError({"capabilities": errors})


class Controller(HasCapabilities, BaseModel):
    name = models.CharField(max_length=255, unique=True)
    status = StatusField()
    role = RoleField(null=True, blank=True)
    description = models.CharField(max_length=255, blank=True)
    location = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="controllers")
    platform = models.ForeignKey(Platform, on_delete=models.SET_NULL, null=True, blank=True, related_name="controllers")
    tenant = tenant_field()
    capabilities = models.JSONField(null=True, blank=True)
    controller_device = models.ForeignKey(
        Device, on_delete=models.PROTECT, null=True, blank=True, related_name="controllers"
    )
    controller_device_redundancy_group = models.ForeignKey(
        DeviceRedundancyGroup, on_delete=models.PROTECT, null=True, blank=True, related_name="controllers"
    )
    tags = TagsField()

    natural_key_field_names: ClassVar[tuple[str, ...]] = ("name",)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        self.clean_capabilities()
        if self.controller_device_id and self.controller_device_redundancy_group_id:
            raise ValidationError(
                {"controller_device": "Cannot assign both a device and a device redundancy group to a controller."}
            )


class ControllerManagedDeviceGroup(HasCapabilities, TreeModel):
    name = models.CharField(max_length=255, unique=True)
    controller = models.ForeignKey(
        Controller,
        on_delete=models.CASCADE,
        related_name="controller_managed_device_groups",
        help_text="The controller that manages the devices of this group.",
    )
    weight = models.PositiveIntegerField(
        default=1000, help_text="Sorts the groups within their parent group (lower first)."
    )
    capabilities = models.JSONField(null=True, blank=True)
    description = models.CharField(max_length=255, blank=True)
    tenant = tenant_field()
    tags = TagsField()

    natural_key_field_names: ClassVar[tuple[str, ...]] = ("name",)

    class Meta:
        ordering = ["weight", "name"]
        verbose_name = "controller managed device group"

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        self.clean_capabilities()
        if self.parent is not None and self.controller_id and self.parent.controller_id != self.controller_id:
            raise ValidationError(
                {"controller": "Controller device group must have the same controller as the parent group."}
            )
