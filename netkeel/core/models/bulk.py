"""`insert_rows`: Django's `bulk_create` for rows that need none of its generality, at a fraction of its cost.

For a few dozen rows `bulk_create` spends much of its time in the insert compiler: per value it asks
whether the value is an expression, calls the field's `pre_save`, then its `get_db_prep_save`, then (for
the VALUES form) asks the field for a placeholder. `insert_rows` works out once per model and database
which fields take their value as it is (a plain attribute; `pre_save` only where a field overrides it, an
auto_now timestamp say), which take a value of some types as it is to the database (a `str` for a plain text
column, a `UUID` for a uuid column where the database has that type: `_as_is`), and how the statement
reads, so `get_db_prep_save` runs only for the other values. The
statement has the shape Django's own bulk insert would choose: on PostgreSQL one array per column
(`SELECT * FROM UNNEST(...)`), else one `VALUES` row per object.

On PostgreSQL the statement's values are bound by the server (psycopg's `Cursor`, not the `ClientCursor`
Django uses): Django's client-side binding quotes every value into the SQL text in Python (a quarter of a
48-interface device's POST went into quoting and re-parsing that text), while the server binds the arrays
in binary (`%b`: no text to escape), and the statement's text is the same for any number of rows, so psycopg prepares
it once per connection. The cursor is still Django's wrapper, so the statement is logged, counted and
passes through `execute_wrapper`s as every other.

`new_instance` builds such a row cheaply: Django's keyword construction tries each foreign key by its name and
then its attname (an exception each time), so positional construction costs about half.

`insert_rows` is for services inserting rows they have just built (a new device's components, change records):
never rows that carry expressions or need their primary key back from the database.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from functools import cache
from typing import Any

from django.core.management.color import no_style
from django.db import connections, models

Column = tuple[Any, str, bool, frozenset[type]]
"""(field, attname, whether its pre_save must run, the types of value its get_db_prep_save returns unchanged)"""

_NONE = type(None)


def _as_is(field: Any, connection: Any) -> frozenset[type]:
    """The types of value (matched exactly, not subclasses) that `field.get_db_prep_save` returns as they are:
    known only for Django's own text, boolean and uuid fields whose preparing methods no subclass overrides
    (a foreign key as its target). Integers are not among them: PostgreSQL's backend wraps each one."""
    if field.is_relation:
        if type(field).get_db_prep_save is not models.ForeignKey.get_db_prep_save:
            return frozenset()
        field = field.target_field
    kind = type(field)
    if kind.get_db_prep_save is not models.Field.get_db_prep_save:
        return frozenset()
    prepares = (kind.get_prep_value, kind.get_db_prep_value)
    if prepares == (models.CharField.get_prep_value, models.Field.get_db_prep_value) or prepares == (
        models.TextField.get_prep_value,
        models.Field.get_db_prep_value,
    ):
        return frozenset({str, _NONE})
    if prepares == (models.BooleanField.get_prep_value, models.Field.get_db_prep_value):
        return frozenset({bool, _NONE})
    if prepares == (models.UUIDField.get_prep_value, models.UUIDField.get_db_prep_value):
        return frozenset({uuid.UUID, _NONE}) if connection.features.has_native_uuid_field else frozenset({_NONE})
    return frozenset()


@cache
def _plan(model: type[models.Model], using: str) -> tuple[str, tuple[Column, ...], str | None]:
    """The statement's head, the columns, and the UNNEST tail when the database takes columns as arrays."""
    connection = connections[using]
    quote = connection.ops.quote_name
    fields = [field for field in model._meta.local_concrete_fields if not field.generated]
    head = f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(field.column) for field in fields)}) "
    columns = tuple(
        (field, field.attname, type(field).pre_save is not models.Field.pre_save, _as_is(field, connection))
        for field in fields
    )
    unnest = None
    if connection.vendor == "postgresql" and all(
        (field.target_field if field.is_relation else field).get_internal_type() in connection.data_types
        for field in fields
    ):
        # As Django's PostgreSQL insert compiler writes it: the types without their length (varchar[]).
        arrays = ", ".join(f"(%b)::{field.db_type(connection).split('(')[0]}[]" for field in fields)
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
        if obj._state.fields_cache:  # Django checks only related objects held in it: none, nothing to check
            obj._prepare_related_fields_for_save(operation_name="insert_rows")  # as bulk_create checks them
    connection = connections[using]
    head, columns, unnest = _plan(model, using)
    values: list[list[Any]] = []
    for obj in objects:
        prepared = []
        for field, attname, pre_save, as_is in columns:
            value = field.pre_save(obj, True) if pre_save else obj.__dict__[attname]
            prepared.append(value if type(value) in as_is else field.get_db_prep_save(value, connection))
        values.append(prepared)
    with _cursor(connection) as cursor:
        if unnest is not None and len(values) > 1:
            cursor.execute(head + unnest, [list(column) for column in zip(*values, strict=True)])
        else:
            row = "(" + ", ".join(["%s"] * len(columns)) + ")"
            batch = max(1, connection.ops.bulk_batch_size([column[0] for column in columns], objects))
            for start in range(0, len(values), batch):
                rows = values[start : start + batch]
                cursor.execute(f"{head}VALUES {', '.join([row] * len(rows))}", [v for r in rows for v in r])
    for obj in objects:
        obj._state.adding = False
        obj._state.db = using


def _cursor(connection: Any) -> Any:
    """Django's cursor for `connection`; on PostgreSQL over a psycopg cursor that binds on the server."""
    if connection.vendor != "postgresql":
        return connection.cursor()
    import psycopg

    connection.ensure_connection()
    with connection.wrap_database_errors:
        raw = psycopg.Cursor(connection.connection)
    return connection.make_debug_cursor(raw) if connection.queries_logged else connection.make_cursor(raw)


@cache
def _attnames(model: type[models.Model]) -> tuple[tuple[Any, str], ...]:
    return tuple((field, field.attname) for field in model._meta.concrete_fields)


def new_instance(
    model: type[models.Model], values: Mapping[str, Any], related: Mapping[str, models.Model | None] | None = None
) -> Any:
    """`model(**values, **related)` for a new row: `values` by column (attname), `related` objects by foreign
    key name (cached on the instance, as keyword construction does); the other columns take their
    defaults. Built positionally, in column order, as Django builds the rows it reads."""
    given = dict(values)
    fields = {}
    for name, obj in (related or {}).items():
        field = model._meta.get_field(name)
        fields[name] = field
        given[field.attname] = None if obj is None else getattr(obj, field.target_field.attname)
    columns = _attnames(model)
    unknown = given.keys() - {attname for _, attname in columns}
    if unknown:
        raise TypeError(f"{model.__name__} has no column {', '.join(sorted(unknown))}")
    instance = model(*[given[attname] if attname in given else field.get_default() for field, attname in columns])
    for name, obj in (related or {}).items():
        fields[name].set_cached_value(instance, obj)
    return instance


def advance_id_sequence(model: type[models.Model], using: str) -> None:
    """After rows of `model` were inserted with integer ids of the caller's choosing, move the table's id
    sequence past the largest, so that the next row given none does not collide. Django's own statements
    (those `loaddata` runs); nothing to do on databases that keep no separate sequence (SQLite, MySQL)."""
    connection = connections[using]
    statements = connection.ops.sequence_reset_sql(no_style(), [model])
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
