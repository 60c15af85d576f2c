"""The link between graph kinds (`"dcim.interface"`) and models and content types, and the registry of
the termination kinds other apps add to the cable graph.

An app whose model takes cables registers its kind from its `AppConfig.ready()` with
`register_termination_kind`, with a `Crossing` when a path reaching it goes on from a far side (as
circuits do, A side to Z side). The engine reads those kinds only through this registry, so it names
no other app's models or columns; modules and virtual chassis will register the same way.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any, NamedTuple, Protocol

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import models

from netkeel.dcim.cabling.graph import CROSSING_KINDS, ENDPOINT_KINDS, PASS_THROUGH_KINDS, Ref


class Side(NamedTuple):
    """One side of a crossing: its termination's id, and whether a path reaching it ends there."""

    id: uuid.UUID
    ends_path: bool


class Crossing(Protocol):
    """How the database says where a path crossing a termination kind comes out."""

    def all_pairs(self) -> Iterable[tuple[Side, Side]]:
        """Every pair of sides joined by a crossing, in a few queries whatever their number."""
        ...

    def far_side(self, termination_id: uuid.UUID) -> tuple[Side | None, bool]:
        """The side across from this termination (None when there is none yet), and whether a path
        ends at this termination itself."""
        ...


@dataclass(frozen=True)
class TerminationKind:
    """A kind of cable termination an app adds: a path endpoint, crossed to its far side when `crossing`
    is given. `refuses_cable(termination)` says why a termination cannot take a cable now (None: it can)."""

    kind: str  # "app_label.model"
    crossing: Crossing | None = None
    refuses_cable: Callable[[Any], str | None] | None = None


_registered: dict[str, TerminationKind] = {}


def register_termination_kind(termination_kind: TerminationKind) -> None:
    """Add an app's termination kind to the cable graph (from its `AppConfig.ready()`)."""
    _registered[termination_kind.kind] = termination_kind
    ENDPOINT_KINDS.add(termination_kind.kind)
    if termination_kind.crossing is not None:
        CROSSING_KINDS.add(termination_kind.kind)


def crossings() -> dict[str, Crossing]:
    """The registered kinds that paths cross, with how to read their sides."""
    return {kind: entry.crossing for kind, entry in _registered.items() if entry.crossing is not None}


def cable_refusal(termination: models.Model) -> str | None:
    """Why the app of this termination's kind refuses it a cable, or None."""
    entry = _registered.get(kind_of(termination))
    return entry.refuses_cable(termination) if entry is not None and entry.refuses_cable is not None else None


def termination_kinds() -> tuple[str, ...]:
    """Every kind a cable may end at: endpoints and pass-through ports, DCIM's and registered ones."""
    return tuple(sorted(ENDPOINT_KINDS | PASS_THROUGH_KINDS))


def kind_of(obj: models.Model | type[models.Model]) -> str:
    return f"{obj._meta.app_label}.{obj._meta.model_name}"


def ref_of(obj: models.Model) -> Ref:
    return Ref(kind_of(obj), obj.pk)


def model_of(kind: str) -> type[models.Model] | None:
    """The model of a kind, or None while its app is not installed."""
    app_label, model_name = kind.split(".")
    try:
        return apps.get_model(app_label, model_name)
    except LookupError:
        return None


def installed_termination_models() -> dict[str, type[models.Model]]:
    found = {kind: model_of(kind) for kind in termination_kinds()}
    return {kind: model for kind, model in found.items() if model is not None}


def content_type_id(kind: str) -> int:
    app_label, model_name = kind.split(".")
    return int(ContentType.objects.get_by_natural_key(app_label, model_name).pk)


@cache
def _kind_of_content_type(content_type_id: int) -> str:
    content_type = ContentType.objects.get_for_id(content_type_id)
    return f"{content_type.app_label}.{content_type.model}"


def kind_of_content_type(content_type_id: int) -> str:
    return _kind_of_content_type(content_type_id)
