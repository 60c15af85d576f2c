"""Custom fields: site-defined attributes on any kind of object. Values live in each object's
`custom_field_data` (a JSON column every netkeel model has), keyed by the field's `key`."""

from __future__ import annotations

from typing import ClassVar

from django.contrib.contenttypes.models import ContentType
from django.core.validators import RegexValidator
from django.db import models

from netkeel.core.models import BaseModel
from netkeel.extras.choices import CustomFieldFilterLogicChoices, CustomFieldTypeChoices

key_validator = RegexValidator(
    r"^[a-z][a-z0-9_]*$", "A key is lowercase letters, digits and underscores, starting with a letter."
)


class CustomField(BaseModel):
    key = models.CharField(max_length=50, unique=True, validators=[key_validator])
    label = models.CharField(max_length=50)
    type = models.CharField(max_length=50, choices=CustomFieldTypeChoices.flat(), default="text")
    content_types = models.ManyToManyField(ContentType, related_name="custom_fields")
    description = models.CharField(max_length=200, blank=True)
    required = models.BooleanField(default=False)
    default = models.JSONField(null=True, blank=True)
    filter_logic = models.CharField(max_length=50, choices=CustomFieldFilterLogicChoices.flat(), default="loose")
    weight = models.PositiveSmallIntegerField(default=100)
    grouping = models.CharField(max_length=255, blank=True)
    validation_minimum = models.BigIntegerField(null=True, blank=True)
    validation_maximum = models.BigIntegerField(null=True, blank=True)
    validation_regex = models.CharField(max_length=500, blank=True)
    advanced_ui = models.BooleanField(
        default=False,
        verbose_name="Move to Advanced tab",
        help_text="Show this field on the object's Advanced tab instead of its main one.",
    )
    # Nautobot's filter parameters (`{"status": ["active"]}`) naming the objects the field is meant for;
    # empty, every object of its content types. services.check_scope_filter checks it on each write.
    scope_filter = models.JSONField(default=dict, blank=True)

    natural_key_field_names: ClassVar[tuple[str, ...]] = ("key",)

    class Meta:
        ordering = ["weight", "label"]

    def __str__(self) -> str:
        return self.label


class CustomFieldChoice(BaseModel):
    custom_field = models.ForeignKey(CustomField, on_delete=models.CASCADE, related_name="custom_field_choices")
    value = models.CharField(max_length=100)
    weight = models.PositiveSmallIntegerField(default=100)

    natural_key_field_names: ClassVar[tuple[str, ...]] = ("custom_field__key", "value")

    class Meta:
        ordering = ["custom_field", "weight", "value"]
        constraints = [
            models.UniqueConstraint(fields=["custom_field", "value"], name="extras_customfieldchoice_unique_value")
        ]

    def __str__(self) -> str:
        return self.value
