"""The cable path tracer over hand-drawn graphs: no database, no Django.

Diagrams: `──cN──` is a cable, `══tN══` a trunk cable between rear ports, `┊` the front ↔ rear mapping
inside a patch panel, `f[p]` the front port on position p, `r(n)` a rear port with n positions, and
`≈≈` a crossing between its two sides (the kind of termination an app registers, crossed A side to Z
side).
"""

from __future__ import annotations

import itertools
import uuid

import pytest

from netkeel.dcim.cabling.graph import CABLE, FRONT_PORT, REAR_PORT, MemoryGraph, Ref
from netkeel.dcim.cabling.trace import (
    PathDataError,
    PathLoopError,
    TracedPath,
    TraceResult,
    trace_path,
    trace_paths,
)

INTERFACE = "dcim.interface"
# A termination kind that paths cross to its far side, as an app would register it.
CROSSING = "tests.crossing"

_ids = itertools.count(1)


def node(kind: str) -> Ref:
    # Small integer UUIDs keep a failing assertion readable.
    return Ref(kind, uuid.UUID(int=next(_ids)))


class Topology:
    """A `MemoryGraph` with builders that hand back the refs they make."""

    def __init__(self) -> None:
        self.graph = MemoryGraph()
        self.graph.add_crossing_kind(CROSSING)

    def cable(self, a: Ref, b: Ref, *, connected: bool = True) -> Ref:
        cable = node(CABLE)
        self.graph.add_cable(cable, a, b, connected=connected)
        return cable

    def panel(self, positions: int = 1, *, missing: tuple[int, ...] = ()) -> tuple[Ref, dict[int, Ref]]:
        """A rear port and its front ports by position (leaving out the positions in `missing`)."""
        rear = node(REAR_PORT)
        self.graph.add_rear_port(rear, positions)
        fronts = {p: node(FRONT_PORT) for p in range(1, positions + 1) if p not in missing}
        for position, front in fronts.items():
            self.graph.add_front_port(front, rear, position)
        return rear, fronts

    def crossing(self, *, z_ends_path: bool = False) -> tuple[Ref, Ref]:
        side_a, side_z = node(CROSSING), node(CROSSING)
        self.graph.add_crossing(side_a, side_z, z_ends_path=z_ends_path)
        return side_a, side_z


# Endpoint to endpoint -------------------------------------------------------------------------------


def test_interface_to_interface() -> None:
    """
    if_a ──c1── if_b
    """
    t = Topology()
    if_a, if_b = node(INTERFACE), node(INTERFACE)
    c1 = t.cable(if_a, if_b)

    assert trace_path(t.graph, if_a) == TracedPath(
        origin=if_a, nodes=(c1, if_b), destination=if_b, is_active=True, is_split=False
    )
    assert trace_path(t.graph, if_b) == TracedPath(
        origin=if_b, nodes=(c1, if_a), destination=if_a, is_active=True, is_split=False
    )


def test_console_port_to_console_server_port() -> None:
    """
    console_port ──c1── console_server_port
    """
    t = Topology()
    console, server = node("dcim.consoleport"), node("dcim.consoleserverport")
    c1 = t.cable(console, server)

    assert trace_path(t.graph, console) == TracedPath(
        origin=console, nodes=(c1, server), destination=server, is_active=True, is_split=False
    )
    assert trace_path(t.graph, server) == TracedPath(
        origin=server, nodes=(c1, console), destination=console, is_active=True, is_split=False
    )


def test_power_port_to_power_outlet() -> None:
    """
    power_port ──c1── power_outlet
    """
    t = Topology()
    port, outlet = node("dcim.powerport"), node("dcim.poweroutlet")
    c1 = t.cable(port, outlet)

    assert trace_path(t.graph, port) == TracedPath(
        origin=port, nodes=(c1, outlet), destination=outlet, is_active=True, is_split=False
    )
    assert trace_path(t.graph, outlet) == TracedPath(
        origin=outlet, nodes=(c1, port), destination=port, is_active=True, is_split=False
    )


# Through patch panels -------------------------------------------------------------------------------


