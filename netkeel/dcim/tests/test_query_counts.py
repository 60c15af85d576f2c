"""Query counts are a contract: they follow the work asked for, never the size of the network."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from netkeel.dcim import services
from netkeel.dcim.cabling import service
from netkeel.dcim.cabling.kinds import ref_of
from netkeel.dcim.cabling.loader import DatabaseGraph
from netkeel.dcim.cabling.rebuild import rebuild_paths
from netkeel.dcim.cabling.store import delete_all_paths
from netkeel.dcim.cabling.trace import trace_path
from netkeel.dcim.models import CablePath
from netkeel.dcim.tests import factories as f

pytestmark = pytest.mark.django_db


def build_network(pairs: int) -> list[tuple[Any, Any]]:
    """`pairs` pairs of switches joined through a pair of patch panels each; returns the far interfaces."""
    site = f.location()
    switch = f.device_type(interfaces=2)
    panel = f.device_type(rear_ports=1, positions=4)
    ends = []
    for i in range(pairs):
        a, b = f.device(f"a{i}", switch, site), f.device(f"b{i}", switch, site)
        p, q = f.device(f"p{i}", panel, site), f.device(f"q{i}", panel, site)
        service.connect(a.interfaces.get(name="eth0"), p.frontports.get(name="front0-1"))
        service.connect(p.rearports.get(), q.rearports.get())
        service.connect(q.frontports.get(name="front0-1"), b.interfaces.get(name="eth0"))
        ends.append((a.interfaces.get(name="eth1"), b.interfaces.get(name="eth1")))
    return ends


def count(call: Any) -> int:
    with CaptureQueriesContext(connection) as captured:
        call()
    return len(captured.captured_queries)


def test_connect_and_trace_cost_the_same_on_a_small_and_a_larger_network() -> None:
    # Each network is measured after one connect of its own, so that per-process caches (content types,
    # the webhook table) are as warm for one measurement as for the other.
    small_warm, small_free = build_network(2)[:2]
    service.connect(*small_warm)
    small = count(lambda: service.connect(*small_free))
    small_trace = count(lambda: trace_path(DatabaseGraph(), ref_of(small_free[0])))
    larger_warm, larger_free = build_network(12)[:2]
    service.connect(*larger_warm)
    larger = count(lambda: service.connect(*larger_free))
    larger_trace = count(lambda: trace_path(DatabaseGraph(), ref_of(larger_free[0])))
    assert small == larger
    assert small_trace == larger_trace
    assert larger <= 30, f"connecting one cable took {larger} queries"


def test_retrace_through_a_trunk_is_bounded_by_path_length_not_network_size() -> None:
    build_network(3)
    trunk_path = CablePath.objects.filter(is_active=True).first()
    assert trunk_path is not None
    origin = trunk_path.origin
    assert origin is not None
    # Eight nodes after the origin, each answered by at most one query.
    assert count(lambda: trace_path(DatabaseGraph(), ref_of(origin))) <= len(trunk_path.path) + 2


def test_trace_paths_query_count_does_not_grow_with_origins() -> None:
    build_network(2)
    delete_all_paths()
    few = count(lambda: rebuild_paths(force=True))
    build_network(10)
    delete_all_paths()
    many = count(lambda: rebuild_paths(force=True))
    assert few == many, (few, many)
    assert CablePath.objects.count() == 24  # one path each way through each of the 12 panel pairs
    # Nothing missing: one count per endpoint kind and one of the paths, no graph, no writes.
    up_to_date = count(lambda: rebuild_paths())
    build_network(5)
    assert count(lambda: rebuild_paths()) == up_to_date <= 10


def test_create_device_instantiates_components_in_bulk() -> None:
    site = f.location()
    small = f.device_type(interfaces=2, console_ports=1, power_ports=1)
    big = f.device_type(interfaces=96, console_ports=2, power_ports=4, power_outlets=8, rear_ports=4, positions=4)
    role, status = f.role(), f.status()
    queries_small = count(
        lambda: services.create_device(name="s", device_type=small, role=role, status=status, location=site)
    )
    queries_big = count(
        lambda: services.create_device(name="b", device_type=big, role=role, status=status, location=site)
    )
    assert queries_big - queries_small <= 6  # one read and one insert per extra component kind
