"""The GraphQL schema, generated from the models the REST API serves, with Nautobot's names.

Per model `Foo` with REST endpoint: a type `FooType` (each column with the scalar Nautobot shows it as,
choice columns as enums named `<App><Model><Field>Choices`, foreign keys and reverse relations as the
related model's type, `_custom_field_data`, one `cf_<key>` per custom field, `url`, and the fields apps
add through `hooks`); query fields `foo(id:)` and `foos(...)` named after the model's verbose names,
the list taking the REST FilterSet's filters (with every lookup) plus `limit` and `offset`, as do the
many-valued relations of every type.

How to reach each field's value is recorded on the field (`FieldSpec` in `extensions`), read by
`loading` to plan a level's queries before any runs. The schema is built once and again only when the
custom fields change (`current_schema`).
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from typing import Any

import django_filters
from django.contrib.contenttypes.models import ContentType
from django.db import models
from graphql import (
    GraphQLArgument,
    GraphQLBoolean,
    GraphQLEnumType,
    GraphQLEnumValue,
    GraphQLField,
    GraphQLFloat,
    GraphQLID,
    GraphQLInputType,
    GraphQLInt,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLSchema,
    GraphQLString,
    GraphQLUnionType,
)

from netkeel.core.api import hooks as api_hooks
from netkeel.core.api import registry
from netkeel.core.graphql import hooks, scalars

SPEC = "netkeel"  # the key of a field's FieldSpec in its extensions
_NAME = re.compile(r"^[_A-Za-z][_0-9A-Za-z]*$")


@dataclass(frozen=True)
class FieldSpec:
    """How a type's field is reached. `kind`: "column" (attname), "custom_field" (key), "custom_data",
    "url", "computed" / "batched" (a hooks.ExtraField), "relation" (accessor, one object) or "many"
    (accessor, a list, filtered by `filterset`)."""

    kind: str
    name: str = ""
    related: type[models.Model] | None = None
    filterset: Any = None
    extra: hooks.ExtraField | None = None
    choices: frozenset[str] | None = None


def var_name(text: str) -> str:
    """`"IP address"` → `ip_address`: how Nautobot names query fields after verbose names."""
    return re.sub(r"[^a-z0-9]+", "_", str(text).lower()).strip("_")


def to_const(value: str) -> str:
    """An enum member's name for a choice value, as graphene makes it: `"1000base-t"` → `A_1000BASE_T`."""
    name = re.sub(r"[\W]+", "_", str(value)).upper().strip("_") or "EMPTY"
    return f"A_{name}" if name[0].isdigit() else name


def reverse_name(accessor: str, related: type[models.Model]) -> str:
    """Nautobot's name for a reverse relation where netkeel's accessor is Django's generic one: a status's
    `dcim_device_related` and a device's `consoleports` are `devices` and `console_ports` there."""
    model_name = related._meta.model_name
    if accessor.endswith("_related") or accessor == f"{model_name}s":
        return var_name(str(related._meta.verbose_name_plural))
    return accessor


def filterset_of(model: type[models.Model]) -> Any:
    endpoint = registry.endpoint_for(model)
    viewset = endpoint.viewset if endpoint is not None else None
    return getattr(viewset, "filterset_class", None)


def filter_arguments(filterset: Any, holder: Any = None) -> dict[str, GraphQLArgument]:
    """The FilterSet's filters (every lookup variant) as arguments, in Nautobot's shapes: Booleans, a
    single value where the filter takes one (`q`, `max_depth`), else a list — of numbers typed as the
    model's column (`[Int]`, `[BigInt]`, `[Float]`), of strings otherwise."""
    arguments: dict[str, GraphQLArgument] = {}
    if filterset is None:
        return {"limit": GraphQLArgument(GraphQLInt), "offset": GraphQLArgument(GraphQLInt)}
    model = filterset._meta.model
    for name, flt in filterset.base_filters.items():
        if _NAME.match(name):
            arguments[name] = GraphQLArgument(_argument_type(model, name, flt))
    # `cf_<key>` and its lookups; `holder` keeps the custom field definitions read once for a whole build.
    for name, flt in api_hooks.custom_field_filters(model, holder).items():
        if _NAME.match(name):
            arguments.setdefault(name, GraphQLArgument(_argument_type(None, name, flt)))
    if "type" in arguments:
        # Nautobot also takes a `type` filter as `_type` (its older name, from when `type` clashed).
        arguments = {"_type": arguments["type"], **arguments}
    arguments["limit"] = GraphQLArgument(GraphQLInt)
    arguments["offset"] = GraphQLArgument(GraphQLInt)
    return arguments


