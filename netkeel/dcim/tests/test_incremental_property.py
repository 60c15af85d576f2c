"""Incremental retracing (the services) always stores exactly what a full `trace_paths --force` would.

Hypothesis draws sequences of connect, disconnect and status changes over a fixed set of devices and
patch panels; after each sequence the stored paths are compared with a fresh trace of the whole graph.
Each example runs in a savepoint that is rolled back, so examples do not see each other.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netkeel.dcim.cabling import service
from netkeel.dcim.cabling.loader import load_full_graph
from netkeel.dcim.cabling.trace import trace_paths
from netkeel.dcim.models import Cable, CablePath, CablePathNode, RearPort
from netkeel.dcim.tests import factories as f

pytestmark = pytest.mark.django_db


class Rollback(Exception):
    pass


def stored_paths() -> dict[str, tuple[Any, ...]]:
    nodes: dict[Any, list[str]] = {}
    for path_id, node_id in CablePathNode.objects.order_by("cable_path_id", "step").values_list(
        "cable_path_id", "node_id"
    ):
        nodes.setdefault(path_id, []).append(str(node_id))
    stored = {}
    for path in CablePath.objects.all():
        assert nodes.get(path.pk, []) == [node.split(":")[1] for node in path.path], "node index out of step"
        stored[str(path.origin_id)] = (tuple(path.path), str(path.destination_id), path.is_active, path.is_split)
    return stored


def rebuilt_paths() -> dict[str, tuple[Any, ...]]:
    graph = load_full_graph()
    result = trace_paths(graph, graph.cabled_endpoints())
    assert not result.untraced, result.untraced
    return {
        str(p.origin.id): (
            tuple(str(n) for n in p.nodes),
            str(p.destination.id if p.destination else None),
            p.is_active,
            p.is_split,
        )
        for p in result.paths
    }


def balanced(nodes: tuple[str, ...], positions: dict[str, int]) -> bool:
    pushed = popped = 0
    for before, after in zip(nodes, nodes[1:], strict=False):
        kind_before, id_before = before.split(":")
        kind_after, id_after = after.split(":")
        if (kind_before, kind_after) == ("dcim.frontport", "dcim.rearport") and positions[id_after] > 1:
            pushed += 1
        elif (kind_before, kind_after) == ("dcim.rearport", "dcim.frontport") and positions[id_before] > 1:
            popped += 1
    return pushed == popped


@pytest.fixture
def terminations() -> list[Any]:
    """Interfaces of three switches and the ports of a 1-, a 2- and a 4-position panel pair."""
    site = f.location()
    switch = f.device_type("switch", interfaces=4)
    found: list[Any] = []
    for name in ("s1", "s2", "s3"):
        found.extend(f.device(name, switch, site).interfaces.all())
    for positions in (1, 2, 4):
        panel = f.device_type(f"panel{positions}", rear_ports=1, positions=positions)
        for side in ("a", "b"):
            device = f.device(f"p{positions}{side}", panel, site)
            found.extend(device.frontports.all())
            found.extend(device.rearports.all())
    found.extend(circuit_sides(site))
    return found


def circuit_side_ids() -> set[str]:
    from django.apps import apps

    if not apps.is_installed("netkeel.circuits"):
        return set()
    from netkeel.circuits.models import CircuitTermination

    return {str(pk) for pk in CircuitTermination.objects.values_list("pk", flat=True)}


def circuit_sides(site: Any) -> list[Any]:
    """Both sides of one circuit, when the circuits app is installed: paths cross from A to Z."""
    from django.apps import apps

    if not apps.is_installed("netkeel.circuits"):
        return []
    from netkeel.circuits import services as circuit_services
    from netkeel.circuits.models import Circuit, CircuitType, Provider

    circuit = Circuit.objects.create(
        cid="C1",
        provider=Provider.objects.create(name="P"),
        circuit_type=CircuitType.objects.create(name="T"),
        status=f.status(),
    )
    return [circuit_services.create_termination(circuit=circuit, term_side=side, location=site) for side in "AZ"]


operations = st.lists(
    st.one_of(
        st.tuples(st.just("connect"), st.integers(0, 99), st.integers(0, 99), st.booleans()),
        st.tuples(st.just("disconnect"), st.integers(0, 99), st.integers(0, 0), st.booleans()),
        st.tuples(st.just("status"), st.integers(0, 99), st.integers(0, 0), st.booleans()),
    ),
    min_size=1,
    max_size=25,
)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=operations)
def test_incremental_equals_full_rebuild(terminations: list[Any], ops: list[tuple[str, int, int, bool]]) -> None:
    try:
        with transaction.atomic():
            for op, x, y, flag in ops:
                cables = list(Cable.objects.order_by("id"))
                if op == "connect":
                    a = terminations[x % len(terminations)]
                    b = terminations[y % len(terminations)]
                    a.refresh_from_db()
                    b.refresh_from_db()
                    try:
                        service.connect(a, b, status="Connected" if flag else "Planned")
                    except ValidationError:
                        pass  # already cabled, the same port, or a loop: refused and rolled back
                elif op == "disconnect" and cables:
                    service.disconnect(cables[x % len(cables)])
                elif op == "status" and cables:
                    service.set_status(cables[x % len(cables)], "Connected" if flag else "Planned")
            assert stored_paths() == rebuilt_paths()
            # A complete path from A to B means the path from B ends at A, whenever every position the
            # path took at a multi-position rear port is given back at the far one (an unbalanced trunk,
            # 4 positions facing 1, splits on the way back, as in Nautobot and NetBox). A circuit side as
            # origin follows its own cable, not its circuit, so paths to or from one are not mirrored either.
            stored = stored_paths()
            positions = {str(pk): n for pk, n in RearPort.objects.values_list("pk", "positions")}
            sides = circuit_side_ids()
            for origin, (nodes, destination, _, _) in stored.items():
                if destination not in ("None", *sides) and origin not in sides and balanced(nodes, positions):
                    assert stored[destination][1] == origin
            raise Rollback
    except Rollback:
        pass
