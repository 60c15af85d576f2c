"""What a client sends, checked before it reaches the database, so that the answer is the same 400 on
every engine rather than a 500 on one of them:

- no NUL character in any text: PostgreSQL refuses it in a query or a row, SQLite and MariaDB store it;
- a regular expression is one the database can run (each engine has its own dialect, so the database
  itself is asked, in a savepoint, except SQLite, whose REGEXP is Python's `re`);
- a datetime goes to the database in UTC: PostgreSQL refuses offsets beyond ±15:59, which Python and
  ISO 8601 allow.
"""

from __future__ import annotations

import datetime
import re
import uuid
from collections.abc import Iterator
from typing import Any

from django.db import DatabaseError, connections, transaction

NUL = "\x00"
NUL_MESSAGE = "Null characters are not allowed."
# How deep a request body may nest (Nautobot's objects are a few levels; 50,000 is an attack).
MAX_NESTING = 100


def nul_paths(data: Any, path: str = "") -> Iterator[str]:
    """The dotted paths (`status`, `custom_fields.note`, `0.name`) of every text in `data`, key or value,
    that holds a NUL character; `data` is what a JSON or form body parses to."""
    if isinstance(data, str):
        if NUL in data:
            yield path
    elif isinstance(data, dict):
        for key, value in data.items():
            where = f"{path}.{key}" if path else str(key)
            if NUL in str(key):
                yield where
            else:
                yield from nul_paths(value, where)
    elif isinstance(data, list | tuple):
        for index, item in enumerate(data):
            yield from nul_paths(item, f"{path}.{index}" if path else str(index))


def too_deep(data: Any, limit: int = MAX_NESTING) -> bool:
    """Whether `data` nests lists and objects more than `limit` levels (walked without recursion)."""
    pending: list[tuple[Any, int]] = [(data, 0)]
    while pending:
        value, level = pending.pop()
        if level > limit:
            return True
        if isinstance(value, dict):
            pending.extend((item, level + 1) for item in value.values())
        elif isinstance(value, list | tuple):
            pending.extend((item, level + 1) for item in value)
    return False


def regex_problem(pattern: str, using: str = "default") -> str | None:
    """Why the database `using` cannot run `pattern` as a regular expression, or None when it can."""
    if NUL in pattern:
        return NUL_MESSAGE
    connection = connections[using]
    if connection.vendor not in ("postgresql", "mysql"):
        try:
            re.compile(pattern)
        except re.error as exc:
            return f"Not a valid regular expression: {exc}."
        return None
    operator = "~" if connection.vendor == "postgresql" else "REGEXP"
    try:
        with transaction.atomic(using=using), connection.cursor() as cursor:
            cursor.execute(f"SELECT '' {operator} %s", [pattern])
            cursor.fetchone()
    except DatabaseError as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return f"Not a valid regular expression: {reason}."
    return None


def in_utc(value: Any) -> Any:
    """An aware datetime as the same instant in UTC (anything else as it is)."""
    if isinstance(value, datetime.datetime) and value.tzinfo is not None:
        return value.astimezone(datetime.UTC)
    return value


def is_uuid(text: str) -> bool:
    """Whether `text` (spaces around it aside) is a UUID."""
    try:
        uuid.UUID(text.strip())
    except ValueError:
        return False
    return True
