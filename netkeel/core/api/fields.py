"""Serializer fields in Nautobot's shapes: choices as `{value, label}`, related objects as brief references
(or nested objects at `?depth`), and the many ways a client may name a related object when writing."""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldError, MultipleObjectsReturned, ObjectDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from rest_framework import serializers
from rest_framework.relations import PKOnlyObject

from netkeel.conf.defaults import DEFAULT_MAX_IMAGE_SIZE
from netkeel.core import inputs
from netkeel.core.api import registry
from netkeel.core.api.permissions import may_view_object, note_nested
from netkeel.core.models.base import NATURAL_KEY_SEPARATOR
from netkeel.core.permissions import restrict

UUID_IN_URL = re.compile(
    r"/([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})/?(?:[?#].*)?$"
)


class ChoiceField(serializers.ChoiceField):
    """Read as `{"value": "front", "label": "Front"}` (null when unset); written as the value, its label or
    `{"value": …}` — what a client read back can be written again unchanged."""

    def __init__(self, choices: Any, **kwargs: Any) -> None:
        kwargs.setdefault("allow_blank", True)
        super().__init__(choices, **kwargs)

    def to_representation(self, value: Any) -> Any:
        if value in ("", None):
            return None
        return {"value": value, "label": self.choices.get(value, value)}

    def to_internal_value(self, data: Any) -> Any:
        if data is None and self.allow_null:
            return None
        if isinstance(data, Mapping):
            data = data.get("value", data)
        if data == "" and self.allow_blank:
            return ""
        if isinstance(data, str | int | bool) and str(data) in self.choice_strings_to_values:
            return self.choice_strings_to_values[str(data)]
        if isinstance(data, str):
            for value, label in self.choices.items():
                if str(label).lower() == data.lower():
                    return value
        self.fail("invalid_choice", input=data)

    def validate_empty_values(self, data: Any) -> tuple[bool, Any]:
        if data is None and not self.allow_null and not self.required:
            return True, ""
        return super().validate_empty_values(data)


class PlainChoiceField(ChoiceField):
    """A choice read as its bare value (`"host"`), where Nautobot renders that field so (an address's `type`,
    a circuit termination's `term_side`); written as any `ChoiceField` is."""

    def to_representation(self, value: Any) -> Any:
        return None if value in ("", None) else value


def owner_depth(field: serializers.Field) -> int:
    """The `?depth` that applies where `field` renders: its serializer's own level."""
    node: Any = field
    while node is not None:
        level = getattr(node, "depth_level", None)
        if level is not None:
            return int(level)
        node = getattr(node, "parent", None)
    return 0


def brief(model: type[models.Model], pk: Any, request: Any) -> dict[str, Any]:
    return {"id": pk, "object_type": registry.object_type(model), "url": registry.detail_url(model, pk, request)}


def _lookups_from(data: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """`{"device": {"name": "d1"}, "name": "eth0"}` → `{"device__name": "d1", "name": "eth0"}`."""
    lookups: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, Mapping):
            lookups.update(_lookups_from(value, f"{prefix}{key}__"))
        else:
            lookups[f"{prefix}{key}"] = value
    return lookups


def resolve_object(queryset: models.QuerySet[Any], data: Any) -> Any:
    """Find the one object `data` names: a UUID, an API URL, `{"id": …}`, a dict of attributes, or the
    object's natural key (`"Active"`, `"leaf01;DC1"`). Raises `serializers.ValidationError` with a sentence."""
    model = queryset.model
    name = model._meta.verbose_name
    lookups: dict[str, Any]
    if isinstance(data, models.Model):
        data = data.pk
    if isinstance(data, Mapping):
        if "id" in data and data["id"] is not None:
            lookups = {"pk": data["id"]}
        elif "url" in data and isinstance(data["url"], str):
            return resolve_object(queryset, data["url"])
        else:
            lookups = _lookups_from(data)
            if not lookups:
                raise serializers.ValidationError(f"Name the {name} by id, URL or attributes, not an empty object.")
    elif isinstance(data, uuid.UUID) or isinstance(data, int) and not isinstance(data, bool):
        lookups = {"pk": data}
    elif isinstance(data, str):
        text = data.strip()
        match = UUID_IN_URL.search(text) if "/" in text else None
        if match:
            lookups = {"pk": match.group(1)}
        else:
            try:
                lookups = {"pk": uuid.UUID(text)}
            except ValueError:
                lookups = _natural_key_lookups(model, text)
    else:
        raise serializers.ValidationError(f"Expected the {name}'s id, URL, attributes or name, not {data!r}.")
    for key, value in lookups.items():
        if key.rsplit("__", 1)[-1] in ("regex", "iregex") and isinstance(value, str):
            problem = inputs.regex_problem(value, queryset.db)
            if problem:
                raise serializers.ValidationError(f"Cannot find a {name} by {_shown(data)}: {problem}")
    try:
        return queryset.get(**lookups)
    except ObjectDoesNotExist:
        raise serializers.ValidationError(f"No {name} matches {_shown(data)}.") from None
    except MultipleObjectsReturned:
        raise serializers.ValidationError(f"More than one {name} matches {_shown(data)}; give its id.") from None
    except (FieldError, ValueError, TypeError, DjangoValidationError) as exc:
        raise serializers.ValidationError(f"Cannot find a {name} by {_shown(data)}: {_reason(exc)}") from None


