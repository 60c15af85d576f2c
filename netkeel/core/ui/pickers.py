"""What a picker shows of an object, so that a person can choose: an interface as `leaf01 › Ethernet1`, a rack
as `DC1 › R01` — and what it searches: every word typed must match the object or its context, so that
`leaf01 eth1` finds leaf01's Ethernet1 among a thousand Ethernet1s.

The context is the object's first foreign key among `CONTEXT_FIELDS` (a component's device, virtual machine
or circuit; else its location): a model added later gets it by having such a field.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import models
from django.db.models import Q

CONTEXT_FIELDS = ("device", "virtual_machine", "circuit", "location")
SEPARATOR = " › "


_context_fields: dict[type[models.Model], str | None] = {}


def context_field(model: type[models.Model]) -> str | None:
    if model not in _context_fields:
        names = {f.name for f in model._meta.concrete_fields if f.many_to_one}
        _context_fields[model] = next((name for name in CONTEXT_FIELDS if name in names), None)
    return _context_fields[model]


def with_context(queryset: models.QuerySet[Any]) -> models.QuerySet[Any]:
    """`queryset` reading each row's context in the same query (a picker never costs a query per option)."""
    name = context_field(queryset.model)
    return queryset.select_related(name) if name else queryset


def option_label(obj: Any) -> str:
    name = context_field(type(obj))
    parent = getattr(obj, name, None) if name else None
    return f"{parent}{SEPARATOR}{obj}" if parent is not None else str(obj)


def search(
    queryset: models.QuerySet[Any], text: str, own: Callable[[models.QuerySet[Any], str], models.QuerySet[Any]]
) -> models.QuerySet[Any]:
    """Rows where every word of `text` matches the row itself (`own(queryset, word)`, the model's search) or
    the name of its context. "›" between words is read as a space, so a label pasted back finds its row."""
    words = text.replace(SEPARATOR.strip(), " ").split()
    name = context_field(queryset.model)
    for word in words:
        matches_self = Q(pk__in=own(queryset.model._default_manager.all(), word).values("pk"))
        if name is None:
            queryset = queryset.filter(matches_self)
        else:
            queryset = queryset.filter(matches_self | Q(**{f"{name}__name__icontains": word}))
    return queryset
