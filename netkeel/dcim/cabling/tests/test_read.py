"""Reading cabling back from the database (`netkeel.dcim.cabling.read`): nodes, cable ends, stored paths
and the objects behind refs, a query per kind."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from netkeel.dcim.cabling import read, service
from netkeel.dcim.cabling.graph import CABLE, Ref
from netkeel.dcim.cabling.kinds import ref_of
from netkeel.dcim.models import CablePath
from netkeel.dcim.tests import factories as f

pytestmark = pytest.mark.django_db


def test_parse_node_reads_what_the_store_writes() -> None:
    ref = Ref("dcim.interface", uuid.uuid4())
    assert read.parse_node(str(ref)) == ref


@pytest.fixture
def patched() -> dict[str, Any]:
    """
    [a eth0] ──c1── [a eth1] (not cabled)     [b eth0] ──c1──
    """
    site = f.location()
    switch = f.device_type("switch", interfaces=2)
    a, b = f.device("a", switch, site), f.device("b", switch, site)
    a0, a1, b0 = a.interfaces.get(name="eth0"), a.interfaces.get(name="eth1"), b.interfaces.get(name="eth0")
    cable = service.connect(a0, b0)
    return {"a0": a0, "a1": a1, "b0": b0, "cable": cable}


def test_cable_ends_and_the_far_end(patched: dict[str, Any]) -> None:
    a0, b0, cable = patched["a0"], patched["b0"], patched["cable"]
    ends = read.cable_ends(cable)
    assert ends == (ref_of(a0), ref_of(b0))
    assert read.far_end(ends, a0.pk) == ref_of(b0)
    assert read.far_end(ends, b0.pk) == ref_of(a0)
    assert read.cable_ends_by_id([cable.pk]) == {cable.pk: ends}
    assert read.cable_ends_by_id([]) == {}


def test_one_cable_is_the_segment_known_without_a_path(patched: dict[str, Any]) -> None:
    a0, a1, b0, cable = patched["a0"], patched["a1"], patched["b0"], patched["cable"]
    a0.refresh_from_db()
    assert read.one_cable(a0) == [ref_of(a0), Ref(CABLE, cable.pk), ref_of(b0)]
    assert read.one_cable(a1) == []


def test_decode_path_gives_the_origin_nodes_and_destination(patched: dict[str, Any]) -> None:
    a0, b0, cable = patched["a0"], patched["b0"], patched["cable"]
    path = read.decode_path(CablePath.objects.get(origin_id=a0.pk))
    assert path.refs == [ref_of(a0), Ref(CABLE, cable.pk), ref_of(b0)]
    assert (path.origin, path.nodes, path.destination) == (ref_of(a0), path.refs[1:], ref_of(b0))
    assert (path.is_active, path.is_split, path.stored) == (True, False, True)
    assert read.segments(path.refs) == [[ref_of(a0), Ref(CABLE, cable.pk), ref_of(b0)]]


def test_load_objects_is_one_query_per_kind(patched: dict[str, Any]) -> None:
    a0, a1, b0, cable = patched["a0"], patched["a1"], patched["b0"], patched["cable"]
    refs = [ref_of(a0), ref_of(a1), ref_of(b0), Ref(CABLE, cable.pk), None, Ref("nosuch.app", uuid.uuid4())]
    with CaptureQueriesContext(connection) as queries:
        loaded = read.load_objects(refs, having=[ref_of(a1)])
    assert len(queries) == 2  # interfaces, cables; a kind with no installed app is skipped
    assert loaded == {ref_of(a0): a0, ref_of(b0): b0, Ref(CABLE, cable.pk): cable}

    seen: list[str] = []

    def related(model: Any, kind: str, queryset: Any) -> Any:
        seen.append(kind)
        return queryset.select_related("device")

    with CaptureQueriesContext(connection) as queries:
        loaded = read.load_objects([ref_of(a0)], related=related)
        assert loaded[ref_of(a0)].device.name == "a"
    assert seen == ["dcim.interface"] and len(queries) == 1
