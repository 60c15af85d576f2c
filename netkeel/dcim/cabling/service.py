"""Cabling writes: connect, disconnect, change a cable (its status among the rest), remove terminations.
Each is one transaction and retraces every affected origin exactly once, explicitly (no signals).

Affected origins are found through the path node index: the paths that pass or end at the cable or at
either of its terminations, plus the endpoints at the cable's own ends.

Every write locks the rows it will change before it changes any, in one global order (`lock_for_write`:
cables by primary key, then terminations kind by kind by primary key, then the paths it replaces by
primary key), so concurrent writers queue instead of deadlocking.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Collection, Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from netkeel.dcim.cabling.graph import ENDPOINT_KINDS, Ref
from netkeel.dcim.cabling.kinds import cable_refusal, compatible_kinds, content_type_id, kind_of, model_of, ref_of
from netkeel.dcim.cabling.loader import DatabaseGraph
from netkeel.dcim.cabling.read import cable_ends
from netkeel.dcim.cabling.store import delete_paths, origins_through, replace_paths
from netkeel.dcim.cabling.trace import PathError, TracedPath, trace_path
from netkeel.dcim.choices import NONCONNECTABLE_INTERFACE_TYPES
from netkeel.dcim.models import Cable
from netkeel.dcim.models.cables import CONNECTED
from netkeel.extras.changelog import recorded_assign, recorded_update
from netkeel.extras.models import Status
from netkeel.extras.services import set_custom_fields, set_tags


def retrace(origins: Iterable[Ref]) -> list[TracedPath]:
    """Trace each origin once against the database and store the result; raise on a loop or bad data."""
    unique = set(origins)
    graph = DatabaseGraph()
    paths = []
    for origin in sorted(unique, key=str):
        try:
            path = trace_path(graph, origin)
        except PathError as exc:
            raise ValidationError(_explain(exc)) from None
        if path is not None:
            paths.append(path)
    replace_paths(unique, paths)
    return paths


def _explain(exc: PathError) -> str:
    """The tracer's complaint in the names people use (`eth0 on leaf1`), not kinds and UUIDs."""
    from netkeel.dcim.cabling.read import load_objects
    from netkeel.dcim.cabling.trace import PathLoopError

    found = load_objects([exc.origin, exc.node])
    origin = _describe(found[exc.origin]) if exc.origin in found else str(exc.origin)
    node = _describe(found[exc.node]) if exc.node in found else str(exc.node)
    if isinstance(exc, PathLoopError):
        return f"This cabling makes a loop: the path from {origin} reaches {node} twice."
    return f"The path from {origin} cannot be traced at {node}: {exc}"


def _endpoints(refs: Iterable[Ref]) -> set[Ref]:
    return {ref for ref in refs if ref.kind in ENDPOINT_KINDS}


def _describe(termination: Any) -> str:
    device = getattr(termination, "device", None)
    return f"{termination} on {device}" if device is not None else str(termination)


def _lock(termination: Any) -> Any:
    """Re-read a termination FOR UPDATE so that two connects to the same port cannot both succeed."""
    return type(termination)._default_manager.select_for_update().get(pk=termination.pk)


def lock_for_write(cable_ids: Iterable[uuid.UUID | None], terminations: Iterable[Ref] = ()) -> list[Cable]:
    """Lock, up front and in one order, the rows a cabling write will change: the cables first (by primary
    key), then every termination at their ends and `terminations` (kind by kind in name order, each by
    primary key). Every writer taking its locks this way waits for another instead of deadlocking with it
    (a device deleted while one of its cables is). Returns the cables that still exist."""
    ids = sorted({pk for pk in cable_ids if pk is not None})
    cables = list(Cable.objects.select_for_update().filter(pk__in=ids).order_by("pk")) if ids else []
    by_kind: dict[str, set[uuid.UUID]] = {}
    for ref in [*terminations, *(end for cable in cables for end in terminations_of(cable))]:
        by_kind.setdefault(ref.kind, set()).add(ref.id)
    for kind in sorted(by_kind):
        model = model_of(kind)
        if model is not None:
            rows = model._default_manager.select_for_update().filter(pk__in=by_kind[kind]).order_by("pk")
            list(rows.values_list("pk", flat=True))
    return cables


