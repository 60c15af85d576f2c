"""Circuit terminations in the cable graph: a path reaching one side of a circuit crosses to the other
(A side to Z side), and ends at a side that faces a provider network (nothing is cabled there, yet the
path is whole), and which takes no cable. A side is cabled to interfaces, front and rear ports and other
circuits' sides. Registered with the cable engine from `CircuitsConfig.ready()`, with how DCIM's pages
draw it: a circuit is a stop of its own in a trace, and a side facing a provider network draws that
network beyond it.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

from netkeel.dcim.cabling.kinds import Beyond, KindDisplay, Side, StopStyle, TerminationKind

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


# ------------------------------------------------------------------------------------------- on pages


def _circuit_lines(circuit: Any) -> tuple[str, str]:
    kind = getattr(circuit, "circuit_type", None)
    return f"Circuit {circuit.cid}", " · ".join(str(part) for part in (circuit.provider, kind) if part)


def _side_text(termination: Any) -> tuple[str, str]:
    where = termination.provider_network if termination.provider_network_id else termination.location
    return f"Side {termination.term_side}", str(where or "")


def _provider_network_beyond(termination: Any) -> Any:
    return termination.provider_network if termination.provider_network_id is not None else None


CIRCUIT_DISPLAY = KindDisplay(
    owner=lambda termination: termination.circuit,
    stop_kind="circuit",
    style=StopStyle(("#e3efff", "#2f6fd6"), _circuit_lines),
    port_text=_side_text,
    short_name=lambda termination: f"side {termination.term_side}",
    end_name=lambda termination: f"circuit {termination.circuit.cid} side {termination.term_side}",
    owner_note=lambda circuit: circuit.provider,
    related=("circuit__provider", "circuit__circuit_type", "location", "provider_network"),
    label_related=("circuit__provider",),
    beyond=Beyond(
        reach=_provider_network_beyond,
        stop_kind="provider-network",
        style=StopStyle(
            ("#eef7ee", "#3c8d40"), lambda network: (str(network), f"Provider network of {network.provider}"), True
        ),
        link_text="provider network",
    ),
)

CIRCUIT_TERMINATION_KIND = TerminationKind(
    CIRCUIT_TERMINATION,
    crossing=CircuitCrossing(),
    refuses_cable=refuses_cable,
    cables_to=frozenset({"dcim.interface", "dcim.frontport", "dcim.rearport", CIRCUIT_TERMINATION}),
    display=CIRCUIT_DISPLAY,
)
