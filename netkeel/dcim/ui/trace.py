"""What a cable trace page shows: the path from a port as a list of stops (a device, a patch panel, or
the owner of a kind another app registers) joined by cables, and how the path ends (complete, incomplete,
split). A registered kind says what its terminations belong to and what lies beyond one that ends a path
(`netkeel.dcim.cabling.kinds.KindDisplay`).

A path endpoint shows its own stored path; a front or rear port shows every path that passes it; a port
with a cable but no stored path (not traced yet, or a patch cord to nowhere) shows its one cable. All
objects are loaded a query per kind, whatever the path's length.

Reading a stored path (`[origin, cable, far, near, cable, far, …]`, see `netkeel.dcim.cabling.read.
segments`): each `[near, cable, far]` segment leaves one stop by its `near` port and reaches the next stop
at its `far` port; the next segment's `near` port belongs to the same stop (a patch panel's rear port
behind its front port, the far side of something a path crosses).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import models

from netkeel.dcim.cabling.graph import CABLE, ENDPOINT_KINDS, REAR_PORT, Ref
from netkeel.dcim.cabling.kinds import StopStyle, display_of, displays, kind_of, ref_of
from netkeel.dcim.cabling.read import (
    StoredPath,
    cable_ends_by_id,
    decode_path,
    far_end,
    load_objects,
    one_cable,
    segments,
)
from netkeel.dcim.models import CablePath, CablePathNode, FrontPort

# Paths drawn on a front or rear port's page (a trunk may carry many).
MAX_PATHS = 12
# Branches listed below a split.
MAX_BRANCHES = 24

# What each kind of node needs fetched with it to be drawn (registered kinds say their own).
NODE_RELATED: dict[str, tuple[str, ...]] = {
    CABLE: ("status",),
    "dcim.powerfeed": ("power_panel__location", "rack"),
}
DEVICE_RELATED = (
    "device__device_type__manufacturer",
    "device__virtual_chassis",
    "device__location",
    "device__rack",
    "device__role",
)


@dataclass
class Stop:
    """Something the path passes or ends at: a device (with the ports the path enters and leaves by), a
    power panel, the owner of a registered kind's terminations (entered at one, left at another), or what
    lies beyond the termination a path ends at."""

    owner: Any
    kind: str  # "device", "power-panel", or a registered kind's `stop_kind` or `beyond.stop_kind`
    top: Any = None  # the termination the path arrives at
    bottom: Any = None  # the termination the path leaves by


@dataclass
class Hop:
    """A cable between two stops (None: the link is not a cable, and `note` names it)."""

    cable: Any
    note: str = ""


@dataclass
class Branch:
    """One way on from a split: a front port of the rear port where the path split, and its cable's far end."""

    port: Any
    cable: Any
    far: Any


@dataclass
class Trace:
    origin: Any
    stops: list[Stop] = field(default_factory=list)
    hops: list[Hop] = field(default_factory=list)  # hops[i] joins stops[i] and stops[i + 1]
    destination: Any = None
    is_active: bool = False
    is_split: bool = False
    stored: bool = False  # read from a stored path (not only the cable at hand)
    stops_at: Any = None  # the last termination reached, when the path is incomplete or split
    dangling: Any = None  # a port the path leaves by with no cable on it
    branches: list[Branch] = field(default_factory=list)
    more_branches: int = 0

    @property
    def state(self) -> str:
        if not self.hops:
            return "uncabled"
        if self.is_split:
            return "split"
        if self.destination is None:
            return "incomplete"
        return "complete" if self.is_active else "not-connected"

    @property
    def cables(self) -> list[Any]:
        return [hop.cable for hop in self.hops if hop.cable is not None]


# ---------------------------------------------------------------------------------------------- loading


def _node_related(model: type[models.Model], kind: str, queryset: models.QuerySet[Any]) -> models.QuerySet[Any]:
    display = display_of(kind)
    related = display.related if display is not None else NODE_RELATED.get(kind)
    if related is None and any(f.name == "device" for f in model._meta.concrete_fields):
        related = DEVICE_RELATED
    return queryset.select_related(*related) if related else queryset


class Nodes:
    """The objects behind refs, loaded a query per kind with what drawing them reads."""

    def __init__(self) -> None:
        self.objects: dict[Ref, Any] = {}

    def load(self, refs: Iterable[Ref | None]) -> None:
        self.objects.update(load_objects(refs, having=self.objects, related=_node_related))

    def get(self, ref: Ref | None) -> Any:
        return self.objects.get(ref) if ref is not None else None


def _one_cable(termination: Any) -> StoredPath | None:
    """The single segment known without a stored path: the termination, its cable and the cable's far end."""
    refs = one_cable(termination)
    return StoredPath(refs, None, False, False, stored=False) if refs else None


