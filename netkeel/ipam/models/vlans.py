"""VLAN groups and VLANs."""

from __future__ import annotations

from typing import ClassVar

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from netkeel.core.models import BaseModel
from netkeel.extras.fields import RoleField, StatusField, TagsField
from netkeel.tenancy.models import tenant_field

VID_MIN, VID_MAX = 1, 4094


def parse_vid_ranges(text: str) -> list[tuple[int, int]]:
    """`"1-99,200-299"` → [(1, 99), (200, 299)]; a ValidationError names what is wrong."""
    ranges = []
    for part in (piece.strip() for piece in text.split(",")):
        low, _, high = part.partition("-")
        try:
            start, end = int(low), int(high or low)
        except ValueError:
            raise ValidationError({"range": f"{part!r} is not a VLAN id or a range like 100-199."}) from None
        if not VID_MIN <= start <= end <= VID_MAX:
            raise ValidationError({"range": f"{part} must lie within {VID_MIN}-{VID_MAX}, low to high."})
        ranges.append((start, end))
    return ranges


class VLANGroup(BaseModel):
    name = models.CharField(max_length=255, unique=True)
    location = models.ForeignKey(
        "dcim.Location", on_delete=models.PROTECT, null=True, blank=True, related_name="vlan_groups"
    )
    range = models.CharField(
        max_length=1024, default=f"{VID_MIN}-{VID_MAX}", help_text="VLAN ids allowed, e.g. 1-99,200"
    )
    description = models.CharField(max_length=200, blank=True)
    tags = TagsField()

    natural_key_field_names: ClassVar[tuple[str, ...]] = ("name",)

    class Meta:
        ordering = ["name"]
        verbose_name = "VLAN group"

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        parse_vid_ranges(self.range)

    @property
    def vid_ranges(self) -> list[tuple[int, int]]:
        return parse_vid_ranges(self.range)


class VLAN(BaseModel):
    vid = models.PositiveSmallIntegerField(
        verbose_name="VLAN ID",
        validators=[
            MinValueValidator(VID_MIN, f"A VLAN id is at least {VID_MIN}."),
            MaxValueValidator(VID_MAX, f"A VLAN id is at most {VID_MAX}."),
        ],
    )
    name = models.CharField(max_length=255)
    vlan_group = models.ForeignKey(VLANGroup, on_delete=models.PROTECT, null=True, blank=True, related_name="vlans")
    status = StatusField()
    role = RoleField(null=True, blank=True)
    tenant = tenant_field()
    description = models.CharField(max_length=200, blank=True)
    locations = models.ManyToManyField(
        "dcim.Location", related_name="vlans", through="ipam.VLANLocationAssignment", blank=True
    )
    tags = TagsField()

    natural_key_field_names: ClassVar[tuple[str, ...]] = ("vid", "vlan_group__name")

    class Meta:
        ordering = ["vlan_group", "vid"]
        verbose_name = "VLAN"
        constraints = [
            models.UniqueConstraint(fields=["vlan_group", "vid"], name="ipam_vlan_unique_group_vid"),
            models.UniqueConstraint(fields=["vlan_group", "name"], name="ipam_vlan_unique_group_name"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.vid})"

    def clean(self) -> None:
        super().clean()
        if self.vlan_group is not None and self.vid is not None:
            if not any(low <= self.vid <= high for low, high in self.vlan_group.vid_ranges):
                raise ValidationError(
                    {
                        "vid": f"VLAN id {self.vid} is outside the range {self.vlan_group.range} of "
                        f"group {self.vlan_group}."
                    }
                )
