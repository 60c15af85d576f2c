"""`export_csv`: the CSV of a filtered list outside a request (a job): the endpoint's own queryset, filters
and columns, as `GET /api/<app>/<endpoint>/?<filters>&format=csv` would give it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.http import HttpRequest, QueryDict
from django.urls import Resolver404, resolve
from rest_framework import exceptions
from rest_framework.request import Request

from netkeel.core.api import registry
from netkeel.core.api.renderers import CSVTable, encode_rows
from netkeel.core.permissions import COMMAND_LINE
from netkeel.extras.csv_io.importer import flatten_errors
from netkeel.extras.csv_io.reading import CSVError


class ExportError(CSVError):
    """The export cannot run (no endpoint, bad filters, no permission)."""


@dataclass(frozen=True)
class Export:
    text: str
    rows: int


def resolve_model(object_type: str) -> type[models.Model]:
    """`"dcim.device"` → the Device model; CSVError with a sentence when there is no such importable type."""
    from django.apps import apps

    text = object_type.strip().lower()
    if text.count(".") != 1:
        raise CSVError(f"Name the kind of object as app.model, such as dcim.device, not {object_type!r}.")
    try:
        model = apps.get_model(text)
    except LookupError:
        raise CSVError(f"There is no object type {object_type!r}; use app.model, such as dcim.device.") from None
    if registry.endpoint_for(model) is None:
        raise CSVError(f"{text} has no API endpoint, so it cannot be imported or exported as CSV.")
    return model


def _query(filters: Mapping[str, Any]) -> QueryDict:
    """Filters as query parameters: a list is a repeated parameter, true/false as the API spells them."""
    query = QueryDict(mutable=True)
    for name, value in filters.items():
        for item in value if isinstance(value, list | tuple) else [value]:
            text = "" if item is None else str(item).lower() if isinstance(item, bool) else str(item)
            query.appendlist(str(name), text)
    return query


def export_csv(model: type[models.Model], filters: Mapping[str, Any] | None = None, *, user: Any = None) -> Export:
    """Every object of `model` its list endpoint returns for `filters` (query parameters: a value or a
    list of values each), as CSV text. `user` (None: the command line) needs view permission."""
    endpoint = registry.endpoint_for(model)
    if endpoint is None:
        raise ExportError(f"{registry.object_type(model)} has no API endpoint, so it cannot be exported as CSV.")
    if user is not None and not user.has_perm(f"{model._meta.app_label}.view_{model._meta.model_name}"):
        raise ExportError(f"You may not view {model._meta.verbose_name_plural}.")
    try:
        match = resolve(f"/api/{endpoint.path}")
    except Resolver404:
        raise ExportError(f"The endpoint of {registry.object_type(model)} cannot be found.") from None
    view_class = getattr(match.func, "cls", None)
    if view_class is None:
        raise ExportError(f"The endpoint of {registry.object_type(model)} is not a list endpoint.")
    http = HttpRequest()
    http.method = "GET"
    http.GET = _query(filters or {})
    http.META.update({"SERVER_NAME": "localhost", "SERVER_PORT": "80"})
    request = Request(http)
    request.user = user if user is not None else COMMAND_LINE
    request.auth = None
    view = view_class(**getattr(match.func, "initkwargs", {}))
    view.request, view.args, view.kwargs = request, (), {}
    view.action, view.format_kwarg, view.headers = "list", None, {}
    try:
        queryset = view.filter_queryset(view.get_queryset())
    except exceptions.ValidationError as exc:
        problems = "; ".join(f"{name}: {message}" for name, message in flatten_errors(exc.detail))
        raise ExportError(f"Bad filters — {problems}") from None
    table = CSVTable(view.get_serializer_class()(context=view.get_serializer_context()))
    rows = list(table.rows(queryset))
    text = b"".join(encode_rows([table.header, *rows])).decode("utf-8")
    return Export(text, len(rows))
