"""Fields an app adds to the generated GraphQL types, beyond the model's own columns and relations.

Core may not import the apps above it, so an app registers in its AppConfig.ready():

- `computed(applies, name, type_of, resolve)`: a value worked out from the object alone (`config_context`);
- `batched(applies, name, type_of, load)`: objects found for a whole level at once (`connected_endpoint`):
  `load(objects, viewable)` returns each object's related object (or None), reading through
  `viewable(queryset)` only, a fixed number of queries for any number of objects;

`type_of(types)` receives the generated types (`types.of_model(model)`, `types.union(name, models)`)
and returns the field's GraphQL type.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db import models

TypeOf = Callable[[Any], Any]
Viewable = Callable[[models.QuerySet[Any]], models.QuerySet[Any]]
Loader = Callable[[list[Any], Viewable], dict[int, Any]]


@dataclass(frozen=True)
class ExtraField:
    name: str
    type_of: TypeOf
    resolve: Callable[[Any], Any] | None = None  # computed from the object
    load: Loader | None = None  # batched: id(object) → related object or None


Applies = Callable[[type[models.Model]], bool]
_extra: list[tuple[Applies, ExtraField]] = []


def computed(applies: Applies, name: str, type_of: TypeOf, resolve: Callable[[Any], Any]) -> None:
    """`applies(model)`: whether the model's type has the field (asked when the schema is built)."""
    _extra.append((applies, ExtraField(name, type_of, resolve=resolve)))


def batched(applies: Applies, name: str, type_of: TypeOf, load: Loader) -> None:
    _extra.append((applies, ExtraField(name, type_of, load=load)))


def extra_fields(model: type[models.Model]) -> Iterable[ExtraField]:
    return [extra for applies, extra in _extra if applies(model)]
