"""Resolving a query in a fixed number of SQL queries per level.

A root field reads its rows (one query), then `load` walks the selections below it, level by level:
every relation selected at a level is read for all the level's objects at once (a `Prefetch` into an
attribute named after the field's response key, so aliases with different filters do not mix), every
batched field of an app (`hooks.batched`) is loaded for all of them at once, and the objects found are
loaded the same way for the level below. Every queryset goes through `viewable` (core.api.permissions),
the check REST uses, so a nested relation shows only what the user may view. The resolvers then only
read what was loaded.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models import Prefetch, prefetch_related_objects
from django.http import QueryDict
from graphql import (
    FieldNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLIncludeDirective,
    GraphQLObjectType,
    GraphQLResolveInfo,
    GraphQLSkipDirective,
    InlineFragmentNode,
    SelectionSetNode,
    get_named_type,
    is_abstract_type,
)
from graphql.execution.values import get_argument_values, get_directive_values

from netkeel.core.api import registry
from netkeel.core.api.permissions import viewable

KEY = "_graphql_"  # loaded values live in the object's __dict__ under KEY + the field's response key


@dataclass
class Context:
    """What a request's resolvers share (graphql-core's `context_value`)."""

    request: Any

    def viewable(self, queryset: models.QuerySet[Any]) -> models.QuerySet[Any]:
        return viewable(queryset, getattr(self.request, "user", None))


def base_queryset(model: type[models.Model]) -> models.QuerySet[Any]:
    return model._default_manager.all()


def filtered(model: type[models.Model], filterset: Any, arguments: dict[str, Any], context: Context) -> Any:
    """The objects of `model` the user may view, filtered by the REST FilterSet with `arguments` and
    sliced by `limit`/`offset`; a bad filter value is a GraphQL error naming it."""
    arguments = dict(arguments)
    limit, offset = arguments.pop("limit", None), arguments.pop("offset", None)
    queryset = context.viewable(base_queryset(model))
    given = {name: value for name, value in arguments.items() if value is not None}
    if "_type" in given:  # Nautobot's second name for the `type` filter
        given.setdefault("type", given.pop("_type"))
    if filterset is not None and given:
        data = QueryDict(mutable=True)
        for name, value in given.items():
            if isinstance(value, bool):
                data[name] = "true" if value else "false"
            elif isinstance(value, list):
                data.setlist(name, [str(item) for item in value])
            else:
                data[name] = str(value)
        filters = filterset(data, queryset=queryset, request=context.request)
        if not filters.is_valid():
            problems = "; ".join(f"{name}: {' '.join(map(str, errors))}" for name, errors in filters.errors.items())
            raise GraphQLError(f"Invalid filter: {problems}")
        queryset = filters.qs
    for name, value in (("limit", limit), ("offset", offset)):
        if value is not None and value < 0:
            raise GraphQLError(f"{name} must be 0 or more.")
    start = offset or 0
    if limit:
        return queryset[start : start + limit]
    return queryset[start:] if start else queryset


def root_list(model: type[models.Model], filterset: Any) -> Callable[..., Any]:
    def resolve(root: Any, info: GraphQLResolveInfo, **arguments: Any) -> list[Any]:
        objects = list(filtered(model, filterset, arguments, info.context))
        load(objects, _object_type(info), info.field_nodes, info)
        return objects

    return resolve


def root_object(model: type[models.Model]) -> Callable[..., Any]:
    def resolve(root: Any, info: GraphQLResolveInfo, id: Any = None) -> Any:
        if id is None:
            return None
        pk_field = model._meta.pk
        try:
            pk = pk_field.to_python(id) if pk_field is not None else id
        except Exception:  # noqa: BLE001 - a malformed id finds nothing, as in Nautobot
            return None
        found = list(info.context.viewable(base_queryset(model)).filter(pk=pk))
        load(found, _object_type(info), info.field_nodes, info)
        return found[0] if found else None

    return resolve


def _object_type(info: GraphQLResolveInfo) -> GraphQLObjectType:
    kind = get_named_type(info.return_type)
    assert isinstance(kind, GraphQLObjectType)
    return kind


def resolver(spec: Any) -> Callable[..., Any]:
    """How a field of a generated type reads its value from the object (what `load` left there)."""
    kind, name = spec.kind, spec.name
    if kind == "column":
        choices = spec.choices

        def column(obj: Any, info: GraphQLResolveInfo, **_: Any) -> Any:
            value = getattr(obj, name)
            if choices is not None and value is not None and str(value) not in choices:
                return None  # "" (no choice made) or a value outside the enum: no member to show
            return value

        return column
    if kind == "custom_field":
        return lambda obj, info, **_: (obj.custom_field_data or {}).get(name)
    if kind == "custom_data":
        return lambda obj, info, **_: obj.custom_field_data
    if kind == "url":
        return lambda obj, info, **_: registry.detail_url(type(obj), obj.pk, getattr(info.context, "request", None))
    if kind == "computed":
        compute = spec.extra.resolve
        return lambda obj, info, **_: compute(obj)
    default: Any = [] if kind == "many" else None

    def loaded(obj: Any, info: GraphQLResolveInfo, **_: Any) -> Any:
        return obj.__dict__.get(KEY + str(info.path.key), default)

    return loaded


# ------------------------------------------------------------------------------------------ planning


def selected_fields(
    object_type: GraphQLObjectType, nodes: Iterable[FieldNode], info: GraphQLResolveInfo
) -> dict[str, list[FieldNode]]:
    """The fields selected under `nodes` for objects of `object_type`, by response key (fragments
    and @skip/@include applied, as the executor will)."""
    found: dict[str, list[FieldNode]] = {}
    schema = info.schema

    def matches(condition: Any) -> bool:
        if condition is None:
            return True
        kind = schema.get_type(condition.name.value)
        if kind is object_type:
            return True
        return kind is not None and is_abstract_type(kind) and schema.is_sub_type(kind, object_type)

    def visit(selection_set: SelectionSetNode, seen: set[str]) -> None:
        for selection in selection_set.selections:
            if not _included(selection, info):
                continue
            if isinstance(selection, FieldNode):
                key = selection.alias.value if selection.alias else selection.name.value
                found.setdefault(key, []).append(selection)
            elif isinstance(selection, InlineFragmentNode):
                if matches(selection.type_condition):
                    visit(selection.selection_set, seen)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                fragment = info.fragments.get(name)
                definition = getattr(fragment, "definition", fragment)
                if name in seen or definition is None or not matches(definition.type_condition):
                    continue
                visit(definition.selection_set, seen | {name})

    for node in nodes:
        if node.selection_set is not None:
            visit(node.selection_set, set())
    return found


def _included(node: Any, info: GraphQLResolveInfo) -> bool:
    skip = get_directive_values(GraphQLSkipDirective, node, info.variable_values)
    if skip is not None and skip.get("if") is True:
        return False
    include = get_directive_values(GraphQLIncludeDirective, node, info.variable_values)
    return not (include is not None and include.get("if") is False)


def load(
    objects: list[Any], object_type: GraphQLObjectType, nodes: Iterable[FieldNode], info: GraphQLResolveInfo
) -> None:
    """Read what the selections under `nodes` need for `objects` (all of one model), level by level."""
    objects = list({id(obj): obj for obj in objects}.values())
    if not objects:
        return
    from netkeel.core.graphql.schema import SPEC

    context: Context = info.context
    for key, field_nodes in selected_fields(object_type, nodes, info).items():
        definition = object_type.fields.get(field_nodes[0].name.value)
        spec = definition.extensions.get(SPEC) if definition is not None else None
        if spec is None or spec.kind not in ("relation", "many", "batched"):
            continue
        attribute = KEY + key
        if spec.kind == "batched":
            found = spec.extra.load(objects, context.viewable)
            children = []
            for obj in objects:
                value = found.get(id(obj))
                obj.__dict__[attribute] = value
                if value is not None:
                    children.append(value)
        else:
            if spec.kind == "many":
                arguments = get_argument_values(definition, field_nodes[0], info.variable_values)
                queryset = filtered(spec.related, spec.filterset, arguments, context)
            else:
                queryset = context.viewable(base_queryset(spec.related))
            prefetch_related_objects(objects, Prefetch(spec.name, queryset=queryset, to_attr=attribute))
            children = []
            for obj in objects:
                value = obj.__dict__.get(attribute)
                if isinstance(value, list):
                    children.extend(value)
                elif value is not None:
                    children.append(value)
        by_model: dict[type[models.Model], list[Any]] = {}
        for child in children:
            by_model.setdefault(type(child), []).append(child)
        for model, group in by_model.items():
            child_type = info.schema.get_type(f"{model.__name__}Type")
            if isinstance(child_type, GraphQLObjectType):
                load(group, child_type, field_nodes, info)
