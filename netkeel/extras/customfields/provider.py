"""Custom fields on every endpoint: what core's serializer and filter set ask of extras (see
netkeel/core/api/hooks.py), registered from ExtrasConfig.ready()."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import models
from rest_framework import serializers

from netkeel.core.api.hooks import CUSTOM_FIELD_DATA
from netkeel.extras.customfields.definitions import definitions
from netkeel.extras.customfields.filters import filters_for
from netkeel.extras.customfields.validation import BadValue, clean_value
from netkeel.extras.models.customfields import CustomField


class CustomFieldsProvider:
    def render(self, obj: models.Model, context: Mapping[str, Any]) -> dict[str, Any]:
        data = getattr(obj, CUSTOM_FIELD_DATA, None) or {}
        return {field.key: data.get(field.key) for field in definitions(context).for_model(type(obj))}

    def clean(
        self, model: type[models.Model], instance: models.Model | None, value: Any, context: Mapping[str, Any]
    ) -> dict[str, Any]:
        loaded = definitions(context)
        fields = {field.key: field for field in loaded.for_model(model)}
        given: dict[str, Any] = dict(value or {})
        data: dict[str, Any] = dict(getattr(instance, CUSTOM_FIELD_DATA, None) or {}) if instance else {}
        errors: dict[str, list[str]] = {}
        for key, item in given.items():
            field = fields.get(key)
            if field is None:
                errors[key] = [f"There is no custom field {key!r} on {model._meta.verbose_name_plural}."]
            elif item is None:
                if field.required:
                    errors[key] = ["This field is required; it cannot be cleared."]
                else:
                    data.pop(key, None)
            else:
                try:
                    data[key] = clean_value(loaded.rules(field), item)
                except BadValue as exc:
                    errors[key] = [str(exc)]
        if instance is None:
            for key, field in fields.items():
                if key in given or key in data:
                    continue
                if field.default is not None:
                    data[key] = field.default
                elif field.required:
                    errors[key] = ["This field is required."]
        if errors:
            raise serializers.ValidationError({"custom_fields": errors})
        return data

    def filters(self, model: type[models.Model], request: Any) -> dict[str, Any]:
        return filters_for(definitions(request).for_model(model))

    def fingerprint(self) -> tuple[Any, ...]:
        through = CustomField.content_types.through
        rows = through.objects.order_by("contenttype_id", "customfield__key").values_list(
            "contenttype_id", "customfield__key", "customfield__type", "customfield__filter_logic"
        )
        return tuple(rows)
