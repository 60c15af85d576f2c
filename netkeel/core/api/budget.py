"""How much work one read may ask for: `?depth=N` renders, for every row, each related object N levels
down, so `limit=1000&depth=3` of interfaces would render tens of thousands of objects and hold a worker
for half a minute. A read's cost is what it renders — rows × objects per row at its depth, the latter
counted from the serializers' foreign keys without touching the database — and a read above the
API_MAX_RENDERED_OBJECTS setting is refused with a 400 saying which depth or limit would be served.

Depth 0 and 1 are always served at any page size: clients such as the Ansible inventory read
`limit=0&depth=1`, and their cost grows with the page only, as a page's does. A deeper list whose page size
alone is over the budget is judged on the rows it would really hold (one COUNT), so `limit=0&depth=2` of a
few hundred rows is served.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from django.conf import settings
from rest_framework import exceptions

from netkeel.conf.defaults import DEFAULT_MAX_RENDERED_OBJECTS
from netkeel.core.api import registry

# Always served, whatever the page size.
FREE_DEPTH = 1


def max_rendered_objects() -> int:
    return int(getattr(settings, "API_MAX_RENDERED_OBJECTS", DEFAULT_MAX_RENDERED_OBJECTS))


@cache
def objects_per_row(serializer_class: Any, depth: int) -> int:
    """The objects one row renders at `depth`: itself, plus (at depth ≥ 1) every related object its
    foreign keys name, each rendered at depth - 1 (an upper bound: an empty foreign key renders nothing)."""
    if serializer_class is None or depth <= 0:
        return 1
    total = 1
    for field in serializer_class.Meta.model._meta.concrete_fields:
        if field.is_relation and field.related_model is not None:
            related = registry.serializer_for(field.related_model)
            total += objects_per_row(related, depth - 1) if related is not None else 1
    return total


def affordable(serializer_class: Any, depth: int, rows: int | None) -> bool:
    """Whether `rows` rows (None: every row) at `depth` render within the budget."""
    return depth <= FREE_DEPTH or (
        rows is not None and rows * objects_per_row(serializer_class, depth) <= max_rendered_objects()
    )


def check(serializer_class: Any, depth: int, rows: int | None) -> None:
    """A 400 naming what to lower when `rows` rows at `depth` would render more than the budget (`rows`
    None: every row, as with no page size limit)."""
    if affordable(serializer_class, depth, rows):
        return
    budget = max_rendered_objects()
    per_row = objects_per_row(serializer_class, depth)
    deepest = FREE_DEPTH
    while rows is not None and deepest < depth - 1 and rows * objects_per_row(serializer_class, deepest + 1) <= budget:
        deepest += 1
    most_rows = budget // per_row
    asked = f"{rows} rows" if rows is not None else "every row"
    message = (
        f"This read would render up to {asked} × {per_row} objects each at depth {depth}, more than the "
        f"{budget} objects one request may render (API_MAX_RENDERED_OBJECTS). Lower the depth to {deepest}"
    )
    if most_rows:
        message += f", or the limit to {most_rows}"
    raise exceptions.ValidationError({"depth": [f"{message}."]})
