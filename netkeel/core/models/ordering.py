"""Natural ordering of names, in the database: `Ethernet2` before `Ethernet10`, so that sorting and
pagination agree on every list (a page of the API, a device's tab, a picker).

A model that sorts naturally keeps a hidden `_name` column (`NaturalOrderingField`) holding its name
rewritten so that comparing the text orders it naturally, as Nautobot does:

- `naturalize`: every run of digits padded to eight places (`leaf9` → `leaf00000009`);
- `naturalize_interface`: an interface name taken apart as vendors number ports (slot/subslot/position/
  subposition, port, `:channel`, `.subinterface`), each number padded and a missing part placed after any
  present one, so `Ethernet1/2`, `Ethernet1/10`, `Ethernet2/1`, `xe-0/0/1:2` and `Ethernet1/2.100` order
  as an engineer reads them.

The column compares byte by byte on every engine (a binary collation, see `BINARY_COLLATIONS`), so the
order is the same on SQLite, PostgreSQL and MySQL whatever the database's locale. It is written on every
path a row takes: `save()` (also when `update_fields` names the name, `BaseModel.save`), `bulk_create`
(Django calls the field's `pre_save` for each row), and `BaseQuerySet.bulk_update` / `update` when they
change the name. `_name` is private: never a field of the API, a form, a table or the change log.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import cache
from typing import Any

from django.db import models

NATURAL_MAX_LENGTH = 255
# Digits a number of `naturalize` is padded to; a longer number is kept whole.
INTEGER_PLACES = 8
# Interface names: slot-like parts are padded to four digits, the port, channel and subinterface to six;
# a part that is absent sorts after every number given for it.
_SLOT_PLACES, _PORT_PLACES = 4, 6
_NO_SLOT, _NO_PORT = "9" * _SLOT_PLACES, "." * _PORT_PLACES
_SLOT_PARTS = ("slot", "subslot", "position", "subposition")
_PORT_PARTS = ("port", "channel", "subinterface")
_INTERFACE_NAME = re.compile(
    r"(?P<type>[^\d.:]*)"
    r"(?:(?P<slot>\d+)/)?(?:(?P<subslot>\d+)/)?(?:(?P<position>\d+)/)?(?:(?P<subposition>\d+)/)?"
    r"(?P<port>\d+)?(?::(?P<channel>\d+))?(?:\.(?P<subinterface>\d+))?"
    r"(?P<remainder>.*)",
    re.DOTALL,
)
_DIGITS = re.compile(r"\d+")

# The collation a `_name` column is made with, by database vendor: byte order, as SQLite's default.
BINARY_COLLATIONS = {"postgresql": "C", "mysql": "utf8mb4_bin"}

Naturalizer = Callable[[Any, int], Any]


def naturalize(value: Any, max_length: int = NATURAL_MAX_LENGTH, integer_places: int = INTEGER_PLACES) -> Any:
    """`value` with each number padded with zeros to `integer_places` digits, cut to `max_length`:
    `rack9u21` → `rack00000009u00000021`. An empty value (None, "") is returned as it is."""
    if not value:
        return value
    padded = _DIGITS.sub(lambda number: number.group().rjust(integer_places, "0"), str(value))
    return padded[:max_length]


def naturalize_interface(value: Any, max_length: int = NATURAL_MAX_LENGTH) -> Any:
    """An interface name laid out for ordering: its four slot-like numbers (9999 for each one absent), its
    type (`Ethernet`, `xe-`), its port, channel and subinterface numbers (`......` for one absent), then the
    rest of the name naturalized; cut to `max_length`."""
    if not value:
        return value
    parts = _INTERFACE_NAME.fullmatch(str(value))
    assert parts is not None  # every part is optional and the remainder takes anything left
    text = "".join(_padded(parts[name], _SLOT_PLACES, _NO_SLOT) for name in _SLOT_PARTS)
    text += parts["type"]
    text += "".join(_padded(parts[name], _PORT_PLACES, _NO_PORT) for name in _PORT_PARTS)
    if len(text) < max_length:
        text += naturalize(parts["remainder"], max_length - len(text))
    return text[:max_length]


def _padded(number: str | None, places: int, absent: str) -> str:
    return absent if number is None else number.rjust(places, "0")


class NaturalOrderingField(models.CharField):
    """A hidden column holding `naturalize_function(<target_field>)`, for ordering its model."""

    description = "A naturally ordering form of another field"

    def __init__(
        self, target_field: str, naturalize_function: Naturalizer = naturalize, *args: Any, **kwargs: Any
    ) -> None:
        self.target_field = target_field
        self.naturalize_function = naturalize_function
        kwargs.setdefault("max_length", NATURAL_MAX_LENGTH)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)

    def natural_value(self, instance: models.Model) -> Any:
        """The value this column should hold for `instance` as it is in memory."""
        return self.naturalize_function(getattr(instance, self.target_field), self.max_length or NATURAL_MAX_LENGTH)

    def pre_save(self, model_instance: models.Model, add: bool) -> Any:
        value = self.natural_value(model_instance)
        setattr(model_instance, self.attname, value)
        return value

    def db_parameters(self, connection: Any) -> dict[str, Any]:
        parameters = super().db_parameters(connection)
        parameters["collation"] = BINARY_COLLATIONS.get(connection.vendor, parameters.get("collation"))
        return parameters

    def deconstruct(self) -> Any:
        name, _, args, kwargs = super().deconstruct()
        kwargs["target_field"] = self.target_field
        kwargs["naturalize_function"] = self.naturalize_function
        return name, "netkeel.core.models.ordering.NaturalOrderingField", args, kwargs


@cache
def natural_fields(model: type[models.Model]) -> tuple[NaturalOrderingField, ...]:
    """The natural ordering columns of `model` (most models have none)."""
    return tuple(field for field in model._meta.concrete_fields if isinstance(field, NaturalOrderingField))


def natural_sort_key(model: type[models.Model], name: str) -> str:
    """The column to sort by for a sort on field `name`: its natural column when it has one."""
    return next((field.name for field in natural_fields(model) if field.target_field == name), name)


def is_private(field: Any) -> bool:
    """A column kept for netkeel's own use (`_name`): never shown, exported, written or logged."""
    return str(getattr(field, "name", field)).startswith("_")


