"""Circuit writes that change cable paths: adding or removing a termination joins or cuts the two sides.

A path that reached side A and stopped (no side Z yet) continues once Z exists; removing a side cuts
every path that crossed the circuit. Each function is one transaction and retraces the affected
origins once.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from netkeel.circuits.models import Circuit, CircuitTermination
from netkeel.dcim.cabling import service as cabling
from netkeel.dcim.cabling.graph import CIRCUIT_TERMINATION, Ref
from netkeel.dcim.cabling.store import origins_through


def _sides(circuit_id: Any) -> list[Any]:
    return list(CircuitTermination.objects.filter(circuit_id=circuit_id).values_list("pk", flat=True))


@transaction.atomic
def create_termination(**fields: Any) -> CircuitTermination:
    """Validate and save a circuit termination; paths that stopped at the other side now cross over."""
    termination = CircuitTermination(**fields)
    termination.full_clean()
    termination.save(force_insert=True)
    others = [pk for pk in _sides(termination.circuit_id) if pk != termination.pk]
    origins = origins_through(others) | {Ref(CIRCUIT_TERMINATION, pk) for pk in others}
    cabling.retrace(origins)
    return termination


@transaction.atomic
def delete_termination(termination: CircuitTermination) -> None:
    """Delete one side: its cable goes, and every path that crossed or ended at the circuit is retraced."""
    termination = CircuitTermination.objects.select_for_update().get(pk=termination.pk)
    others = [Ref(CIRCUIT_TERMINATION, pk) for pk in _sides(termination.circuit_id) if pk != termination.pk]
    cabling.remove_terminations([termination.pk], [termination.cable_id], termination.delete, neighbours=others)


@transaction.atomic
def delete_circuit(circuit: Circuit) -> None:
    for termination in list(circuit.circuit_terminations.all()):
        delete_termination(termination)
    circuit.delete()