def test_through_one_patch_panel_pair() -> None:
    """
    if_a ──c1── f1┊r1 ══t1══ r2┊f2 ──c2── if_b
    """
    t = Topology()
    if_a, if_b = node(INTERFACE), node(INTERFACE)
    r1, f1 = t.panel()
    r2, f2 = t.panel()
    c1 = t.cable(if_a, f1[1])
    t1 = t.cable(r1, r2)
    c2 = t.cable(f2[1], if_b)

    assert trace_path(t.graph, if_a) == TracedPath(
        origin=if_a,
        nodes=(c1, f1[1], r1, t1, r2, f2[1], c2, if_b),
        destination=if_b,
        is_active=True,
        is_split=False,
    )
    assert trace_path(t.graph, if_b) == TracedPath(
        origin=if_b,
        nodes=(c2, f2[1], r2, t1, r1, f1[1], c1, if_a),
        destination=if_a,
        is_active=True,
        is_split=False,
    )


def test_through_two_patch_panel_pairs() -> None:
    """
    if_a ──c1── f1┊r1 ══t1══ r2┊f2 ──c2── f3┊r3 ══t2══ r4┊f4 ──c3── if_b
    """
    t = Topology()
    if_a, if_b = node(INTERFACE), node(INTERFACE)
    (r1, f1), (r2, f2), (r3, f3), (r4, f4) = t.panel(), t.panel(), t.panel(), t.panel()
    c1 = t.cable(if_a, f1[1])
    t1 = t.cable(r1, r2)
    c2 = t.cable(f2[1], f3[1])
    t2 = t.cable(r3, r4)
    c3 = t.cable(f4[1], if_b)

    assert trace_path(t.graph, if_a) == TracedPath(
        origin=if_a,
        nodes=(c1, f1[1], r1, t1, r2, f2[1], c2, f3[1], r3, t2, r4, f4[1], c3, if_b),
        destination=if_b,
        is_active=True,
        is_split=False,
    )
    assert trace_path(t.graph, if_b) == TracedPath(
        origin=if_b,
        nodes=(c3, f4[1], r4, t2, r3, f3[1], c2, f2[1], r2, t1, r1, f1[1], c1, if_a),
        destination=if_a,
        is_active=True,
        is_split=False,
    )


@pytest.mark.parametrize("positions", [4, 12], ids=["4-position", "12-position"])
def test_multi_position_trunk(positions: int) -> None:
    """
    a[p] ──ca[p]── f1[p]┐                        ┌f2[p] ──cb[p]── b[p]
                        ┊r1(n) ══trunk══ r2(n)┊
    for every position p of n: each position leads to the far front port on the same position.
    """
    t = Topology()
    r1, f1 = t.panel(positions)
    r2, f2 = t.panel(positions)
    trunk = t.cable(r1, r2)
    a = {p: node(INTERFACE) for p in f1}
    b = {p: node(INTERFACE) for p in f2}
    ca = {p: t.cable(a[p], f1[p]) for p in f1}
    cb = {p: t.cable(f2[p], b[p]) for p in f2}

    for p in range(1, positions + 1):
        assert trace_path(t.graph, a[p]) == TracedPath(
            origin=a[p],
            nodes=(ca[p], f1[p], r1, trunk, r2, f2[p], cb[p], b[p]),
            destination=b[p],
            is_active=True,
            is_split=False,
        )
        assert trace_path(t.graph, b[p]) == TracedPath(
            origin=b[p],
            nodes=(cb[p], f2[p], r2, trunk, r1, f1[p], ca[p], a[p]),
            destination=a[p],
            is_active=True,
            is_split=False,
        )


def test_position_stack_is_last_in_first_out() -> None:
    """
    if_a ──c1── f1[2]┊r1(4) ──c2── f2[3]┊r2(4) ══t1══ r3(4)┊f3[3] ──c3── r4(4)┊f4[2] ──c4── if_b

    Position 2 is pushed, then 3; r3 pops 3, r4 pops 2.
    """
    t = Topology()
    if_a, if_b = node(INTERFACE), node(INTERFACE)
    (r1, f1), (r2, f2), (r3, f3), (r4, f4) = (t.panel(4) for _ in range(4))
    c1 = t.cable(if_a, f1[2])
    c2 = t.cable(r1, f2[3])
    t1 = t.cable(r2, r3)
    c3 = t.cable(f3[3], r4)
    c4 = t.cable(f4[2], if_b)

    assert trace_path(t.graph, if_a) == TracedPath(
        origin=if_a,
        nodes=(c1, f1[2], r1, c2, f2[3], r2, t1, r3, f3[3], c3, r4, f4[2], c4, if_b),
        destination=if_b,
        is_active=True,
        is_split=False,
    )
    assert trace_path(t.graph, if_b) == TracedPath(
        origin=if_b,
        nodes=(c4, f4[2], r4, c3, f3[3], r3, t1, r2, f2[3], c2, r1, f1[2], c1, if_a),
        destination=if_a,
        is_active=True,
        is_split=False,
    )


