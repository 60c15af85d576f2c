"""Cabling writes through the API and what they show: cables created, refused, re-statused and deleted;
the cable fields of terminations; the cabling filters; components whose writes move paths. Each test
draws its topology and checks the whole answer."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from netkeel.core.testing.api import APIClient
from netkeel.dcim.cabling import service
from netkeel.dcim.models import Cable, CablePath, FrontPort, RearPort
from netkeel.dcim.tests import factories as f
from netkeel.dcim.tests.test_api_cabling_trace import eth, get, interface_json, panel, site, switch, trace

pytestmark = pytest.mark.django_db

__all__ = ["panel", "site", "switch"]  # fixtures, shared with the trace tests


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
            "length": 3,
            "length_unit": "m",
        },
    )
    assert response.status_code == 201, response.content
    cable = response.json()
    assert cable["termination_a"]["url"].endswith(f"/api/dcim/interfaces/{a0.pk}/")
    assert cable["terminations"]["b1"]["id"] == str(b0.pk)
    assert cable["type"] == {"value": "cat6", "label": "CAT6"}
    assert cable["length"] == 3 and cable["length_unit"]["value"] == "m"
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
        # Depth 2 at a page the render budget serves (core.api.budget): 100 rows, more than the chains make.
        f"/api/dcim/{endpoint}/?limit={1000 if depth < 2 else 100}&depth={depth}"
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
    every = get(api, "/api/dcim/interfaces/")["count"]
    assert get(api, "/api/dcim/interfaces/?kind=physical")["count"] == every - 1
    assert get(api, "/api/dcim/interfaces/?kind=wireless")["count"] == 0
    assert get(api, "/api/dcim/interfaces/?kind=null")["count"] == 0  # Nautobot's choice: no interface is of none
    refused = api.send("GET", "/api/dcim/interfaces/?kind=optical")
    assert refused.status_code == 400 and "kind" in refused.json()
    other = f.device("b", switch, site)
    response = api.send("PATCH", f"/api/dcim/interfaces/{eth(other).pk}/", {"lag": lag["id"]})
    assert response.status_code == 400 and "lag" in response.json()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"length": 3}, "length_unit"),
        # Nautobot's length is a PositiveSmallIntegerField: its validators refuse what is below 0 or above 32767.
        ({"length": -5, "length_unit": "m"}, "length"),
        ({"length": 32768, "length_unit": "m"}, "length"),
        ({"status": "Active"}, "status"),
        ({"color": "AA1409"}, "color"),
        ({"type": "string"}, "type"),
        ({"termination_b_id": "not-a-uuid"}, "termination_b_id"),
        ({"termination_b_type": "dcim.device"}, "termination_b_type"),
    ],
)
def test_bad_cable_input(api: APIClient, site: Any, switch: Any, changes: dict[str, Any], field: str) -> None:
    a0, b0 = eth(f.device("a", switch, site)), eth(f.device("b", switch, site))
    payload = {
        "termination_a_type": "dcim.interface",
        "termination_a_id": str(a0.pk),
        "termination_b_type": "dcim.interface",
        "termination_b_id": str(b0.pk),
        **changes,
    }
    response = api.send("POST", "/api/dcim/cables/", payload)
    assert response.status_code == 400, response.content
    assert field in response.json(), response.json()
    assert not Cable.objects.exists() and not CablePath.objects.exists()


def test_interface_vlans(api: APIClient, site: Any, switch: Any) -> None:
    """Tagged VLANs need mode 'tagged'; a VLAN tied to other locations is refused; leaving 'tagged'
    drops the tagged VLANs."""
    from netkeel.ipam.models import VLAN

    a0 = eth(f.device("a", switch, site))
    active = f.status("Active")
    v10 = VLAN.objects.create(vid=10, name="users", status=active)
    v20 = VLAN.objects.create(vid=20, name="local", status=active)
    v20.locations.add(site)
    v30 = VLAN.objects.create(vid=30, name="elsewhere", status=active)
    v30.locations.add(f.location("elsewhere"))
    path = f"/api/dcim/interfaces/{a0.pk}/"
    refused = api.send("PATCH", path, {"mode": "access", "tagged_vlans": [str(v10.pk)]})
    assert refused.status_code == 400 and "tagged_vlans" in refused.json()
    refused = api.send("PATCH", path, {"mode": "tagged", "tagged_vlans": [str(v30.pk)]})
    assert refused.status_code == 400 and "tagged_vlans" in refused.json()
    refused = api.send("PATCH", path, {"mode": "access", "untagged_vlan": str(v30.pk)})
    assert refused.status_code == 400 and "untagged_vlan" in refused.json()
    done = api.send(
        "PATCH", path, {"mode": "tagged", "untagged_vlan": str(v10.pk), "tagged_vlans": [str(v10.pk), str(v20.pk)]}
    )
    assert done.status_code == 200, done.content
    assert {vlan["id"] for vlan in done.json()["tagged_vlans"]} == {str(v10.pk), str(v20.pk)}
    assert get(api, f"/api/dcim/interfaces/?tagged_vlans={v20.pk}")["count"] == 1
    done = api.send("PATCH", path, {"mode": "access"})
    assert done.status_code == 200 and done.json()["tagged_vlans"] == []
    assert done.json()["untagged_vlan"]["id"] == str(v10.pk)


def test_heavy_many_to_many_fields_are_read_only_when_asked_for(api: APIClient, site: Any, switch: Any) -> None:
    """As in Nautobot 3: a read shows tags but not tagged_vlans unless ?exclude_m2m=false; =true hides
    tags too; writes take tagged_vlans whatever the parameter."""
    from netkeel.ipam.models import VLAN

    a0 = eth(f.device("a", switch, site))
    v10 = VLAN.objects.create(vid=10, name="users", status=f.status("Active"))
    path = f"/api/dcim/interfaces/{a0.pk}/"
    assert api.send("PATCH", path, {"mode": "tagged", "tagged_vlans": [str(v10.pk)]}).status_code == 200
    plain = api.send("GET", path).json()
    assert "tags" in plain and "tagged_vlans" not in plain
    assert [v["id"] for v in api.send("GET", f"{path}?exclude_m2m=false").json()["tagged_vlans"]] == [str(v10.pk)]
    hidden = api.send("GET", f"{path}?exclude_m2m=true").json()
    assert "tags" not in hidden and "tagged_vlans" not in hidden


def test_interface_vrf_and_a_normalised_mac_address(api: APIClient, site: Any, switch: Any) -> None:
    from netkeel.ipam.models import VRF

    a0 = eth(f.device("a", switch, site))
    vrf = VRF.objects.create(name="blue")
    path = f"/api/dcim/interfaces/{a0.pk}/"
    done = api.send("PATCH", path, {"vrf": {"name": "blue"}, "mac_address": "aa-bb-cc-dd-ee-0f"})
    assert done.status_code == 200, done.content
    assert done.json()["vrf"]["id"] == str(vrf.pk) and done.json()["mac_address"] == "AA:BB:CC:DD:EE:0F"
    a0.refresh_from_db()
    assert a0.mac_address == "AA:BB:CC:DD:EE:0F"
    assert get(api, f"/api/dcim/interfaces/?vrf={vrf.pk}")["count"] == 1
