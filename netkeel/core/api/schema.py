"""The OpenAPI schema (`/api/swagger.json`) as netkeel really answers, in Nautobot's shapes: a related object as
`{id, object_type, url}` (Nautobot documents the reference its clients read, whatever `?depth` adds), a choice as
`{value, label}` when read and its value when written, and the query parameters every read takes (`depth`,
`exclude_m2m`, and `sort` on lists). A detail action that answers a page (`…/notes/`, documented by extras) takes
the page's parameters and none of its endpoint's filters.

`schema_views.SchemaView` serves it (apart: rest_framework imports this module while its views are defined).
"""

from __future__ import annotations

from typing import Any, Literal

import django_filters
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from drf_spectacular.contrib.django_filters import DjangoFilterExtension
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import build_array_type, build_basic_type, build_parameter_type
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema_field
from rest_framework import serializers

from netkeel.core.api.fields import PlainChoiceField
from netkeel.core.api.filters import (
    MultipleUUIDField,
    MultiValueMixin,
    MultiValueNumberFilter,
    NumberChoiceFilter,
    RelatedFilter,
)

# Nautobot's nested reference: what a related object is documented as, in requests and responses alike.
_REFERENCE_PROPERTIES: dict[str, dict[str, Any]] = {
    "id": {"oneOf": [{"type": "string", "format": "uuid"}, {"type": "integer"}]},
    "object_type": {"type": "string", "pattern": r"^[a-z][a-z0-9_]+\.[a-z][a-z0-9_]+$"},
    "url": {"type": "string", "format": "uri"},
}


def reference_schema(nullable: bool) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "object", "properties": dict(_REFERENCE_PROPERTIES)}
    if nullable:
        schema["nullable"] = True
    return schema


# For a method field that answers a related object or null (of one model or of several): documented as the
# reference every related object is, whatever `?depth` adds to it.
answers_a_reference = extend_schema_field(reference_schema(nullable=True))


class RelatedObjectFieldExtension(OpenApiSerializerFieldExtension):
    """A brief reference at depth 0, the whole object at `?depth=1+`: both are objects with `id` and `url`."""

    target_class = "netkeel.core.api.fields.RelatedObjectField"
    match_subclasses = True

    def map_serializer_field(self, auto_schema: AutoSchema, direction: str) -> dict[str, Any]:
        return reference_schema(_nullable(self.target))


class ContentTypeFieldExtension(OpenApiSerializerFieldExtension):
    """A kind of object as `"dcim.device"` (null where the model field may be empty)."""

    target_class = "netkeel.core.api.fields.ContentTypeField"
    match_subclasses = True

    def map_serializer_field(self, auto_schema: AutoSchema, direction: str) -> dict[str, Any]:
        schema: dict[str, Any] = dict(_REFERENCE_PROPERTIES["object_type"])
        if _nullable(self.target):
            schema["nullable"] = True
        return schema


def _nullable(field: Any) -> bool:
    """Whether a reference may be null: the field says so, or (read-only fields do not) its model field does."""
    if getattr(field, "allow_null", False):
        return True
    model = getattr(getattr(getattr(field, "parent", None), "Meta", None), "model", None)
    try:
        return bool(model._meta.get_field(field.source).null)  # type: ignore[union-attr]
    except (AttributeError, FieldDoesNotExist):  # no model, or a source that is not a field (a property, a path)
        return bool(field.read_only)


def _value_type(values: list[Any]) -> str:
    if values and all(isinstance(value, bool) for value in values):
        return "boolean"
    if values and all(isinstance(value, int) and not isinstance(value, bool) for value in values):
        return "integer"
    return "string"


class ChoiceFieldExtension(OpenApiSerializerFieldExtension):
    """Read as `{value, label}` (null when unset), written as the value (its label and `{value}` are taken too,
    as Nautobot takes them, but the value is what the schema offers)."""

    target_class = "netkeel.core.api.fields.ChoiceField"
    match_subclasses = True

    def map_serializer_field(self, auto_schema: AutoSchema, direction: str) -> dict[str, Any]:
        field = self.target
        values = list(field.choices)
        blank = bool(getattr(field, "allow_blank", False))
        nullable = bool(getattr(field, "allow_null", False))
        value_type = _value_type(values)
        if direction == "request":
            schema: dict[str, Any] = {"type": value_type, "enum": values + ([""] if blank else [])}
            if nullable:
                schema["nullable"] = True
            return schema
        if isinstance(field, PlainChoiceField):
            schema = {"type": value_type, "enum": values}
            if blank or nullable:
                schema["nullable"] = True
            return schema
        labels = list(dict.fromkeys(str(label) for label in field.choices.values()))
        schema = {
            "type": "object",
            "properties": {
                "value": {"type": value_type, "enum": values},
                "label": {"type": "string", "enum": labels},
            },
        }
        if blank or nullable:
            schema["nullable"] = True
        return schema