def test_split_at_multi_position_rear_port_reached_from_its_rear() -> None:
    """
    if_a ──c1── f1┊r1(1) ══t1══ r2(4)┊f2[1..4]

    Nothing says which of r2's four front ports to take, so the path splits at r2.
    """
    t = Topology()
    if_a = node(INTERFACE)
    r1, f1 = t.panel()
    r2, _ = t.panel(4)
    c1 = t.cable(if_a, f1[1])
    t1 = t.cable(r1, r2)

    assert trace_path(t.graph, if_a) == TracedPath(
        origin=if_a, nodes=(c1, f1[1], r1, t1, r2), destination=None, is_active=False, is_split=True
    )


def test_unbalanced_positions_trace_differently_each_way() -> None:
    """
    if_a ──c1── f1[2]┊r1(4) ══t1══ r2(1)┊f2 ──c2── if_b

    From if_a, r2 has one position so the pushed 2 is never needed and the path completes. From if_b
    nothing is pushed, so r1 is reached from its rear with an empty stack: the path splits (as in NetBox
    and Nautobot). This is why path symmetry only holds when every pushed position is popped.
    """
    t = Topology()
    if_a, if_b = node(INTERFACE), node(INTERFACE)
    r1, f1 = t.panel(4)
    r2, f2 = t.panel(1)
    c1 = t.cable(if_a, f1[2])
    t1 = t.cable(r1, r2)
    c2 = t.cable(f2[1], if_b)

    assert trace_path(t.graph, if_a) == TracedPath(
        origin=if_a, nodes=(c1, f1[2], r1, t1, r2, f2[1], c2, if_b), destination=if_b, is_active=True, is_split=False
    )
    assert trace_path(t.graph, if_b) == TracedPath(
        origin=if_b, nodes=(c2, f2[1], r2, t1, r1), destination=None, is_active=False, is_split=True
    )


# Incomplete and inactive paths ----------------------------------------------------------------------


def test_incomplete_at_uncabled_front_port() -> None:
    """
    if_a ──c1── f1┊r1 ══t1══ r2┊f2 (no cable)
    """
    t = Topology()
    if_a = node(INTERFACE)
    r1, f1 = t.panel()
    r2, f2 = t.panel()
    c1 = t.cable(if_a, f1[1])
    t1 = t.cable(r1, r2)

    assert trace_path(t.graph, if_a) == TracedPath(
        origin=if_a, nodes=(c1, f1[1], r1, t1, r2, f2[1]), destination=None, is_active=False, is_split=False
    )


def test_incomplete_at_uncabled_rear_port() -> None:
    """
    if_a ──c1── f1┊r1 (no cable)
    """
    t = Topology()
    if_a = node(INTERFACE)
    r1, f1 = t.panel()
    c1 = t.cable(if_a, f1[1])

    assert trace_path(t.graph, if_a) == TracedPath(
        origin=if_a, nodes=(c1, f1[1], r1), destination=None, is_active=False, is_split=False
    )


def test_incomplete_at_missing_position() -> None:
    """
    if_a ──c1── f1[3]┊r1(4) ══t1══ r2(4)┊f2[1, 2, 4] (no front port on position 3)
    """
    t = Topology()
    if_a = node(INTERFACE)
    r1, f1 = t.panel(4)
    r2, _ = t.panel(4, missing=(3,))
    c1 = t.cable(if_a, f1[3])
    t1 = t.cable(r1, r2)

    assert trace_path(t.graph, if_a) == TracedPath(
        origin=if_a, nodes=(c1, f1[3], r1, t1, r2), destination=None, is_active=False, is_split=False
    )


