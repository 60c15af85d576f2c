"""Cabling through the API: trace, paths, the cable fields of terminations, and cable writes. Each test
draws its topology and checks the whole answer."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from netkeel.circuits import services as circuits
from netkeel.circuits.models import Circuit, CircuitType, Provider
from netkeel.core.testing.api import APIClient
from netkeel.dcim.cabling import service
from netkeel.dcim.models import Cable, CablePath, FrontPort, Interface, RearPort
from netkeel.dcim.tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def site() -> Any:
    return f.location("dc1")


@pytest.fixture
def switch() -> Any:
    return f.device_type("switch", interfaces=4)


@pytest.fixture
def panel() -> Any:
    return f.device_type("panel", rear_ports=1)


def eth(device: Any, index: int = 0) -> Interface:
    return device.interfaces.get(name=f"eth{index}")


def get(api: APIClient, path: str) -> Any:
    response = api.send("GET", path)
    assert response.status_code == 200, response.content
    return response.json()


def interface_json(api: APIClient, iface: Any, depth: int = 0) -> Any:
    return get(api, f"/api/dcim/interfaces/{iface.pk}/?depth={depth}")


def trace(api: APIClient, endpoint: str, obj: Any) -> Any:
    return get(api, f"/api/dcim/{endpoint}/{obj.pk}/trace/")


def assert_element(element: Any, obj: Any, endpoint: str) -> None:
    """A trace element is the object's full representation, with the URL pynautobot picks its class by."""
    assert element is not None
    assert element["id"] == str(obj.pk)
    assert element["object_type"] == f"{obj._meta.app_label}.{obj._meta.model_name}"
    assert element["url"] == f"http://localhost/api/dcim/{endpoint}/{obj.pk}/"
    assert "display" in element and "created" in element


def assert_segments(body: Any, expected: list[tuple[Any, Any, Any]]) -> None:
    assert len(body) == len(expected), body
    endpoints = {
        Interface: "interfaces",
        FrontPort: "front-ports",
        RearPort: "rear-ports",
        Cable: "cables",
    }
    for segment, wanted in zip(body, expected, strict=True):
        assert len(segment) == 3
        for element, obj in zip(segment, wanted, strict=True):
            if obj is None:
                assert element is None
            else:
                assert_element(element, obj, endpoints[type(obj)])


# --------------------------------------------------------------------------------------------- trace


def test_trace_interface_to_interface(api: APIClient, site: Any, switch: Any) -> None:
    """
    [a eth0] ----c1---- [b eth0]
    """
    a0, b0 = eth(f.device("a", switch, site)), eth(f.device("b", switch, site))
    c1 = service.connect(a0, b0)
    body = trace(api, "interfaces", a0)
    assert_segments(body, [(a0, c1, b0)])
    near, cable, far = body[0]
    assert near["device"]["id"] == str(a0.device_id) and far["device"]["id"] == str(b0.device_id)
    assert near["cable"]["id"] == far["cable"]["id"] == str(c1.pk)
    assert near["connected_endpoint"]["id"] == str(b0.pk) and far["connected_endpoint"]["id"] == str(a0.pk)
    assert cable["termination_a_id"] == str(a0.pk) and cable["termination_b_id"] == str(b0.pk)
    assert cable["status"]["url"].endswith(f"/api/extras/statuses/{c1.status_id}/")
    assert_segments(trace(api, "interfaces", b0), [(b0, c1, a0)])


