"""The custom fields defined for each kind of object, loaded once per request.

A page of 1,000 devices renders every device's `custom_fields`; the definitions behind them are read in
one query (every field with its content types) the first time a request needs them and kept on the
request, so neither rows nor nested objects nor the filters add a query. Choices, needed only to check
selection values, are a second query, made only by requests that write or count on them.
"""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from netkeel.extras.customfields.validation import Rules
from netkeel.extras.models.customfields import CustomField, CustomFieldChoice

CACHE_ATTRIBUTE = "_netkeel_custom_field_definitions"


class Definitions:
    """Custom field definitions as loaded by one request (or one serializer without a request)."""

    def __init__(self) -> None:
        self._by_content_type: dict[int, list[CustomField]] | None = None
        self._choices: dict[Any, tuple[str, ...]] | None = None

    def for_model(self, model: type[models.Model]) -> list[CustomField]:
        """The fields applying to `model`, in display order (weight, then label)."""
        if self._by_content_type is None:
            through = CustomField.content_types.through
            rows = through.objects.select_related("customfield").order_by(
                "customfield__weight", "customfield__label", "customfield__key"
            )
            grouped: dict[int, list[CustomField]] = {}
            for row in rows:
                grouped.setdefault(row.contenttype_id, []).append(row.customfield)
            self._by_content_type = grouped
        content_type = ContentType.objects.get_for_model(model)  # cached by Django after the first call
        return self._by_content_type.get(content_type.pk, [])

    def choices(self, field: CustomField) -> tuple[str, ...]:
        if self._choices is None:
            loaded: dict[Any, list[str]] = {}
            for field_id, value in CustomFieldChoice.objects.order_by("weight", "value").values_list(
                "custom_field_id", "value"
            ):
                loaded.setdefault(field_id, []).append(value)
            self._choices = {key: tuple(values) for key, values in loaded.items()}
        return self._choices.get(field.pk, ())

    def rules(self, field: CustomField) -> Rules:
        choices = self.choices(field) if field.type in ("select", "multi-select") else ()
        return rules_of(field, choices)


def rules_of(field: CustomField, choices: tuple[str, ...] = ()) -> Rules:
    return Rules(
        key=field.key,
        type=field.type,
        validation_regex=field.validation_regex,
        validation_minimum=field.validation_minimum,
        validation_maximum=field.validation_maximum,
        choices=choices,
    )


def definitions(holder: Any) -> Definitions:
    """The definitions cached on `holder`: a request (DRF's or Django's), a serializer context (a dict),
    or None for a fresh load."""
    if holder is None:
        return Definitions()
    if isinstance(holder, MutableMapping):
        request = holder.get("request")
        if request is not None:
            return definitions(request)
        cached = holder.get(CACHE_ATTRIBUTE)
        if not isinstance(cached, Definitions):
            cached = Definitions()
            holder[CACHE_ATTRIBUTE] = cached
        return cached
    if isinstance(holder, Mapping):
        return definitions(holder.get("request"))
    cached = getattr(holder, CACHE_ATTRIBUTE, None)
    if not isinstance(cached, Definitions):
        cached = Definitions()
        setattr(holder, CACHE_ATTRIBUTE, cached)
    return cached
