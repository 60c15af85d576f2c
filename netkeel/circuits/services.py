"""Circuit writes that change cable paths: adding, moving or removing a termination joins or cuts the two
sides.

A path that reached side A and stopped (no side Z yet) continues once Z exists; removing a side cuts
every path that crossed the circuit. Each function is one transaction and retraces the affected
origins once.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction

from netkeel.circuits.cabling import CIRCUIT_TERMINATION
from netkeel.circuits.models import Circuit, CircuitTermination
from netkeel.dcim.cabling import service as cabling
from netkeel.dcim.cabling.graph import Ref
from netkeel.dcim.cabling.store import origins_through
from netkeel.extras.services import save_changes, set_custom_fields, set_tags


def _sides(circuit_id: Any) -> list[Any]:
    return list(CircuitTermination.objects.filter(circuit_id=circuit_id).values_list("pk", flat=True))


@transaction.atomic
def create_termination(
    *, tags: Iterable[Any] | None = None, custom_fields: Mapping[str, Any] | None = None, **fields: Any
) -> CircuitTermination:
    """Validate and save a circuit termination; paths that stopped at the other side now cross over."""
    termination = CircuitTermination(**fields)
    set_custom_fields(termination, custom_fields, new=True)
    termination.full_clean()
    termination.save(force_insert=True)
    set_tags(termination, tags)
    others = [pk for pk in _sides(termination.circuit_id) if pk != termination.pk]
    origins = origins_through(others) | {Ref(CIRCUIT_TERMINATION, pk) for pk in others}
    cabling.retrace(origins)
    return termination


# What a path across a circuit depends on: which circuit, which side, and whether it faces a provider network.
_CROSSING_FIELDS = ("circuit_id", "term_side", "provider_network_id")


@transaction.atomic
def update_circuit_termination(
    termination: CircuitTermination,
    *,
    tags: Iterable[Any] | None = None,
    custom_fields: Mapping[str, Any] | None = None,
    **changes: Any,
) -> CircuitTermination:
    """Change a circuit termination. Moved to another circuit or side, or between a location and a provider
    network, it retraces every path that crossed or ended at it and at the sides it leaves and joins."""
    cabling.lock_termination(termination)
    before = [getattr(termination, name) for name in _CROSSING_FIELDS]
    old_circuit = termination.circuit_id
    save_changes(termination, changes, tags, custom_fields)  # clean(): a cabled side faces no provider network
    if [getattr(termination, name) for name in _CROSSING_FIELDS] != before:
        sides = {termination.pk, *_sides(old_circuit), *_sides(termination.circuit_id)}
        cabling.retrace(origins_through(sides) | {Ref(CIRCUIT_TERMINATION, pk) for pk in sides})
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
