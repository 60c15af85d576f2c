"""What the tracer knows of the cable graph: node references and a read-only interface over them.

A node is a `Ref`: the `"app_label.model"` of its kind and its UUID. Cables are nodes too. The tracer
never touches the database; it asks a `CableGraph`, which the loader fills from the ORM and tests fill
by hand (`MemoryGraph`).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import NamedTuple, Protocol

FRONT_PORT = "dcim.frontport"
REAR_PORT = "dcim.rearport"
CABLE = "dcim.cable"
CIRCUIT_TERMINATION = "circuits.circuittermination"

# Kinds a path may start (and end) at. Front and rear ports only pass a path through.
ENDPOINT_KINDS: frozenset[str] = frozenset(
    {
        "dcim.interface",
        "dcim.consoleport",
        "dcim.consoleserverport",
        "dcim.powerport",
        "dcim.poweroutlet",
        "dcim.powerfeed",
        CIRCUIT_TERMINATION,
    }
)
PASS_THROUGH_KINDS: frozenset[str] = frozenset({FRONT_PORT, REAR_PORT})


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

    def circuit_far_side(self, termination: Ref) -> Ref | None:
        """The circuit termination on the other side (A ↔ Z) of the same circuit; None when the circuit
        has no other side yet."""
        ...

    def faces_provider_network(self, termination: Ref) -> bool:
        """True when a circuit termination ends at a provider network: a path that gets there is complete."""
        ...


@dataclass
class MemoryGraph:
    """A `CableGraph` held in dictionaries: what the bulk loader builds and what the tests draw."""

    cables: dict[Ref, CableEnd] = field(default_factory=dict)  # termination → its cable end
    front_to_rear: dict[Ref, tuple[Ref, int]] = field(default_factory=dict)
    rear_positions: dict[Ref, int] = field(default_factory=dict)
    rear_to_front: dict[tuple[Ref, int], Ref] = field(default_factory=dict)
    circuit_peers: dict[Ref, Ref] = field(default_factory=dict)
    provider_network_sides: set[Ref] = field(default_factory=set)

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

    def add_circuit(self, side_a: Ref, side_z: Ref, *, z_faces_provider_network: bool = False) -> None:
        self.circuit_peers[side_a] = side_z
        self.circuit_peers[side_z] = side_a
        if z_faces_provider_network:
            self.provider_network_sides.add(side_z)

    # CableGraph ------------------------------------------------------------------------------------
    def cable_end(self, termination: Ref) -> CableEnd | None:
        return self.cables.get(termination)

    def rear_port_of(self, front_port: Ref) -> tuple[Ref, int] | None:
        return self.front_to_rear.get(front_port)

    def rear_port_positions(self, rear_port: Ref) -> int:
        return self.rear_positions.get(rear_port, 1)

    def front_port_at(self, rear_port: Ref, position: int) -> Ref | None:
        return self.rear_to_front.get((rear_port, position))

    def circuit_far_side(self, termination: Ref) -> Ref | None:
        return self.circuit_peers.get(termination)

    def faces_provider_network(self, termination: Ref) -> bool:
        return termination in self.provider_network_sides

    def cabled_endpoints(self) -> list[Ref]:
        """Every endpoint with a cable: the origins a full rebuild traces."""
        return [t for t in self.cables if t.kind in ENDPOINT_KINDS]