def test_trace_through_a_pair_of_patch_panels(api: APIClient, site: Any, switch: Any, panel: Any) -> None:
    """
    [a eth0]-c1-[p1 front0 | p1 rear0]=c2=[p2 rear0 | p2 front0]-c3-[b eth0]

    Each hop is a segment: the rear port behind a front port starts the next one.
    """
    a0, b0 = eth(f.device("a", switch, site)), eth(f.device("b", switch, site))
    p1, p2 = f.device("p1", panel, site), f.device("p2", panel, site)
    f1, r1, f2, r2 = p1.frontports.get(), p1.rearports.get(), p2.frontports.get(), p2.rearports.get()
    c1, c2, c3 = service.connect(a0, f1), service.connect(r1, r2), service.connect(f2, b0)
    body = trace(api, "interfaces", a0)
    assert_segments(body, [(a0, c1, f1), (r1, c2, r2), (f2, c3, b0)])
    # The front port's cable peer is the interface; the interface's connected endpoint is the far end.
    assert body[0][2]["cable_peer"]["id"] == str(a0.pk)
    assert body[0][2]["cable_peer_type"] == "dcim.interface"
    assert "connected_endpoint" not in body[0][2]  # pass-through ports are not endpoints
    assert body[0][0]["cable_peer"]["id"] == str(f1.pk) and body[0][0]["cable_peer_type"] == "dcim.frontport"
    assert body[0][0]["connected_endpoint"]["id"] == str(b0.pk)
    assert body[1][0]["cable_peer"]["id"] == str(r2.pk)
    assert body[2][2]["connected_endpoint"]["id"] == str(a0.pk)
    assert_segments(trace(api, "interfaces", b0), [(b0, c3, f2), (r2, c2, r1), (f1, c1, a0)])


def test_trace_of_an_uncabled_interface_is_empty(api: APIClient, site: Any, switch: Any) -> None:
    """
    [a eth0]   (no cable)
    """
    assert trace(api, "interfaces", eth(f.device("a", switch, site))) == []


def test_trace_that_stops_at_a_patch_panel(api: APIClient, site: Any, switch: Any, panel: Any) -> None:
    """
    [a eth0]-c1-[p1 front0 | p1 rear0]   (rear uncabled): the last segment is the rear port alone
    """
    a0 = eth(f.device("a", switch, site))
    p1 = f.device("p1", panel, site)
    f1, r1 = p1.frontports.get(), p1.rearports.get()
    c1 = service.connect(a0, f1)
    assert_segments(trace(api, "interfaces", a0), [(a0, c1, f1), (r1, None, None)])
    assert interface_json(api, a0)["connected_endpoint"] is None
    assert interface_json(api, a0)["connected_endpoint_reachable"] is False


def test_trace_of_console_and_power_ports(api: APIClient, site: Any) -> None:
    """
    [dev con0] ---c1--- [cs cs0]        [dev psu0] ---c2--- [pdu out0]
    """
    dev = f.device("dev", f.device_type("server", console_ports=1, power_ports=1), site)
    cs = f.device("cs", f.device_type("console-server", console_server_ports=1), site)
    pdu = f.device("pdu", f.device_type("pdu", power_outlets=1), site)
    con0, cs0, psu0, out0 = (
        dev.consoleports.get(),
        cs.consoleserverports.get(),
        dev.powerports.get(),
        pdu.poweroutlets.get(),
    )
    c1, c2 = service.connect(con0, cs0), service.connect(psu0, out0)
    for endpoint, near, far, cable in (
        ("console-ports", con0, cs0, c1),
        ("console-server-ports", cs0, con0, c1),
        ("power-ports", psu0, out0, c2),
        ("power-outlets", out0, psu0, c2),
    ):
        body = trace(api, endpoint, near)
        assert [[element["id"] for element in segment] for segment in body] == [
            [str(near.pk), str(cable.pk), str(far.pk)]
        ]
        assert body[0][0]["url"].endswith(f"/api/dcim/{endpoint}/{near.pk}/")
        assert body[0][0]["connected_endpoint"]["id"] == str(far.pk)
    assert api.send("GET", f"/api/dcim/front-ports/{con0.pk}/trace/").status_code == 404


