"""Whether the person reading a page may view each related object it names: a device's location, rack and
tenant in a table cell, on its detail page, in an app's panel, in a search hit.

One `Viewer` per request, made by the views' `dispatch` (`viewing(user)`) and reached through a context
variable, so that `tables.link` (and the `|link` filter of every template) asks it without being handed
the request. A related object the reader may not view is shown as CSV export names it, by its id, and
without a link (`hidden`).

Decided by the one enforcement point (`netkeel.core.permissions.restriction`): a model the reader may view
entirely, or not at all, costs no query; a model they may view in part costs one query for all the objects
of that model a page names (`note`, called by the table before its rows render, by the detail page for
its fields, by the search for its hits). An object asked about without being noted first costs a query of
its own. Content types are the schema, not data: never hidden. Outside a view (no `Viewer`), nothing is
hidden, as before.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.html import format_html
from django.utils.safestring import SafeString

from netkeel.core.permissions import allowed_ids, restriction

_current: ContextVar[Viewer | None] = ContextVar("netkeel_viewer", default=None)


def _model(obj: models.Model) -> type[models.Model]:
    model = type(obj)
    return model._meta.concrete_model or model


class Viewer:
    """What one reader may view of the related objects their page names, decided a model at a time."""

    def __init__(self, user: Any) -> None:
        self.user = user
        self.known: dict[type[models.Model], dict[Any, bool]] = {}

    def _partial(self, model: type[models.Model]) -> bool:
        """Whether the reader may view some, not all, of `model`'s objects (only then a query decides)."""
        if model is ContentType:
            return False
        allowed = restriction(self.user, model, "view")
        return allowed is not None and bool(allowed)

    def note(self, objects: Iterable[Any]) -> None:
        """Decide at once for every object of `objects` (model instances; anything else is skipped): one
        query per model the reader may view only in part, none for the others."""
        wanted: dict[type[models.Model], set[Any]] = {}
        for obj in objects:
            if isinstance(obj, models.Model) and obj.pk is not None:
                model = _model(obj)
                if obj.pk not in self.known.get(model, {}):
                    wanted.setdefault(model, set()).add(obj.pk)
        for model, ids in wanted.items():
            if not self._partial(model):
                continue
            found = allowed_ids(self.user, model, ids)
            self.known.setdefault(model, {}).update({pk: pk in found for pk in ids})

    def note_loaded(self, objects: Iterable[Any]) -> None:
        """`note` the related objects already loaded with each of `objects` (by `select_related` or an
        earlier read): what a template will show of them without another query."""
        related: list[Any] = []
        for obj in objects:
            state = getattr(obj, "_state", None)
            cache = getattr(state, "fields_cache", None) or {}
            related.extend(value for value in cache.values() if isinstance(value, models.Model))
        self.note(related)

    def seen(self, objects: Iterable[Any]) -> None:
        """Record `objects` as viewable without asking: the rows a page read through `restrict` itself."""
        for obj in objects:
            if isinstance(obj, models.Model) and obj.pk is not None:
                self.known.setdefault(_model(obj), {})[obj.pk] = True

    def sees(self, obj: Any) -> bool:
        """Whether the reader may view `obj` (anything but a model instance: yes)."""
        if not isinstance(obj, models.Model) or obj.pk is None:
            return True
        model = _model(obj)
        if model is ContentType:
            return True
        allowed = restriction(self.user, model, "view")
        if allowed is None:
            return False
        if not allowed:
            return True
        known = self.known.get(model, {})
        if obj.pk not in known:
            self.note([obj])
            known = self.known.get(model, {})
        return known.get(obj.pk, False)

    def partial_models(self, models_: Iterable[type[models.Model] | None]) -> bool:
        """Whether any of `models_` is one the reader may view only in part (so the page must note)."""
        return any(model is not None and self._partial(model._meta.concrete_model or model) for model in models_)


def current() -> Viewer | None:
    """The reader of the page being made (None outside a view: nothing is hidden)."""
    return _current.get()


@contextmanager
def viewing(user: Any) -> Iterator[Viewer]:
    """Make `user` the reader of what is rendered inside (a view's `dispatch` wraps its work in it)."""
    viewer = Viewer(user)
    token = _current.set(viewer)
    try:
        yield viewer
    finally:
        _current.reset(token)


def may_see(obj: Any) -> bool:
    viewer = _current.get()
    return viewer is None or viewer.sees(obj)


def note(objects: Iterable[Any]) -> None:
    viewer = _current.get()
    if viewer is not None:
        viewer.note(objects)


def note_loaded(objects: Iterable[Any]) -> None:
    viewer = _current.get()
    if viewer is not None:
        viewer.note_loaded(objects)


def seen(objects: Iterable[Any]) -> None:
    viewer = _current.get()
    if viewer is not None:
        viewer.seen(objects)


def hidden(obj: Any) -> SafeString:
    """A related object the reader may not view: its id, as CSV export names it, and no link."""
    return format_html('<span class="nk-unviewable" title="You may not view this object">{}</span>', obj.pk)