def lock_termination(termination: Any, *others: Ref) -> None:
    """Lock a termination about to be changed (with its cable, and `others`) as `lock_for_write` does, and
    give the caller's instance the cable it has now: only this service sets it, by a set-based UPDATE, so an
    instance read earlier may not know it, and saving it would undo the cable."""
    manager = type(termination)._default_manager
    current = manager.filter(pk=termination.pk).values_list("cable_id", flat=True).first()
    lock_for_write([current], [ref_of(termination), *others])
    termination.cable_id = manager.filter(pk=termination.pk).values_list("cable_id", flat=True).first()


def validate_terminations(a: Any, b: Any) -> None:
    """Every reason two terminations cannot be joined, as field errors (`termination_a`/`termination_b`)."""
    kind_a, kind_b = kind_of(a), kind_of(b)
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    compatible = compatible_kinds(kind_a)
    if compatible is None:
        add("termination_a_type", f"A {kind_a} cannot be cabled.")
    if compatible_kinds(kind_b) is None:
        add("termination_b_type", f"A {kind_b} cannot be cabled.")
    if errors:
        raise ValidationError(errors)
    if kind_a == kind_b and a.pk == b.pk:
        raise ValidationError({"termination_b": f"A cable cannot connect {_describe(a)} to itself."})
    if compatible is None or kind_b not in compatible:
        add("termination_b_type", f"A {kind_a.split('.')[1]} cannot be cabled to a {kind_b.split('.')[1]}.")
    for field, termination in (("termination_a", a), ("termination_b", b)):
        if kind_of(termination) == "dcim.interface" and termination.type in NONCONNECTABLE_INTERFACE_TYPES:
            add(field, f"{_describe(termination)} is a {termination.type} interface, which cannot be cabled.")
        if getattr(termination, "cable_id", None) is not None:
            add(field, f"{_describe(termination)} already has a cable.")
        if getattr(termination, "destination_panel_id", None) is not None:  # a power feed, as Nautobot has it
            add(field, f"{_describe(termination)} feeds a destination panel: it takes a panel or a cable, not both.")
        refusal = cable_refusal(termination)  # what the app of the termination's kind says
        if refusal is not None:
            add(field, refusal)
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def connect(
    a: Any,
    b: Any,
    *,
    status: Status | str | None = None,
    type: str = "",
    label: str = "",
    color: str = "",
    length: int | None = None,
    length_unit: str = "",
    tenant: Any = None,
    id: uuid.UUID | None = None,
    tags: Iterable[Any] | None = None,
    custom_fields: Mapping[str, Any] | None = None,
) -> Cable:
    """Join termination `a` to termination `b` with a new cable and trace the paths it changes."""
    # Both ends locked in the order every writer uses (see lock_for_write), then read as they are now.
    lock_for_write([], [ref_of(a), ref_of(b)])
    a, b = _lock(a), _lock(b)
    validate_terminations(a, b)
    cable = Cable(
        termination_a_type_id=content_type_id(kind_of(a)),
        termination_a_id=a.pk,
        termination_b_type_id=content_type_id(kind_of(b)),
        termination_b_id=b.pk,
        status=_status(status),
        type=type,
        label=label,
        color=color,
        length=length,
        length_unit=length_unit,
        tenant=tenant,
    )
    if id is not None:
        cable.id = id
    set_custom_fields(cable, custom_fields, new=True)
    cable.full_clean(validate_unique=False, validate_constraints=False)
    if length is not None and not length_unit:
        raise ValidationError({"length_unit": "Give a unit for the cable's length."})
    cable.save(force_insert=True)
    set_tags(cable, tags)
    # Both ends take their cable in an UPDATE per model, recorded in the change log as updates of the ends
    # (from the values just read under lock: no row is read again).
    recorded_assign([a, b], cable=cable)
    origins = _endpoints({ref_of(a), ref_of(b)}) | origins_through([a.pk, b.pk])
    try:
        retrace(origins)
    except ValidationError as exc:
        # The paths this cable would make cannot be traced (a loop): the cable's new end is at fault.
        raise ValidationError({"termination_b": exc.messages}) from None
    return cable