def test_trace_across_a_circuit(api: APIClient, switch: Any) -> None:
    """
    [a eth0]-c1-[CID1 side A] ~~~ circuit ~~~ [CID1 side Z]-c2-[b eth0]
    """
    paris, tokyo = f.location("Paris"), f.location("Tokyo")
    a0, b0 = eth(f.device("a", switch, paris)), eth(f.device("b", switch, tokyo))
    kind = CircuitType.objects.create(name="Transit")
    cid = Circuit.objects.create(
        cid="CID1", provider=Provider.objects.create(name="Carrier"), circuit_type=kind, status=f.status("Active")
    )
    side_a = circuits.create_termination(circuit=cid, term_side="A", location=paris)
    side_z = circuits.create_termination(circuit=cid, term_side="Z", location=tokyo)
    c1 = service.connect(a0, side_a)
    assert [[e and e["id"] for e in s] for s in trace(api, "interfaces", a0)] == [
        [str(a0.pk), str(c1.pk), str(side_a.pk)],
        [str(side_z.pk), None, None],
    ]
    c2 = service.connect(side_z, b0)
    body = trace(api, "interfaces", a0)
    assert [[e["id"] for e in s] for s in body] == [
        [str(a0.pk), str(c1.pk), str(side_a.pk)],
        [str(side_z.pk), str(c2.pk), str(b0.pk)],
    ]
    assert body[0][2]["object_type"] == "circuits.circuittermination"
    assert interface_json(api, a0)["connected_endpoint"]["id"] == str(b0.pk)


# --------------------------------------------------------------------------------------------- paths


def test_paths_through_front_and_rear_ports(api: APIClient, site: Any, switch: Any, panel: Any) -> None:
    """
    [a eth0]-c1-[p1 front0 | p1 rear0]=c2=[p2 rear0 | p2 front0]-c3-[b eth0]
    Both directions pass each port.
    """
    a0, b0 = eth(f.device("a", switch, site)), eth(f.device("b", switch, site))
    p1, p2 = f.device("p1", panel, site), f.device("p2", panel, site)
    f1, r1, f2, r2 = p1.frontports.get(), p1.rearports.get(), p2.frontports.get(), p2.rearports.get()
    c1, c2, c3 = service.connect(a0, f1), service.connect(r1, r2), service.connect(f2, b0)
    for endpoint, port in (("front-ports", f1), ("rear-ports", r1), ("rear-ports", r2)):
        body = get(api, f"/api/dcim/{endpoint}/{port.pk}/paths/")
        by_origin = {row["origin"]["id"]: row for row in body}
        assert set(by_origin) == {str(a0.pk), str(b0.pk)}
        forward = by_origin[str(a0.pk)]
        assert forward["origin_type"] == "dcim.interface" and forward["destination_type"] == "dcim.interface"
        assert forward["destination"]["id"] == str(b0.pk)
        assert forward["destination"]["url"].endswith(f"/api/dcim/interfaces/{b0.pk}/")
        assert [node["id"] for node in forward["path"]] == [str(x.pk) for x in (c1, f1, r1, c2, r2, f2, c3, b0)]
        assert forward["path"][1]["object_type"] == "dcim.frontport"
        assert (forward["is_active"], forward["is_split"]) == (True, False)
    spare = FrontPort.objects.create(
        device=p1, name="spare", type="lc", rear_port=RearPort.objects.create(device=p1, name="spare", type="lc")
    )
    assert get(api, f"/api/dcim/front-ports/{spare.pk}/paths/") == []


# --------------------------------------------------------------------------------------------- cable fields