def test_planned_cable_makes_path_inactive() -> None:
    """
    if_a ──c1── f1┊r1 ══t1 (planned)══ r2┊f2 ──c2── if_b
    """
    t = Topology()
    if_a, if_b = node(INTERFACE), node(INTERFACE)
    r1, f1 = t.panel()
    r2, f2 = t.panel()
    c1 = t.cable(if_a, f1[1])
    t1 = t.cable(r1, r2, connected=False)
    c2 = t.cable(f2[1], if_b)

    assert trace_path(t.graph, if_a) == TracedPath(
        origin=if_a,
        nodes=(c1, f1[1], r1, t1, r2, f2[1], c2, if_b),
        destination=if_b,
        is_active=False,
        is_split=False,
    )


# Crossings ------------------------------------------------------------------------------------------


def test_crossing_between_interfaces() -> None:
    """
    if_a ──c1── ct_a ≈≈ ct_z ──c2── if_b
    """
    t = Topology()
    if_a, if_b = node(INTERFACE), node(INTERFACE)
    ct_a, ct_z = t.crossing()
    c1 = t.cable(if_a, ct_a)
    c2 = t.cable(ct_z, if_b)

    assert trace_path(t.graph, if_a) == TracedPath(
        origin=if_a, nodes=(c1, ct_a, ct_z, c2, if_b), destination=if_b, is_active=True, is_split=False
    )
    assert trace_path(t.graph, if_b) == TracedPath(
        origin=if_b, nodes=(c2, ct_z, ct_a, c1, if_a), destination=if_a, is_active=True, is_split=False
    )


def test_crossing_side_as_origin_follows_its_cable_not_its_crossing() -> None:
    """
    if_a ──c1── ct_a ≈≈ ct_z ──c2── if_b

    Traced from ct_a, the path is ct_a's own cable to if_a.
    """
    t = Topology()
    if_a, if_b = node(INTERFACE), node(INTERFACE)
    ct_a, ct_z = t.crossing()
    c1 = t.cable(if_a, ct_a)
    t.cable(ct_z, if_b)

    assert trace_path(t.graph, ct_a) == TracedPath(
        origin=ct_a, nodes=(c1, if_a), destination=if_a, is_active=True, is_split=False
    )


def test_crossing_to_a_side_that_ends_the_path() -> None:
    """
    if_a ──c1── ct_a ≈≈ ct_z ⇢ (nothing to cable there: the path ends)
    """
    t = Topology()
    if_a = node(INTERFACE)
    ct_a, ct_z = t.crossing(z_ends_path=True)
    c1 = t.cable(if_a, ct_a)

    assert trace_path(t.graph, if_a) == TracedPath(
        origin=if_a, nodes=(c1, ct_a, ct_z), destination=ct_z, is_active=True, is_split=False
    )


def test_crossing_without_z_side() -> None:
    """
    if_a ──c1── ct_a ≈≈ (no Z side)
    """
    t = Topology()
    if_a, ct_a = node(INTERFACE), node(CROSSING)
    c1 = t.cable(if_a, ct_a)

    assert trace_path(t.graph, if_a) == TracedPath(
        origin=if_a, nodes=(c1, ct_a), destination=None, is_active=False, is_split=False
    )


def test_crossing_with_uncabled_z_side() -> None:
    """
    if_a ──c1── ct_a ≈≈ ct_z (no cable)
    """
    t = Topology()
    if_a = node(INTERFACE)
    ct_a, ct_z = t.crossing()
    c1 = t.cable(if_a, ct_a)

    assert trace_path(t.graph, if_a) == TracedPath(
        origin=if_a, nodes=(c1, ct_a, ct_z), destination=None, is_active=False, is_split=False
    )


# Loops, bad data, many origins ----------------------------------------------------------------------


def _looped_topology() -> tuple[Topology, Ref, Ref]:
    """
    if_a ──c1── f1[1]┊r1(2) ══t1══ r2(2)┊f2[1] ──c2──┐
                                       r2(2)┊f2[2] ───┘   (a patch cord from f2[1] back into f2[2])

    r2 pops 1 to f2[1], the cord brings the path into f2[2], which pushes 2 and leads to r2 again.
    """
    t = Topology()
    if_a = node(INTERFACE)
    r1, f1 = t.panel(2)
    r2, f2 = t.panel(2)
    t.cable(if_a, f1[1])
    t.cable(r1, r2)
    t.cable(f2[1], f2[2])
    return t, if_a, r2


