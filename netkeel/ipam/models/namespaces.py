"""Namespaces (where a prefix is unique), VRFs, route targets and RIRs."""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import models

from netkeel.core.models import BaseModel, NamedModel
from netkeel.extras.fields import StatusField, TagsField
from netkeel.tenancy.models import tenant_field

GLOBAL_NAMESPACE = "Global"


def global_namespace_id() -> Any:
    """The id of the Global namespace, the default for prefixes and VRFs."""
    namespace, _ = Namespace.objects.get_or_create(name=GLOBAL_NAMESPACE)
    return namespace.pk


class Namespace(BaseModel):
    name = models.CharField(max_length=255, unique=True)
    description = models.CharField(max_length=200, blank=True)
    location = models.ForeignKey(
        "dcim.Location", on_delete=models.PROTECT, null=True, blank=True, related_name="namespaces"
    )
    tenant = tenant_field()
    tags = TagsField()

    natural_key_field_names: ClassVar[tuple[str, ...]] = ("name",)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class RIR(NamedModel):
    is_private = models.BooleanField(default=False)

    class Meta(NamedModel.Meta):
        verbose_name = "RIR"


class RouteTarget(BaseModel):
    name = models.CharField(max_length=21, unique=True, help_text="Route target value (RFC 4360 format)")
    description = models.CharField(max_length=200, blank=True)
    tenant = tenant_field()
    tags = TagsField()

    natural_key_field_names: ClassVar[tuple[str, ...]] = ("name",)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class VRF(BaseModel):
    name = models.CharField(max_length=255)
    rd = models.CharField(max_length=21, null=True, blank=True, verbose_name="route distinguisher")  # noqa: DJ001
    namespace = models.ForeignKey(Namespace, on_delete=models.PROTECT, default=global_namespace_id, related_name="vrfs")
    status = StatusField(null=True, blank=True)
    tenant = tenant_field()
    description = models.CharField(max_length=200, blank=True)
    import_targets = models.ManyToManyField(RouteTarget, related_name="importing_vrfs", blank=True)
    export_targets = models.ManyToManyField(RouteTarget, related_name="exporting_vrfs", blank=True)
    # Where the VRF is (Nautobot 3's assignments, each a row of its own: see models.assignments).
    devices = models.ManyToManyField(
        "dcim.Device",
        related_name="vrfs",
        through="ipam.VRFDeviceAssignment",
        through_fields=("vrf", "device"),
        blank=True,
    )
    virtual_machines = models.ManyToManyField(
        "virtualization.VirtualMachine",
        related_name="vrfs",
        through="ipam.VRFDeviceAssignment",
        through_fields=("vrf", "virtual_machine"),
        blank=True,
    )
    virtual_device_contexts = models.ManyToManyField(
        "dcim.VirtualDeviceContext",
        related_name="vrfs",
        through="ipam.VRFDeviceAssignment",
        through_fields=("vrf", "virtual_device_context"),
        blank=True,
    )
    prefixes = models.ManyToManyField(
        "ipam.Prefix", related_name="vrfs", through="ipam.VRFPrefixAssignment", blank=True
    )
    tags = TagsField()

    natural_key_field_names: ClassVar[tuple[str, ...]] = ("name", "namespace__name")

    class Meta:
        ordering = ["namespace", "name", "rd"]
        verbose_name = "VRF"
        constraints = [
            models.UniqueConstraint(fields=["namespace", "name"], name="ipam_vrf_unique_namespace_name"),
            models.UniqueConstraint(fields=["namespace", "rd"], name="ipam_vrf_unique_namespace_rd"),
        ]

    def __str__(self) -> str:
        return self.name