def _natural_key_lookups(model: type[models.Model], text: str) -> dict[str, Any]:
    names = getattr(model, "natural_key_field_names", ("pk",))
    if names == ("id",):
        raise serializers.ValidationError(f"{text!r} is not a valid {model._meta.verbose_name} id (a UUID).")
    values: list[Any] = text.split(NATURAL_KEY_SEPARATOR) if len(names) > 1 else [text]
    if 0 < len(values) < len(names) and _plain_natural_key(model):
        # The leading parts only ("DC1" for a location named by name and parent): they must name one.
        return {name: (value if value != "" else None) for name, value in zip(names, values, strict=False)}
    if len(values) != len(names):
        raise serializers.ValidationError(
            f"A {model._meta.verbose_name} is named by {len(names)} value(s) separated by "
            f"'{NATURAL_KEY_SEPARATOR}' ({', '.join(names)}), or by its id."
        )
    try:
        return natural_key_lookups(model, [value if value != "" else None for value in values])
    except (ValueError, DjangoValidationError) as exc:
        raise serializers.ValidationError(
            f"Cannot find a {model._meta.verbose_name} by {text!r}: {_reason(exc)}"
        ) from None


def _plain_natural_key(model: type[models.Model]) -> bool:
    """Whether the model's natural key is its field names as they are (not read by a method of its own)."""
    from netkeel.core.models.base import BaseModel

    method = getattr(model, "natural_key_lookups", None)
    default: Any = BaseModel.natural_key_lookups
    return getattr(method, "__func__", None) is default.__func__


def natural_key_lookups(model: type[models.Model], values: list[Any]) -> dict[str, Any]:
    """Queryset lookups for a natural key given as values in field order: the model's own
    `natural_key_lookups` when it has one (a prefix's reads `"10.0.0.0/24"` into its columns), else the
    key's field names. Raises ValueError or Django's ValidationError for values the model cannot read."""
    lookups = getattr(model, "natural_key_lookups", None)
    if lookups is not None:
        return dict(lookups(values))
    names = getattr(model, "natural_key_field_names", ("pk",))
    return dict(zip(names, values, strict=True))


def _shown(data: Any) -> str:
    return repr(data) if not isinstance(data, Mapping) else repr(dict(data))


def _reason(exc: Exception) -> str:
    if isinstance(exc, DjangoValidationError):
        return "; ".join(exc.messages)
    return str(exc).split("\n")[0]


class RelatedObjectField(serializers.RelatedField):
    """A foreign key: a brief reference at depth 0 (no query), the related object's own serializer at
    `?depth=1+`; written by any of the forms `resolve_object` accepts."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.pop("view_name", None)
        super().__init__(**kwargs)

    def use_pk_only_optimization(self) -> bool:
        # A read-only field may have no queryset to tell the model by; it then needs the object itself.
        return self._depth() == 0 and self._model_or_none() is not None

    def _depth(self) -> int:
        # Asked for every row of a page: the answer is fixed once the field is bound to its serializer.
        depth = self.__dict__.get("_bound_depth")
        if depth is None:
            depth = owner_depth(self)
            if getattr(self, "parent", None) is not None:
                self._bound_depth = depth
        return int(depth)

    def _model_or_none(self) -> Any:
        # get_queryset() copies the queryset; the model it names never changes, so ask once per field.
        if "_model" not in self.__dict__:
            try:
                queryset = self.get_queryset()
            except AssertionError:  # DRF's way of saying a read-only field was given no queryset
                queryset = None
            self._model = queryset.model if queryset is not None else None
        return self._model

    def to_internal_value(self, data: Any) -> Any:
        # One read per referenced row per request: a bulk write naming the same status (or location)
        # in every item finds it once. The field lives as long as its serializer, i.e. one request.
        key = _reference_key(data)
        if key is None:
            return resolve_object(self._queryset(), data)
        resolved: dict[Any, Any] = self.__dict__.setdefault("_resolved", {})
        if key not in resolved:
            resolved[key] = resolve_object(self._queryset(), data)
        return resolved[key]

    def _queryset(self) -> models.QuerySet[Any]:
        """What a write may name: of the field's objects, those the requester may view (an object they
        may not view is "not found", as if it were not there)."""
        queryset = self.get_queryset()
        assert queryset is not None, "a writable related field needs a queryset"
        user = getattr(self.context.get("request"), "user", None)
        return restrict(queryset, user, "view") if user is not None else queryset

    def to_representation(self, value: Any) -> Any:
        model = self._model_or_none() or type(value)
        request = self.context.get("request")
        depth = self._depth()
        if depth == 0 or isinstance(value, PKOnlyObject) or not may_view_object(self.context, model, value.pk):
            return brief(model, value.pk, request)
        return render_nested(value, depth - 1, self.context)

    def get_choices(self, cutoff: int | None = None) -> dict[Any, Any]:
        return {}  # never list every row in OPTIONS or the browsable form


def _reference_key(data: Any) -> Any:
    """A hashable form of a reference as a client wrote it (None when it has none: then it is not reused)."""
    if isinstance(data, models.Model):
        return (type(data), data.pk)
    if isinstance(data, Mapping):
        parts = [(str(key), _reference_key(value)) for key, value in data.items()]
        if any(part is None for _, part in parts):
            return None
        return (Mapping, tuple(sorted(parts)))
    if isinstance(data, str | int | uuid.UUID) or data is None:
        return (type(data), data)
    return None


def nested_serializer(model: type[models.Model], depth: int, context: dict[str, Any]) -> Any:
    """The serializer that renders `model`'s objects nested at `depth` in this request (one per model and
    depth, kept in the request's serializer context), or None when the model has no endpoint."""
    cache: dict[tuple[Any, int], Any] = context.setdefault("_nested_serializers", {})
    key = (model, depth)
    if key not in cache:
        serializer_class = registry.serializer_for(model)
        cache[key] = serializer_class(context={**context, "depth": depth, "nested": True}) if serializer_class else None
    return cache[key]


