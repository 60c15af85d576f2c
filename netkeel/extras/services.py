"""What every domain service does with the two things each object carries besides its own fields: its tags
and its custom field values. A service takes `tags=` and `custom_fields=` so that one call is the whole
write; these helpers are how it applies them, the same way for every model.

`custom_fields` are checked and merged as the API checks them (unknown keys, required fields, each field's
type and choices); `None` for a key clears it. They are set before the object is saved, so a new object is
written in one INSERT. Tags are checked against the tag's content types and set after the save. What the
API serializer has checked already comes as core's `CheckedCustomFields` / `CheckedTags` and is applied
without a second check (and without its queries).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from rest_framework import serializers

from netkeel.core.api.hooks import CUSTOM_FIELD_DATA, CheckedCustomFields, CheckedTags
from netkeel.core.models.cleaning import full_clean_once


def set_custom_fields(obj: models.Model, values: Mapping[str, Any] | None, *, new: bool) -> None:
    """Merge `values` into `obj`'s custom field data, checked (defaults and required fields on a new object;
    `{}` gives a new object just its defaults). Does not save. None does nothing (and costs no query)."""
    from netkeel.extras.customfields.provider import CustomFieldsProvider

    if values is None:
        return
    if isinstance(values, CheckedCustomFields):
        setattr(obj, CUSTOM_FIELD_DATA, dict(values))
        return
    try:
        data = CustomFieldsProvider().clean(type(obj), None if new else obj, values, {})
    except serializers.ValidationError as exc:
        detail: Any = exc.detail
        problems = dict(detail["custom_fields"])
        raise ValidationError(
            {"custom_fields": [f"{key}: {message}" for key, messages in problems.items() for message in messages]}
        ) from None
    setattr(obj, CUSTOM_FIELD_DATA, data)


def set_tags(obj: models.Model, tags: Iterable[Any] | None) -> None:
    """Make `obj`'s tags exactly `tags` (None leaves them alone); each must be offered on the model."""
    if tags is None:
        return
    chosen = list(tags)
    if not isinstance(tags, CheckedTags):
        field: Any = obj._meta.get_field("tags")
        field.check_values(type(obj), chosen)
    getattr(obj, "tags").set(chosen)  # noqa: B009 - the manager exists only on models with a TagsField


def save_changes(
    obj: models.Model,
    changes: Mapping[str, Any],
    tags: Iterable[Any] | None = None,
    custom_fields: Mapping[str, Any] | None = None,
) -> None:
    """The usual update of a service: set `changes`, merge `custom_fields`, let the model judge the result
    (`full_clean`, which also normalises: MAC addresses, say), save, then set `tags`."""
    for name, value in changes.items():
        setattr(obj, name, value)
    set_custom_fields(obj, custom_fields, new=False)
    obj.full_clean()
    obj.save()
    set_tags(obj, tags)


def save_new(
    obj: models.Model,
    fields: Mapping[str, Any],
    tags: Iterable[Any] | None = None,
    custom_fields: Mapping[str, Any] | None = None,
    many_to_many: Mapping[str, Iterable[Any] | None] | None = None,
) -> None:
    """The usual create of a service, for `obj` made from `fields`: merge `custom_fields`, let the model judge
    it before the transaction opens (once: not again when the API serializer has just judged the same values),
    so a refusal leaves a caller's transaction usable, then insert it, set `tags` and each given many-to-many
    field of `many_to_many` (the caller has checked those values: they are judged by rules of its own)."""
    set_custom_fields(obj, custom_fields, new=True)
    full_clean_once(obj, fields)
    with transaction.atomic(savepoint=False):
        obj.save(force_insert=True)
        set_tags(obj, tags)
        for name, values in (many_to_many or {}).items():
            if values is not None:
                getattr(obj, name).set(values)