def with_natural_fields(model: type[models.Model], names: Iterable[str]) -> list[str]:
    """`names` (fields being written), plus the natural columns of those among them."""
    written = list(names)
    extra = [field.name for field in natural_fields(model) if field.target_field in written]
    return written + [name for name in extra if name not in written]


def refresh_natural_values(objects: Iterable[models.Model], names: Iterable[str]) -> list[str]:
    """Give each of `objects` (of one model) the natural values of those of `names` it is about to write,
    and return `names` with their natural columns: what `bulk_update` writes."""
    objects = list(objects)
    if not objects:
        return list(names)
    model = type(objects[0])
    written = with_natural_fields(model, names)
    for field in natural_fields(model):
        if field.name in written:
            for obj in objects:
                setattr(obj, field.attname, field.natural_value(obj))
    return written


def natural_update_values(model: type[models.Model], values: dict[str, Any]) -> dict[str, Any]:
    """`QuerySet.update(**values)`'s values, plus the natural columns of the fields they set."""
    extra: dict[str, Any] = {}
    for field in natural_fields(model):
        if field.target_field not in values or field.name in values:
            continue
        value = values[field.target_field]
        if hasattr(value, "resolve_expression"):
            raise ValueError(
                f"{model.__name__}.{field.target_field} is ordered by its natural form, which the database "
                "cannot compute: update it with a value, not an expression, or save each object."
            )
        extra[field.name] = field.naturalize_function(value, field.max_length or NATURAL_MAX_LENGTH)
    return {**values, **extra}
