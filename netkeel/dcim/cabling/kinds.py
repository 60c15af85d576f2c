"""The link between graph kinds (`"dcim.interface"`) and models and content types, and the registry of
the termination kinds other apps add to the cable graph.

An app whose model takes cables registers its kind from its `AppConfig.ready()` with
`register_termination_kind`: the kinds it may be cabled to, a `Crossing` when a path reaching it goes on
from a far side (the other end of what it belongs to), and a `KindDisplay` saying how pages draw and label
it. DCIM (the engine, its API and its pages) reads those kinds only through this registry, so it names no
other app's models or columns; modules and virtual chassis will register the same way. The API names and
filters a registered kind like DCIM's own, by its model (`installed_termination_models`).
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
from netkeel.dcim.choices import COMPATIBLE_TERMINATIONS


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
class StopStyle:
    """How a cable trace draws a stop (a box) of a registered kind's owner, or of what lies beyond it."""

    colours: tuple[str, str]  # (fill, stroke)
    lines: Callable[[Any], tuple[str, str]]  # the stop's object → (title, subtitle)
    dashed: bool = False  # a dashed outline: not equipment of the site


@dataclass(frozen=True)
class Beyond:
    """What a path ending at a termination reaches without a cable (a provider's network, say): drawn as one
    more stop, joined by a link named `link_text`."""

    reach: Callable[[Any], Any | None]  # the termination → that object, or None
    stop_kind: str
    style: StopStyle
    link_text: str


@dataclass(frozen=True)
class KindDisplay:
    """How pages show a termination of a registered kind: what it belongs to (its stop in a trace), its
    labels, and what the queries loading it for a page fetch along."""

    owner: Callable[[Any], Any]  # what the termination belongs to, as DCIM's components belong to a device
    stop_kind: str  # the kind of stop its owner makes in a trace
    style: StopStyle
    port_text: Callable[[Any], tuple[str, str]]  # the termination's (name, detail) on a trace's port box
    short_name: Callable[[Any], str]  # its name beside its owner's in a row's label
    end_name: Callable[[Any], str]  # the termination named alone, where a path stops
    owner_note: Callable[[Any], Any] | None = None  # shown in brackets after the owner in a label
    related: tuple[str, ...] = ()  # fetched along to draw it in a trace
    label_related: tuple[str, ...] = ()  # fetched along to label it in a row
    beyond: Beyond | None = None


@dataclass(frozen=True)
class TerminationKind:
    """A kind of cable termination an app adds: a path endpoint, crossed to its far side when `crossing`
    is given. `cables_to` names the kinds a cable may join it to (itself included when listed; DCIM's kinds
    accept it back). `refuses_cable(termination)` says why a termination cannot take a cable now (None: it
    can). `display` says how pages draw and label it."""

    kind: str  # "app_label.model"
    crossing: Crossing | None = None
    refuses_cable: Callable[[Any], str | None] | None = None
    cables_to: frozenset[str] = frozenset()
    display: KindDisplay | None = None


_registered: dict[str, TerminationKind] = {}
# DCIM's own pairs, joined by those of the registered kinds (both directions).
_compatible: dict[str, set[str]] = {kind: set(others) for kind, others in COMPATIBLE_TERMINATIONS.items()}


def register_termination_kind(termination_kind: TerminationKind) -> None:
    """Add an app's termination kind to the cable graph (from its `AppConfig.ready()`)."""
    kind = termination_kind.kind
    _registered[kind] = termination_kind
    ENDPOINT_KINDS.add(kind)
    if termination_kind.crossing is not None:
        CROSSING_KINDS.add(kind)
    _compatible.setdefault(kind, set())
    for other in termination_kind.cables_to:
        _compatible[kind].add(other)
        _compatible.setdefault(other, set()).add(kind)


def compatible_kinds(kind: str) -> frozenset[str] | None:
    """The kinds a cable may join `kind` to, or None when `kind` takes no cable."""
    found = _compatible.get(kind)
    return frozenset(found) if found is not None else None


def display_of(kind: str) -> KindDisplay | None:
    """How pages show a registered kind (None for DCIM's own kinds, which they know)."""
    entry = _registered.get(kind)
    return entry.display if entry is not None else None


def displays() -> dict[str, KindDisplay]:
    return {kind: entry.display for kind, entry in _registered.items() if entry.display is not None}


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