def test_cable_create_shows_on_both_interfaces(api: APIClient, site: Any, switch: Any) -> None:
    """
    [a eth0]   [b eth0]   →  POST /cables/  →   [a eth0] ----c---- [b eth0]
    """
    a0, b0 = eth(f.device("a", switch, site)), eth(f.device("b", switch, site))
    before = interface_json(api, a0)
    assert (before["cable"], before["cable_peer"], before["connected_endpoint"]) == (None, None, None)
    assert before["connected_endpoint_reachable"] is None
    response = api.send(
        "POST",
        "/api/dcim/cables/",
        {
            "termination_a_type": "dcim.interface",
            "termination_a_id": str(a0.pk),
            "termination_b_type": "dcim.interface",
            "termination_b_id": str(b0.pk),
            "status": "Connected",
            "type": "cat6",
            "label": "a-b",
            "color": "aa1409",
            "length": 2.5,
            "length_unit": "m",
        },
    )
    assert response.status_code == 201, response.content
    cable = response.json()
    assert cable["termination_a"]["url"].endswith(f"/api/dcim/interfaces/{a0.pk}/")
    assert cable["terminations"]["b1"]["id"] == str(b0.pk)
    assert cable["type"] == {"value": "cat6", "label": "CAT6"}
    assert cable["length"] == "2.50" and cable["length_unit"]["value"] == "m"
    for near, far in ((a0, b0), (b0, a0)):
        body = interface_json(api, near)
        assert body["cable"]["id"] == cable["id"]
        assert body["cable"]["url"] == cable["url"]
        assert body["cable_peer"]["id"] == str(far.pk) and body["cable_peer_type"] == "dcim.interface"
        assert body["connected_endpoint"]["id"] == str(far.pk)
        assert body["connected_endpoint_type"] == "dcim.interface"
        assert body["connected_endpoint_reachable"] is True
    nested = interface_json(api, a0, depth=1)
    assert nested["cable_peer"]["name"] == "eth0" and nested["cable_peer"]["device"]["id"] == str(b0.device_id)
    assert nested["connected_endpoint"]["cable_peer"]["id"] == str(a0.pk)
    assert nested["cable"]["label"] == "a-b"


def test_cable_on_a_cabled_port_is_refused_and_writes_nothing(api: APIClient, site: Any, switch: Any) -> None:
    """
    [a eth0] ----c1---- [b eth0]
    [c eth0] ---- ? ---- [b eth0]   refused: b eth0 already has a cable
    """
    a0, b0, c0 = (eth(f.device(name, switch, site)) for name in ("a", "b", "c"))
    c1 = service.connect(a0, b0)
    paths = list(CablePath.objects.order_by("id").values_list("origin_id", "path", "is_active"))
    response = api.send(
        "POST",
        "/api/dcim/cables/",
        {
            "termination_a_type": "dcim.interface",
            "termination_a_id": str(c0.pk),
            "termination_b_type": "dcim.interface",
            "termination_b_id": str(b0.pk),
        },
    )
    assert response.status_code == 400, response.content
    assert "already has a cable" in response.json()["termination_b"][0]
    assert list(Cable.objects.values_list("pk", flat=True)) == [c1.pk]
    assert list(CablePath.objects.order_by("id").values_list("origin_id", "path", "is_active")) == paths
    c0.refresh_from_db()
    assert c0.cable_id is None


def test_cable_that_makes_a_loop_is_refused(api: APIClient, site: Any, switch: Any) -> None:
    """
    [a eth0]-c1-[p1 front0-1]\\                 /[p2 front0-1]-c3-.
                            [p1 rear0]=c2=[p2 rear0]                |
               [p1 front0-2]/                 \\[p2 front0-2]       |
                    ^-------------------------------------------------'
    The path from a comes back into p1 through front0-2: a loop.
    """
    trunk = f.device_type("trunk", rear_ports=1, positions=2)
    a0 = eth(f.device("a", switch, site))
    p1, p2 = f.device("p1", trunk, site), f.device("p2", trunk, site)
    service.connect(a0, p1.frontports.get(name="front0-1"))
    service.connect(p1.rearports.get(), p2.rearports.get())
    cables, paths = Cable.objects.count(), list(CablePath.objects.values_list("path", flat=True))
    response = api.send(
        "POST",
        "/api/dcim/cables/",
        {
            "termination_a_type": "dcim.frontport",
            "termination_a_id": str(p2.frontports.get(name="front0-1").pk),
            "termination_b_type": "dcim.frontport",
            "termination_b_id": str(p1.frontports.get(name="front0-2").pk),
        },
    )
    assert response.status_code == 400, response.content
    assert "loop" in response.json()["termination_b"][0]
    assert Cable.objects.count() == cables
    assert list(CablePath.objects.values_list("path", flat=True)) == paths