def stored_paths(termination: Any) -> tuple[list[StoredPath], int]:
    """The paths to draw for `termination`, and how many more pass it than are drawn."""
    if kind_of(termination) in ENDPOINT_KINDS:
        row = CablePath.objects.filter(origin_id=termination.pk).first()
        if row is not None:
            return [decode_path(row)], 0
    else:
        passing = CablePathNode.objects.filter(node_id=termination.pk).values("cable_path_id")
        rows = list(CablePath.objects.filter(pk__in=passing).order_by("id")[: MAX_PATHS + 1])
        if rows:
            extra = 0
            if len(rows) > MAX_PATHS:
                extra = CablePath.objects.filter(pk__in=passing).count() - MAX_PATHS
            return [decode_path(row) for row in rows[:MAX_PATHS]], extra
    single = _one_cable(termination)
    return ([single] if single is not None else []), 0


def traces_for(termination: Any) -> tuple[list[Trace], int]:
    """Every trace the page of `termination` draws (loaded together), and how many were left out."""
    paths, extra = stored_paths(termination)
    nodes = Nodes()
    nodes.objects[ref_of(termination)] = termination
    nodes.load(ref for path in paths for ref in [*path.refs, path.destination])
    traces = [build(path, nodes) for path in paths]
    splits = [trace for trace in traces if trace.is_split and trace.stops_at is not None]
    if splits:
        add_branches(splits, nodes)
    if not traces:
        traces = [
            Trace(origin=termination, stops=[Stop(owner_of(termination), owner_kind(termination), bottom=termination)])
        ]
    return traces, extra


# ---------------------------------------------------------------------------------------------- building


def owner_of(termination: Any) -> Any:
    kind = kind_of(termination)
    display = display_of(kind)
    if display is not None:
        return display.owner(termination)
    if kind == "dcim.powerfeed":
        return termination.power_panel
    return getattr(termination, "device", None)


def owner_kind(termination: Any) -> str:
    kind = kind_of(termination)
    display = display_of(kind)
    if display is not None:
        return display.stop_kind
    if kind == "dcim.powerfeed":
        return "power-panel"
    return "device"


def build(path: StoredPath, nodes: Nodes) -> Trace:
    origin = nodes.get(path.refs[0])
    trace = Trace(
        origin=origin,
        destination=nodes.get(path.destination),
        is_active=path.is_active,
        is_split=path.is_split,
        stored=path.stored,
    )
    parts = segments(path.refs)
    current = Stop(owner_of(origin), owner_kind(origin), bottom=origin)
    trace.stops.append(current)
    for index, (near, cable, far) in enumerate(parts):
        near_obj = nodes.get(near)
        if index > 0:
            current.bottom = near_obj
        if cable is None:
            trace.dangling = near_obj
            break
        trace.hops.append(Hop(nodes.get(cable)))
        far_obj = nodes.get(far)
        current = (
            Stop(owner_of(far_obj), owner_kind(far_obj), top=far_obj) if far_obj is not None else Stop(None, "device")
        )
        trace.stops.append(current)
    last = path.refs[-1]
    if path.destination is None or path.is_split:
        trace.stops_at = nodes.get(last)
    _beyond_the_end(trace)
    return trace


def _beyond_the_end(trace: Trace) -> None:
    """A path that ends at a termination with something beyond it (as its kind registers: `Beyond`) draws
    that as its last stop."""
    end = trace.destination
    display = display_of(kind_of(end)) if end is not None else None
    if display is None or display.beyond is None:
        return
    reached = display.beyond.reach(end)
    if reached is None:
        return
    trace.dangling = None
    trace.hops.append(Hop(None, display.beyond.link_text))
    trace.stops.append(Stop(reached, display.beyond.stop_kind))


def stop_styles() -> dict[str, StopStyle]:
    """The registered kinds' stop styles by stop kind (their owners' and what lies beyond them)."""
    styles: dict[str, StopStyle] = {}
    for display in displays().values():
        styles[display.stop_kind] = display.style
        if display.beyond is not None:
            styles[display.beyond.stop_kind] = display.beyond.style
    return styles


def add_branches(traces: list[Trace], nodes: Nodes) -> None:
    """Below each split, the rear port's front ports and what their cables reach (one query per kind)."""
    rear_ids = {trace.stops_at.pk for trace in traces if kind_of(trace.stops_at) == REAR_PORT}
    fronts = list(
        FrontPort.objects.filter(rear_port_id__in=rear_ids)
        .select_related("cable", *DEVICE_RELATED)
        .order_by("rear_port_id", "rear_port_position")
    )
    far_refs = cable_ends_by_id(front.cable_id for front in fronts if front.cable_id)
    ends: dict[Any, Ref] = {}
    for front in fronts:
        pair = far_refs.get(front.cable_id)
        if pair is not None:
            ends[front.pk] = far_end(pair, front.pk)
    nodes.load(ends.values())
    for trace in traces:
        mine = [front for front in fronts if front.rear_port_id == trace.stops_at.pk]
        trace.branches = [Branch(front, front.cable, nodes.get(ends.get(front.pk))) for front in mine[:MAX_BRANCHES]]
        trace.more_branches = max(len(mine) - MAX_BRANCHES, 0)
