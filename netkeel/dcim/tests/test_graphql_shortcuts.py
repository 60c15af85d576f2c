"""Nautobot's per-kind cable shortcuts in GraphQL (`cable_peer_<kind>`, `connected_<kind>`): the far end the
unions (`cable_peer`, `connected_endpoint`) give, typed as one kind and null when it is of another, read
within the user's permissions.

    a.eth0 ──cable── b.eth0
    a.eth1 ──cable── panel.front0 ┄ panel.rear0 ──cable── b.eth1
    a.psu0 ──cable── pdu.out0
"""

from __future__ import annotations

from typing import Any

import pytest

from netkeel.core.testing.api import APIClient, make_user, perm
from netkeel.dcim.cabling import service
from netkeel.dcim.models import Device, FrontPort, Interface, PowerOutlet, PowerPort, RearPort
from netkeel.dcim.tests import factories

pytestmark = pytest.mark.django_db

INTERFACES = """
{
  interfaces(device: ["a"]) {
    name
    cable_peer_interface { name device { name } }
    cable_peer_front_port { name }
    cable_peer_rear_port { name }
    cable_peer_circuit_termination { id }
    connected_interface { name device { name } }
    connected_circuit_termination { id }
  }
}
"""
POWER = """
{ power_ports { name connected_power_outlet { name } connected_power_feed { id } cable_peer_power_outlet { name } } }
"""


@pytest.fixture
def cabled(db: Any) -> None:
    site = factories.location("site-1")
    a = factories.device("a", factories.device_type(interfaces=2, power_ports=1), site)
    b = factories.device("b", factories.device_type(interfaces=2), site)
    panel = factories.device("panel", factories.device_type(rear_ports=1), site)
    pdu = factories.device("pdu", factories.device_type(power_outlets=1), site)

    def interface(device: Device, name: str) -> Interface:
        return Interface.objects.get(device=device, name=name)

    service.connect(interface(a, "eth0"), interface(b, "eth0"))
    service.connect(interface(a, "eth1"), FrontPort.objects.get(device=panel, name="front0"))
    service.connect(RearPort.objects.get(device=panel, name="rear0"), interface(b, "eth1"))
    service.connect(PowerPort.objects.get(device=a, name="psu0"), PowerOutlet.objects.get(device=pdu, name="out0"))


def test_shortcuts_give_the_far_end_of_their_kind_only(api: APIClient, cabled: None) -> None:
    body = api.send("POST", "/api/graphql/", {"query": INTERFACES}).json()
    assert "errors" not in body, body
    eth0, eth1 = body["data"]["interfaces"]
    assert eth0 == {
        "name": "eth0",
        "cable_peer_interface": {"name": "eth0", "device": {"name": "b"}},
        "cable_peer_front_port": None,
        "cable_peer_rear_port": None,
        "cable_peer_circuit_termination": None,
        "connected_interface": {"name": "eth0", "device": {"name": "b"}},
        "connected_circuit_termination": None,
    }
    assert eth1 == {
        "name": "eth1",
        "cable_peer_interface": None,
        "cable_peer_front_port": {"name": "front0"},
        "cable_peer_rear_port": None,
        "cable_peer_circuit_termination": None,
        "connected_interface": {"name": "eth1", "device": {"name": "b"}},  # through the panel
        "connected_circuit_termination": None,
    }
    power = api.send("POST", "/api/graphql/", {"query": POWER}).json()["data"]["power_ports"]
    assert power == [
        {"name": "psu0", "connected_power_outlet": {"name": "out0"}, "connected_power_feed": None,
         "cable_peer_power_outlet": {"name": "out0"}}
    ]  # fmt: skip


def test_shortcuts_show_nothing_the_user_may_not_view(cabled: None) -> None:
    make_user("ports-only", perms=(perm(PowerPort, "view"), perm(Interface, "view")), token="c" * 40)
    client = APIClient(token="c" * 40)
    power = client.send("POST", "/api/graphql/", {"query": POWER}).json()["data"]["power_ports"]
    assert power == [{"name": "psu0", "connected_power_outlet": None, "connected_power_feed": None,
                      "cable_peer_power_outlet": None}]  # fmt: skip
    eth1 = client.send("POST", "/api/graphql/", {"query": INTERFACES}).json()["data"]["interfaces"][1]
    assert eth1["cable_peer_front_port"] is None  # a front port: not viewable
    assert eth1["connected_interface"] == {"name": "eth1", "device": None}  # an interface: viewable; its device not