def test_cable_between_kinds_that_do_not_fit_is_refused(api: APIClient, site: Any, switch: Any) -> None:
    """[a eth0] --?-- [dev psu0]: an interface cannot be cabled to a power port."""
    a0 = eth(f.device("a", switch, site))
    psu0 = f.device("dev", f.device_type("server", power_ports=1), site).powerports.get()
    response = api.send(
        "POST",
        "/api/dcim/cables/",
        {
            "termination_a_type": "dcim.interface",
            "termination_a_id": str(a0.pk),
            "termination_b_type": "dcim.powerport",
            "termination_b_id": str(psu0.pk),
        },
    )
    assert response.status_code == 400 and "termination_b_type" in response.json()
    assert not Cable.objects.exists()


def test_cable_delete_clears_connected_endpoint(api: APIClient, site: Any, switch: Any, panel: Any) -> None:
    """
    [a eth0]-c1-[p1 front0 | p1 rear0]=c2=[p2 rear0 | p2 front0]-c3-[b eth0]
    DELETE c2: both interfaces keep their own cable but reach nothing.
    """
    a0, b0 = eth(f.device("a", switch, site)), eth(f.device("b", switch, site))
    p1, p2 = f.device("p1", panel, site), f.device("p2", panel, site)
    service.connect(a0, p1.frontports.get())
    c2 = service.connect(p1.rearports.get(), p2.rearports.get())
    service.connect(p2.frontports.get(), b0)
    assert interface_json(api, a0)["connected_endpoint"]["id"] == str(b0.pk)
    response = api.send("DELETE", f"/api/dcim/cables/{c2.pk}/")
    assert response.status_code == 204 and response.content == b""
    for iface in (a0, b0):
        body = interface_json(api, iface)
        assert body["cable"] is not None
        assert body["connected_endpoint"] is None and body["connected_endpoint_type"] is None
        assert body["connected_endpoint_reachable"] is False
    rear = get(api, f"/api/dcim/rear-ports/{p1.rearports.get().pk}/")
    assert (rear["cable"], rear["cable_peer"], rear["cable_peer_type"]) == (None, None, None)


def test_cable_delete_of_a_direct_cable(api: APIClient, site: Any, switch: Any) -> None:
    """[a eth0] ----c1---- [b eth0]  → DELETE c1 → both uncabled, trace []"""
    a0, b0 = eth(f.device("a", switch, site)), eth(f.device("b", switch, site))
    c1 = service.connect(a0, b0)
    assert api.send("DELETE", f"/api/dcim/cables/{c1.pk}/").status_code == 204
    body = interface_json(api, a0)
    assert (body["cable"], body["cable_peer"], body["connected_endpoint"]) == (None, None, None)
    assert body["connected_endpoint_reachable"] is None
    assert trace(api, "interfaces", a0) == [] and not CablePath.objects.exists()


