"""How a serializer renders one object, worked out once per serializer instead of once per field per row.

DRF's `Serializer.to_representation` walks every readable field for every row: `get_attribute` follows the
field's source, a related field asks whether it may take the primary-key shortcut, and only then does the
field render the value. For a page of 1,000 devices that walk is most of the request. `row_plan` decides
per field, once, how to reach its value, and `render_row` runs the plan:

- a model column read as it was loaded (`instance.__dict__`) and handed to the field's `to_representation`;
- a foreign key at depth 0 as its brief reference (`{"id", "object_type", "url"}`), made from the column's
  id with the URL prefix computed once: the related object is never loaded or touched;
- a method field by calling its method;
- a many-to-many field (tags) from the objects prefetched for the page, without a related manager per row;
  at depth 0, where each item is a brief reference, from the ids alone (`load_many_to_many` reads a list
  page's pairs of ids in one query instead of loading every related object);
- anything else (many-to-many, custom fields, a field with a source of its own) exactly as DRF does.

The output is DRF's, value for value: `netkeel/core/api/tests/test_rows.py` compares both for every list
route of the API.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import models
from django.db.models import prefetch_related_objects
from django.db.models.query_utils import DeferredAttribute
from rest_framework import serializers
from rest_framework.fields import SkipField
from rest_framework.relations import PKOnlyObject

from netkeel.core.api import registry
from netkeel.core.api.fields import RelatedObjectField, prepare_nested
from netkeel.core.models.base import natural_key_relations

Renderer = Callable[[models.Model], Any]
RowPlan = tuple[tuple[str, Renderer], ...]
# A column missing from an object's __dict__ (deferred, or never set): read it the generic way.
_MISSING = object()
# Where `load_many_to_many` keeps, on each row of a page, the ids of its related objects by field name.
PAGE_IDS = "_netkeel_page_many_to_many_ids"
# A list view leaves its page's many-to-many fields to `load_many_to_many` (called by the serializer's
# `prepare_rows`) instead of prefetching them; a test turns this off to compare with the plain prefetch.
PAGE_LOADS_MANY_TO_MANY = True


def generic_row(serializer: serializers.Serializer[Any], instance: Any) -> dict[str, Any]:
    """DRF's own rendering of `instance` (what `render_row` must equal)."""
    return serializers.Serializer.to_representation(serializer, instance)


def render_row(plan: RowPlan, instance: Any) -> dict[str, Any]:
    row: dict[str, Any] = {}
    for name, render in plan:
        try:
            row[name] = render(instance)
        except SkipField:
            continue
    return row


def row_plan(serializer: serializers.Serializer[Any]) -> RowPlan:
    """How `serializer` renders each of its readable fields, in order."""
    model = getattr(getattr(serializer, "Meta", None), "model", None)
    request = serializer.context.get("request")
    return tuple(
        (str(field.field_name), _renderer(serializer, field, model, request))
        for field in serializer.fields.values()
        if not field.write_only
    )


def _renderer(serializer: serializers.Serializer[Any], field: serializers.Field, model: Any, request: Any) -> Renderer:
    generic = _generic(field)
    if (
        isinstance(field, serializers.SerializerMethodField)
        and type(field).to_representation is serializers.SerializerMethodField.to_representation
        and type(field).get_attribute is serializers.SerializerMethodField.get_attribute
    ):
        return _method(getattr(serializer, str(field.method_name)))
    if isinstance(field, serializers.ManyRelatedField):
        return _many_renderer(field, model, generic)
    model_field = _model_field(model, field)
    if model_field is None:
        return generic
    if isinstance(field, RelatedObjectField):
        if not _renders_as_related_object_field(field):
            return generic
        related = field._model_or_none()
        if field._depth() != 0 or related is None or not (model_field.many_to_one or model_field.one_to_one):
            return generic
        return _brief(model_field.attname, related, request, generic)
    if model_field.is_relation or type(field).get_attribute is not serializers.Field.get_attribute:
        return generic
    if type(model_field).descriptor_class is not DeferredAttribute or model_field.attname != field.source:
        return generic
    return _column(model_field.attname, field.to_representation, generic)


