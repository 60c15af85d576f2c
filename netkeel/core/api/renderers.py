"""CSV out of every list endpoint: `?format=csv` or `Accept: text/csv`.

A list answers with every row of its filtered queryset (no pages), streamed in chunks of `CHUNK_SIZE`
rows: each chunk costs the same queries whatever its length (the endpoint's own select/prefetch, the
natural keys' joins, the serializer's `prepare_rows`). Columns are the endpoint's readable fields (less
the links), then one `cf_<key>` column per custom field of the model. A related object is written as
its natural key (`leaf01;DC1`) or, when it has none, its id; a choice as its value; tags as their names
joined by commas; JSON as JSON. Every cell that a spreadsheet would run as a formula is prefixed with `'`.
Anything that is not a streamed list (a single object, an error) is rendered by `render()`.
"""

from __future__ import annotations

import csv
import io
import json
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import chain, islice
from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.http import StreamingHttpResponse
from rest_framework import serializers
from rest_framework.renderers import BaseRenderer

from netkeel.core.api import registry
from netkeel.core.api.fields import RelatedObjectField
from netkeel.core.api.permissions import may_view_object, note_nested
from netkeel.core.models.base import NATURAL_KEY_SEPARATOR, natural_key_relations

logger = logging.getLogger(__name__)

CHUNK_SIZE = 1000
# Envelope fields that only link back to the API (a file has no use for them), and custom_fields, which
# becomes one cf_<key> column per field.
SKIPPED_FIELDS = frozenset({"object_type", "url", "natural_slug", "notes_url", "custom_fields"})
# What spreadsheets read as the start of a formula (OWASP's CSV injection list).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CUSTOM_FIELD_PREFIX = "cf_"


