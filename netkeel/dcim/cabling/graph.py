"""What the tracer knows of the cable graph: node references and a read-only interface over them.

A node is a `Ref`: the `"app_label.model"` of its kind and its UUID. Cables are nodes too. The tracer
never touches the database; it asks a `CableGraph`, which the loader fills from the ORM and tests fill
by hand (`MemoryGraph`).

DCIM knows its own kinds only. Another app's termination kind (and how a path crosses it to a far side)
is registered by that app (`netkeel.dcim.cabling.kinds.register_termination_kind`), which adds it to
`ENDPOINT_KINDS` and `CROSSING_KINDS` here.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import NamedTuple, Protocol

FRONT_PORT = "dcim.frontport"
REAR_PORT = "dcim.rearport"
CABLE = "dcim.cable"

# DCIM's own kinds a path may start (and end) at. Front and rear ports only pass a path through.
DCIM_ENDPOINT_KINDS: frozenset[str] = frozenset(
    {
        "dcim.interface",
        "dcim.consoleport",
        "dcim.consoleserverport",
        "dcim.powerport",
        "dcim.poweroutlet",
        "dcim.powerfeed",
    }
)
PASS_THROUGH_KINDS: frozenset[str] = frozenset({FRONT_PORT, REAR_PORT})
# Every kind a path may start (and end) at: DCIM's, and those the apps register (see the module).
ENDPOINT_KINDS: set[str] = set(DCIM_ENDPOINT_KINDS)
# Endpoint kinds a path reaching them crosses to a far side of the same kind (A side to Z side) instead
# of ending there, as registered by their apps.
CROSSING_KINDS: set[str] = set()


class Ref(NamedTuple):
    """One node of the graph: a termination, or a cable."""

    kind: str
    id: uuid.UUID

    def __str__(self) -> str:
        return f"{self.kind}:{self.id}"


class CableEnd(NamedTuple):
    """The cable attached to a termination, seen from that termination."""

    cable: Ref
    connected: bool  # the cable's status is Connected (planned or decommissioning cables are not)
    far: Ref  # the termination at the cable's other end


class CableGraph(Protocol):
    """Read access to the cable graph. Each method answers for one node; None means 'nothing there'."""

    def is_endpoint(self, kind: str) -> bool:
        """A path may start and end at a termination of this kind."""
        ...

    def crosses(self, kind: str) -> bool:
        """A path reaching a termination of this kind crosses to its far side (see `far_side`)."""
        ...

    def cable_end(self, termination: Ref) -> CableEnd | None:
        """The cable on `termination` and the termination at its other end; None when uncabled."""
        ...

    def rear_port_of(self, front_port: Ref) -> tuple[Ref, int] | None:
        """The rear port a front port maps to and the position it takes on it (1-based)."""
        ...

    def rear_port_positions(self, rear_port: Ref) -> int:
        """How many positions a rear port has (1 for a plain pass-through)."""
        ...

    def front_port_at(self, rear_port: Ref, position: int) -> Ref | None:
        """The front port mapped to `position` of `rear_port`, if there is one."""
        ...

    def far_side(self, termination: Ref) -> Ref | None:
        """The termination on the other side (A ↔ Z) of the crossing `termination` belongs to; None when
        there is no other side yet."""
        ...

    def ends_at(self, termination: Ref) -> bool:
        """True when nothing can be cabled beyond this far side (its app says the path ends there): a
        path that gets there is complete."""
        ...


@dataclass
class MemoryGraph:
    """A `CableGraph` held in dictionaries: what the bulk loader builds and what the tests draw."""

    cables: dict[Ref, CableEnd] = field(default_factory=dict)  # termination → its cable end
    front_to_rear: dict[Ref, tuple[Ref, int]] = field(default_factory=dict)
    rear_positions: dict[Ref, int] = field(default_factory=dict)
    rear_to_front: dict[tuple[Ref, int], Ref] = field(default_factory=dict)
    far_sides: dict[Ref, Ref] = field(default_factory=dict)
    path_ends: set[Ref] = field(default_factory=set)  # far sides a path ends at (see `ends_at`)
    endpoint_kinds: set[str] = field(default_factory=lambda: set(ENDPOINT_KINDS))
    crossing_kinds: set[str] = field(default_factory=lambda: set(CROSSING_KINDS))

    # Building --------------------------------------------------------------------------------------
    def add_cable(self, cable: Ref, a: Ref, b: Ref, *, connected: bool = True) -> None:
        self.cables[a] = CableEnd(cable, connected, b)
        self.cables[b] = CableEnd(cable, connected, a)

    def remove_cable(self, cable: Ref) -> None:
        for termination in [t for t, end in self.cables.items() if end.cable == cable]:
            del self.cables[termination]

    def add_rear_port(self, rear_port: Ref, positions: int = 1) -> None:
        self.rear_positions[rear_port] = positions

    def add_front_port(self, front_port: Ref, rear_port: Ref, position: int = 1) -> None:
        self.front_to_rear[front_port] = (rear_port, position)
        self.rear_to_front[(rear_port, position)] = front_port

    def add_crossing_kind(self, kind: str) -> None:
        """Treat `kind` as an endpoint that paths cross (what registering it does for the database)."""
        self.endpoint_kinds.add(kind)
        self.crossing_kinds.add(kind)

    def add_crossing(self, side_a: Ref, side_z: Ref, *, a_ends_path: bool = False, z_ends_path: bool = False) -> None:
        """The A and Z sides of one crossing; `*_ends_path`: see `ends_at`."""
        self.add_crossing_kind(side_a.kind)
        self.add_crossing_kind(side_z.kind)
        self.far_sides[side_a] = side_z
        self.far_sides[side_z] = side_a
        for side, ends in ((side_a, a_ends_path), (side_z, z_ends_path)):
            if ends:
                self.path_ends.add(side)

    # CableGraph ------------------------------------------------------------------------------------
    def is_endpoint(self, kind: str) -> bool:
        return kind in self.endpoint_kinds

    def crosses(self, kind: str) -> bool:
        return kind in self.crossing_kinds

    def cable_end(self, termination: Ref) -> CableEnd | None:
        return self.cables.get(termination)

    def rear_port_of(self, front_port: Ref) -> tuple[Ref, int] | None:
        return self.front_to_rear.get(front_port)

    def rear_port_positions(self, rear_port: Ref) -> int:
        return self.rear_positions.get(rear_port, 1)

    def front_port_at(self, rear_port: Ref, position: int) -> Ref | None:
        return self.rear_to_front.get((rear_port, position))

    def far_side(self, termination: Ref) -> Ref | None:
        return self.far_sides.get(termination)

    def ends_at(self, termination: Ref) -> bool:
        return termination in self.path_ends

    def cabled_endpoints(self) -> list[Ref]:
        """Every endpoint with a cable: the origins a full rebuild traces."""
        return [t for t in self.cables if t.kind in self.endpoint_kinds]
