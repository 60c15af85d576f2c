"""Fill a `CableGraph` from the database.

`load_full_graph` reads the whole cable graph in a fixed handful of queries (cables, front ports, rear
ports, and the sides of each registered crossing kind), for `trace_paths`. `DatabaseGraph` answers node
by node with cached queries, for the retracing a single change needs: its cost follows the length of the
affected paths, never the size of the network.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from netkeel.dcim.cabling.graph import (
    CABLE,
    CROSSING_KINDS,
    ENDPOINT_KINDS,
    FRONT_PORT,
    REAR_PORT,
    CableEnd,
    MemoryGraph,
    Ref,
)
from netkeel.dcim.cabling.kinds import Crossing, content_type_id, crossings
from netkeel.dcim.cabling.read import CABLE_END_FIELDS, ends_of_row, far_end
from netkeel.dcim.models import Cable, FrontPort, RearPort
from netkeel.dcim.models.cables import CONNECTED


def _cable_rows(queryset: Any) -> Any:
    return queryset.values_list("id", *CABLE_END_FIELDS, "status__name")


def load_full_graph() -> MemoryGraph:
    graph = MemoryGraph()
    # order_by(): the models' default orderings would make each of these a sort of the whole table.
    # Unpacked by name: a starred unpacking costs a third more on this loop over every cable.
    for cable_id, a_type, a_id, b_type, b_id, status in _cable_rows(Cable.objects.order_by()).iterator(chunk_size=5000):
        a, b = ends_of_row(a_type, a_id, b_type, b_id)
        graph.add_cable(Ref(CABLE, cable_id), a, b, connected=status == CONNECTED)
    for rear_id, positions in RearPort.objects.order_by().values_list("id", "positions").iterator(chunk_size=5000):
        graph.add_rear_port(Ref(REAR_PORT, rear_id), positions)
    for front_id, rear_id, position in FrontPort.objects.values_list(
        "id", "rear_port_id", "rear_port_position"
    ).iterator(chunk_size=5000):
        graph.add_front_port(Ref(FRONT_PORT, front_id), Ref(REAR_PORT, rear_id), position)
    _load_crossings(graph)
    return graph


def _load_crossings(graph: MemoryGraph) -> None:
    """Pair the sides of every registered crossing kind (its A and Z sides)."""
    for kind, crossing in crossings().items():
        for a, z in crossing.all_pairs():
            graph.add_crossing(Ref(kind, a.id), Ref(kind, z.id), a_ends_path=a.ends_path, z_ends_path=z.ends_path)


class DatabaseGraph:
    """A `CableGraph` that queries the database for each node it is asked about, once."""

    def __init__(self) -> None:
        self._cable_ends: dict[Ref, CableEnd | None] = {}
        self._front_to_rear: dict[Ref, tuple[Ref, int] | None] = {}
        self._rear_positions: dict[Ref, int] = {}
        self._rear_fronts: dict[Ref, dict[int, Ref]] = {}
        self._far_sides: dict[Ref, tuple[Ref | None, bool]] = {}
        self._crossings: dict[str, Crossing] = crossings()

    def is_endpoint(self, kind: str) -> bool:
        return kind in ENDPOINT_KINDS

    def crosses(self, kind: str) -> bool:
        return kind in CROSSING_KINDS

    def cable_end(self, termination: Ref) -> CableEnd | None:
        if termination not in self._cable_ends:
            type_id = content_type_id(termination.kind)
            row = (
                _cable_rows(
                    Cable.objects.filter(
                        Q(termination_a_type_id=type_id, termination_a_id=termination.id)
                        | Q(termination_b_type_id=type_id, termination_b_id=termination.id)
                    )
                )
                .order_by()
                .first()
            )
            end = None
            if row is not None:
                cable_id, *ends, status = row
                end = CableEnd(Ref(CABLE, cable_id), status == CONNECTED, far_end(ends_of_row(*ends), termination.id))
            self._cable_ends[termination] = end
        return self._cable_ends[termination]

    def rear_port_of(self, front_port: Ref) -> tuple[Ref, int] | None:
        if front_port not in self._front_to_rear:
            row = (
                FrontPort.objects.filter(pk=front_port.id)
                .order_by()
                .values_list("rear_port_id", "rear_port_position")
                .first()
            )
            self._front_to_rear[front_port] = (Ref(REAR_PORT, row[0]), row[1]) if row else None
        return self._front_to_rear[front_port]

    def rear_port_positions(self, rear_port: Ref) -> int:
        if rear_port not in self._rear_positions:
            positions = RearPort.objects.filter(pk=rear_port.id).order_by().values_list("positions", flat=True).first()
            self._rear_positions[rear_port] = positions or 1
        return self._rear_positions[rear_port]

    def front_port_at(self, rear_port: Ref, position: int) -> Ref | None:
        if rear_port not in self._rear_fronts:
            # All of a rear port's front ports at once: a trunk is usually walked for many positions.
            self._rear_fronts[rear_port] = {
                pos: Ref(FRONT_PORT, front_id)
                for front_id, pos in FrontPort.objects.filter(rear_port_id=rear_port.id)
                .order_by()
                .values_list("id", "rear_port_position")
            }
        return self._rear_fronts[rear_port].get(position)

    def _far_side(self, termination: Ref) -> tuple[Ref | None, bool]:
        if termination not in self._far_sides:
            crossing = self._crossings.get(termination.kind)
            peer: Ref | None = None
            ends_path = False
            if crossing is not None:
                side, ends_path = crossing.far_side(termination.id)
                if side is not None:
                    peer = Ref(termination.kind, side.id)
                    self._far_sides[peer] = (termination, side.ends_path)
            self._far_sides[termination] = (peer, ends_path)
        return self._far_sides[termination]

    def far_side(self, termination: Ref) -> Ref | None:
        return self._far_side(termination)[0]

    def ends_at(self, termination: Ref) -> bool:
        return self._far_side(termination)[1]
