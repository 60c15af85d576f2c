"""Assignments, as Nautobot 3 keeps them in their own rows (each with its own API route): a VRF on a device or
a virtual machine (with the route distinguisher and name it has there), a VRF on a prefix, and a prefix's or a
VLAN's locations."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models

from netkeel.core.models import BaseModel

RD_MAX_LENGTH = 21


class VRFDeviceAssignment(BaseModel):
    vrf = models.ForeignKey("ipam.VRF", on_delete=models.CASCADE, related_name="device_assignments")
    # Exactly one of the three, as Nautobot's.
    device = models.ForeignKey(
        "dcim.Device", on_delete=models.CASCADE, null=True, blank=True, related_name="vrf_assignments"
    )
    virtual_machine = models.ForeignKey(
        "virtualization.VirtualMachine",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="vrf_assignments",
    )
    virtual_device_context = models.ForeignKey(
        "dcim.VirtualDeviceContext",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="vrf_assignments",
    )
    rd = models.CharField(  # noqa: DJ001 - Nautobot's: null when neither given nor the VRF's
        max_length=RD_MAX_LENGTH, null=True, blank=True, verbose_name="route distinguisher"
    )
    name = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["vrf", "device", "virtual_machine", "virtual_device_context"]
        verbose_name = "VRF device assignment"
        constraints = [
            models.UniqueConstraint(fields=["vrf", "device"], name="ipam_vrfdeviceassignment_unique_device"),
            models.UniqueConstraint(fields=["vrf", "virtual_machine"], name="ipam_vrfdeviceassignment_unique_vm"),
            models.UniqueConstraint(
                fields=["device", "rd", "name"], name="ipam_vrfdeviceassignment_unique_device_rd_name"
            ),
            models.UniqueConstraint(
                fields=["virtual_machine", "rd", "name"], name="ipam_vrfdeviceassignment_unique_vm_rd_name"
            ),
            models.UniqueConstraint(
                fields=["vrf", "virtual_device_context"], name="ipam_vrfdeviceassignment_unique_vdc"
            ),
            models.UniqueConstraint(
                fields=["virtual_device_context", "rd", "name"], name="ipam_vrfdeviceassignment_unique_vdc_rd_name"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.vrf} [{self.parent}] (rd: {self.rd}, name: {self.name})"

    @property
    def parent(self) -> Any:
        if self.device_id:
            return self.device
        return self.virtual_machine if self.virtual_machine_id else self.virtual_device_context

    def take_vrf_defaults(self) -> None:
        """As Nautobot: an assignment without its own route distinguisher or name takes the VRF's."""
        if self.vrf_id is not None:
            if not self.rd:
                self.rd = self.vrf.rd
            if not self.name:
                self.name = self.vrf.name

    def clean(self) -> None:
        super().clean()
        self.take_vrf_defaults()
        parents = ("device", "virtual_machine", "virtual_device_context")
        given = [name for name in parents if getattr(self, f"{name}_id")]
        if len(given) > 1:
            message = "A VRF is assigned to one device, virtual machine or virtual device context at a time."
            raise ValidationError(dict.fromkeys(given, message))
        if not given:
            message = "A VRF must be assigned to a device, a virtual machine or a virtual device context."
            raise ValidationError(dict.fromkeys(parents, message))


class VRFPrefixAssignment(BaseModel):
    vrf = models.ForeignKey("ipam.VRF", on_delete=models.CASCADE, related_name="prefix_assignments")
    prefix = models.ForeignKey("ipam.Prefix", on_delete=models.CASCADE, related_name="vrf_assignments")

    class Meta:
        ordering = ["vrf", "prefix"]
        verbose_name = "VRF prefix assignment"
        constraints = [models.UniqueConstraint(fields=["vrf", "prefix"], name="ipam_vrfprefixassignment_unique")]

    def __str__(self) -> str:
        return f"{self.vrf}: {self.prefix}"

    def clean(self) -> None:
        super().clean()
        if self.vrf_id is not None and self.prefix_id is not None:
            if self.prefix.namespace_id != self.vrf.namespace_id:
                raise ValidationError(
                    {
                        "prefix": f"Prefix {self.prefix} is in namespace {self.prefix.namespace}; VRF {self.vrf} "
                        f"is in {self.vrf.namespace}. A prefix must be in the same namespace as its VRF."
                    }
                )


class PrefixLocationAssignment(BaseModel):
    prefix = models.ForeignKey("ipam.Prefix", on_delete=models.CASCADE, related_name="location_assignments")
    location = models.ForeignKey("dcim.Location", on_delete=models.CASCADE, related_name="prefix_assignments")

    class Meta:
        ordering = ["prefix", "location"]
        verbose_name = "prefix location assignment"
        constraints = [
            models.UniqueConstraint(fields=["prefix", "location"], name="ipam_prefixlocationassignment_unique")
        ]

    def __str__(self) -> str:
        return f"{self.prefix}: {self.location}"


class VLANLocationAssignment(BaseModel):
    vlan = models.ForeignKey("ipam.VLAN", on_delete=models.CASCADE, related_name="location_assignments")
    location = models.ForeignKey("dcim.Location", on_delete=models.CASCADE, related_name="vlan_assignments")

    class Meta:
        ordering = ["vlan", "location"]
        verbose_name = "VLAN location assignment"
        constraints = [models.UniqueConstraint(fields=["vlan", "location"], name="ipam_vlanlocationassignment_unique")]

    def __str__(self) -> str:
        return f"{self.vlan}: {self.location}"
