"""Properties of the tracer over random topologies: interfaces, patch panels with 1, 2 and 4-position
rear ports, crossings (A side to Z side), and random cables (connected or planned) between free terminations.

Random cabling can make loops; those origins must come back in `untraced` with a reason naming the
loop, and every other cabled endpoint must have a path.
"""

from __future__ import annotations

import itertools
import uuid

from hypothesis import given, settings
from hypothesis import strategies as st

from netkeel.dcim.cabling.graph import (
    CABLE,
    FRONT_PORT,
    REAR_PORT,
    MemoryGraph,
    Ref,
)
from netkeel.dcim.cabling.trace import TracedPath, trace_paths

INTERFACE = "dcim.interface"
# A termination kind that paths cross to its far side, as an app would register it.
CROSSING = "tests.crossing"

examples = settings(max_examples=200, deadline=None)


@st.composite
def topologies(draw: st.DrawFn) -> MemoryGraph:
    ids = itertools.count(1)

    def new(kind: str) -> Ref:
        return Ref(kind, uuid.UUID(int=next(ids)))

    graph = MemoryGraph()
    graph.add_crossing_kind(CROSSING)
    free = [new(INTERFACE) for _ in range(draw(st.integers(2, 12)))]

    def panel(positions: int) -> Ref:
        rear = new(REAR_PORT)
        graph.add_rear_port(rear, positions)
        missing = draw(st.sets(st.integers(1, positions), max_size=1))  # sometimes a position has no front port
        for position in sorted(set(range(1, positions + 1)) - missing):
            front = new(FRONT_PORT)
            graph.add_front_port(front, rear, position)
            free.append(front)
        return rear

    # Most panels come in pairs trunked rear to rear, as in a rack; random cables alone seldom make a
    # path that gets through a panel and out again. Lone panels get their rear ports cabled at random.
    for _ in range(draw(st.integers(0, 3))):
        positions = draw(st.sampled_from([1, 2, 4]))
        graph.add_cable(new(CABLE), panel(positions), panel(positions), connected=draw(st.booleans()))
    for _ in range(draw(st.integers(0, 2))):
        free.append(panel(draw(st.sampled_from([1, 2, 4]))))

    for _ in range(draw(st.integers(0, 3))):
        side_a = new(CROSSING)
        free.append(side_a)
        z_side = draw(st.sampled_from(["cabled", "absent", "path end"]))
        if z_side != "absent":
            side_z = new(CROSSING)
            graph.add_crossing(side_a, side_z, z_ends_path=z_side == "path end")
            if z_side == "cabled":  # a side that ends paths takes no cable
                free.append(side_z)

    # Pairing off a permutation gives every termination at most one cable.
    order = draw(st.permutations(free))
    for i in range(draw(st.integers(len(order) // 4, len(order) // 2))):
        graph.add_cable(new(CABLE), order[2 * i], order[2 * i + 1], connected=draw(st.booleans()))
    return graph


def trace_everything(graph: MemoryGraph) -> dict[Ref, TracedPath]:
    """Every cabled endpoint's path by origin, after checking that only loops went untraced."""
    origins = graph.cabled_endpoints()
    result = trace_paths(graph, origins)
    for _, reason in result.untraced:
        assert "loop" in reason
    assert sorted([p.origin for p in result.paths] + [o for o, _ in result.untraced]) == sorted(origins)
    return {path.origin: path for path in result.paths}


def steps(path: TracedPath) -> list[tuple[Ref, Ref]]:
    whole = (path.origin, *path.nodes)
    return list(itertools.pairwise(whole))


def positions_balance(graph: MemoryGraph, path: TracedPath) -> bool:
    """Every position pushed at a multi-position rear port was popped at another one."""
    depth = 0
    for near, far in steps(path):
        # Consecutive port nodes are a pass-through inside a panel, never a cable.
        if near.kind == FRONT_PORT and far.kind == REAR_PORT and graph.rear_port_positions(far) > 1:
            depth += 1
        elif near.kind == REAR_PORT and far.kind == FRONT_PORT and graph.rear_port_positions(near) > 1:
            depth -= 1
    return depth == 0


@examples
@given(topologies())
def test_complete_paths_read_the_same_both_ways(graph: MemoryGraph) -> None:
    """A → B complete implies B → A complete over the same nodes reversed.

    Only where every pushed position is popped: a position pushed and never needed on the way out is
    missing on the way back, and the return path splits (see test_trace's unbalanced case). A crossing's
    side as origin follows its own cable while reached as a far end it crosses to the other side, so
    paths starting or ending at one are not mirrors either.
    """
    paths = trace_everything(graph)
    for path in paths.values():
        a, b = path.origin, path.destination
        if b is None or CROSSING in (a.kind, b.kind) or not positions_balance(graph, path):
            continue
        assert paths[b] == TracedPath(
            origin=b,
            nodes=(*reversed(path.nodes[:-1]), a),
            destination=a,
            is_active=path.is_active,
            is_split=False,
        )


@examples
@given(topologies())
def test_active_means_complete_and_every_cable_connected(graph: MemoryGraph) -> None:
    for path in trace_everything(graph).values():
        connected = []
        for near, far in steps(path):
            if far.kind == CABLE:
                end = graph.cable_end(near)
                assert end is not None
                connected.append(end.connected)
        assert path.is_active == (path.destination is not None and all(connected))
        if path.is_split:
            assert path.destination is None and not path.is_active


@examples
@given(topologies())
def test_every_step_of_a_path_is_in_the_graph(graph: MemoryGraph) -> None:
    """Each cable joins its neighbours, each pass-through is a real front/rear mapping taken at the
    position the stack says, each crossing hop joins the two sides, and no node repeats."""
    for path in trace_everything(graph).values():
        whole = (path.origin, *path.nodes)
        assert len(set(whole)) == len(whole)
        assert path.nodes[0].kind == CABLE
        stack: list[int] = []
        for i, (near, far) in enumerate(steps(path)):
            if far.kind == CABLE:
                end = graph.cable_end(near)
                assert end is not None and end.cable == far and whole[i + 2] == end.far
            elif near.kind == CABLE:
                pass  # checked with the cable
            elif (near.kind, far.kind) == (FRONT_PORT, REAR_PORT):
                mapping = graph.rear_port_of(near)
                assert mapping is not None and mapping[0] == far
                if graph.rear_port_positions(far) > 1:
                    stack.append(mapping[1])
            elif (near.kind, far.kind) == (REAR_PORT, FRONT_PORT):
                mapping = graph.rear_port_of(far)
                assert mapping is not None and mapping[0] == near
                expected = stack.pop() if graph.rear_port_positions(near) > 1 else 1
                assert mapping[1] == expected
            else:
                assert near.kind == far.kind == CROSSING
                assert graph.far_side(near) == far

        last = path.nodes[-1]
        if path.destination is not None:
            assert last == path.destination and graph.is_endpoint(last.kind)
        elif path.is_split:
            assert last.kind == REAR_PORT and graph.rear_port_positions(last) > 1 and not stack
        else:
            assert_dead_end(graph, path, stack)


def assert_dead_end(graph: MemoryGraph, path: TracedPath, stack: list[int]) -> None:
    """An incomplete path stops only where the graph offers no way on."""
    near, last = steps(path)[-1]
    if near.kind == CABLE and last.kind == REAR_PORT:
        position = stack.pop() if graph.rear_port_positions(last) > 1 else 1
        assert graph.front_port_at(last, position) is None
    elif near.kind == CABLE:
        assert last.kind == CROSSING and graph.far_side(last) is None
    else:  # reached through a panel or across a crossing, and nothing is cabled there
        assert graph.cable_end(last) is None
        assert not graph.ends_at(last)