def _argument_type(model: Any, name: str, flt: Any) -> GraphQLInputType:
    if isinstance(flt, django_filters.BooleanFilter) or name.endswith("__isnull"):
        return GraphQLBoolean
    field_class = getattr(flt, "field_class", None)
    multiple = field_class is not None and field_class.__name__.startswith("Multiple")
    if not multiple:
        if isinstance(flt, django_filters.NumberFilter):
            return GraphQLInt  # one number: `max_depth`, `vlan`
        if isinstance(flt, (django_filters.CharFilter, django_filters.ChoiceFilter, django_filters.UUIDFilter)):
            return GraphQLString  # one value: `q`, `vlan_id`, `kind`
        return GraphQLList(GraphQLString)
    if field_class is None or "Number" not in field_class.__name__:
        return GraphQLList(GraphQLString)
    try:
        column = model._meta.get_field(flt.field_name) if model is not None else None
    except Exception:  # noqa: BLE001 - a filter of the FilterSet's own, not a column
        column = None
    internal = column.get_internal_type() if column is not None and not column.is_relation else "IntegerField"
    return GraphQLList(_NUMBER_ARGUMENTS.get(internal, GraphQLInt))


_NUMBER_ARGUMENTS = {
    "FloatField": GraphQLFloat,
    "DecimalField": GraphQLFloat,
    "BigIntegerField": scalars.BigInt,
    "PositiveBigIntegerField": scalars.BigInt,
}


class Types:
    """The generated object types, by model; unions made on demand."""

    def __init__(self, custom_fields: dict[type[models.Model], list[str]]) -> None:
        self.custom_fields = custom_fields
        self.holder: dict[str, Any] = {}  # the custom field definitions, read once for the build
        self.by_model: dict[type[models.Model], GraphQLObjectType] = {}
        self.enums: dict[str, GraphQLEnumType] = {}
        self.unions: dict[str, GraphQLUnionType] = {}
        self.models = [endpoint.model for endpoint in registry.endpoints()]
        for model in self.models:
            self.by_model.setdefault(model, self._object_type(model))

    def of_model(self, model: type[models.Model]) -> GraphQLObjectType | None:
        return self.by_model.get(model._meta.concrete_model or model)

    def union(self, name: str, members: list[type[models.Model]]) -> GraphQLUnionType:
        if name not in self.unions:
            kinds = [kind for kind in (self.of_model(model) for model in members) if kind is not None]
            self.unions[name] = GraphQLUnionType(name, kinds, resolve_type=self._type_name_of)
        return self.unions[name]

    def _type_name_of(self, value: Any, info: Any, abstract: Any) -> str | None:
        kind = self.of_model(type(value))
        return kind.name if kind is not None else None

    def _object_type(self, model: type[models.Model]) -> GraphQLObjectType:
        return GraphQLObjectType(f"{model.__name__}Type", lambda: self._fields(model))

    def _fields(self, model: type[models.Model]) -> dict[str, GraphQLField]:
        fields: dict[str, GraphQLField] = {}
        for field in model._meta.concrete_fields:
            made = self._column(model, field)
            if made is not None:
                # Nautobot shows the custom field data under a name of its own, after the timestamps.
                fields["_custom_field_data" if field.name == "custom_field_data" else str(field.name)] = made
        for field in model._meta.many_to_many:
            made = self._many(field.related_model, field.name)
            if made is not None:
                fields[field.name] = made
        for relation in model._meta.related_objects:
            related: Any = relation.related_model
            accessor = relation.get_accessor_name()
            if not accessor or accessor.endswith("+") or accessor in fields:
                continue
            if relation.one_to_one:
                related_type = self.of_model(related)
                if related_type is not None:
                    fields[accessor] = _field(related_type, FieldSpec("relation", accessor, related))
            else:
                made = self._many(related, accessor)
                name = reverse_name(accessor, related)
                if made is not None and name not in fields:
                    fields[name] = made
        fields["url"] = _field(GraphQLString, FieldSpec("url"))
        for key in self.custom_fields.get(model, []):
            fields[f"cf_{key}"] = _field(scalars.GenericScalar, FieldSpec("custom_field", key))
        for extra in hooks.extra_fields(model):
            kind = "batched" if extra.load is not None else "computed"
            fields[extra.name] = _field(extra.type_of(self), FieldSpec(kind, extra.name, extra=extra))
        return fields

    def _column(self, model: type[models.Model], field: Any) -> GraphQLField | None:
        if field.is_relation:
            related: Any = field.related_model
            related_type = self.of_model(related) if related else None
            if related_type is None:
                return None
            return _field(related_type, FieldSpec("relation", field.name, related))
        if field.name == "custom_field_data":
            return _field(scalars.GenericScalar, FieldSpec("custom_data", field.attname))
        kind: GraphQLOutputType
        choices = None
        if field.choices:
            kind = self._enum(model, field)
            choices = frozenset(str(value) for value, _ in field.flatchoices)
        else:
            kind = scalars.scalar_for(field.get_internal_type())
        # A choice that may be left empty ("") shows as null: an enum has no member for it.
        # Timestamps are nullable in Nautobot's types.
        optional = field.null or (choices is not None and field.blank) or field.get_internal_type() == "DateTimeField"
        if field.primary_key or not optional:
            kind = GraphQLNonNull(kind)
        return _field(kind, FieldSpec("column", field.attname, choices=choices))

    def _enum(self, model: type[models.Model], field: Any) -> GraphQLEnumType:
        camel = "".join(part.capitalize() for part in field.name.split("_"))
        name = f"{model._meta.app_label.capitalize()}{model.__name__}{camel}Choices"
        if name not in self.enums:
            values: dict[str, GraphQLEnumValue] = {}
            for value, _label in field.flatchoices:
                if value in ("", None):
                    continue
                values.setdefault(to_const(value), GraphQLEnumValue(value))
            self.enums[name] = GraphQLEnumType(name, values)
        return self.enums[name]

    def _many(self, related: Any, accessor: str) -> GraphQLField | None:
        related_type = self.of_model(related) if related is not None else None
        if related_type is None:
            return None
        filterset = filterset_of(related)
        spec = FieldSpec("many", accessor, related, filterset=filterset)
        return _field(GraphQLList(related_type), spec, filter_arguments(filterset, self.holder))


