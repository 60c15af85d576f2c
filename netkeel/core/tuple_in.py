"""Django 5.2 prefetches a foreign key's objects with a tuple lookup, `(id) IN ((a), (b), …)`, which on
SQLite (no tuple comparisons) it writes as `id = a OR id = b OR …`: past about 1,000 distinct ids SQLite
refuses the statement ("Expression tree is too large (maximum depth 1000)"), so a page of 1,000 virtual
machines at depth 1, each with its own primary address, was a 500. A lookup of one column is written
here as the plain `id IN (a, b, …)` it means, on every backend without tuple comparisons; lookups of
several columns keep Django's own fallback."""

from __future__ import annotations

from typing import Any

from django.db.models.fields.tuple_lookups import TupleIn  # type: ignore[import-untyped]
from django.db.models.lookups import In

_django_fallback = TupleIn.get_fallback_sql


def get_fallback_sql(self: TupleIn, compiler: Any, connection: Any) -> tuple[str, Any]:
    if len(self.lhs) == 1 and self.rhs_is_direct_value() and isinstance(self.rhs, list | tuple | set):
        values = [vals[0] for vals in self.rhs if vals[0] is not None]
        if values:
            (column,) = self.lhs
            return In(column, values).as_sql(compiler, connection)
    return _django_fallback(self, compiler, connection)


def install() -> None:
    TupleIn.get_fallback_sql = get_fallback_sql
