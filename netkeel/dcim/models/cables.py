"""Cables, and the paths traced over them.

A `Cable` joins two terminations of any termination kind. A `CablePath` is what the tracer found from one
origin endpoint; its `CablePathNode` rows index every node the path passes (cables and ports), so that
"which paths pass this cable or port" is an index lookup. Paths are written only by
`netkeel.dcim.cabling.store`.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models

from netkeel.core.models import BaseModel
from netkeel.core.models.base import moved_fields
from netkeel.dcim.choices import CableLengthUnitChoices, CableTypeChoices
from netkeel.extras.fields import StatusField, TagsField
from netkeel.tenancy.models import tenant_field

CABLE_LENGTH_VALIDATORS = (MinValueValidator(0), MaxValueValidator(32767))

CONNECTED = "Connected"


class Cable(BaseModel):
    termination_a_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    termination_a_id = models.UUIDField()
    termination_a = GenericForeignKey("termination_a_type", "termination_a_id")
    termination_b_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    termination_b_id = models.UUIDField()
    termination_b = GenericForeignKey("termination_b_type", "termination_b_id")
    type = models.CharField(max_length=50, choices=CableTypeChoices.flat(), blank=True)
    status = StatusField()
    label = models.CharField(max_length=100, blank=True)
    color = models.CharField(
        max_length=6,
        blank=True,
        validators=[RegexValidator(r"^[0-9a-f]{6}$", "Six lowercase hex digits, such as aa1409.")],
    )
    # Whole units, as Nautobot (0 to 32767; checked in `clean` so the API answers 400, not a database error).
    length = models.PositiveSmallIntegerField(null=True, blank=True)
    length_unit = models.CharField(max_length=50, choices=CableLengthUnitChoices.flat(), blank=True)
    tenant = tenant_field()
    tags = TagsField()

    class Meta:
        ordering = ["label", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["termination_a_type", "termination_a_id"], name="dcim_cable_unique_termination_a"
            ),
            models.UniqueConstraint(
                fields=["termination_b_type", "termination_b_id"], name="dcim_cable_unique_termination_b"
            ),
        ]

    def __str__(self) -> str:
        return self.label or f"#{self.pk}"

    def clean(self) -> None:
        super().clean()
        if self.length is not None:
            # Nautobot's length is a PositiveSmallIntegerField: 0 to 32767, checked by its validators.
            try:
                for validator in CABLE_LENGTH_VALIDATORS:
                    validator(self.length)
            except ValidationError as exc:
                raise ValidationError({"length": exc.messages}) from None
        # The paths over a cable are traced from its ends: moving one is a disconnect and a connect.
        moved = moved_fields(self, [f"termination_{side}_{part}" for side in "ab" for part in ("type_id", "id")])
        if moved:
            message = "A cable's ends cannot be moved; delete the cable and create another."
            raise ValidationError({name.removesuffix("_id") if "type" in name else name: message for name in moved})

    @property
    def is_connected(self) -> bool:
        return bool(self.status_id) and self.status.name == CONNECTED

    def far_end_of(self, termination: Any) -> Any:
        if termination.pk == self.termination_a_id:
            return self.termination_b
        return self.termination_a


class CablePath(models.Model):
    # Chosen by the writer, so that node rows can point at a path without reading back inserted ids
    # (MySQL cannot return them from a bulk insert).
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    origin_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    origin_id = models.UUIDField(unique=True)
    origin = GenericForeignKey("origin_type", "origin_id")
    destination_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    destination_id = models.UUIDField(null=True, blank=True, db_index=True)
    destination = GenericForeignKey("destination_type", "destination_id")
    # Every node after the origin as "app_label.model:uuid", in order; the node table indexes the same.
    path = models.JSONField(default=list)
    is_active = models.BooleanField(default=False)
    is_split = models.BooleanField(default=False)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        state = "active" if self.is_active else "split" if self.is_split else "inactive"
        return f"Path from {self.origin_type.model} {self.origin_id} ({state}, {len(self.path)} nodes)"


class CablePathNode(models.Model):
    id = models.BigAutoField(primary_key=True)
    # DO_NOTHING: the store deletes node rows first, then paths, each in one statement; a cascade would make
    # Django load every path it deletes.
    cable_path = models.ForeignKey(CablePath, on_delete=models.DO_NOTHING, related_name="nodes")
    node_id = models.UUIDField(db_index=True)
    node_kind = models.CharField(max_length=50)
    step = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["cable_path", "step"]

    def __str__(self) -> str:
        return f"{self.node_kind}:{self.node_id} at step {self.step}"