def _many_renderer(field: serializers.ManyRelatedField, model: Any, generic: Renderer) -> Renderer:
    """A forward many-to-many of the model (tags, content types) rendered from what was read for the page
    (its ids, or its prefetched objects), without making the related manager DRF would ask for its `.all()`."""
    model_field = _forward_many_to_many(field, model)
    if model_field is None:
        return generic
    cache_name = model_field.name  # where prefetch_related keeps a forward many-to-many's objects
    represent = field.child_relation.to_representation
    reference = _reference_renderer(field)
    request = field.context.get("request")
    brief_of = _brief_of(reference, request) if reference is not None else None

    def render(instance: Any) -> Any:
        if brief_of is not None:
            ids = instance.__dict__.get(PAGE_IDS, {}).get(cache_name)
            if ids is not None:
                return [brief_of(pk) for pk in ids]
        cached = instance.__dict__.get("_prefetched_objects_cache", {}).get(cache_name)
        if cached is None or cached._result_cache is None or instance.pk is None:
            return generic(instance)
        return [represent(item) for item in cached._result_cache]

    return render


def _forward_many_to_many(field: serializers.Field, model: Any) -> Any:
    """The model's own many-to-many field that `field` renders as DRF does, or None."""
    kind = type(field)
    if (
        not isinstance(field, serializers.ManyRelatedField)
        or kind.get_attribute is not serializers.ManyRelatedField.get_attribute
        or kind.to_representation is not serializers.ManyRelatedField.to_representation
        or not isinstance(model, type)
        or not issubclass(model, models.Model)
        or len(getattr(field, "source_attrs", ())) != 1
    ):
        return None
    try:
        model_field = model._meta.get_field(field.source_attrs[0])
    except Exception:  # noqa: BLE001 - a property of the model: not a many-to-many field
        return None
    if not model_field.many_to_many or model_field.auto_created:
        return None
    return model_field


def _reference_renderer(field: serializers.ManyRelatedField) -> type[models.Model] | None:
    """The related model when each item of `field` renders as its brief reference (depth 0), else None."""
    child = field.child_relation
    if not isinstance(child, RelatedObjectField) or not _renders_as_related_object_field(child):
        return None
    return child._model_or_none() if child._depth() == 0 else None


def related_paths(
    serializer_class: Any, depth: int, prefix: str = "", nested: bool = False, many_to_many: bool = True
) -> tuple[list[str], list[str]]:
    """What to fetch with a page so that rendering it at `depth` costs no query per row:
    (select_related paths, prefetch_related paths), the many-to-many fields only if `many_to_many`. The
    relations the model's natural key walks (for `natural_slug`) come from the model; the serializer's
    `display_related` adds what `display` reads."""
    if serializer_class is None:
        return [], []
    model = serializer_class.Meta.model
    own = [*(natural_key_relations(model) or ()), *getattr(serializer_class, "display_related", ())]
    select: list[str] = [f"{prefix}{path}" for path in dict.fromkeys(own)]
    prefetch: list[str] = []
    if many_to_many and not nested:
        for name in serializer_class.many_to_many_names():
            prefetch.append(f"{prefix}{name}")
            if depth > 0:  # each item renders whole, at the depth below
                prefetch.extend(many_to_many_item_paths(model, name, depth - 1, f"{prefix}{name}__"))
    if depth <= 0:
        return select, prefetch
    for field in model._meta.concrete_fields:
        if not field.is_relation or field.related_model is None:
            continue
        related_serializer = registry.serializer_for(field.related_model)
        path = f"{prefix}{field.name}"
        prefetch.append(path)
        if related_serializer is not None:
            more_select, more_prefetch = related_paths(related_serializer, depth - 1, f"{path}__", nested=True)
            prefetch.extend(more_select)
            prefetch.extend(more_prefetch)
    return select, prefetch


def many_to_many_item_paths(model: Any, name: str, depth: int, prefix: str) -> list[str]:
    """What to prefetch with the items of `model`'s many-to-many field `name` when each renders whole at
    `depth` (an IP address's `interfaces` at `?depth=2` render each interface with its device)."""
    related_serializer = registry.serializer_for(model._meta.get_field(name).related_model)
    select, prefetch = related_paths(related_serializer, depth, prefix, nested=True)
    return [*select, *prefetch]


