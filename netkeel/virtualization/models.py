"""Cluster types, cluster groups, clusters, the devices of a cluster, virtual machines and their interfaces.

A virtual machine runs in a cluster; its primary IPv4/IPv6 addresses are chosen among the addresses assigned
to its own interfaces (through `ipam.IPAddressToInterface`, whose `vm_interface` names a VM interface). A
device belongs to clusters through `DeviceClusterAssignment` (Nautobot 3.x's `dcim/device-cluster-assignments`;
the many-to-many field is the device's `clusters`, as in Nautobot, and a cluster's `devices` its reverse).
"""

from __future__ import annotations

from typing import ClassVar

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from netkeel.core.models import BaseModel, NamedModel
from netkeel.core.models.ordering import NaturalOrderingField, naturalize_interface
from netkeel.dcim.models import Device, Location, Platform
from netkeel.dcim.models.components import normalise_mac_address
from netkeel.dcim.models.devices import primary_ip_errors
from netkeel.extras.fields import RoleField, StatusField, TagsField
from netkeel.tenancy.models import tenant_field
from netkeel.virtualization.choices import InterfaceModeChoices


class ClusterType(NamedModel):
    class Meta(NamedModel.Meta):
        pass


class ClusterGroup(NamedModel):
    class Meta(NamedModel.Meta):
        pass


class Cluster(BaseModel):
    name = models.CharField(max_length=100, unique=True)
    cluster_type = models.ForeignKey(ClusterType, on_delete=models.PROTECT, related_name="clusters")
    cluster_group = models.ForeignKey(
        ClusterGroup, on_delete=models.PROTECT, null=True, blank=True, related_name="clusters"
    )
    tenant = tenant_field()
    location = models.ForeignKey(Location, on_delete=models.PROTECT, null=True, blank=True, related_name="clusters")
    comments = models.TextField(blank=True)
    tags = TagsField()

    natural_key_field_names: ClassVar[tuple[str, ...]] = ("name",)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class DeviceClusterAssignment(BaseModel):
    device = models.ForeignKey(Device, on_delete=models.CASCADE, related_name="cluster_assignments")
    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="device_assignments")

    natural_key_field_names: ClassVar[tuple[str, ...]] = ("device__name", "device__location__name", "cluster__name")

    class Meta:
        ordering = ["cluster", "device"]
        verbose_name = "device cluster assignment"
        constraints = [
            models.UniqueConstraint(fields=["device", "cluster"], name="virtualization_devicecluster_unique")
        ]

    def __str__(self) -> str:
        return f"{self.device} in {self.cluster}"


class VirtualMachine(BaseModel):
    cluster = models.ForeignKey(Cluster, on_delete=models.PROTECT, related_name="virtual_machines")
    role = RoleField(null=True, blank=True)
    platform = models.ForeignKey(
        Platform, on_delete=models.SET_NULL, null=True, blank=True, related_name="virtual_machines"
    )
    status = StatusField()
    tenant = tenant_field()
    name = models.CharField(max_length=64)
    _name = NaturalOrderingField(target_field="name")
    vcpus = models.PositiveIntegerField(null=True, blank=True, verbose_name="vCPUs")
    memory = models.PositiveIntegerField(null=True, blank=True, help_text="Memory in MB.")
    disk = models.PositiveIntegerField(null=True, blank=True, help_text="Disk in GB.")
    primary_ip4 = models.OneToOneField(
        "ipam.IPAddress",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="primary_ip4_for_virtual_machine",
        verbose_name="primary IPv4",
    )
    primary_ip6 = models.OneToOneField(
        "ipam.IPAddress",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="primary_ip6_for_virtual_machine",
        verbose_name="primary IPv6",
    )
    local_config_context_data = models.JSONField(null=True, blank=True)
    software_version = models.ForeignKey(
        "dcim.SoftwareVersion", on_delete=models.PROTECT, null=True, blank=True, related_name="virtual_machines"
    )
    software_image_files = models.ManyToManyField("dcim.SoftwareImageFile", blank=True, related_name="virtual_machines")
    comments = models.TextField(blank=True)
    tags = TagsField()

    natural_key_field_names: ClassVar[tuple[str, ...]] = ("name", "cluster__name")

    class Meta:
        ordering = ["_name", "id"]
        indexes = [models.Index(fields=["_name"], name="virtualization_vm_natural")]
        constraints = [
            models.UniqueConstraint(fields=["cluster", "tenant", "name"], name="virtualization_vm_unique_name")
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        own = {"vm_interface__virtual_machine_id": self.pk} if self.pk else None
        errors = primary_ip_errors(self, own, "this virtual machine")
        if errors:
            raise ValidationError(errors)


class VMInterface(BaseModel):
    virtual_machine = models.ForeignKey(VirtualMachine, on_delete=models.CASCADE, related_name="interfaces")
    name = models.CharField(max_length=64)
    _name = NaturalOrderingField(target_field="name", naturalize_function=naturalize_interface)
    enabled = models.BooleanField(default=True)
    mtu = models.PositiveIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(65536)]
    )
    mac_address = models.CharField(max_length=18, blank=True, db_index=True)
    mode = models.CharField(max_length=50, choices=InterfaceModeChoices.flat(), blank=True)
    status = StatusField()
    role = RoleField(null=True, blank=True)
    parent_interface = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="child_interfaces"
    )
    bridge = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="bridged_interfaces"
    )
    untagged_vlan = models.ForeignKey(
        "ipam.VLAN", on_delete=models.SET_NULL, null=True, blank=True, related_name="vm_interfaces_as_untagged"
    )
    tagged_vlans = models.ManyToManyField("ipam.VLAN", blank=True, related_name="vm_interfaces_as_tagged")
    vrf = models.ForeignKey("ipam.VRF", on_delete=models.SET_NULL, null=True, blank=True, related_name="vm_interfaces")
    description = models.CharField(max_length=200, blank=True)
    tags = TagsField()

    natural_key_field_names: ClassVar[tuple[str, ...]] = (
        "virtual_machine__name",
        "virtual_machine__cluster__name",
        "name",
    )

    class Meta:
        ordering = ["virtual_machine", "_name", "id"]
        verbose_name = "VM interface"
        indexes = [models.Index(fields=["virtual_machine", "_name"], name="virtualization_vmif_natural")]
        constraints = [
            models.UniqueConstraint(fields=["virtual_machine", "name"], name="virtualization_vminterface_unique_name")
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        normalise_mac_address(self)
        for field in ("parent_interface", "bridge"):
            other = getattr(self, field)
            if other is None:
                continue
            if other.pk == self.pk:
                raise ValidationError({field: "An interface cannot refer to itself."})
            if self.virtual_machine_id and other.virtual_machine_id != self.virtual_machine_id:
                raise ValidationError(
                    {
                        field: f"{other} belongs to virtual machine {other.virtual_machine}, "
                        f"not to {self.virtual_machine}."
                    }
                )
        if self.untagged_vlan_id and not self.mode:
            raise ValidationError({"untagged_vlan": "Set the interface's mode (access or tagged) to give it VLANs."})