def test_cable_status_planned_makes_the_endpoint_unreachable(api: APIClient, site: Any, switch: Any) -> None:
    """[a eth0] ----c1 (Connected → Planned → Connected)---- [b eth0]"""
    a0, b0 = eth(f.device("a", switch, site)), eth(f.device("b", switch, site))
    c1 = service.connect(a0, b0)
    response = api.send("PATCH", f"/api/dcim/cables/{c1.pk}/", {"status": "Planned", "label": "soon"})
    assert response.status_code == 200, response.content
    assert response.json()["label"] == "soon"
    body = interface_json(api, a0)
    assert body["connected_endpoint"]["id"] == str(b0.pk)
    assert body["connected_endpoint_reachable"] is False
    assert get(api, "/api/dcim/interfaces/?connected=true")["count"] == 0
    assert api.send("PATCH", f"/api/dcim/cables/{c1.pk}/", {"status": {"name": "Connected"}}).status_code == 200
    assert interface_json(api, b0)["connected_endpoint_reachable"] is True
    assert get(api, "/api/dcim/interfaces/?connected=true")["count"] == 2


def test_cable_ends_cannot_be_moved(api: APIClient, site: Any, switch: Any) -> None:
    a0, b0 = eth(f.device("a", switch, site)), eth(f.device("b", switch, site))
    c1 = service.connect(a0, b0)
    response = api.send("PATCH", f"/api/dcim/cables/{c1.pk}/", {"termination_b_id": str(eth(b0.device, 1).pk)})
    assert response.status_code == 400 and "termination_b_id" in response.json()
    unchanged = {"termination_a_type": "dcim.interface", "termination_a_id": str(a0.pk)}
    assert api.send("PATCH", f"/api/dcim/cables/{c1.pk}/", unchanged).status_code == 200


def test_cable_options_list_termination_types_and_units(api: APIClient) -> None:
    post = get_options(api, "/api/dcim/cables/")
    kinds = {choice["value"] for choice in post["termination_a_type"]["choices"]}
    assert {
        "dcim.interface",
        "dcim.frontport",
        "dcim.rearport",
        "dcim.powerfeed",
        "circuits.circuittermination",
    } <= kinds
    assert {choice["value"] for choice in post["termination_b_type"]["choices"]} == kinds
    assert {"display": "dcim | front port", "value": "dcim.frontport"} in post["termination_a_type"]["choices"]
    assert {"value": "m", "display": "Meters"} in post["length_unit"]["choices"]
    assert any(choice["value"] == "cat6" for choice in post["type"]["choices"])


def get_options(api: APIClient, path: str) -> Any:
    response = api.send("OPTIONS", path)
    assert response.status_code == 200
    return response.json()["actions"]["POST"]


def test_cable_filters_by_device(api: APIClient, site: Any, switch: Any, panel: Any) -> None:
    """
    [a eth0]-c1-[p1 front0]      [b eth0]-c2-[c eth0]
    """
    a, b, c = (f.device(name, switch, site) for name in ("a", "b", "c"))
    p1 = f.device("p1", panel, site)
    c1, c2 = service.connect(eth(a), p1.frontports.get()), service.connect(eth(b), eth(c))

    def ids(query: str) -> set[str]:
        return {row["id"] for row in get(api, f"/api/dcim/cables/?{query}")["results"]}

    assert ids("device=a") == ids(f"device_id={a.pk}") == ids("device=p1") == {str(c1.pk)}
    assert ids("device=c") == {str(c2.pk)}
    assert ids(f"device=a&device={c.pk}") == {str(c1.pk), str(c2.pk)}
    assert ids("termination_b_type=dcim.frontport") == {str(c1.pk)}


# --------------------------------------------------------------------------------------------- filters


