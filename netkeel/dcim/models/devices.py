"""Devices and virtual chassis."""

from __future__ import annotations

from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models

from netkeel.core.models import BaseModel
from netkeel.core.models.ordering import NaturalOrderingField
from netkeel.dcim.choices import DeviceFaceChoices, DeviceRedundancyGroupFailoverStrategyChoices
from netkeel.dcim.models.device_types import DeviceType, Platform
from netkeel.dcim.models.locations import Location, Rack
from netkeel.extras.fields import RoleField, StatusField, TagsField
from netkeel.tenancy.models import tenant_field


def primary_ip_errors(owner: Any, own_interfaces: dict[str, Any] | None, whose: str) -> dict[str, str]:
    """Nautobot's rule for the `primary_ip4`/`primary_ip6` of a device, a virtual machine or a virtual device
    context: an address of that version, assigned to one of the owner's interfaces. `own_interfaces` is the
    filter of an address's interface assignments that finds those (None: the owner has none yet, unsaved)."""
    errors: dict[str, str] = {}
    for field, version in (("primary_ip4", 4), ("primary_ip6", 6)):
        ip = getattr(owner, field)
        if ip is None:
            continue
        if ip.ip_version != version:
            errors[field] = f"{ip} is not an IPv{version} address."
        elif own_interfaces is None or not ip.interface_assignments.filter(**own_interfaces).exists():
            errors[field] = f"{ip} is not assigned to an interface of {whose}."
    return errors


