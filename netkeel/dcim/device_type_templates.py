"""A device type's component templates of every kind in one query, for the device service to instantiate.

Most device types have two or three of the eight template kinds, so reading each table in turn mostly
reads nothing (nine queries for a switch with only interfaces). Instead one UNION ALL reads every table
over the union of their columns, a column a kind lacks reading as a NULL of the column's type.
"""

from __future__ import annotations

from typing import Any

from django.db import models
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


def device_type_templates(device_type_id: Any) -> dict[type[ComponentTemplate], list[Any]]:
    """The device type's templates by kind in `TEMPLATE_MODELS` order (kinds it has none of left out),
    each kind's ordered by name, read in one query (`UNREAD` columns deferred)."""
    fields: dict[str, Any] = {}
    for model in TEMPLATE_MODELS:
        for field in model._meta.concrete_fields:
            if field.attname not in UNREAD:
                fields.setdefault(field.attname, field)
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
    by_kind: dict[int, list[Any]] = {}
    for kind, *values in branches[0].union(*branches[1:], all=True):
        model = TEMPLATE_MODELS[kind]
        row = dict(zip(fields, values, strict=True))
        own_names = [field.attname for field in model._meta.concrete_fields if field.attname not in UNREAD]
        by_kind.setdefault(kind, []).append(model.from_db(None, own_names, [row[name] for name in own_names]))
    return {
        TEMPLATE_MODELS[kind]: sorted(by_kind[kind], key=lambda template: template.name) for kind in sorted(by_kind)
    }
