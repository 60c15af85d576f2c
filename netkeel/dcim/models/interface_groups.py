"""Interfaces grouped across devices (Nautobot 3.x's `InterfaceRedundancyGroup`, with a priority per
interface through `InterfaceRedundancyGroupAssociation`) and within one device (`VirtualDeviceContext`, a
device's virtual partition, its interfaces through `InterfaceVDCAssignment`).

An interface redundancy group stands for a first-hop redundancy protocol (HSRP, VRRP, …) shared by the
interfaces of several devices, answering on its virtual address. A virtual device context belongs to one
device for good: its interfaces and its primary addresses are that device's.
"""

from __future__ import annotations

from typing import ClassVar

from django.core.exceptions import ValidationError
from django.db import models

from netkeel.core.models import BaseModel
from netkeel.dcim.choices_interfaces import InterfaceRedundancyGroupProtocolChoices
from netkeel.dcim.models.components import Interface
from netkeel.dcim.models.devices import Device, primary_ip_errors
from netkeel.extras.fields import RoleField, StatusField, TagsField
from netkeel.tenancy.models import tenant_field


class InterfaceRedundancyGroup(BaseModel):
    name = models.CharField(max_length=255, unique=True)
    status = StatusField()
    description = models.CharField(max_length=255, blank=True)
    interfaces = models.ManyToManyField(
        Interface,
        through="dcim.InterfaceRedundancyGroupAssociation",
        related_name="interface_redundancy_groups",
        blank=True,
    )
    protocol = models.CharField(
        max_length=50,
        choices=InterfaceRedundancyGroupProtocolChoices.flat(),
        blank=True,
        verbose_name="Redundancy Protocol",
    )
    protocol_group_id = models.CharField(max_length=255, blank=True)
    virtual_ip = models.ForeignKey(
        "ipam.IPAddress",
        on_delete=models.CASCADE,  # as Nautobot: the group goes with its address
        null=True,
        blank=True,
        related_name="interface_redundancy_groups",
    )
    tags = TagsField()

    natural_key_field_names: ClassVar[tuple[str, ...]] = ("name",)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class InterfaceRedundancyGroupAssociation(BaseModel):
    """An interface in a redundancy group, with its priority there (the highest wins, as in HSRP)."""

    interface_redundancy_group = models.ForeignKey(
        InterfaceRedundancyGroup, on_delete=models.CASCADE, related_name="interface_redundancy_group_associations"
    )
    interface = models.ForeignKey(
        Interface, on_delete=models.CASCADE, related_name="interface_redundancy_group_associations"
    )
    priority = models.PositiveIntegerField()

    natural_key_field_names: ClassVar[tuple[str, ...]] = (
        "interface_redundancy_group__name",
        "interface__device__name",
        "interface__device__location__name",
        "interface__name",
    )

    class Meta:
        ordering = ["interface_redundancy_group", "-priority"]
        verbose_name = "interface redundancy group association"
        constraints = [
            models.UniqueConstraint(
                fields=["interface_redundancy_group", "interface"], name="dcim_interfaceredundancygroupassoc_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.interface_redundancy_group}: {self.interface.device} {self.interface}: {self.priority}"


class VirtualDeviceContext(BaseModel):
    name = models.CharField(max_length=255)
    device = models.ForeignKey(Device, on_delete=models.CASCADE, related_name="virtual_device_contexts")
    identifier = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="Unique identifier provided by the platform being virtualized (Example: Nexus VDC Identifier)",
    )
    status = StatusField()
    role = RoleField(null=True, blank=True)
    primary_ip4 = models.ForeignKey(
        "ipam.IPAddress",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ip4_vdcs",
        verbose_name="Primary IPv4",
    )
    primary_ip6 = models.ForeignKey(
        "ipam.IPAddress",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ip6_vdcs",
        verbose_name="Primary IPv6",
    )
    tenant = tenant_field()
    # The controller-managed group it belongs to (Nautobot 3's); the group's `virtual_device_contexts`.
    controller_managed_device_group = models.ForeignKey(
        "dcim.ControllerManagedDeviceGroup",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="virtual_device_contexts",
    )
    interfaces = models.ManyToManyField(
        Interface, through="dcim.InterfaceVDCAssignment", related_name="virtual_device_contexts", blank=True
    )
    description = models.CharField(max_length=255, blank=True)
    tags = TagsField()

    natural_key_field_names: ClassVar[tuple[str, ...]] = ("device__name", "device__location__name", "name")

    class Meta:
        ordering = ["name"]
        verbose_name = "virtual device context"
        constraints = [
            models.UniqueConstraint(
                fields=["device", "identifier"], name="dcim_virtualdevicecontext_unique_identifier"
            ),
            models.UniqueConstraint(fields=["device", "name"], name="dcim_virtualdevicecontext_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        errors: dict[str, str] = {}
        if not self._state.adding and self.device_id is not None:
            before = type(self)._base_manager.filter(pk=self.pk).values_list("device_id", flat=True).first()
            if before is not None and before != self.device_id:
                errors["device"] = "Virtual Device Context's device cannot be changed once created"
        errors.update(primary_ip_errors(self, {"interface__device_id": self.device_id}, "this context's device"))
        if errors:
            raise ValidationError(errors)


class InterfaceVDCAssignment(BaseModel):
    """An interface of a device given to one of its virtual device contexts."""

    virtual_device_context = models.ForeignKey(
        VirtualDeviceContext, on_delete=models.CASCADE, related_name="interface_assignments"
    )
    interface = models.ForeignKey(
        Interface, on_delete=models.CASCADE, related_name="virtual_device_context_assignments"
    )

    natural_key_field_names: ClassVar[tuple[str, ...]] = (
        "virtual_device_context__name",
        "interface__device__name",
        "interface__device__location__name",
        "interface__name",
    )

    class Meta:
        ordering = ["virtual_device_context", "interface"]
        verbose_name = "interface VDC assignment"
        constraints = [
            models.UniqueConstraint(
                fields=["virtual_device_context", "interface"], name="dcim_interfacevdcassignment_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.virtual_device_context}: {self.interface}"