class DeviceRedundancyGroup(BaseModel):
    """Devices that stand in for each other (a failover pair, a cluster), each with its priority in the group."""

    name = models.CharField(max_length=255, unique=True)
    status = StatusField()
    description = models.CharField(max_length=255, blank=True)
    failover_strategy = models.CharField(
        max_length=50, choices=DeviceRedundancyGroupFailoverStrategyChoices.flat(), blank=True
    )
    comments = models.TextField(blank=True)
    tags = TagsField()

    natural_key_field_names: ClassVar[tuple[str, ...]] = ("name",)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Device(BaseModel):
    device_type = models.ForeignKey(DeviceType, on_delete=models.PROTECT, related_name="devices")
    role = RoleField()
    status = StatusField()
    tenant = tenant_field()
    platform = models.ForeignKey(Platform, on_delete=models.SET_NULL, null=True, blank=True, related_name="devices")
    name = models.CharField(max_length=64, null=True, blank=True)  # noqa: DJ001 - unnamed devices are NULL, not "", so they never clash
    _name = NaturalOrderingField(target_field="name", null=True)
    serial = models.CharField(max_length=255, blank=True, db_index=True)
    # "Asset tag", as Nautobot labels it: clients match "<model> with this Asset tag already exists."
    asset_tag = models.CharField(max_length=100, null=True, blank=True, unique=True, verbose_name="Asset tag")
    location = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="devices")
    rack = models.ForeignKey(Rack, on_delete=models.PROTECT, null=True, blank=True, related_name="devices")
    position = models.PositiveSmallIntegerField(null=True, blank=True, help_text="The lowest unit the device occupies.")
    face = models.CharField(max_length=50, choices=DeviceFaceChoices.flat(), blank=True)
    virtual_chassis = models.ForeignKey(
        "dcim.VirtualChassis", on_delete=models.SET_NULL, null=True, blank=True, related_name="members"
    )
    vc_position = models.PositiveSmallIntegerField(null=True, blank=True)
    vc_priority = models.PositiveSmallIntegerField(null=True, blank=True)
    device_redundancy_group = models.ForeignKey(
        DeviceRedundancyGroup, on_delete=models.SET_NULL, null=True, blank=True, related_name="devices"
    )
    device_redundancy_group_priority = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text="The priority the device has in its redundancy group.",
    )
    primary_ip4 = models.OneToOneField(
        "ipam.IPAddress",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="primary_ip4_for",
        verbose_name="primary IPv4",
    )
    primary_ip6 = models.OneToOneField(
        "ipam.IPAddress",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="primary_ip6_for",
        verbose_name="primary IPv6",
    )
    local_config_context_data = models.JSONField(null=True, blank=True)
    software_version = models.ForeignKey(
        "dcim.SoftwareVersion", on_delete=models.PROTECT, null=True, blank=True, related_name="devices"
    )
    software_image_files = models.ManyToManyField("dcim.SoftwareImageFile", blank=True, related_name="devices")
    # The clusters the device serves, through virtualization's assignments (a name only: dcim imports nothing
    # of virtualization); declared here, as Nautobot does, so that a device's read shows `clusters`.
    clusters = models.ManyToManyField(
        "virtualization.Cluster", through="virtualization.DeviceClusterAssignment", related_name="devices", blank=True
    )
    controller_managed_device_group = models.ForeignKey(
        "dcim.ControllerManagedDeviceGroup", on_delete=models.SET_NULL, null=True, blank=True, related_name="devices"
    )
    comments = models.TextField(blank=True)
    tags = TagsField()

    natural_key_field_names: ClassVar[tuple[str, ...]] = ("name", "location__name")

    class Meta:
        ordering = ["_name", "id"]  # leaf2 before leaf10 (netkeel.core.models.ordering)
        indexes = [models.Index(fields=["_name"], name="dcim_device_natural")]
        constraints = [
            models.UniqueConstraint(fields=["location", "name"], name="dcim_device_unique_location_name"),
            models.UniqueConstraint(fields=["virtual_chassis", "vc_position"], name="dcim_device_unique_vc_position"),
        ]

    def __str__(self) -> str:
        if self.name:
            return self.name
        if self.virtual_chassis_id and self.vc_position is not None:
            return f"{self.virtual_chassis}:{self.vc_position} ({self.pk})"
        return f"{self.device_type.display if self.device_type_id else 'Device'} ({self.pk})"

    def clean(self) -> None:
        super().clean()
        errors: dict[str, str] = {}
        if self.rack_id and self.location_id and self.rack.location_id != self.location_id:
            errors["rack"] = f"Rack {self.rack} is in location {self.rack.location}, not {self.location}."
        if self.position is not None and not self.rack_id:
            errors["position"] = "A device needs a rack to have a position."
        if self.position is not None and not self.face:
            errors["face"] = "Give the face (front or rear) the device is mounted on."
        if self.virtual_chassis_id and self.vc_position is None:
            errors["vc_position"] = "A member of a virtual chassis needs a position in it."
        if self.device_redundancy_group_priority is not None and not self.device_redundancy_group_id:
            errors["device_redundancy_group_priority"] = (
                "Must assign a redundancy group when defining a redundancy group priority."
            )
        errors.update(primary_ip_errors(self, {"interface__device_id": self.pk} if self.pk else None, "this device"))
        if errors:
            raise ValidationError(errors)
        if self.rack_id and self.position is not None and self.device_type_id:
            self._check_rack_units()

    def _check_rack_units(self) -> None:
        device_type = self.device_type
        if device_type.is_child_device:
            raise ValidationError({"position": "A child device sits in a device bay, not at a rack position."})
        height = device_type.u_height
        if height == 0:
            raise ValidationError({"position": "A 0U device cannot take a rack position."})
        top = self.position + height - 1  # type: ignore[operator]
        if top > self.rack.u_height or self.position < 1:  # type: ignore[operator]
            raise ValidationError(
                {
                    "position": f"A {height}U device at U{self.position} does not fit in the {self.rack.u_height}U "
                    f"rack {self.rack}."
                }
            )
        faces = {DeviceFaceChoices.FRONT, DeviceFaceChoices.REAR} if device_type.is_full_depth else {self.face}
        others = (
            Device.objects.filter(rack_id=self.rack_id, position__isnull=False)
            .exclude(pk=self.pk)
            .select_related("device_type")
            .only("name", "position", "face", "device_type__u_height", "device_type__is_full_depth")
        )
        wanted = set(range(self.position, top + 1))  # type: ignore[arg-type]
        for other in others:
            other_faces = (
                {DeviceFaceChoices.FRONT, DeviceFaceChoices.REAR} if other.device_type.is_full_depth else {other.face}
            )
            if not faces & other_faces:
                continue
            occupied = set(range(other.position, other.position + other.device_type.u_height))
            if wanted & occupied:
                raise ValidationError(
                    {"position": f"U{min(wanted & occupied)} of rack {self.rack} is already taken by {other}."}
                )


class VirtualChassis(BaseModel):
    name = models.CharField(max_length=64, unique=True)
    domain = models.CharField(max_length=30, blank=True)
    master = models.OneToOneField(
        Device, on_delete=models.SET_NULL, null=True, blank=True, related_name="vc_master_for"
    )
    tenant = tenant_field()
    tags = TagsField()

    natural_key_field_names: ClassVar[tuple[str, ...]] = ("name",)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "virtual chassis"

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        if self.master is not None and self.master.virtual_chassis_id not in (None, self.pk):
            raise ValidationError({"master": f"{self.master} is already a member of another virtual chassis."})
