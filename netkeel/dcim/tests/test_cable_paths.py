"""Cable paths through the services, against the database. Each test draws its topology and checks the
whole stored path: every node in order, the far end, active and split."""

from __future__ import annotations

from typing import Any

import pytest

from netkeel.dcim import services
from netkeel.dcim.cabling import service
from netkeel.dcim.cabling.kinds import ref_of
from netkeel.dcim.models import Cable, CablePath, CablePathNode
from netkeel.dcim.tests import factories as f

pytestmark = pytest.mark.django_db


def path_of(endpoint: Any) -> CablePath | None:
    return CablePath.objects.filter(origin_id=endpoint.pk).first()


def assert_path(origin: Any, nodes: list[Any], *, destination: Any, active: bool, split: bool = False) -> None:
    path = path_of(origin)
    assert path is not None, f"no path from {origin}"
    assert path.path == [str(ref_of(node)) for node in nodes]
    assert path.destination_id == (destination.pk if destination is not None else None)
    assert (path.is_active, path.is_split) == (active, split)
    # The node index holds the same nodes in the same order.
    indexed = list(CablePathNode.objects.filter(cable_path=path).order_by("step").values_list("node_id", flat=True))
    assert indexed == [node.pk for node in nodes]


@pytest.fixture
def site() -> Any:
    return f.location()


@pytest.fixture
def switch(site: Any) -> Any:
    return f.device_type("switch", interfaces=4)


def test_direct(site: Any, switch: Any) -> None:
    """
    [a eth0] ----c1---- [b eth0]
    """
    a, b = f.device("a", switch, site), f.device("b", switch, site)
    a0, b0 = a.interfaces.get(name="eth0"), b.interfaces.get(name="eth0")
    c1 = service.connect(a0, b0)
    assert_path(a0, [c1, b0], destination=b0, active=True)
    assert_path(b0, [c1, a0], destination=a0, active=True)
    assert CablePath.objects.count() == 2


def test_console_and_power(site: Any) -> None:
    """
    [dev con0] ---c1--- [cs cs0]        [dev psu0] ---c2--- [pdu out0]
    """
    dev = f.device("dev", f.device_type("server", console_ports=1, power_ports=1), site)
    cs = f.device("cs", f.device_type("console-server", console_server_ports=2), site)
    pdu = f.device("pdu", f.device_type("pdu", power_outlets=2), site)
    con0, cs0 = dev.consoleports.get(), cs.consoleserverports.get(name="cs0")
    psu0, out0 = dev.powerports.get(), pdu.poweroutlets.get(name="out0")
    c1, c2 = service.connect(con0, cs0), service.connect(psu0, out0)
    assert_path(con0, [c1, cs0], destination=cs0, active=True)
    assert_path(cs0, [c1, con0], destination=con0, active=True)
    assert_path(psu0, [c2, out0], destination=out0, active=True)


def test_through_one_patch_panel_pair(site: Any, switch: Any) -> None:
    """
    [a eth0]-c1-[p1 front0 | p1 rear0]-c2-[p2 rear0 | p2 front0]-c3-[b eth0]
    """
    panel = f.device_type("panel", rear_ports=1)
    a, b = f.device("a", switch, site), f.device("b", switch, site)
    p1, p2 = f.device("p1", panel, site), f.device("p2", panel, site)
    a0, b0 = a.interfaces.get(name="eth0"), b.interfaces.get(name="eth0")
    f1, r1, f2, r2 = p1.frontports.get(), p1.rearports.get(), p2.frontports.get(), p2.rearports.get()
    c1 = service.connect(a0, f1)
    assert_path(a0, [c1, f1, r1], destination=None, active=False)
    c2 = service.connect(r1, r2)
    assert_path(a0, [c1, f1, r1, c2, r2, f2], destination=None, active=False)
    c3 = service.connect(f2, b0)
    assert_path(a0, [c1, f1, r1, c2, r2, f2, c3, b0], destination=b0, active=True)
    assert_path(b0, [c3, f2, r2, c2, r1, f1, c1, a0], destination=a0, active=True)


def test_through_two_patch_panel_pairs(site: Any, switch: Any) -> None:
    """
    [a eth0]-c1-[p1 f|r]-c2-[p2 r|f]-c3-[p3 f|r]-c4-[p4 r|f]-c5-[b eth0]
    """
    panel = f.device_type("panel", rear_ports=1)
    a, b = f.device("a", switch, site), f.device("b", switch, site)
    p = [f.device(f"p{i}", panel, site) for i in range(1, 5)]
    fr = [(x.frontports.get(), x.rearports.get()) for x in p]
    a0, b0 = a.interfaces.get(name="eth0"), b.interfaces.get(name="eth0")
    c1 = service.connect(a0, fr[0][0])
    c2 = service.connect(fr[0][1], fr[1][1])
    c3 = service.connect(fr[1][0], fr[2][0])
    c4 = service.connect(fr[2][1], fr[3][1])
    c5 = service.connect(fr[3][0], b0)
    hops = [c1, fr[0][0], fr[0][1], c2, fr[1][1], fr[1][0], c3, fr[2][0], fr[2][1], c4, fr[3][1], fr[3][0], c5, b0]
    assert_path(a0, hops, destination=b0, active=True)
    assert_path(b0, [*reversed(hops[:-1]), a0], destination=a0, active=True)


