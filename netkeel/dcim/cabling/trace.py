"""The pure cable path tracer: from an endpoint to the far end, over a `CableGraph`, with no ORM.

A path follows cables, passes front → rear ports (pushing the position on a stack when the rear port
carries several) and rear → front ports (popping it), crosses from one side of a crossing to the other
(the kinds apps register, see `kinds`), and ends at the far endpoint, or where the graph stops.
`trace_paths` traces many origins and reports the ones it cannot trace (a loop, bad data) instead of
stopping at the first.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from netkeel.dcim.cabling.graph import (
    FRONT_PORT,
    REAR_PORT,
    CableEnd,
    CableGraph,
    Ref,
)

__all__ = ["PathDataError", "PathError", "PathLoopError", "TracedPath", "TraceResult", "trace_path", "trace_paths"]


@dataclass(frozen=True)
class TracedPath:
    """One traced path. `nodes` excludes the origin and ends at the destination, or at the last node
    reached when the path is incomplete or split."""

    origin: Ref
    nodes: tuple[Ref, ...]
    destination: Ref | None  # None when the path is incomplete or split
    is_active: bool  # every cable on it is connected, and it has a destination
    is_split: bool


@dataclass(frozen=True)
class TraceResult:
    """What `trace_paths` found: the paths traced, and each origin it could not trace with the reason."""

    paths: tuple[TracedPath, ...]
    untraced: tuple[tuple[Ref, str], ...]


class PathError(ValueError):
    """A path that cannot be traced from `origin`; `node` is where the tracer gave up. The message is
    one sentence a person can act on."""

    def __init__(self, origin: Ref, node: Ref, message: str) -> None:
        super().__init__(message)
        self.origin = origin
        self.node = node


class PathLoopError(PathError):
    """The path from `origin` reaches `node` a second time."""

    def __init__(self, origin: Ref, node: Ref) -> None:
        super().__init__(origin, node, f"The path from {origin} reaches {node} twice, so the cabling makes a loop.")


class PathDataError(PathError):
    """The graph says something impossible at `node` (e.g. a front port mapped to no rear port)."""


class _Walk:
    """The nodes of a path so far, refusing any node seen before (the origin included)."""

    def __init__(self, origin: Ref) -> None:
        self.origin = origin
        self.nodes: list[Ref] = []
        self._seen: set[Ref] = {origin}

    def add(self, node: Ref) -> None:
        if node in self._seen:
            raise PathLoopError(self.origin, node)
        self._seen.add(node)
        self.nodes.append(node)


def trace_path(graph: CableGraph, origin: Ref) -> TracedPath | None:
    """Trace the path from the endpoint `origin`; None when the origin has no cable.

    Raises `PathLoopError` when the path comes back to a node, and `PathDataError` when the graph is
    inconsistent (both are `PathError`, a `ValueError`).
    """
    if not graph.is_endpoint(origin.kind):
        raise PathDataError(origin, origin, f"{origin} is not an endpoint, so no path starts there.")
    end: CableEnd | None = graph.cable_end(origin)
    if end is None:
        return None

    walk = _Walk(origin)
    positions: list[int] = []  # positions taken at multi-position rear ports, popped at the far rear port
    all_connected = True
    destination: Ref | None = None
    is_split = False

    # Each turn crosses one cable, then whatever the far termination leads to, and leaves `end` as the
    # next cable to cross, or None where the path stops.
    while end is not None:
        all_connected = all_connected and end.connected
        walk.add(end.cable)
        far = end.far
        walk.add(far)

        if far.kind == FRONT_PORT:
            rear, position = _rear_port_of(graph, origin, far)
            if graph.rear_port_positions(rear) > 1:
                positions.append(position)
            walk.add(rear)
            end = graph.cable_end(rear)

        elif far.kind == REAR_PORT:
            if graph.rear_port_positions(far) == 1:
                position = 1
            elif positions:
                position = positions.pop()
            else:
                # Reached from the rear with no position to follow: every front port is a candidate.
                is_split = True
                break
            front = graph.front_port_at(far, position)
            if front is None:
                break
            walk.add(front)
            end = graph.cable_end(front)

        elif graph.crosses(far.kind):
            peer = graph.far_side(far)
            if peer is None:
                break
            walk.add(peer)
            if graph.ends_at(peer):
                # Nothing to cable there (a provider's network), yet the path is whole.
                destination = peer
                break
            end = graph.cable_end(peer)

        elif graph.is_endpoint(far.kind):
            destination = far
            break

        else:
            raise PathDataError(origin, far, f"A cable from the path of {origin} ends at {far}, which is not a port.")

    return TracedPath(
        origin=origin,
        nodes=tuple(walk.nodes),
        destination=destination,
        is_active=all_connected and destination is not None,
        is_split=is_split,
    )


def trace_paths(graph: CableGraph, origins: Iterable[Ref]) -> TraceResult:
    """Trace every origin (each once, in the order given). Uncabled origins give no path; an origin
    that cannot be traced is reported in `untraced` and never stops the others."""
    paths: list[TracedPath] = []
    untraced: list[tuple[Ref, str]] = []
    # A repeated origin would make the store write two paths for one endpoint.
    for origin in dict.fromkeys(origins):
        try:
            path = trace_path(graph, origin)
        except PathError as exc:
            untraced.append((origin, str(exc)))
            continue
        if path is not None:
            paths.append(path)
    return TraceResult(paths=tuple(paths), untraced=tuple(untraced))


def _rear_port_of(graph: CableGraph, origin: Ref, front_port: Ref) -> tuple[Ref, int]:
    mapping = graph.rear_port_of(front_port)
    if mapping is None:
        raise PathDataError(origin, front_port, f"Front port {front_port} is not mapped to a rear port.")
    rear, position = mapping
    positions = graph.rear_port_positions(rear)
    if not 1 <= position <= positions:
        raise PathDataError(
            origin,
            front_port,
            f"Front port {front_port} takes position {position} of rear port {rear}, which has {positions} positions.",
        )
    return rear, position
