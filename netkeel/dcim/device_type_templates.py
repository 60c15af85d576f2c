"""A device type's component templates of every kind in one query, for the device service to instantiate.

Most device types have two or three of the eight template kinds, so reading each table in turn mostly
reads nothing (nine queries for a switch with only interfaces). Instead one UNION ALL reads every table
over the union of their columns, a column a kind lacks reading as a NULL of the column's type. That query
is the same for every device type but its id, so it is built and compiled once per database connection (a
nine-branch UNION costs the ORM more to build than the database to answer) and run with each type's id.
"""

from __future__ import annotations

import functools
import uuid
from typing import Any

from django.db import connections, models, router
from django.db.models import F, IntegerField, UUIDField, Value

from netkeel.dcim.models import TEMPLATE_MODELS, ComponentTemplate

# Columns a component is not made from (left deferred on the templates read): fewer columns to build and read.
UNREAD = frozenset({"created", "last_updated", "custom_field_data", "device_type_id"})


class TypedNull(models.Expression):
    """A NULL standing for a column of `output_field`'s type. PostgreSQL resolves a UNION's column types
    branch by branch, so two untyped NULLs become text and then clash with a number; SQLite and MySQL take
    a plain NULL (MySQL's CAST knows no boolean)."""

    def __init__(self, output_field: models.Field[Any, Any]) -> None:
        super().__init__(output_field=output_field)

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list[Any]]:
        return "NULL", []

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list[Any]]:
        return f"NULL::{self.output_field.db_type(connection)}", []


@functools.cache
def _columns() -> dict[str, Any]:
    """Every read column of every template kind, by attname, in `TEMPLATE_MODELS` order."""
    fields: dict[str, Any] = {}
    for model in TEMPLATE_MODELS:
        for field in model._meta.concrete_fields:
            if field.attname not in UNREAD:
                fields.setdefault(field.attname, field)
    return fields


def union_of_templates(device_type_id: Any) -> models.QuerySet[Any]:
    """The UNION ALL of every template table for one device type: rows of (kind index, *`_columns()`)."""
    fields = _columns()
    names = ["kind", *(f"c_{attname}" for attname in fields)]
    branches = []
    for index, model in enumerate(TEMPLATE_MODELS):
        own = {field.attname for field in model._meta.concrete_fields} - UNREAD
        columns: dict[str, Any] = {"kind": Value(index, output_field=IntegerField())}
        for attname, field in fields.items():
            output = UUIDField() if field.is_relation else field
            columns[f"c_{attname}"] = F(attname) if attname in own else TypedNull(output)
        rows = model.objects.filter(device_type_id=device_type_id).order_by().annotate(**columns)
        branches.append(rows.values_list(*names))
    return branches[0].union(*branches[1:], all=True)


@functools.cache
def _own_names(model: type[models.Model]) -> list[str]:
    return [field.attname for field in model._meta.concrete_fields if field.attname not in UNREAD]


# The id the query is compiled with, replaced by the wanted type's id among the compiled parameters.
_PLACEHOLDER_ID = uuid.UUID("00000000-0000-4000-8000-00000000d7e0")


class _CompiledUnion:
    """`union_of_templates` compiled once for one connection: its SQL, its parameters with the placeholder
    id's positions, and the compiler whose converters turn rows into Python values (UUIDs, booleans)."""

    def __init__(self, connection: Any) -> None:
        self.compiler = union_of_templates(_PLACEHOLDER_ID).query.get_compiler(connection=connection)
        self.sql, params = self.compiler.as_sql()
        self.pk_field = TEMPLATE_MODELS[0]._meta.get_field("device_type").target_field
        placeholder = self.pk_field.get_db_prep_value(_PLACEHOLDER_ID, connection)
        self.params = list(params)
        self.slots = [index for index, value in enumerate(self.params) if value == placeholder]
        if len(self.slots) != len(TEMPLATE_MODELS):
            raise RuntimeError("The template query's parameters do not hold one device type id per kind.")

    def rows(self, connection: Any, device_type_id: Any) -> Any:
        params = list(self.params)
        value = self.pk_field.get_db_prep_value(device_type_id, connection)
        for index in self.slots:
            params[index] = value
        with connection.cursor() as cursor:
            cursor.execute(self.sql, params)
            fetched = cursor.fetchall()
        return self.compiler.results_iter(results=[fetched])


# Kept on the connection wrapper itself: it lives and goes with the connection (a thread's, or one that Django
# replaces), while a table keyed by connections would keep every one alive, since the compiler refers back to it.
_ATTRIBUTE = "_netkeel_device_type_templates"


def device_type_templates(device_type_id: Any) -> dict[type[ComponentTemplate], list[Any]]:
    """The device type's templates by kind in `TEMPLATE_MODELS` order (kinds it has none of left out),
    each kind's in natural order of names (as the database orders them), read in one query (`UNREAD`
    columns deferred)."""
    connection = connections[router.db_for_read(TEMPLATE_MODELS[0])]
    compiled = getattr(connection, _ATTRIBUTE, None)
    if compiled is None:
        compiled = _CompiledUnion(connection)
        setattr(connection, _ATTRIBUTE, compiled)
    fields = _columns()
    by_kind: dict[int, list[Any]] = {}
    for kind, *values in compiled.rows(connection, device_type_id):
        model = TEMPLATE_MODELS[kind]
        row = dict(zip(fields, values, strict=True))
        own_names = _own_names(model)
        by_kind.setdefault(kind, []).append(model.from_db(None, own_names, [row[name] for name in own_names]))
    return {
        TEMPLATE_MODELS[kind]: sorted(by_kind[kind], key=lambda template: (template._name, template.name))
        for kind in sorted(by_kind)
    }