def _field(kind: Any, spec: FieldSpec, arguments: dict[str, GraphQLArgument] | None = None) -> GraphQLField:
    from netkeel.core.graphql import loading

    return GraphQLField(kind, args=arguments, resolve=loading.resolver(spec), extensions={SPEC: spec})


def build_schema(custom_fields: dict[type[models.Model], list[str]]) -> GraphQLSchema:
    from netkeel.core.graphql import loading

    types = Types(custom_fields)
    query: dict[str, GraphQLField] = {}
    for model in types.models:
        kind = types.of_model(model)
        if kind is None:
            continue
        single, plural = var_name(str(model._meta.verbose_name)), var_name(str(model._meta.verbose_name_plural))
        query.setdefault(
            single,
            GraphQLField(kind, args={"id": GraphQLArgument(GraphQLID)}, resolve=loading.root_object(model)),
        )
        if plural in query and plural != single:
            continue
        # The list wins where both names are one ("virtual_chassis"), as in Nautobot.
        query[plural] = GraphQLField(
            GraphQLList(kind),
            args=filter_arguments(filterset_of(model), types.holder),
            resolve=loading.root_list(model, filterset_of(model)),
        )
    return GraphQLSchema(GraphQLObjectType("Query", query), types=list(types.by_model.values()))


_lock = threading.Lock()
_built: dict[str, Any] = {}


def current_schema() -> GraphQLSchema:
    """The schema for the custom fields defined now (`cf_<key>` fields and filters): built on the first
    request, rebuilt when they change (one query a request reads their fingerprint)."""
    fingerprint = api_hooks.custom_fields_fingerprint()
    with _lock:
        if _built.get("fingerprint") != fingerprint or "schema" not in _built:
            _built["schema"] = build_schema(custom_field_keys(fingerprint))
            _built["fingerprint"] = fingerprint
        schema: GraphQLSchema = _built["schema"]
        return schema


def custom_field_keys(fingerprint: tuple[Any, ...]) -> dict[type[models.Model], list[str]]:
    """Each model's custom field keys, from the fingerprint's (content type id, key, …) rows."""
    keys: dict[type[models.Model], list[str]] = {}
    for content_type_id, key, *_ in fingerprint:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is not None:
            keys.setdefault(model, []).append(key)
    return keys