def test_loop_raises_path_loop_error() -> None:
    t, if_a, r2 = _looped_topology()

    with pytest.raises(PathLoopError) as caught:
        trace_path(t.graph, if_a)

    assert (caught.value.origin, caught.value.node) == (if_a, r2)
    message = str(caught.value)
    assert "loop" in message and message.endswith(".") and message.count(". ") == 0


def test_loop_is_reported_as_untraced() -> None:
    t, if_a, r2 = _looped_topology()

    result = trace_paths(t.graph, [if_a])

    assert result.paths == ()
    assert [origin for origin, _ in result.untraced] == [if_a]
    assert "loop" in result.untraced[0][1] and str(r2) in result.untraced[0][1]


def test_front_port_without_rear_port_is_untraced_while_others_are_traced() -> None:
    """
    if_a ──c1── f1 (mapped to no rear port)
    if_b ──c2── if_c
    if_d (no cable)
    """
    t = Topology()
    if_a, if_b, if_c, if_d = (node(INTERFACE) for _ in range(4))
    f1 = node(FRONT_PORT)
    t.cable(if_a, f1)
    c2 = t.cable(if_b, if_c)

    result = trace_paths(t.graph, [if_a, if_b, if_d, if_c])

    assert result == TraceResult(
        paths=(
            TracedPath(origin=if_b, nodes=(c2, if_c), destination=if_c, is_active=True, is_split=False),
            TracedPath(origin=if_c, nodes=(c2, if_b), destination=if_b, is_active=True, is_split=False),
        ),
        untraced=((if_a, f"Front port {f1} is not mapped to a rear port."),),
    )
    with pytest.raises(PathDataError):
        trace_path(t.graph, if_a)


def test_front_port_on_a_position_its_rear_port_lacks_is_bad_data() -> None:
    """
    if_a ──c1── f1[3]┊r1(2)
    """
    t = Topology()
    if_a, f1 = node(INTERFACE), node(FRONT_PORT)
    r1, _ = t.panel(2)
    t.graph.add_front_port(f1, r1, 3)
    t.cable(if_a, f1)

    with pytest.raises(PathDataError, match="takes position 3") as caught:
        trace_path(t.graph, if_a)
    assert (caught.value.origin, caught.value.node) == (if_a, f1)


def test_origin_that_is_not_an_endpoint_is_untraced() -> None:
    t = Topology()
    r1, f1 = t.panel()
    if_a = node(INTERFACE)
    t.cable(if_a, f1[1])

    result = trace_paths(t.graph, [f1[1]])

    assert result.paths == ()
    assert result.untraced == ((f1[1], f"{f1[1]} is not an endpoint, so no path starts there."),)


def test_uncabled_origin_has_no_path() -> None:
    t = Topology()
    if_a = node(INTERFACE)

    assert trace_path(t.graph, if_a) is None
    assert trace_paths(t.graph, [if_a]) == TraceResult(paths=(), untraced=())


def test_each_origin_is_traced_once() -> None:
    t = Topology()
    if_a, if_b = node(INTERFACE), node(INTERFACE)
    c1 = t.cable(if_a, if_b)

    result = trace_paths(t.graph, [if_a, if_a])

    assert result.paths == (
        TracedPath(origin=if_a, nodes=(c1, if_b), destination=if_b, is_active=True, is_split=False),
    )


def test_long_path_does_not_recurse() -> None:
    """
    if_a ──c── f┊r ══t══ r┊f ──c── f┊r ══t══ r┊f ── ... (5,000 panel pairs) ... ── r┊f ──c── if_b
    """
    t = Topology()
    if_a, if_b = node(INTERFACE), node(INTERFACE)
    expected: list[Ref] = []
    near = if_a
    for _ in range(5_000):
        r1, f1 = t.panel()
        r2, f2 = t.panel()
        expected += [t.cable(near, f1[1]), f1[1], r1, t.cable(r1, r2), r2, f2[1]]
        near = f2[1]
    expected += [t.cable(near, if_b), if_b]

    assert trace_path(t.graph, if_a) == TracedPath(
        origin=if_a, nodes=tuple(expected), destination=if_b, is_active=True, is_split=False
    )