def load_many_to_many(serializer: serializers.Serializer[Any], instances: list[Any]) -> None:
    """Read the many-to-many fields `serializer` shows for a page of `instances`, one query each: the pairs
    of ids where the items render as brief references (a through table of Django's own), the related
    objects otherwise. Rows that already hold a field's prefetched objects are left as they are. A field that
    derives its value from a many-to-many field of the model names it in `reads_many_to_many` (a prefix's
    legacy single `location` reads `locations`): those related objects are loaded for it the same way."""
    model: Any = getattr(getattr(serializer, "Meta", None), "model", None)
    if not instances or not all(type(instance) is model and instance.pk is not None for instance in instances):
        return
    for field in serializer.fields.values():
        if field.write_only:
            continue
        declared = getattr(field, "reads_many_to_many", None)
        model_field = model._meta.get_field(declared) if declared else _forward_many_to_many(field, model)
        if model_field is None:
            continue
        name = model_field.name
        todo = [row for row in instances if name not in row.__dict__.get("_prefetched_objects_cache", {})]
        if not todo:
            continue
        lean = (
            not declared and isinstance(field, serializers.ManyRelatedField) and _reference_renderer(field) is not None
        )
        if lean and model_field.remote_field.through._meta.auto_created:
            _load_ids(todo, model_field)
            continue
        child = getattr(field, "child_relation", None)
        items_depth = child._depth() if not declared and isinstance(child, RelatedObjectField) else 0
        more = many_to_many_item_paths(model, name, items_depth - 1, f"{name}__") if items_depth > 0 else []
        prefetch_related_objects(todo, name, *dict.fromkeys(more))
        if items_depth > 0:  # the items render whole: prepared together, as a page's rows are
            items = [item for row in todo for item in getattr(row, name).all()]
            prepare_nested(items, items_depth - 1, serializer.context)


def _load_ids(instances: list[Any], model_field: Any) -> None:
    # The query Django's prefetch would make (same filter, same order), reading two ids instead of objects.
    manager = getattr(instances[0], model_field.name)
    queryset = manager.get_prefetch_querysets(instances)[0]
    source = manager.through._meta.get_field(manager.source_field_name)
    pk_field = type(instances[0])._meta.pk
    ids: dict[Any, list[Any]] = {}
    for owner, related in queryset.values_list(f"_prefetch_related_val_{source.attname}", "pk"):
        ids.setdefault(pk_field.to_python(owner), []).append(related)
    for instance in instances:
        instance.__dict__.setdefault(PAGE_IDS, {})[model_field.name] = ids.get(instance.pk, [])


def _renders_as_related_object_field(field: RelatedObjectField) -> bool:
    kind = type(field)
    return all(
        getattr(kind, name) is getattr(RelatedObjectField, name)
        for name in ("get_attribute", "to_representation", "use_pk_only_optimization")
    )


def _model_field(model: Any, field: serializers.Field) -> Any:
    """The concrete model field `field` renders directly (its source one plain name), or None."""
    source_attrs = getattr(field, "source_attrs", None)
    if not isinstance(model, type) or not issubclass(model, models.Model) or not source_attrs or len(source_attrs) != 1:
        return None
    try:
        model_field = model._meta.get_field(source_attrs[0])
    except Exception:  # noqa: BLE001 - a property or method of the model: not a column
        return None
    return model_field if getattr(model_field, "concrete", False) and not model_field.many_to_many else None


def _generic(field: serializers.Field) -> Renderer:
    def render(instance: Any) -> Any:
        attribute = field.get_attribute(instance)
        check_for_none = attribute.pk if isinstance(attribute, PKOnlyObject) else attribute
        return None if check_for_none is None else field.to_representation(attribute)

    return render


def _method(method: Callable[[Any], Any]) -> Renderer:
    # A method field's attribute is the object itself, never None: DRF calls the method with it.
    return method


def _column(attname: str, represent: Callable[[Any], Any], generic: Renderer) -> Renderer:
    def render(instance: Any) -> Any:
        value = instance.__dict__.get(attname, _MISSING)
        if value is _MISSING:
            return generic(instance)
        return None if value is None else represent(value)

    return render


def _brief_of(related: type[models.Model], request: Any) -> Callable[[Any], dict[str, Any]]:
    """`pk` → the brief reference of the `related` object it names. A page names the same few statuses,
    roles and locations over and over: each one's URL is formatted once."""
    object_type = registry.object_type(related)
    prefix = registry.detail_url_prefix(related, request)
    urls: dict[Any, str | None] = {}

    def brief_of(pk: Any) -> dict[str, Any]:
        try:
            url = urls[pk]
        except KeyError:
            url = urls[pk] = f"{prefix}{pk}/" if prefix is not None else None
        return {"id": pk, "object_type": object_type, "url": url}

    return brief_of


def _brief(attname: str, related: type[models.Model], request: Any, generic: Renderer) -> Renderer:
    brief_of = _brief_of(related, request)

    def render(instance: Any) -> Any:
        pk = instance.__dict__.get(attname, _MISSING)
        if pk is _MISSING:
            return generic(instance)
        if pk is None:
            return None
        return brief_of(pk)

    return render
