"""Global search (`/search/?q=`): each app declares which of its models are searched and how, core runs
the search for whoever asks, over only the models they may view.

Declaring a model searchable, from the app's AppConfig.ready() (core imports no domain app)::

    from netkeel.core.ui import search

    search.register(Device, fields=("name", "serial", "asset_tag"), related=("location",),
                    describe=lambda device: f"{device.location}")

- `fields`: text fields matched case-insensitively anywhere in them;
- `match`: a function from the search text to an extra `Q` (or None), for what plain text matching cannot
  do: IPAM finds the prefixes that contain an address written in the text;
- `related`: foreign keys fetched with the results (what `describe` and `str()` read), so each kind of
  result costs one query whatever it holds;
- `more`: the list page's query string showing every match (default `q=<text>`, the API's search filter).

A kind shows at most `LIMIT` results, with a link to its full list when there are more.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist
from django.db import models
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch

from netkeel.core import inputs
from netkeel.core.permissions import restrict
from netkeel.core.ui import labels, visibility
from netkeel.core.ui.registry import object_url, ui_for
from netkeel.core.ui.views.base import LoginRequiredView

LIMIT = 20
# Text longer than this is cut before searching (nobody types more; it keeps queries small).
MAX_TEXT = 200


@dataclass(frozen=True)
class Searchable:
    model: type[models.Model]
    fields: tuple[str, ...] = ()
    match: Callable[[str], Q | None] | None = None
    related: tuple[str, ...] = ()
    describe: Callable[[Any], str] | None = None
    more: Callable[[str], str] | None = None
    order_by: tuple[str, ...] | None = None
    weight: int = 100

    @property
    def permission(self) -> str:
        return f"{self.model._meta.app_label}.view_{self.model._meta.model_name}"

    def condition(self, text: str) -> Q | None:
        found: Q | None = None
        for name in self.fields:
            term = Q(**{f"{name}__icontains": text})
            found = term if found is None else found | term
        extra = self.match(text) if self.match is not None else None
        if extra is not None:
            found = extra if found is None else found | extra
        return found

    def queryset(self, text: str) -> models.QuerySet[Any] | None:
        condition = self.condition(text)
        if condition is None:
            return None
        queryset = self.model._default_manager.filter(condition)
        if self.related:
            queryset = queryset.select_related(*self.related)
        if self.order_by is not None:
            queryset = queryset.order_by(*self.order_by)
        return queryset


_searchables: dict[type[models.Model], Searchable] = {}


def register(
    model: type[models.Model],
    *,
    fields: tuple[str, ...] = (),
    match: Callable[[str], Q | None] | None = None,
    related: tuple[str, ...] = (),
    describe: Callable[[Any], str] | None = None,
    more: Callable[[str], str] | None = None,
    order_by: tuple[str, ...] | None = None,
    weight: int = 100,
) -> Searchable:
    """Make `model` searchable (see the module docstring); registering it again replaces the first."""
    searchable = Searchable(model, tuple(fields), match, tuple(related), describe, more, order_by, weight)
    _searchables[model] = searchable
    return searchable


def searchables() -> list[Searchable]:
    return sorted(_searchables.values(), key=lambda s: (s.weight, str(s.model._meta.verbose_name_plural)))


@dataclass(frozen=True)
class Hit:
    obj: Any
    url: str | None
    detail: str


@dataclass(frozen=True)
class Group:
    label: str
    hits: list[Hit]
    more_url: str | None  # the full list, when it holds more than is shown


def search(user: Any, text: str, limit: int = LIMIT) -> list[Group]:
    """What `user` may view matching `text`: one group per kind, each one query."""
    text = text.strip()[:MAX_TEXT]
    if not text:
        return []
    groups = []
    viewer = visibility.current()
    if viewer is None or viewer.user is not user:
        viewer = visibility.Viewer(user)
    for searchable in searchables():
        if not user.has_perm(searchable.permission):
            continue
        queryset = searchable.queryset(text)
        if queryset is None:
            continue
        queryset = restrict(queryset, user, "view")  # the objects this user may view, of those matching
        found = list(queryset[: limit + 1])
        if not found:
            continue
        hide_unviewable(viewer, found[:limit], searchable.related)
        hits = [Hit(obj, object_url(obj), describe(searchable, obj)) for obj in found[:limit]]
        more = _more_url(searchable, text) if len(found) > limit else None
        groups.append(Group(labels.label(str(searchable.model._meta.verbose_name_plural)), hits, more))
    return groups


def describe(searchable: Searchable, obj: models.Model) -> str:
    if searchable.describe is None:
        return ""
    try:
        return searchable.describe(obj)
    except ObjectDoesNotExist:
        return ""  # it read past a `stand_in` (the related object of one the reader may not view)


def _hops(obj: models.Model, path: str) -> Iterator[tuple[models.Model, Any, models.Model]]:
    """(holder, field, related object) along `path` from `obj`, as far as the objects are loaded."""
    holder = obj
    for name in path.split("__"):
        try:
            field: Any = holder._meta.get_field(name)
        except FieldDoesNotExist:
            return
        if not field.is_relation or not field.is_cached(holder):
            return
        value = field.get_cached_value(holder)
        if not isinstance(value, models.Model):
            return
        yield holder, field, value
        holder = value


def stand_in(obj: models.Model) -> models.Model:
    """An unsaved copy of `obj` that knows only its id, which each of its text fields holds: what a
    description (`f"{device.location}"`) shows of an object its reader may not view."""
    model = type(obj)
    copy = model(pk=obj.pk)
    for field in model._meta.concrete_fields:
        if isinstance(field, models.CharField | models.TextField) and not field.is_relation and not field.primary_key:
            setattr(copy, field.attname, str(obj.pk))
    return copy


def hide_unviewable(viewer: visibility.Viewer, hits: list[models.Model], paths: Iterable[str]) -> None:
    """Replace, in the hits, each related object loaded along `paths` (a kind's `related`) that the reader
    may not view by its `stand_in`, before `describe` and `str()` read them: a description names what the
    reader may view, and only the id of the rest. One query per related model viewable only in part."""
    paths = tuple(paths)
    if not paths:
        return
    viewer.note(value for obj in hits for path in paths for _, _, value in _hops(obj, path))
    for obj in hits:
        for path in paths:
            for holder, field, value in _hops(obj, path):
                if not viewer.sees(value):
                    field.set_cached_value(holder, stand_in(value))
                    break


def _more_url(searchable: Searchable, text: str) -> str | None:
    model_ui = ui_for(searchable.model)
    if model_ui is None:
        return None
    try:
        list_url = model_ui.url("list")
    except NoReverseMatch:
        return None
    query = searchable.more(text) if searchable.more is not None else urlencode({"q": text})
    return f"{list_url}?{query}"


class SearchView(LoginRequiredView):
    """`/search/?q=text`."""

    template_name = "netkeel/search.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        text = request.GET.get("q", "").strip()
        if inputs.NUL in text:
            # PostgreSQL refuses it in a query; every engine gets the same answer.
            context = {"q": text.replace(inputs.NUL, ""), "problem": inputs.NUL_MESSAGE, "groups": [], "total": 0}
            return render(request, self.template_name, {**context, "limit": LIMIT}, status=400)
        groups = search(request.user, text)
        context = {
            "q": text,
            "groups": groups,
            "total": sum(len(group.hits) for group in groups),
            "limit": LIMIT,
        }
        return render(request, self.template_name, context)