def render_nested(obj: models.Model, depth: int, context: dict[str, Any]) -> dict[str, Any]:
    """`obj` rendered by its endpoint's serializer, without many-to-many and opt-in fields, at `depth`."""
    serializer = nested_serializer(type(obj), depth, context)
    if serializer is None:
        return brief(type(obj), obj.pk, context.get("request"))
    return dict(serializer.to_representation(obj))


def prepare_nested(objects: list[models.Model], depth: int, context: dict[str, Any]) -> None:
    """Let the serializer that will render `objects` nested at `depth` prepare them together, as a page's
    rows are (an interface's cable peer and path are read for all of them in a few queries, not per row)."""
    by_model: dict[type[models.Model], list[models.Model]] = {}
    for obj in objects:
        by_model.setdefault(type(obj), []).append(obj)
    for model, rows in by_model.items():
        note_nested(context, model, [row.pk for row in rows])
        prepare = getattr(nested_serializer(model, depth, context), "prepare_rows", None)
        if prepare is not None:
            prepare(rows)


class ContentTypeField(serializers.RelatedField):
    """A content type as `"dcim.device"`, read and written."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("queryset", ContentType.objects.all())
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> Any:
        if not isinstance(data, str) or data.count(".") != 1:
            raise serializers.ValidationError(f"Expected an object type such as 'dcim.device', not {data!r}.")
        app_label, model = data.lower().split(".")
        try:
            return ContentType.objects.get(app_label=app_label, model=model)
        except ObjectDoesNotExist:
            raise serializers.ValidationError(f"There is no object type {data!r}.") from None

    def use_pk_only_optimization(self) -> bool:
        return True

    def to_representation(self, value: Any) -> str:
        # Django caches content types by id: a foreign key to one costs no query per row.
        content_type = ContentType.objects.get_for_id(value.pk)
        return f"{content_type.app_label}.{content_type.model}"

    def get_choices(self, cutoff: int | None = None) -> dict[Any, Any]:
        return {}


def max_image_size() -> int:
    """The largest image an upload may be, in bytes (the MAX_IMAGE_SIZE setting)."""
    return int(getattr(settings, "MAX_IMAGE_SIZE", DEFAULT_MAX_IMAGE_SIZE))


def megabytes(size: int) -> str:
    return f"{size / 1_048_576:.1f} MB"


class UploadedImageField(serializers.ImageField):
    """An image sent as a multipart file, as Nautobot's are (`null` clears it; the answer is its URL).
    Its size is checked before Pillow reads a byte of it: a file above MAX_IMAGE_SIZE is a 400 on the field."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("allow_null", True)
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def validate_empty_values(self, data: Any) -> tuple[bool, Any]:
        empty, value = super().validate_empty_values(data)
        if empty and data is None:
            return True, ""  # no image: the column's empty name
        return empty, value

    def to_internal_value(self, data: Any) -> Any:
        size = getattr(data, "size", None)
        limit = max_image_size()
        if isinstance(size, int) and size > limit:
            raise serializers.ValidationError(
                f"The image is {megabytes(size)}; an image may be at most {megabytes(limit)} (MAX_IMAGE_SIZE)."
            )
        return super().to_internal_value(data)
