"""Reading a CSV file for import: text (UTF-8, a byte-order mark tolerated) into a header and rows that
remember the line of the file they start on, and each cell into the value the API field takes."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from typing import IO, Any

from rest_framework import serializers

from netkeel.core.api.renderers import CUSTOM_FIELD_PREFIX, unguard

CSVSource = str | bytes | IO[str] | IO[bytes]
MAX_CELL = 16 * 1024 * 1024
OMIT = object()  # a cell that leaves its field out of the row's data (so the default or current value stays)


class CSVError(ValueError):
    """A CSV import or export that cannot run at all; the message is one sentence for a person."""


class CSVFileError(CSVError):
    """The file as a whole cannot be read (not UTF-8, no header, broken quoting)."""


@dataclass(frozen=True)
class Row:
    line: int  # the line of the file the row starts on (the header is line 1)
    cells: tuple[str, ...]


@dataclass(frozen=True)
class CSVFile:
    header: tuple[str, ...]
    rows: tuple[Row, ...]


def _text(source: CSVSource) -> str:
    raw: Any = source.read() if hasattr(source, "read") else source
    if isinstance(raw, bytes | bytearray):
        try:
            raw = bytes(raw).decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise CSVFileError(
                f"The file is not UTF-8 text (byte {exc.start + 1} cannot be read); save it as CSV UTF-8 and try again."
            ) from None
    if not isinstance(raw, str):
        raise CSVFileError("Give the CSV as text, bytes or an open file.")
    return raw.removeprefix("\ufeff")


def read_csv(source: CSVSource) -> CSVFile:
    """The header (names stripped) and every non-blank row, each with the line it starts on."""
    # Python's default cell limit (128 KiB) is below a large config context or comment.
    csv.field_size_limit(max(csv.field_size_limit(), MAX_CELL))
    reader = csv.reader(io.StringIO(_text(source), newline=""))
    try:
        header = next(reader, None)
        if header is None or not any(name.strip() for name in header):
            raise CSVFileError("The file is empty; it needs a header row of field names, then one row per object.")
        rows: list[Row] = []
        start = reader.line_num + 1
        for cells in reader:
            line, start = start, reader.line_num + 1
            if any(cell.strip() for cell in cells):
                rows.append(Row(line, tuple(cells)))
    except csv.Error as exc:
        raise CSVFileError(f"Line {reader.line_num} cannot be read as CSV: {exc}.") from None
    return CSVFile(tuple(name.strip() for name in header), tuple(rows))


# --------------------------------------------------------------------------------------------- columns


@dataclass(frozen=True)
class Column:
    index: int
    name: str  # as in the header
    kind: str  # "id", "field", "many", "json", "custom", "ignored"
    field: serializers.Field | None = None
    custom_type: str = ""  # for custom fields: text, integer, boolean, …

    @property
    def key(self) -> str:
        return self.name.removeprefix(CUSTOM_FIELD_PREFIX) if self.kind == "custom" else self.name


def plan_columns(
    header: tuple[str, ...], fields: dict[str, serializers.Field], custom_types: dict[str, str], plural: str
) -> tuple[list[Column], list[tuple[str, str]]]:
    """How each column is read, and the header's problems as (column, message)."""
    columns: list[Column] = []
    problems: list[tuple[str, str]] = []
    seen: set[str] = set()
    for index, name in enumerate(header):
        if not name:
            problems.append((f"column {index + 1}", "The column has no name; give every column a field name."))
            continue
        if name in seen:
            problems.append((name, "The column appears twice; keep one."))
            continue
        seen.add(name)
        field = fields.get(name)
        if name == "id":
            columns.append(Column(index, name, "id"))
        elif name.startswith(CUSTOM_FIELD_PREFIX) and field is None:
            key = name.removeprefix(CUSTOM_FIELD_PREFIX)
            if key not in custom_types:
                problems.append((name, f"No custom field {key!r} applies to {plural}."))
            else:
                columns.append(Column(index, name, "custom", custom_type=custom_types[key]))
        elif field is None:
            problems.append((name, f"{plural.capitalize()} have no field {name!r}."))
        elif field.read_only:
            columns.append(Column(index, name, "ignored", field))  # e.g. display, created: exported, not written
        elif isinstance(field, serializers.ManyRelatedField):
            columns.append(Column(index, name, "many", field))
        elif isinstance(field, serializers.JSONField):
            columns.append(Column(index, name, "json", field))
        else:
            columns.append(Column(index, name, "field", field))
    return columns, problems


def cell(row: Row, column: Column) -> str:
    text = row.cells[column.index] if column.index < len(row.cells) else ""
    return unguard(text.strip()).strip()


def field_value(column: Column, text: str) -> Any:
    """The value the API field takes for a cell; OMIT to leave the field out. Raises ValueError with a
    sentence for a cell no field could read (bad JSON)."""
    field = column.field
    if column.kind == "many":
        return [part.strip() for part in text.split(",") if part.strip()]
    if text == "":
        if field is not None and field.allow_null:
            return None
        if getattr(field, "allow_blank", False):
            return ""
        return OMIT
    if column.kind == "json":
        try:
            return json.loads(text)
        except ValueError as exc:
            raise ValueError(f"Not valid JSON: {exc}.") from None
    return text


TRUE_WORDS = frozenset({"true", "yes", "y", "1", "on"})
FALSE_WORDS = frozenset({"false", "no", "n", "0", "off"})


def custom_value(column: Column, text: str) -> Any:
    """A custom field's cell as the JSON value the custom fields API takes (checked there). Raises
    ValueError with a sentence when the text cannot be that type at all."""
    if text == "":
        return None
    kind = column.custom_type
    if kind == "integer":
        try:
            return int(text)
        except ValueError:
            raise ValueError(f"{text!r} is not a whole number.") from None
    if kind == "boolean":
        word = text.lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        raise ValueError(f"{text!r} is not true or false.")
    if kind == "json":
        try:
            return json.loads(text)
        except ValueError as exc:
            raise ValueError(f"Not valid JSON: {exc}.") from None
    if kind == "multi-select":
        return [part.strip() for part in text.split(",") if part.strip()]
    return text
