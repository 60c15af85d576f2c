"""Reading cabling back from the database, in one place: what the API, the UI trace, the tables, the
loader and the service read.

- `parse_node`: a stored path node (`"dcim.interface:<uuid>"`) as a `Ref`.
- `cable_ends` / `far_end` / `cable_ends_by_id`: a cable's two terminations, and the one across from a
  given end.
- `decode_path`: a `CablePath` row as a `StoredPath` of refs.
- `load_objects`: the objects behind a set of refs, one query per kind.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db import models

from netkeel.dcim.cabling.graph import CABLE, Ref
from netkeel.dcim.cabling.kinds import kind_of_content_type, model_of, ref_of
from netkeel.dcim.models import Cable, CablePath

# The columns of a cable that name its two ends, in the order `ends_of_row` reads them.
CABLE_END_FIELDS = ("termination_a_type_id", "termination_a_id", "termination_b_type_id", "termination_b_id")


def parse_node(text: str) -> Ref:
    """`"dcim.interface:<uuid>"` (a stored path node) as a `Ref`."""
    kind, _, pk = text.partition(":")
    return Ref(kind, uuid.UUID(pk))


def ends_of_row(a_type: int, a_id: uuid.UUID, b_type: int, b_id: uuid.UUID) -> tuple[Ref, Ref]:
    """A cable's two ends from the values of `CABLE_END_FIELDS`."""
    return Ref(kind_of_content_type(a_type), a_id), Ref(kind_of_content_type(b_type), b_id)


def cable_ends(cable: Cable) -> tuple[Ref, Ref]:
    """The terminations at a cable's A and B ends (no query: content types are cached)."""
    return ends_of_row(
        cable.termination_a_type_id, cable.termination_a_id, cable.termination_b_type_id, cable.termination_b_id
    )


def far_end(ends: tuple[Ref, Ref], here: uuid.UUID) -> Ref:
    """The end of a cable across from the termination `here`."""
    a, b = ends
    return b if a.id == here else a


def cable_ends_by_id(cable_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, tuple[Ref, Ref]]:
    """The ends of each of these cables, in one query."""
    ids = set(cable_ids)
    if not ids:
        return {}
    rows = Cable.objects.filter(pk__in=ids).order_by().values_list("pk", *CABLE_END_FIELDS)
    return {pk: ends_of_row(*ends) for pk, *ends in rows}


def one_cable(termination: Any) -> list[Ref]:
    """`[termination, cable, far end]`: the one segment known without a stored path; [] when uncabled."""
    cable_id = getattr(termination, "cable_id", None)
    if cable_id is None:
        return []
    ends = cable_ends_by_id([cable_id]).get(cable_id)
    if ends is None:
        return []
    return [ref_of(termination), Ref(CABLE, cable_id), far_end(ends, termination.pk)]


@dataclass(frozen=True)
class StoredPath:
    """A stored path read back: the origin, then every node of the path in order."""

    refs: list[Ref]  # origin first
    destination: Ref | None
    is_active: bool
    is_split: bool
    stored: bool = True  # False for the single cable segment drawn when no path is stored

    @property
    def origin(self) -> Ref:
        return self.refs[0]

    @property
    def nodes(self) -> list[Ref]:
        return self.refs[1:]


def destination_of_row(type_id: int | None, object_id: uuid.UUID | None) -> Ref | None:
    """A path's destination from its `destination_type_id` and `destination_id` (None when it has none)."""
    return Ref(kind_of_content_type(type_id), object_id) if type_id and object_id else None


def decode_path(row: CablePath) -> StoredPath:
    """A `CablePath` row as refs: its origin and nodes, and its destination."""
    origin = Ref(kind_of_content_type(row.origin_type_id), row.origin_id)
    destination = destination_of_row(row.destination_type_id, row.destination_id)
    return StoredPath([origin, *(parse_node(node) for node in row.path)], destination, row.is_active, row.is_split)


def segments(refs: list[Any]) -> list[list[Any]]:
    """`[near_end, cable, far_end]` triples: a path alternates termination, cable, termination, then the
    next hop's near end (a rear port behind a front port, the far side of a crossing). A path that stops
    at a port with no cable ends in `[port, None, None]`."""
    return [[*refs[i : i + 3], *[None] * (3 - len(refs[i : i + 3]))] for i in range(0, len(refs), 3)]


QuerysetHook = Callable[[type[models.Model], str, "models.QuerySet[Any]"], "models.QuerySet[Any]"]


def load_objects(
    refs: Iterable[Ref | None], *, having: Iterable[Ref] = (), related: QuerysetHook | None = None
) -> dict[Ref, Any]:
    """The objects behind refs, a query per kind; refs in `having` (already loaded) and kinds whose app is
    not installed are skipped. `related(model, kind, queryset)` adds what the caller will read of them
    (its `select_related`, say)."""
    skip = set(having)
    by_kind: dict[str, set[uuid.UUID]] = {}
    for ref in refs:
        if ref is not None and ref not in skip:
            by_kind.setdefault(ref.kind, set()).add(ref.id)
    loaded: dict[Ref, Any] = {}
    for kind, ids in by_kind.items():
        model = model_of(kind)
        if model is None:
            continue
        queryset = model._default_manager.filter(pk__in=ids)
        if related is not None:
            queryset = related(model, kind, queryset)
        for obj in queryset:
            loaded[Ref(kind, obj.pk)] = obj
    return loaded