def test_connected_and_has_cable_filters(api: APIClient, site: Any, switch: Any, panel: Any) -> None:
    """
    [a eth0] ----c1---- [b eth0]          connected, cabled
    [a eth1] ----c2 (Planned)---- [b eth1] cabled, not connected
    [a eth2]-c3-[p1 front0 | rear0]        cabled, not connected (no far end)
    [a eth3]   [b eth2]   [b eth3]          uncabled
    """
    a, b = f.device("a", switch, site), f.device("b", switch, site)
    p1 = f.device("p1", panel, site)
    service.connect(eth(a, 0), eth(b, 0))
    service.connect(eth(a, 1), eth(b, 1), status="Planned")
    service.connect(eth(a, 2), p1.frontports.get())

    def names(query: str) -> list[str]:
        rows = get(api, f"/api/dcim/interfaces/?device=a&{query}")["results"]
        return sorted(row["name"] for row in rows)

    assert names("connected=true") == ["eth0"]
    assert names("connected=false") == ["eth1", "eth2", "eth3"]
    assert names("has_cable=true") == names("cabled=true") == ["eth0", "eth1", "eth2"]
    assert names("has_cable=false") == names("cabled=False") == ["eth3"]
    assert names("has_cable=true&connected=false") == ["eth1", "eth2"]
    assert get(api, f"/api/dcim/interfaces/?device_id={b.pk}&connected=true")["count"] == 1
    assert get(api, "/api/dcim/front-ports/?has_cable=true")["count"] == 1


def test_interface_list_queries_do_not_grow_with_cabled_rows(
    api: APIClient, site: Any, switch: Any, panel: Any
) -> None:
    """
    n times:  [a eth]-c-[p front | p rear]=c=[q rear | q front]-c-[b eth]
    Listing every interface and port at depth 0 and 1 costs the same queries for 1 chain as for 4.
    """
    chains = 0

    def add_chains(count: int) -> None:
        nonlocal chains
        for _ in range(count):
            chains += 1
            a, b = f.device(f"a{chains}", switch, site), f.device(f"b{chains}", switch, site)
            p, q = f.device(f"p{chains}", panel, site), f.device(f"q{chains}", panel, site)
            service.connect(eth(a), p.frontports.get())
            service.connect(p.rearports.get(), q.rearports.get())
            service.connect(q.frontports.get(), eth(b))

    def count(path: str) -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert api.send("GET", path).status_code == 200
        return len(ctx)

    paths = [
        f"/api/dcim/{endpoint}/?limit=1000&depth={depth}"
        for endpoint in ("interfaces", "front-ports", "rear-ports", "cables")
        for depth in (0, 1, 2)
    ]
    add_chains(1)
    for path in paths:
        count(path)  # warm the process-wide caches (content types) first
    few = {path: count(path) for path in paths}
    add_chains(3)
    many = {path: count(path) for path in paths}
    assert many == few
    body = get(api, "/api/dcim/interfaces/?limit=1000&depth=1&has_cable=true")
    assert len(body["results"]) == 8
    assert all(row["connected_endpoint"]["name"] == "eth0" for row in body["results"])


# --------------------------------------------------------------------------------------------- components


def test_new_front_port_extends_paths_that_stopped_at_its_rear_port(api: APIClient, site: Any, switch: Any) -> None:
    """
    [a eth0]-c1-[p1 front0-2 | p1 rear0 (2)]=c2=[p2 rear (2) | (no front at position 2)]
    POST a front port on p2 at position 2, then cable it to [b eth0]: a reaches b.
    """
    trunk = f.device_type("trunk", rear_ports=1, positions=2)
    a0, b0 = eth(f.device("a", switch, site)), eth(f.device("b", switch, site))
    p1 = f.device("p1", trunk, site)
    p2 = f.device("p2", f.device_type("bare"), site)
    p2_rear = RearPort.objects.create(device=p2, name="rear", type="mpo", positions=2)
    service.connect(a0, p1.frontports.get(name="front0-2"))
    service.connect(p1.rearports.get(), p2_rear)
    response = api.send(
        "POST",
        "/api/dcim/front-ports/",
        {"device": str(p2.pk), "name": "front-2", "type": "lc", "rear_port": str(p2_rear.pk), "rear_port_position": 2},
    )
    assert response.status_code == 201, response.content
    assert response.json()["rear_port_position"] == 2
    new_front = FrontPort.objects.get(pk=response.json()["id"])
    assert CablePath.objects.get(origin_id=a0.pk).path[-1] == f"dcim.frontport:{new_front.pk}"
    response = api.send(
        "POST",
        "/api/dcim/cables/",
        {
            "termination_a_type": "dcim.frontport",
            "termination_a_id": str(new_front.pk),
            "termination_b_type": "dcim.interface",
            "termination_b_id": str(b0.pk),
        },
    )
    assert response.status_code == 201, response.content
    assert interface_json(api, a0)["connected_endpoint"]["id"] == str(b0.pk)


