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

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.db import models
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch

from netkeel.core import inputs
from netkeel.core.permissions import restrict
from netkeel.core.ui import labels
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
        hits = [
            Hit(obj, object_url(obj), searchable.describe(obj) if searchable.describe is not None else "")
            for obj in found[:limit]
        ]
        more = _more_url(searchable, text) if len(found) > limit else None
        groups.append(Group(labels.label(str(searchable.model._meta.verbose_name_plural)), hits, more))
    return groups


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
