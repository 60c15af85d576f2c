"""How a page reads the objects its rows refer to.

A join (`select_related`) builds one model object per row and relation, even when a thousand rows share
a dozen statuses, device types and locations; a query per relation (`prefetch_related`) builds each related
row once. So a page prefetches along many-to-one paths and joins only where each row has its own related
row (a one-to-one in either direction: a device's parent bay), where a join builds no more objects and
needs no list of ids in the statement."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import models


def shared_paths(model: type[models.Model], paths: Iterable[str]) -> tuple[list[str], list[str]]:
    """`paths` (select_related paths from `model`) split into (joined, prefetched): a path is prefetched
    when each of its steps is a plain foreign key. Shorter paths come first: Django refuses a prefetch of a
    path it has already walked on the way to a longer one."""
    joined: list[str] = []
    prefetched: list[str] = []
    for path in sorted(dict.fromkeys(paths), key=lambda path: path.count("__")):
        target: type[models.Model] = model
        shared = True
        for part in path.split("__"):
            field = target._meta.get_field(part)
            shared = shared and bool(field.many_to_one) and not getattr(field, "unique", False)
            target = field.related_model  # type: ignore[assignment]
        (prefetched if shared else joined).append(path)
    return joined, prefetched
