"""Who may do what through the API, decided by the one enforcement point (`netkeel.core.permissions`):

- `ModelPermissions` (DRF): an endpoint opens to whoever may act on some of its objects (the method's
  action), and takes no writes at all with a token that is not write-enabled; the viewset narrows its
  queryset to the objects themselves (`NetkeelModelViewSet.get_queryset`).
- `may_view_object`: whether a nested object (at `?depth`, a trace's far end) renders in full or as its
  brief reference — decided per object, with one query per model for a page (`note_nested`).
- `viewable`: GraphQL's queryset at every level."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import models
from django.db.models import Q, QuerySet
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request

from netkeel.core.permissions import ACTIONS_BY_METHOD, CommandLine, allowed_ids, may, restrict, restriction


class ModelPermissions(BasePermission):
    message = "You do not have permission to perform this action."

    def has_permission(self, request: Request, view: Any) -> bool:
        if request.method not in SAFE_METHODS and not getattr(request.auth, "write_enabled", True):
            self.message = "This API token is read-only; use a write-enabled token to make changes."
            return False
        user = request.user
        if not (user and user.is_authenticated):
            return False
        if getattr(view, "queryset", None) is None and not hasattr(view, "get_queryset"):
            return True
        model = _view_model(view)
        if model is None:
            return False
        needed = self.needed(str(request.method), model)
        return bool(needed) and all(may(user, needed_model, action) for needed_model, action in needed)

    def needed(self, method: str, model: type[models.Model]) -> list[tuple[type[models.Model], str]]:
        """The (model, action) pairs the user must hold on some objects for `method` on this endpoint."""
        action = ACTIONS_BY_METHOD.get(method)
        return [(model, action)] if action is not None else []


def _view_model(view: Any) -> type[models.Model] | None:
    queryset = getattr(view, "queryset", None)
    if queryset is None:
        queryset = view.get_queryset()
    return getattr(queryset, "model", None)


def may_view(request: Any, model: Any) -> bool:
    """Whether the requester may see some objects of `model` (the model-level check)."""
    return user_may_view(getattr(request, "user", None), model)


def user_may_view(user: Any, model: Any) -> bool:
    """Whether `user` may see some objects of `model`; which ones, `restrict` says."""
    return may(user, model, "view")


# Where a request's serializer context keeps, per model, the ids of nested objects already decided.
_DECIDED = "_netkeel_viewable_ids"


def note_nested(context: dict[str, Any], model: type[models.Model], ids: Iterable[Any]) -> None:
    """Decide at once whether the requester may view each of `ids` (objects of `model` a page will render
    nested): one query for any number, none when they may view all of the model or none of it."""
    user = getattr(context.get("request"), "user", None)
    allowed = restriction(user, model, "view")
    if allowed is None or not allowed:
        return  # all or nothing: `may_view_object` answers without a query
    decided: dict[Any, dict[Any, bool]] = context.setdefault(_DECIDED, {})
    known = decided.setdefault(model._meta.concrete_model or model, {})
    wanted = {pk for pk in ids if pk is not None and pk not in known}
    if not wanted:
        return
    found = allowed_ids(user, model, wanted)
    known.update({pk: pk in found for pk in wanted})


def note_viewable(context: dict[str, Any], model: type[models.Model], ids: Iterable[Any]) -> None:
    """Record `ids` as objects the requester may view, without a query: the rows of a page read through
    `restrict` (a cable's terminations name their cable, met again nested at depth 2)."""
    user = getattr(context.get("request"), "user", None)
    if not restriction(user, model, "view"):
        return  # nothing to remember: `may_view_object` answers without a query
    decided: dict[Any, dict[Any, bool]] = context.setdefault(_DECIDED, {})
    known = decided.setdefault(model._meta.concrete_model or model, {})
    known.update(dict.fromkeys((pk for pk in ids if pk is not None), True))


def may_view_object(context: dict[str, Any], model: type[models.Model], pk: Any) -> bool:
    """Whether the requester may view the object `pk` of `model`, nested in what they read: decided by
    `restrict` (an object not noted with `note_nested` first costs a query of its own)."""
    user = getattr(context.get("request"), "user", None)
    allowed = restriction(user, model, "view")
    if allowed is None:
        return False
    if not allowed:
        return True
    decided: dict[Any, dict[Any, bool]] = context.setdefault(_DECIDED, {})
    known = decided.setdefault(model._meta.concrete_model or model, {})
    if pk not in known:
        note_nested(context, model, [pk])
    return known.get(pk, False)


def viewable(queryset: QuerySet[Any], user: Any) -> QuerySet[Any]:
    """The objects of `queryset` that `user` may view: GraphQL's queryset at every level. Rows that belong
    to another object (notes, change records: `register_attached`) also need that object viewable."""
    queryset = restrict(queryset, user, "view")
    attached = _attached.get(queryset.model)
    return restrict_attached(queryset, user, *attached) if attached is not None else queryset


# Models whose rows belong to another object by content type and object id: {model: (type field, id field)}.
_attached: dict[type[models.Model], tuple[str, str]] = {}


def register_attached(model: type[models.Model], type_field: str, id_field: str) -> None:
    """Declare that a row of `model` (a note, a change record) is readable only with the object it belongs to
    (`viewable`, hence GraphQL; the REST viewsets call `restrict_attached` themselves)."""
    _attached[model] = (type_field, id_field)


def note_nested_references(model: type[models.Model], rows: Iterable[models.Model], context: dict[str, Any]) -> None:
    """`note_nested` for every object the foreign keys of `rows` (a page of `model`) name: one query per
    related model that the requester may view only in part."""
    by_model: dict[type[models.Model], set[Any]] = {}
    fields = [field for field in model._meta.concrete_fields if field.is_relation and field.many_to_one]
    for row in rows:
        for field in fields:
            value = row.__dict__.get(field.attname)
            if value is not None and isinstance(field.related_model, type):
                by_model.setdefault(field.related_model, set()).add(value)
    for related, ids in by_model.items():
        note_nested(context, related, ids)


def _natural_key_hops(obj: models.Model, path: str) -> tuple[list[models.Model], Any]:
    """The related objects a natural key path (`device__location__name`) passes from `obj`, and its value
    (None where the path meets no object)."""
    hops: list[models.Model] = []
    value: Any = obj
    for attribute in path.split("__"):
        value = getattr(value, attribute, None)
        if value is None:
            return hops, None
        if isinstance(value, models.Model):
            hops.append(value)
    return hops, value


def note_natural_keys(model: type[models.Model], rows: Iterable[models.Model], context: dict[str, Any]) -> None:
    """`note_nested` for every related object the natural keys of `rows` (a page of `model`) pass: one query
    per related model that the requester may view only in part (what `natural_slug` shows)."""
    paths = [path for path in getattr(model, "natural_key_field_names", ()) if "__" in path]
    if not paths or context.get("request") is None:
        return
    by_model: dict[type[models.Model], set[Any]] = {}
    for row in rows:
        for path in paths:
            for hop in _natural_key_hops(row, path)[0]:
                by_model.setdefault(type(hop), set()).add(hop.pk)
    for related, ids in by_model.items():
        note_nested(context, related, ids)


def viewable_natural_key(obj: models.Model, context: dict[str, Any]) -> tuple[Any, ...]:
    """`obj.natural_key()` as the requester may read it: a part reached through a related object they may
    not view is None (an empty part of `natural_slug`), never that object's name. Without a request (the
    command line, a webhook's payload), the natural key itself."""
    paths = tuple(getattr(obj, "natural_key_field_names", ()))
    if context.get("request") is None:
        return tuple(obj.natural_key()) if hasattr(obj, "natural_key") else ()
    values = []
    for path in paths:
        hops, value = _natural_key_hops(obj, path)
        if any(not may_view_object(context, type(hop), hop.pk) for hop in hops):
            value = None
        values.append(value)
    return tuple(values)


def restrict_attached(
    queryset: QuerySet[Any], user: Any, type_field: str, id_field: str, *, within: frozenset[Any] = frozenset()
) -> QuerySet[Any]:
    """The rows of `queryset` (notes, change records) that belong, by content type (`type_field`) and
    object id (`id_field`), to objects `user` may view: of a kind they may view whole, every row (a deleted
    object's too); of a kind they may view in part, the rows of the objects their constraints match, as a
    subquery (a deleted object's rows: none, since no object is left to match); of a kind they may not view,
    none. One query for the content types, none for a user who may view everything."""
    from django.contrib.contenttypes.models import ContentType

    if isinstance(user, CommandLine) or (getattr(user, "is_active", False) and getattr(user, "is_superuser", False)):
        return queryset  # who may view everything pays nothing
    within = within | {queryset.model}
    whole: list[int] = []
    parts: list[Q] = []
    for content_type in ContentType.objects.all():
        model = content_type.model_class()
        if model is None:
            continue
        allowed = restriction(user, model, "view")
        if allowed is None:
            continue
        attached = _attached.get(model)
        if attached is not None:
            if model in within:
                continue  # (a change of a note of a change…: none)
            # A note's change goes with the note, which goes with its object.
            rows = restrict(model._base_manager.all(), user, "view")
            keys = restrict_attached(rows, user, *attached, within=within).values("pk")
            parts.append(Q(**{f"{type_field}_id": content_type.pk, f"{id_field}__in": keys}))
        elif not allowed:
            whole.append(content_type.pk)
        elif isinstance(model._meta.pk, models.UUIDField):  # notes and changes name objects by UUID
            keys = model._base_manager.filter(allowed).values("pk")
            parts.append(Q(**{f"{type_field}_id": content_type.pk, f"{id_field}__in": keys}))
    condition = Q(**{f"{type_field}_id__in": whole})
    for part in parts:
        condition |= part
    return queryset.filter(condition)