@pytest.mark.parametrize("positions", [4, 12])
def test_multi_position_trunk(site: Any, positions: int) -> None:
    """
    [a eth(i)]-c(i)-[p1 front0-(i+1)]\\                       /[p2 front0-(i+1)]-d(i)-[b eth(i)]
                                      [p1 rear0]==trunk==[p2 rear0]
    Each position i on one side reaches position i on the other.
    """
    switch = f.device_type("sw", interfaces=positions)
    panel = f.device_type(f"trunk-panel-{positions}", rear_ports=1, positions=positions)
    a, b = f.device("a", switch, site), f.device("b", switch, site)
    p1, p2 = f.device("p1", panel, site), f.device("p2", panel, site)
    r1, r2 = p1.rearports.get(), p2.rearports.get()
    trunk = service.connect(r1, r2)
    near, far = [], []
    for i in range(positions):
        a_if, b_if = a.interfaces.get(name=f"eth{i}"), b.interfaces.get(name=f"eth{i}")
        f1, f2 = p1.frontports.get(name=f"front0-{i + 1}"), p2.frontports.get(name=f"front0-{i + 1}")
        near.append((a_if, service.connect(a_if, f1), f1))
        far.append((b_if, service.connect(f2, b_if), f2))
    for (a_if, ca, f1), (b_if, cb, f2) in zip(near, far, strict=True):
        assert_path(a_if, [ca, f1, r1, trunk, r2, f2, cb, b_if], destination=b_if, active=True)
        assert_path(b_if, [cb, f2, r2, trunk, r1, f1, ca, a_if], destination=a_if, active=True)


def test_split_path(site: Any, switch: Any) -> None:
    """
    [a eth0]-c1-[p1 rear0 (4 positions)]    p1's front ports lead on, but from the rear
    there is no position to follow: the path is split at the rear port.
    """
    panel = f.device_type("panel4", rear_ports=1, positions=4)
    a, p1 = f.device("a", switch, site), f.device("p1", panel, site)
    a0, r1 = a.interfaces.get(name="eth0"), p1.rearports.get()
    c1 = service.connect(a0, r1)
    assert_path(a0, [c1, r1], destination=None, active=False, split=True)


def test_incomplete_path_ends_at_the_uncabled_port(site: Any, switch: Any) -> None:
    """
    [a eth0]-c1-[p1 front0 | p1 rear0]   (nothing on the rear)
    """
    panel = f.device_type("panel", rear_ports=1)
    a, p1 = f.device("a", switch, site), f.device("p1", panel, site)
    a0, f1, r1 = a.interfaces.get(name="eth0"), p1.frontports.get(), p1.rearports.get()
    c1 = service.connect(a0, f1)
    assert_path(a0, [c1, f1, r1], destination=None, active=False)


def test_planned_cable_makes_the_path_inactive_and_back(site: Any, switch: Any) -> None:
    """
    [a eth0]-c1 (planned)-[b eth0]   then c1 becomes Connected
    """
    a, b = f.device("a", switch, site), f.device("b", switch, site)
    a0, b0 = a.interfaces.get(name="eth0"), b.interfaces.get(name="eth0")
    c1 = service.connect(a0, b0, status="Planned")
    assert_path(a0, [c1, b0], destination=b0, active=False)
    service.set_status(c1, "Connected")
    assert_path(a0, [c1, b0], destination=b0, active=True)
    assert_path(b0, [c1, a0], destination=a0, active=True)


def test_cable_delete_updates_the_far_ends(site: Any, switch: Any) -> None:
    """
    [a eth0]-c1-[p1 f|r]-c2-[p2 r|f]-c3-[b eth0]   then c2 is deleted
    """
    panel = f.device_type("panel", rear_ports=1)
    a, b = f.device("a", switch, site), f.device("b", switch, site)
    p1, p2 = f.device("p1", panel, site), f.device("p2", panel, site)
    a0, b0 = a.interfaces.get(name="eth0"), b.interfaces.get(name="eth0")
    f1, r1, f2, r2 = p1.frontports.get(), p1.rearports.get(), p2.frontports.get(), p2.rearports.get()
    c1, c2, c3 = service.connect(a0, f1), service.connect(r1, r2), service.connect(f2, b0)
    service.disconnect(c2)
    assert_path(a0, [c1, f1, r1], destination=None, active=False)
    assert_path(b0, [c3, f2, r2], destination=None, active=False)
    r1.refresh_from_db()
    r2.refresh_from_db()
    assert r1.cable_id is None and r2.cable_id is None
    assert not Cable.objects.filter(pk=c2.pk).exists()
    assert not CablePathNode.objects.filter(node_id=c2.pk).exists()
    # The endpoint's own cable going removes its path entirely.
    service.disconnect(c1)
    assert path_of(a0) is None