def guard(text: str) -> str:
    """`=SUM(A1)` → `'=SUM(A1)`: a cell a spreadsheet would evaluate is shown as text instead."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def unguard(text: str) -> str:
    """The inverse of `guard` for files read back: `'=x` → `=x`, `'-5` → `-5`."""
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_STARTS) else text


# --------------------------------------------------------------------------------------------- natural keys


def natural_key_text(obj: models.Model) -> str:
    """What names `obj` in a file: its natural key (`leaf01;DC1`), or its id when the key cannot name it
    (no natural key, an unnamed device, a value holding the separator)."""
    names = tuple(getattr(obj, "natural_key_field_names", ("id",)))
    if names == ("id",) or not hasattr(obj, "natural_key"):
        return str(obj.pk)
    values = obj.natural_key()
    for name, value in zip(names, values, strict=True):
        head = name.split("__")[0]
        if value is None and not _is_relation(type(obj), head):
            return str(obj.pk)  # a missing name is no name (a NULL parent is still a key: a root location)
        if len(names) > 1 and value is not None and NATURAL_KEY_SEPARATOR in str(value):
            return str(obj.pk)
    return NATURAL_KEY_SEPARATOR.join("" if value is None else str(value) for value in values)


def _is_relation(model: type[models.Model], name: str) -> bool:
    try:
        return bool(model._meta.get_field(name).is_relation)
    except FieldDoesNotExist:
        return False


# --------------------------------------------------------------------------------------------- cells


def cell_text(value: Any, *, as_json: bool = False) -> str:
    """A rendered API value as one cell: a choice as its value, a reference as its id, a list of them
    joined by commas, JSON for anything else structured."""
    if value is None:
        return ""
    if as_json:
        return json.dumps(value, sort_keys=True, default=str)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        if "value" in value and "label" in value:
            return cell_text(value["value"])
        if "id" in value:
            return str(value["id"])
        return json.dumps(value, sort_keys=True, default=str)
    if isinstance(value, list | tuple):
        if all(_is_simple(item) for item in value):
            return ",".join(cell_text(item) for item in value)
        return json.dumps(value, sort_keys=True, default=str)
    return str(value)


def _is_simple(item: Any) -> bool:
    if isinstance(item, dict):
        return "id" in item or ("value" in item and "label" in item)
    return isinstance(item, str | int | float) and not isinstance(item, bool)


def custom_field_text(value: Any, field_type: str) -> str:
    if value is None:
        return ""
    if field_type == "json":
        return json.dumps(value, sort_keys=True, default=str)
    if field_type == "multi-select" and isinstance(value, list):
        return ",".join(str(item) for item in value)
    return cell_text(value)


def custom_field_columns(model: type[models.Model]) -> list[tuple[str, str]]:
    """`[(key, type), …]` of the custom fields offered on `model` (extras by name: core sits below it)."""
    try:
        custom_field = apps.get_model("extras", "CustomField")
    except LookupError:
        return []
    content_type = ContentType.objects.get_for_model(model)
    return [
        (str(key), str(kind))
        for key, kind in custom_field.objects.filter(content_types=content_type).values_list("key", "type")
    ]


@dataclass(frozen=True)
class Column:
    name: str  # the header: the API field name, or cf_<key>
    kind: str  # "related" (natural key), "many" (natural keys joined), "json", "custom", "value"
    source: str = ""  # the model attribute for related/many; the key for custom
    field_type: str = ""  # a custom field's type


class CSVTable:
    """The columns of one endpoint's CSV and how each row fills them."""

    def __init__(self, serializer: serializers.Serializer) -> None:
        self.serializer = serializer
        self.model: type[models.Model] = serializer.Meta.model  # type: ignore[attr-defined]
        self.columns: list[Column] = []
        self.select_related: list[str] = []
        self.prefetch_related: list[str] = []
        for name, field in serializer.fields.items():
            if field.write_only or name in SKIPPED_FIELDS:
                continue
            self.columns.append(self._plan(name, field))
        for key, field_type in custom_field_columns(self.model):
            self.columns.append(Column(f"{CUSTOM_FIELD_PREFIX}{key}", "custom", key, field_type))

    @property
    def header(self) -> list[str]:
        return [column.name for column in self.columns]

    def _model_field(self, source: str) -> Any:
        try:
            return self.model._meta.get_field(source)
        except FieldDoesNotExist:
            return None

    def _plan(self, name: str, field: serializers.Field) -> Column:
        if isinstance(field, serializers.JSONField):
            return Column(name, "json")
        source = field.source if isinstance(field.source, str) else ""
        model_field = self._model_field(source) if source else None
        if model_field is None:
            return Column(name, "value")
        paths = natural_key_relations(model_field.related_model) if model_field.is_relation else None
        if paths is None:
            return Column(name, "value")
        if (
            isinstance(field, RelatedObjectField)
            and model_field.concrete
            and (model_field.many_to_one or model_field.one_to_one)
        ):
            self.select_related.extend([source, *(f"{source}__{path}" for path in paths)])
            return Column(name, "related", source)
        if (
            isinstance(field, serializers.ManyRelatedField)
            and isinstance(field.child_relation, RelatedObjectField)
            and model_field.many_to_many
        ):
            self.prefetch_related.extend(f"{source}__{path}" for path in paths)
            return Column(name, "many", source)
        return Column(name, "value")

    def prepare(self, queryset: models.QuerySet[Any]) -> models.QuerySet[Any]:
        """The queryset with what the natural keys read joined or prefetched."""
        if self.select_related:
            queryset = queryset.select_related(*self.select_related)
        if self.prefetch_related:
            queryset = queryset.prefetch_related(*self.prefetch_related)
        return queryset

    def row(self, obj: models.Model) -> list[str]:
        rendered = self.serializer.to_representation(obj)
        data = getattr(obj, "custom_field_data", None) or {}
        cells = []
        for column in self.columns:
            if column.kind == "related":
                related = getattr(obj, column.source)
                text = "" if related is None else self.name_of(related)
            elif column.kind == "many":
                text = ",".join(self.name_of(item) for item in getattr(obj, column.source).all())
            elif column.kind == "custom":
                text = custom_field_text(data.get(column.source), column.field_type)
            else:
                text = cell_text(rendered.get(column.name), as_json=column.kind == "json")
            cells.append(guard(text))
        return cells

    def name_of(self, related: models.Model) -> str:
        """A related object's cell: its natural key, or only its id when the reader may not view it (its
        name is not theirs to read; an id imports the same)."""
        if may_view_object(self.serializer.context, type(related), related.pk):
            return natural_key_text(related)
        return str(related.pk)

    def note_related(self, chunk: list[models.Model]) -> None:
        """Whether the reader may view each related object the chunk names: a query per related model."""
        by_model: dict[type[models.Model], set[Any]] = {}
        for obj in chunk:
            for column in self.columns:
                if column.kind == "related":
                    related = getattr(obj, column.source)
                    found = [related] if related is not None else []
                elif column.kind == "many":
                    found = list(getattr(obj, column.source).all())
                else:
                    continue
                for item in found:
                    by_model.setdefault(type(item), set()).add(item.pk)
        for model, ids in by_model.items():
            note_nested(self.serializer.context, model, ids)

    def rows(self, queryset: models.QuerySet[Any], chunk_size: int = CHUNK_SIZE) -> Iterator[list[str]]:
        """Every row of `queryset`, a chunk of `chunk_size` at a time (prepared together, never all held)."""
        objects = self.prepare(queryset).iterator(chunk_size=chunk_size)
        prepare_rows = getattr(self.serializer, "prepare_rows", None)
        while chunk := list(islice(objects, chunk_size)):
            if prepare_rows is not None:
                prepare_rows(chunk)
            self.note_related(chunk)
            for obj in chunk:
                yield self.row(obj)


