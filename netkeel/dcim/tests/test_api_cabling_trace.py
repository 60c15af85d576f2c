"""`trace` on path endpoints and `paths` on front and rear ports. Each test draws its topology and checks
every segment."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIRequestFactory, force_authenticate
from rest_framework.utils.encoders import JSONEncoder

from netkeel.circuits import services as circuits
from netkeel.circuits.models import Circuit, CircuitType, Provider
from netkeel.core.testing.api import APIClient, make_user, perm
from netkeel.dcim.api.views_cabling import TraceMixin
from netkeel.dcim.api.views_devices import PowerFeedViewSet
from netkeel.dcim.cabling import service
from netkeel.dcim.models import Cable, FrontPort, Interface, PowerFeed, PowerPanel, RearPort
from netkeel.dcim.tests import factories as f
from netkeel.users.models import User

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
        # As Nautobot's: the nodes between the two ends, neither end among them.
        assert [node["id"] for node in forward["path"]] == [str(x.pk) for x in (c1, f1, r1, c2, r2, f2, c3)]
        assert forward["path"][1]["object_type"] == "dcim.frontport"
        assert (forward["is_active"], forward["is_split"]) == (True, False)
        assert (forward["origin_id"], forward["destination_id"]) == (str(a0.pk), str(b0.pk))
        assert (forward["origin_fans_out"], forward["destination_fans_out"], forward["peer_connector"]) == (
            False,
            False,
            1,
        )
    spare = FrontPort.objects.create(
        device=p1, name="spare", type="lc", rear_port=RearPort.objects.create(device=p1, name="spare", type="lc")
    )
    assert get(api, f"/api/dcim/front-ports/{spare.pk}/paths/") == []


def test_trace_queries_do_not_grow_with_hops(api: APIClient, site: Any, switch: Any, panel: Any) -> None:
    """
    [a eth0]-[p1 f|r]=[p2 r|f]-[b eth0]                       (3 segments)
    [c eth0]-[p3 f|r]=[p4 r|f]-[p5 f|r]=[p6 r|f]-[d eth0]     (5 segments): the same queries
    """
    a0, b0, c0, d0 = (eth(f.device(name, switch, site)) for name in "abcd")
    p = [f.device(f"p{i}", panel, site) for i in range(1, 7)]
    service.connect(a0, p[0].frontports.get())
    service.connect(p[0].rearports.get(), p[1].rearports.get())
    service.connect(p[1].frontports.get(), b0)
    service.connect(c0, p[2].frontports.get())
    service.connect(p[2].rearports.get(), p[3].rearports.get())
    service.connect(p[3].frontports.get(), p[4].frontports.get())
    service.connect(p[4].rearports.get(), p[5].rearports.get())
    service.connect(p[5].frontports.get(), d0)
    trace(api, "interfaces", a0)  # warm the content type caches
    counts = []
    for origin, hops in ((a0, 3), (c0, 5)):
        with CaptureQueriesContext(connection) as ctx:
            assert len(trace(api, "interfaces", origin)) == hops
        counts.append(len(ctx))
    assert counts[0] == counts[1], counts


def test_trace_reduces_what_the_user_may_not_view(api: APIClient, site: Any, switch: Any) -> None:
    """[a eth0] ----c1---- [b eth0], traced by a user who may view interfaces but not cables: the cable is
    a reference, without even its display (its label is not the user's to read)."""
    a0, b0 = eth(f.device("a", switch, site)), eth(f.device("b", switch, site))
    c1 = service.connect(a0, b0)
    token = "c" * 40
    make_user("viewer", perms=(perm(Interface, "view"),), token=token)
    body = APIClient(token=token).send("GET", f"/api/dcim/interfaces/{a0.pk}/trace/").json()
    near, cable, far = body[0]
    assert near["name"] == "eth0" and far["name"] == "eth0"
    assert set(cable) == {"id", "object_type", "url"} and cable["id"] == str(c1.pk)


def test_trace_mixin_on_power_feeds(api: APIClient, site: Any) -> None:
    """
    [panel feed1] ----c1---- [dev psu0]
    `TraceMixin` on the power feed endpoint's viewset.
    """
    psu0 = f.device("dev", f.device_type("server", power_ports=1), site).powerports.get()
    power_panel = PowerPanel.objects.create(name="panel", location=site)
    feed = PowerFeed.objects.create(power_panel=power_panel, name="feed1", status=f.status("Active"))
    c1 = service.connect(feed, psu0)

    viewset: Any = PowerFeedViewSet
    if not issubclass(viewset, TraceMixin):  # until the power feed endpoint takes the mixin itself
        viewset = type("PowerFeedTraceViewSet", (TraceMixin, PowerFeedViewSet), {})
    request = APIRequestFactory().get(f"/api/dcim/power-feeds/{feed.pk}/trace/", HTTP_HOST="localhost")
    force_authenticate(request, user=User.objects.get(username="api-admin"))
    response = viewset.as_view({"get": "trace"})(request, pk=str(feed.pk))
    assert response.status_code == 200, response.data
    near, cable, far = json.loads(json.dumps(response.data, cls=JSONEncoder))[0]
    assert near["id"] == str(feed.pk) and near["object_type"] == "dcim.powerfeed"
    assert cable["id"] == str(c1.pk) and far["id"] == str(psu0.pk)
    assert far["url"].endswith(f"/api/dcim/power-ports/{psu0.pk}/")
    assert far["connected_endpoint"]["id"] == str(feed.pk)