def test_deleting_a_patch_panel_port_retraces(api: APIClient, site: Any, switch: Any, panel: Any) -> None:
    """
    [a eth0]-c1-[p1 front0 | p1 rear0]=c2=[p2 rear0 | p2 front0]-c3-[b eth0]
    DELETE p2 rear0 (its front port goes with it): a reaches nothing, b is uncabled.
    """
    a0, b0 = eth(f.device("a", switch, site)), eth(f.device("b", switch, site))
    p1, p2 = f.device("p1", panel, site), f.device("p2", panel, site)
    service.connect(a0, p1.frontports.get())
    service.connect(p1.rearports.get(), p2.rearports.get())
    service.connect(p2.frontports.get(), b0)
    assert api.send("DELETE", f"/api/dcim/rear-ports/{p2.rearports.get().pk}/").status_code == 204
    assert not FrontPort.objects.filter(device=p2).exists()
    assert interface_json(api, a0)["connected_endpoint"] is None
    assert interface_json(api, b0)["cable"] is None
    assert trace(api, "interfaces", b0) == []


def test_interface_stays_on_its_device(api: APIClient, site: Any, switch: Any) -> None:
    a, b = f.device("a", switch, site), f.device("b", switch, site)
    response = api.send("PATCH", f"/api/dcim/interfaces/{eth(a).pk}/", {"device": str(b.pk)})
    assert response.status_code == 400 and "device" in response.json()
    assert (
        api.send("PATCH", f"/api/dcim/interfaces/{eth(a).pk}/", {"device": str(a.pk), "mtu": 1500}).status_code == 200
    )


def test_interface_cannot_become_virtual_while_cabled_nor_write_its_cable(
    api: APIClient, site: Any, switch: Any
) -> None:
    a0, b0 = eth(f.device("a", switch, site)), eth(f.device("b", switch, site))
    c1 = service.connect(a0, b0)
    response = api.send("PATCH", f"/api/dcim/interfaces/{a0.pk}/", {"type": "virtual"})
    assert response.status_code == 400 and "type" in response.json()
    assert api.send("PATCH", f"/api/dcim/interfaces/{a0.pk}/", {"cable": None}).status_code == 200
    a0.refresh_from_db()
    assert a0.cable_id == c1.pk  # `cable` is read-only: set by the cabling service alone


def test_interface_lag_and_mac_address(api: APIClient, site: Any, switch: Any) -> None:
    a = f.device("a", switch, site)
    lag = api.send("POST", "/api/dcim/interfaces/", {"device": str(a.pk), "name": "po1", "type": "lag"}).json()
    response = api.send(
        "PATCH",
        f"/api/dcim/interfaces/{eth(a).pk}/",
        {"lag": {"device": {"name": "a"}, "name": "po1"}, "mac_address": "00005e005301"},
    )
    assert response.status_code == 200, response.content
    assert response.json()["lag"]["id"] == lag["id"]
    assert response.json()["mac_address"] == "00:00:5E:00:53:01"
    assert get(api, "/api/dcim/interfaces/?lag=po1")["count"] == 1
    assert get(api, f"/api/dcim/interfaces/?lag_id={lag['id']}")["count"] == 1
    assert get(api, "/api/dcim/interfaces/?kind=virtual")["count"] == 1
    other = f.device("b", switch, site)
    response = api.send("PATCH", f"/api/dcim/interfaces/{eth(other).pk}/", {"lag": lag["id"]})
    assert response.status_code == 400 and "lag" in response.json()
