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
from django.db.models import QuerySet
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request

from netkeel.core.permissions import ACTIONS_BY_METHOD, allowed_ids, may, restrict, restriction


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
    """The objects of `queryset` that `user` may view: GraphQL's queryset at every level."""
    return restrict(queryset, user, "view")


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
