"""Database-specific SQL for custom field data, in one place (STYLE rule 8): expressions that change or
search one key of every row's `custom_field_data` inside the database, so renaming or removing a field's
values is a set-based UPDATE rather than a read and a write per row.

Each expression renders for PostgreSQL (jsonb operators), MySQL/MariaDB and SQLite (their JSON
functions); keys and JSON paths are always parameters. Tested on all three engines.
"""

from __future__ import annotations

from typing import Any

from django.db import NotSupportedError, models
from django.db.models import Func


def json_path(key: str) -> str:
    """`$."key"`: MySQL/MariaDB and SQLite path to one top-level key (keys are `[a-z][a-z0-9_]*`)."""
    return f'$."{key}"'


class _OnDataColumn(Func):
    """An expression over one JSON column; keys and paths are kept aside and always sent as parameters."""

    output_field: Any = models.JSONField()

    def __init__(self, column: str) -> None:
        super().__init__(models.F(column))

    def _column(self, compiler: Any) -> tuple[str, list[Any]]:
        sql, params = compiler.compile(self.get_source_expressions()[0])
        return sql, list(params)

    def as_sql(self, compiler: Any, connection: Any, *args: Any, **extra: Any) -> Any:
        raise NotSupportedError(f"{type(self).__name__} has no SQL for {connection.vendor}.")


class WithoutKey(_OnDataColumn):
    """The JSON object in `column` without `key`."""

    def __init__(self, column: str, key: str) -> None:
        super().__init__(column)
        self.key = key

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list[Any]]:
        column, params = self._column(compiler)
        return f"({column} - %s::text)", [*params, self.key]

    def as_mysql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list[Any]]:
        column, params = self._column(compiler)
        return f"JSON_REMOVE({column}, %s)", [*params, json_path(self.key)]

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list[Any]]:
        column, params = self._column(compiler)
        return f"json_remove({column}, %s)", [*params, json_path(self.key)]


class WithKeyRenamed(_OnDataColumn):
    """The JSON object in `column` with the value of `old` moved to `new` (rows are chosen to have `old`)."""

    def __init__(self, column: str, old: str, new: str) -> None:
        super().__init__(column)
        self.old, self.new = old, new

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list[Any]]:
        column, params = self._column(compiler)
        return (
            f"(({column} - %s::text) || jsonb_build_object(%s::text, {column} -> %s::text))",
            [*params, self.old, self.new, *params, self.old],
        )

    def as_mysql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list[Any]]:
        column, params = self._column(compiler)
        old, new = json_path(self.old), json_path(self.new)
        return (
            f"JSON_SET(JSON_REMOVE({column}, %s), %s, JSON_EXTRACT({column}, %s))",
            [*params, old, new, *params, old],
        )

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list[Any]]:
        column, params = self._column(compiler)
        old, new = json_path(self.old), json_path(self.new)
        # `->` keeps the value as JSON (json_extract would turn a list or object into a string).
        return f"json_set(json_remove({column}, %s), %s, {column} -> %s)", [*params, old, new, *params, old]


class ListHas(_OnDataColumn):
    """True when the JSON list under `key` in `column` holds the text `item`. SQLite only (`json_each`):
    it has no JSON containment lookup, where the other engines use Django's `__contains`."""

    output_field = models.BooleanField()

    def __init__(self, column: str, key: str, item: str) -> None:
        super().__init__(column)
        self.key, self.item = key, item

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list[Any]]:
        column, params = self._column(compiler)
        return (
            f"EXISTS (SELECT 1 FROM json_each({column}, %s) AS item WHERE item.value = %s)",
            [*params, json_path(self.key), self.item],
        )