def encode_rows(rows: Iterable[list[str]], lines_per_piece: int = CHUNK_SIZE) -> Iterator[bytes]:
    """CSV (RFC 4180, UTF-8 without a byte-order mark) in pieces of up to `lines_per_piece` lines."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    pending = 0
    for row in rows:
        writer.writerow(row)
        pending += 1
        if pending >= lines_per_piece:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
            pending = 0
    if pending:
        yield buffer.getvalue().encode("utf-8")


def csv_lines(
    serializer: serializers.Serializer, queryset: models.QuerySet[Any], chunk_size: int = CHUNK_SIZE
) -> Iterator[bytes]:
    """The header, then every object of `queryset` as rendered by `serializer` (a non-list instance)."""
    table = CSVTable(serializer)
    yield from encode_rows([table.header])
    yield from encode_rows(table.rows(queryset, chunk_size), chunk_size)


def reporting_failure(pieces: Iterator[bytes]) -> Iterator[bytes]:
    """`pieces` as they come; if producing one fails once the response has started (its status sent), a
    last line says the file is incomplete, and the error goes on (the server logs it and ends the
    connection without the closing chunk, which HTTP clients report as an incomplete response)."""
    rows = 0
    try:
        for piece in pieces:
            rows += piece.count(b"\n")
            yield piece
    except Exception as exc:
        logger.exception("A CSV export failed after %d lines.", rows)
        yield f"# netkeel: the export failed after {rows} lines ({type(exc).__name__}); it is incomplete.\n".encode()
        raise


class CSVRenderer(BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"
    chunk_size = CHUNK_SIZE

    def stream_list(self, view: Any) -> StreamingHttpResponse:
        """A list endpoint's whole filtered queryset. The filters are checked, the query run and the header
        and first rows rendered before the response starts, so that a failing query is an error response
        rather than a file cut short; a failure after that ends the file with a line saying so."""
        queryset = view.filter_queryset(view.get_queryset())
        serializer = view.get_serializer_class()(context=view.get_serializer_context())
        pieces = csv_lines(serializer, queryset, self.chunk_size)
        first = list(islice(pieces, 2))  # the header, then the first chunk of rows: the query has run
        response = StreamingHttpResponse(
            chain(first, reporting_failure(pieces)), content_type=f"{self.media_type}; charset={self.charset}"
        )
        endpoint = registry.endpoint_for(queryset.model)
        name = f"{endpoint.app}-{endpoint.name}" if endpoint is not None else queryset.model._meta.model_name
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return response

    def render(self, data: Any, accepted_media_type: str | None = None, renderer_context: Any = None) -> bytes:
        """What is not a streamed list: an error as JSON (a client must read it), else the object(s) given."""
        response = (renderer_context or {}).get("response")
        if response is not None and response.status_code >= 400:
            response["Content-Type"] = "application/json"
            return json.dumps(data).encode("utf-8")
        if data is None:
            return b""
        view = (renderer_context or {}).get("view")
        if view is not None and getattr(view, "action", None) == "retrieve" and isinstance(data, dict) and "id" in data:
            # One object, in the same columns (and natural keys) as its list.
            serializer = view.get_serializer_class()(context=view.get_serializer_context())
            return b"".join(csv_lines(serializer, view.get_queryset().filter(pk=data["id"])))
        if isinstance(data, dict) and isinstance(data.get("results"), list):
            data = data["results"]
        rows = data if isinstance(data, list) else [data]
        rows = [row if isinstance(row, dict) else {"value": row} for row in rows]
        header: list[str] = []
        for row in rows:
            header.extend(key for key in row if key not in header and key not in SKIPPED_FIELDS)
        body = [[guard(cell_text(row.get(key))) for key in header] for row in rows]
        return b"".join(encode_rows([header, *body]))
