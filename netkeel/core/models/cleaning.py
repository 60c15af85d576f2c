"""`full_clean()` once per write. The API serializer judges a new object by its model's `full_clean()`
before it calls the service that saves it; the service would judge the same values again (and read the
same rows again). `judged(model, values)` lets the serializer say so for the one service call it makes,
and a service calls `full_clean_once(instance, values)` instead of `instance.full_clean()`: it skips
when exactly those values of that model were just judged, and cleans otherwise (a job, a form, a script).
Only the model's own columns are compared: what else a serializer holds (a device's `parent_bay`) and a
service takes as an argument of its own is not what `full_clean()` judges.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from typing import Any

from django.db import models

_judged: ContextVar[tuple[type[models.Model], dict[str, Any]] | None] = ContextVar("netkeel_judged", default=None)


@contextmanager
def judged(model: type[models.Model], values: Mapping[str, Any]) -> Iterator[None]:
    """Within the block, the first `full_clean_once` of a `model` built from `values` skips its check."""
    token = _judged.set((model, _columns(model, values)))
    try:
        yield
    finally:
        _judged.reset(token)


def full_clean_once(instance: models.Model, values: Mapping[str, Any], **kwargs: Any) -> None:
    """`instance.full_clean(**kwargs)`, unless the caller has just judged these very values."""
    mark = _judged.get()
    if mark is not None and mark[0] is type(instance) and mark[1] == _columns(type(instance), values):
        _judged.set(None)  # one write per judgement
        return
    instance.full_clean(**kwargs)


@cache
def _column_names(model: type[models.Model]) -> frozenset[str]:
    return frozenset(name for field in model._meta.concrete_fields for name in (field.name, field.attname))


def _columns(model: type[models.Model], values: Mapping[str, Any]) -> dict[str, Any]:
    names = _column_names(model)
    return {name: value for name, value in values.items() if name in names}
