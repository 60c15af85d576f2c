"""`insert_rows`: Django's `bulk_create` for rows that need none of its generality, at a fraction of its cost.

For a few dozen rows `bulk_create` spends much of its time in the insert compiler: per value it asks
whether the value is an expression, calls the field's `pre_save`, then its `get_db_prep_save`, then (for
the VALUES form) asks the field for a placeholder. `insert_rows` works out once per model and database
which fields take their value as it is (a plain attribute; `pre_save` only where a field overrides it, an
auto_now timestamp say) and how the statement reads, so only `get_db_prep_save` runs per value. The
statement has the shape Django's own bulk insert would choose: on PostgreSQL one array per column
(`SELECT * FROM UNNEST(...)`) unless a field asks for a placeholder of its own (a JSON column that
psycopg would otherwise escape inside an array literal), else one `VALUES` row per object.

It is for services inserting rows they have just built (a new device's components, change records):
never rows that carry expressions or need their primary key back from the database.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

from django.db import connections, models

Column = tuple[Any, str, bool]  # (field, attname, whether its pre_save must run)


@cache
def _plan(model: type[models.Model], using: str) -> tuple[str, tuple[Column, ...], str | None]:
    """The statement's head, the columns, and the UNNEST tail when the database takes columns as arrays."""
    connection = connections[using]
    quote = connection.ops.quote_name
    fields = [field for field in model._meta.local_concrete_fields if not field.generated]
    head = f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(field.column) for field in fields)}) "
    columns = tuple((field, field.attname, type(field).pre_save is not models.Field.pre_save) for field in fields)
    unnest = None
    if connection.vendor == "postgresql" and all(
        not hasattr(field, "get_placeholder")
        and (field.target_field if field.is_relation else field).get_internal_type() in connection.data_types
        for field in fields
    ):
        # As Django's PostgreSQL insert compiler writes it: the types without their length (varchar[]).
        arrays = ", ".join(f"(%s)::{field.db_type(connection).split('(')[0]}[]" for field in fields)
        unnest = f"SELECT * FROM UNNEST({arrays})"
    return head, columns, unnest


def insert_rows(objects: Sequence[models.Model], using: str) -> None:
    """INSERT `objects` (new instances of one concrete model, primary keys set, no expressions among their
    values) on database `using`, in one statement (or as few as the database's parameter limit allows),
    then mark them saved there, as `bulk_create` does. No signals are sent, as with `bulk_create`."""
    if not objects:
        return
    model = type(objects[0])
    if model._meta.parents or any(type(obj) is not model for obj in objects):
        raise ValueError("insert_rows takes objects of one concrete model without a parent model")
    for obj in objects:
        if obj.pk is None:
            obj.pk = model._meta.pk.get_pk_value_on_save(obj)
        if obj.pk is None:
            raise ValueError("insert_rows takes objects whose primary key is known before the insert")
        obj._prepare_related_fields_for_save(operation_name="insert_rows")  # as bulk_create checks them
    connection = connections[using]
    head, columns, unnest = _plan(model, using)
    values = [
        [
            field.get_db_prep_save(field.pre_save(obj, True) if pre_save else obj.__dict__[attname], connection)
            for field, attname, pre_save in columns
        ]
        for obj in objects
    ]
    with connection.cursor() as cursor:
        if unnest is not None and len(values) > 1:
            cursor.execute(head + unnest, [list(column) for column in zip(*values, strict=True)])
        else:
            row = "(" + ", ".join(["%s"] * len(columns)) + ")"
            batch = max(1, connection.ops.bulk_batch_size([field for field, _, _ in columns], objects))
            for start in range(0, len(values), batch):
                rows = values[start : start + batch]
                cursor.execute(f"{head}VALUES {', '.join([row] * len(rows))}", [v for r in rows for v in r])
    for obj in objects:
        obj._state.adding = False
        obj._state.db = using
