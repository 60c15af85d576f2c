"""Custom fields in the generic forms: one form field `cf_<key>` per custom field of the model, typed by
its kind, and the labels the detail page shows."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.db import models

from netkeel.extras.models import CustomField


class CustomFieldForms:
    def definitions(self, model: type[models.Model]) -> list[Any]:
        content_type = ContentType.objects.get_for_model(model)
        return list(
            CustomField.objects.filter(content_types=content_type)
            .prefetch_related("custom_field_choices")
            .order_by("weight", "label")
        )

    def form_fields(self, model: type[models.Model]) -> dict[str, forms.Field]:
        return {f"cf_{definition.key}": form_field(definition) for definition in self.definitions(model)}

    def labels(self, model: type[models.Model]) -> dict[str, str]:
        content_type = ContentType.objects.get_for_model(model)
        rows = CustomField.objects.filter(content_types=content_type).order_by("weight", "label")
        return dict(rows.values_list("key", "label"))


def form_field(definition: Any) -> forms.Field:
    common: dict[str, Any] = {
        "label": definition.label,
        "required": bool(definition.required),
        "help_text": definition.description,
    }
    kind = definition.type
    if kind == "integer":
        return forms.IntegerField(
            min_value=definition.validation_minimum, max_value=definition.validation_maximum, **common
        )
    if kind == "boolean":
        return forms.NullBooleanField(
            widget=forms.Select(choices=[("unknown", "—"), ("true", "Yes"), ("false", "No")]),
            **{**common, "required": False},
        )
    if kind == "date":
        return forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), **common)
    if kind == "datetime":  # the text is judged by the custom field's own validation, as from the API
        return forms.CharField(widget=forms.DateTimeInput(attrs={"type": "datetime-local"}), **common)
    if kind == "markdown":
        return forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), **common)
    if kind == "url":
        return forms.URLField(assume_scheme="https", **common)
    if kind == "json":
        return forms.JSONField(**common)
    choices = [(choice.value, choice.value) for choice in definition.custom_field_choices.all()]
    if kind == "select":
        return forms.ChoiceField(choices=[("", "—"), *choices], **common)
    if kind == "multi-select":
        return forms.MultipleChoiceField(choices=choices, **common)
    return forms.CharField(**common)