def _status(status: Status | str | None) -> Status:
    name = status.name if isinstance(status, Status) else status or CONNECTED
    chosen: Status = Status.objects.get_offered(Cable, name)
    return chosen


def terminations_of(cable: Cable) -> list[Ref]:
    return list(cable_ends(cable))


def origins_affected_by(cables: list[Cable]) -> set[Ref]:
    ends = [ref for cable in cables for ref in terminations_of(cable)]
    return _endpoints(ends) | origins_through([cable.pk for cable in cables])


@transaction.atomic
def disconnect(cable: Cable) -> None:
    """Delete a cable; the paths that crossed it are retraced (shorter, or gone). A cable another write
    deleted meanwhile (its device's, say) is already gone: nothing is left to do."""
    locked = lock_for_write([cable.pk])
    if not locked:
        return
    origins = origins_affected_by(locked)
    detach_cables(locked)
    retrace(origins)


def detach_cables(cables: list[Cable], going: Collection[uuid.UUID] = ()) -> None:
    """Clear the terminations' `cable` and delete the cables, a few queries per termination kind. The ends
    that stay are recorded in the change log as updates; those `going` (deleted next) are not."""
    by_kind: dict[str, list[uuid.UUID]] = {}
    for cable in cables:
        for ref in terminations_of(cable):
            by_kind.setdefault(ref.kind, []).append(ref.id)
    for kind, ids in by_kind.items():
        model = model_of(kind)
        if model is None:
            continue
        staying = [pk for pk in ids if pk not in going]
        if staying:
            recorded_update(model._default_manager.filter(pk__in=staying), cable=None)
        if len(staying) < len(ids):
            model._default_manager.filter(pk__in=[pk for pk in ids if pk in going]).update(cable=None)
    Cable.objects.filter(pk__in=[cable.pk for cable in cables]).delete()


@transaction.atomic
def remove_terminations(
    ids: Collection[uuid.UUID],
    cable_ids: Iterable[uuid.UUID | None],
    delete: Callable[[], object],
    *,
    neighbours: Iterable[Ref] = (),
) -> None:
    """Delete terminations (a component, a device's parts, a crossing's side) with their cables, and retrace
    every other path that crossed or ended at them once they are gone.

    `ids` are the terminations going, `cable_ids` their cables; `delete` removes the rows (and whatever
    owns them) after their own paths and cables have gone. `neighbours` are endpoints left behind whose
    paths change too (the other sides of a crossing): they and the paths through them are retraced.
    """
    gone = set(ids)
    others = set(neighbours)
    cables = lock_for_write(cable_ids)
    origins = origins_affected_by(cables) | origins_through(gone | {ref.id for ref in others}) | _endpoints(others)
    delete_paths(gone)
    detach_cables(cables, going=gone)
    delete()
    retrace(origin for origin in origins if origin.id not in gone)


@transaction.atomic
def set_status(cable: Cable, status: Status | str) -> Cable:
    """Change a cable's status; the paths over it become active or inactive accordingly."""
    return update_cable(cable, status=status)


@transaction.atomic
def update_cable(
    cable: Cable,
    *,
    status: Status | str | None = None,
    tags: Iterable[Any] | None = None,
    custom_fields: Mapping[str, Any] | None = None,
    **changes: Any,
) -> Cable:
    """Change a cable's own fields (type, label, color, length, status, ...). Its ends stay where they are
    (`Cable.clean` refuses a move: delete it and connect another); a new status retraces the paths over it,
    which become active or inactive accordingly."""
    lock_for_write([cable.pk])
    for name, value in changes.items():
        setattr(cable, name, value)
    old_status = cable.status_id
    if status is not None:
        cable.status = _status(status)
    set_custom_fields(cable, custom_fields, new=False)
    cable.full_clean(validate_unique=False, validate_constraints=False)
    if cable.length is not None and not cable.length_unit:
        raise ValidationError({"length_unit": "Give a unit for the cable's length."})
    cable.save()
    set_tags(cable, tags)
    if cable.status_id != old_status:
        retrace(origins_affected_by([cable]))
    return cable
