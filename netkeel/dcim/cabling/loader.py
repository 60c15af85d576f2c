"""Fill a `CableGraph` from the database.

`load_full_graph` reads the whole cable graph in a fixed handful of queries (cables, front ports, rear
ports, circuit terminations), for `trace_paths`. `DatabaseGraph` answers node by node with cached
queries, for the retracing a single change needs: its cost follows the length of the affected paths,
never the size of the network.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.db.models import Q

from netkeel.dcim.cabling.graph import CIRCUIT_TERMINATION, FRONT_PORT, REAR_PORT, CableEnd, MemoryGraph, Ref
from netkeel.dcim.cabling.kinds import content_type_id, kind_of_content_type, model_of
from netkeel.dcim.models import Cable, FrontPort, RearPort
from netkeel.dcim.models.cables import CONNECTED


def _cable_rows(queryset: Any) -> Any:
    return queryset.values_list(
        "id", "termination_a_type_id", "termination_a_id", "termination_b_type_id", "termination_b_id", "status__name"
    )


def load_full_graph() -> MemoryGraph:
    graph = MemoryGraph()
    # order_by(): the models' default orderings would make each of these a sort of the whole table.
    for cable_id, a_type, a_id, b_type, b_id, status in _cable_rows(Cable.objects.order_by()).iterator(chunk_size=5000):
        graph.add_cable(
            Ref("dcim.cable", cable_id),
            Ref(kind_of_content_type(a_type), a_id),
            Ref(kind_of_content_type(b_type), b_id),
            connected=status == CONNECTED,
        )
    for rear_id, positions in RearPort.objects.order_by().values_list("id", "positions").iterator(chunk_size=5000):
        graph.add_rear_port(Ref(REAR_PORT, rear_id), positions)
    for front_id, rear_id, position in FrontPort.objects.values_list(
        "id", "rear_port_id", "rear_port_position"
    ).iterator(chunk_size=5000):
        graph.add_front_port(Ref(FRONT_PORT, front_id), Ref(REAR_PORT, rear_id), position)
    _load_circuits(graph)
    return graph


def _load_circuits(graph: MemoryGraph) -> None:
    """Pair the A and Z terminations of each circuit (when the circuits app is installed)."""
    model = model_of(CIRCUIT_TERMINATION)
    if model is None:
        return
    sides: dict[Any, dict[str, tuple[uuid.UUID, bool]]] = {}
    rows = model._default_manager.order_by().values_list("id", "circuit_id", "term_side", "provider_network_id")
    for term_id, circuit_id, side, provider_network_id in rows.iterator(chunk_size=5000):
        sides.setdefault(circuit_id, {})[side] = (term_id, provider_network_id is not None)
    for pair in sides.values():
        if "A" in pair and "Z" in pair:
            a = Ref(CIRCUIT_TERMINATION, pair["A"][0])
            z = Ref(CIRCUIT_TERMINATION, pair["Z"][0])
            graph.add_circuit(a, z)
            for ref, (_, faces_provider) in ((a, pair["A"]), (z, pair["Z"])):
                if faces_provider:
                    graph.provider_network_sides.add(ref)


class DatabaseGraph:
    """A `CableGraph` that queries the database for each node it is asked about, once."""

    def __init__(self) -> None:
        self._cable_ends: dict[Ref, CableEnd | None] = {}
        self._front_to_rear: dict[Ref, tuple[Ref, int] | None] = {}
        self._rear_positions: dict[Ref, int] = {}
        self._rear_fronts: dict[Ref, dict[int, Ref]] = {}
        self._circuit_sides: dict[Ref, tuple[Ref | None, bool]] = {}

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
                cable_id, a_type, a_id, b_type, b_id, status = row
                a = Ref(kind_of_content_type(a_type), a_id)
                b = Ref(kind_of_content_type(b_type), b_id)
                end = CableEnd(Ref("dcim.cable", cable_id), status == CONNECTED, b if a == termination else a)
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

    def _circuit_side(self, termination: Ref) -> tuple[Ref | None, bool]:
        if termination not in self._circuit_sides:
            model = model_of(CIRCUIT_TERMINATION)
            peer: Ref | None = None
            faces_provider = False
            if model is not None:
                this = model._default_manager.filter(pk=termination.id).values_list("circuit_id", "term_side").first()
                if this is not None:
                    other = (
                        model._default_manager.filter(circuit_id=this[0])
                        .exclude(term_side=this[1])
                        .values_list("id", "provider_network_id")
                        .first()
                    )
                    if other is not None:
                        peer = Ref(CIRCUIT_TERMINATION, other[0])
                        self._circuit_sides[peer] = (termination, other[1] is not None)
                own = model._default_manager.filter(pk=termination.id).values_list("provider_network_id", flat=True)
                faces_provider = own.first() is not None
            self._circuit_sides[termination] = (peer, faces_provider)
        return self._circuit_sides[termination]

    def circuit_far_side(self, termination: Ref) -> Ref | None:
        return self._circuit_side(termination)[0]

    def faces_provider_network(self, termination: Ref) -> bool:
        if termination in self._circuit_sides:
            return self._circuit_sides[termination][1]
        return self._circuit_side(termination)[1]