def test_device_delete_removes_its_cables_and_updates_far_paths(site: Any, switch: Any) -> None:
    """
    [a eth0]-c1-[p1 f|r]-c2-[p2 r|f]-c3-[b eth0]   then device p2 is deleted
    [a eth1]-c4-[b eth1]                            then device b is deleted
    """
    panel = f.device_type("panel", rear_ports=1)
    a, b = f.device("a", switch, site), f.device("b", switch, site)
    p1, p2 = f.device("p1", panel, site), f.device("p2", panel, site)
    a0, b0, a1, b1 = (x.interfaces.get(name=n) for x, n in ((a, "eth0"), (b, "eth0"), (a, "eth1"), (b, "eth1")))
    f1, r1, f2, r2 = p1.frontports.get(), p1.rearports.get(), p2.frontports.get(), p2.rearports.get()
    c1, c2, c3 = service.connect(a0, f1), service.connect(r1, r2), service.connect(f2, b0)
    c4 = service.connect(a1, b1)

    services.delete_device(p2)
    assert set(Cable.objects.values_list("pk", flat=True)) == {c1.pk, c4.pk}
    assert not CablePathNode.objects.filter(node_id__in=[c2.pk, c3.pk]).exists()
    assert_path(a0, [c1, f1, r1], destination=None, active=False)
    assert path_of(b0) is None
    b0.refresh_from_db()
    assert b0.cable_id is None

    services.delete_device(b)
    assert_path(a0, [c1, f1, r1], destination=None, active=False)
    assert path_of(a1) is None
    assert set(Cable.objects.values_list("pk", flat=True)) == {c1.pk}
    assert not CablePath.objects.filter(origin_id__in=[b0.pk, b1.pk]).exists()


def test_component_delete_retraces_paths_that_ended_at_it(site: Any, switch: Any) -> None:
    """
    [a eth0]-c1-[p1 f|r]-c2-[p2 r|f (uncabled)]   then p2's front port is deleted, then p1's rear
    """
    panel = f.device_type("panel", rear_ports=1)
    a, p1, p2 = f.device("a", switch, site), f.device("p1", panel, site), f.device("p2", panel, site)
    a0 = a.interfaces.get(name="eth0")
    f1, r1, f2, r2 = p1.frontports.get(), p1.rearports.get(), p2.frontports.get(), p2.rearports.get()
    c1, c2 = service.connect(a0, f1), service.connect(r1, r2)
    assert_path(a0, [c1, f1, r1, c2, r2, f2], destination=None, active=False)
    services.delete_component(f2)
    assert_path(a0, [c1, f1, r1, c2, r2], destination=None, active=False)
    services.delete_component(r1)  # takes f1 with it, and both cables
    assert path_of(a0) is None
    assert not Cable.objects.filter(pk__in=[c1.pk, c2.pk]).exists()
    a0.refresh_from_db()
    r2.refresh_from_db()
    assert a0.cable_id is None and r2.cable_id is None


def test_device_with_nested_inventory_items_can_be_deleted(site: Any, switch: Any) -> None:
    from netkeel.dcim.models import Device, InventoryItem

    device = f.device("inv", switch, site)
    card = InventoryItem.objects.create(device=device, name="linecard")
    InventoryItem.objects.create(device=device, name="optic", parent=card)
    services.delete_device(device)
    assert not Device.objects.filter(pk=device.pk).exists()
    assert not InventoryItem.objects.exists()


def test_component_create_and_update_retrace_the_paths_they_move(site: Any, switch: Any) -> None:
    """
    [a eth0]-c1-[p1 front0-1 | p1 rear0 (2)]=c2=[p2 rear (2) | f at position 2]-c3-[b eth0]
    a's path stops at p2's rear (position 1 has no front port) until `f` is remapped to position 1.
    """
    from netkeel.dcim.models import FrontPort, RearPort

    trunk = f.device_type("trunk", rear_ports=1, positions=2)
    a0, b0 = (f.device(name, switch, site).interfaces.get(name="eth0") for name in ("a", "b"))
    p1, p2 = f.device("p1", trunk, site), f.device("p2", f.device_type("bare"), site)
    f1, r1 = p1.frontports.get(name="front0-1"), p1.rearports.get()
    r2 = services.create_component(RearPort, device=p2, name="rear", type="mpo", positions=2)
    c1, c2 = service.connect(a0, f1), service.connect(r1, r2)
    assert_path(a0, [c1, f1, r1, c2, r2], destination=None, active=False)

    front = services.create_component(FrontPort, device=p2, name="f", type="lc", rear_port=r2, rear_port_position=2)
    c3 = service.connect(front, b0)
    assert_path(b0, [c3, front, r2, c2, r1, p1.frontports.get(name="front0-2")], destination=None, active=False)

    services.update_component(front, rear_port_position=1)
    assert_path(a0, [c1, f1, r1, c2, r2, front, c3, b0], destination=b0, active=True)
    assert_path(b0, [c3, front, r2, c2, r1, f1, c1, a0], destination=a0, active=True)