class FilterSetExtension(DjangoFilterExtension):
    """Filters as they are used: a related object by its name or its id (a string, as Nautobot documents it),
    and every filter that takes several values (`?status=active&status=planned`) as a list."""

    target_class = "netkeel.core.api.filters.StrictFilterBackend"
    match_subclasses = True
    priority = 1  # before drf-spectacular's own django-filter extension

    def resolve_filter_field(
        self, auto_schema: Any, model: Any, filterset_class: Any, field_name: str, filter_field: Any
    ) -> list[dict[str, Any]]:
        documented = getattr(filter_field, "schema_type", None)  # a filter that says how it is documented
        if documented is not None:
            parameters = [_query(field_name, dict(documented))]
        elif isinstance(filter_field, RelatedFilter):
            # By name or id; an object without a name (a cable) by its id only.
            by_id = filter_field.to_field == "pk"
            parameters = [_query(field_name, {"type": "string", "format": "uuid"} if by_id else {"type": "string"})]
        elif isinstance(filter_field, django_filters.BooleanFilter):
            parameters = [_query(field_name, {"type": "boolean"})]  # a method filter's hint would say string
        elif isinstance(filter_field, django_filters.UUIDFilter) or issubclass(
            filter_field.field_class, MultipleUUIDField
        ):
            # An id, also where a method filters by it (whose hint would leave the type unsaid).
            parameters = [_query(field_name, {"type": "string", "format": "uuid"})]
        elif isinstance(filter_field, MultiValueNumberFilter):
            number = filter_field.extra.get("number", int)
            parameters = [_query(field_name, {"type": "integer" if number is int else "number"})]
        else:
            parameters = list(
                super().resolve_filter_field(auto_schema, model, filterset_class, field_name, filter_field)
            )
        if not isinstance(filter_field, RelatedFilter | MultiValueMixin):
            return parameters
        for parameter in parameters:
            if isinstance(filter_field, NumberChoiceFilter) and not filter_field.matches_null:
                parameter["schema"] = {"type": "string"}  # a text lookup on the number, as Nautobot has it
            if getattr(filter_field, "matches_null", False) and "enum" in parameter["schema"]:
                parameter["schema"]["enum"] = [*parameter["schema"]["enum"], "null"]
            parameter["schema"] = build_array_type(parameter["schema"])
            parameter.update(explode=True, style="form")
        return parameters


def _query(name: str, schema: dict[str, Any]) -> dict[str, Any]:
    return dict(build_parameter_type(name=name, schema=schema, location=OpenApiParameter.QUERY))


class BulkOperationSerializer(serializers.Serializer):
    """One object of a bulk DELETE body: `[{"id": …}, …]`."""

    id = serializers.UUIDField()

    class Meta:
        ref_name = "BulkOperation"


class BulkOperationIntegerIDSerializer(serializers.Serializer):
    """One object of a bulk DELETE body on an endpoint of integer ids (groups)."""

    id = serializers.IntegerField()

    class Meta:
        ref_name = "BulkOperationIntegerID"


class NetkeelAutoSchema(AutoSchema):
    """drf-spectacular's AutoSchema with the read parameters every endpoint takes, and the body of a bulk
    DELETE (a list of ids) as Nautobot documents it."""

    def _get_request_body(self, direction: Literal["request", "response"] = "request") -> Any:
        if getattr(self.view, "action", None) != "bulk_destroy" or not hasattr(self.view, "get_queryset"):
            return super()._get_request_body(direction)
        pk = self.view.get_queryset().model._meta.pk
        integer = isinstance(pk, models.AutoField | models.BigAutoField | models.IntegerField)
        item = (BulkOperationIntegerIDSerializer if integer else BulkOperationSerializer)()
        schema = build_array_type(self.resolve_serializer(item, direction).ref)
        return {"content": {"application/json": {"schema": schema}}, "required": True}

    def _is_detail_action(self) -> bool:
        return bool(getattr(self.view, "detail", False)) and getattr(self.view, "action", None) not in (
            "retrieve",
            "update",
            "partial_update",
            "destroy",
        )

    def get_filter_backends(self) -> list[Any]:
        if self._is_detail_action():
            return []  # `…/<id>/notes/` lists the notes of one object: its endpoint's filters do not apply
        return list(super().get_filter_backends())

    def _get_parameters(self) -> list[dict[str, Any]]:
        parameters: list[dict[str, Any]] = list(super()._get_parameters())
        # Every read but an API root's (a list of links) takes them, as Nautobot documents: a model's
        # endpoint, and the views that render objects or answer beside them (`connected-device`, `status`).
        if self.method != "GET" or getattr(self.view, "is_api_root", False):
            return parameters
        # Imported here: rest_framework reads this module (its DEFAULT_SCHEMA_CLASS) while views are defined.
        from netkeel.core.api.views import MAX_DEPTH

        names = {parameter["name"] for parameter in parameters}
        extra = [
            _query("depth", {"type": "integer", "minimum": 0, "maximum": MAX_DEPTH, "default": 0}),
            _query("exclude_m2m", build_basic_type(OpenApiTypes.BOOL) or {"type": "boolean"}),
        ]
        if self._is_list_view() and not self._is_detail_action():
            extra.append(_query("sort", {"type": "string"}))
        return parameters + [parameter for parameter in extra if parameter["name"] not in names]
