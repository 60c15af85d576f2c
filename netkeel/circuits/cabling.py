"""Circuit terminations in the cable graph: a path reaching one side of a circuit crosses to the other
(A side to Z side), and ends at a side that faces a provider network (nothing is cabled there, yet the
path is whole), and which takes no cable. Registered with the cable engine from `CircuitsConfig.ready()`.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

from netkeel.dcim.cabling.kinds import Side, TerminationKind

CIRCUIT_TERMINATION = "circuits.circuittermination"


class CircuitCrossing:
    """Reads the two sides of circuits for the cable engine (`netkeel.dcim.cabling.kinds.Crossing`)."""

    def all_pairs(self) -> Iterator[tuple[Side, Side]]:
        from netkeel.circuits.models import CircuitTermination

        sides: dict[uuid.UUID, dict[str, Side]] = {}
        rows = CircuitTermination.objects.order_by().values_list("id", "circuit_id", "term_side", "provider_network_id")
        for term_id, circuit_id, side, provider_network_id in rows.iterator(chunk_size=5000):
            sides.setdefault(circuit_id, {})[side] = Side(term_id, provider_network_id is not None)
        for pair in sides.values():
            if "A" in pair and "Z" in pair:
                yield pair["A"], pair["Z"]

    def far_side(self, termination_id: uuid.UUID) -> tuple[Side | None, bool]:
        from netkeel.circuits.models import CircuitTermination

        terminations = CircuitTermination.objects.order_by()
        this = terminations.filter(pk=termination_id).values_list("circuit_id", "term_side", "provider_network_id")
        row = this.first()
        if row is None:
            return None, False
        circuit_id, term_side, provider_network_id = row
        other = (
            terminations.filter(circuit_id=circuit_id)
            .exclude(term_side=term_side)
            .values_list("id", "provider_network_id")
            .first()
        )
        far = Side(other[0], other[1] is not None) if other is not None else None
        return far, provider_network_id is not None


def refuses_cable(termination: Any) -> str | None:
    """A side facing a provider network ends the path there: it takes no cable."""
    if termination.provider_network_id is not None:
        return f"{termination} faces a provider network and cannot be cabled."
    return None


CIRCUIT_TERMINATION_KIND = TerminationKind(CIRCUIT_TERMINATION, crossing=CircuitCrossing(), refuses_cable=refuses_cable)
