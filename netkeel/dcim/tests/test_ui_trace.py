"""The cable trace page and its SVG: the whole path drawn, through patch panels and circuits, with the
ways a path ends (complete, incomplete, split), the download, permissions and escaping."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

import pytest
from django.test import Client

from netkeel.core.testing.ui import ATTRIBUTE, PAYLOAD, SCRIPT, assert_escaped, make_user, signed_in
from netkeel.dcim import models as dcim
from netkeel.dcim.cabling import service as cabling
from netkeel.dcim.tests import factories as f

pytestmark = pytest.mark.django_db
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def admin(db: Any) -> Client:
    return signed_in(make_user("trace-admin", superuser=True))


def interface(device: dcim.Device, name: str = "eth0") -> dcim.Interface:
    return dcim.Interface.objects.get(device=device, name=name)


def port(model: type[Any], device: dcim.Device, name: str) -> Any:
    return model.objects.get(device=device, name=name)


class Network:
    """
    Two devices joined through two patch panels:

        [a] eth0 ──red "A-P1"── front0 [pp1] rear0 ══trunk "P1-P2"══ rear0 [pp2] front0 ──blue "P2-B"── eth0 [b]
    """

    def __init__(self, names: tuple[str, str] = ("a", "b"), label_a: str = "A-P1") -> None:
        site = f.location()
        server = f.device_type(interfaces=2)
        panel = f.device_type(rear_ports=1)
        self.a = f.device(names[0], server, site)
        self.b = f.device(names[1], server, site)
        self.pp1 = f.device("pp1", panel, site)
        self.pp2 = f.device("pp2", panel, site)
        self.eth_a, self.eth_b = interface(self.a), interface(self.b)
        self.c1 = cabling.connect(self.eth_a, port(dcim.FrontPort, self.pp1, "front0"), label=label_a, color="ff0000")
        self.trunk = cabling.connect(
            port(dcim.RearPort, self.pp1, "rear0"),
            port(dcim.RearPort, self.pp2, "rear0"),
            label="P1-P2",
            type="smf",
            length=12,
            length_unit="m",
        )
        self.c3 = cabling.connect(port(dcim.FrontPort, self.pp2, "front0"), self.eth_b, label="P2-B", color="0000ff")


def svg_of(html: str) -> ET.Element:
    start, end = html.index("<svg"), html.index("</svg>") + len("</svg>")
    return ET.fromstring(html[start:end])


def shown(node: ET.Element) -> str:
    """The visible text of a <text> element (its <title> tooltip left out)."""
    return (node.text or "") + "".join(child.tail or "" for child in node)


def texts(svg: ET.Element) -> list[str]:
    return [shown(node) for node in svg.iter(f"{SVG}text")]


def test_a_path_through_two_patch_panels_is_drawn_whole(admin: Client) -> None:
    net = Network()
    response = admin.get(f"/dcim/interfaces/{net.eth_a.pk}/trace/")
    assert response.status_code == 200
    html = response.content.decode()
    svg = svg_of(html)
    words = texts(svg)
    for name in ("a", "pp1", "pp2", "b", "eth0", "front0", "rear0", "A-P1", "P1-P2", "P2-B"):
        assert name in words, name
    strokes = {line.get("stroke") for line in svg.iter(f"{SVG}line")}
    assert {"#ff0000", "#0000ff"} <= strokes, "cables drawn in their colours"
    assert any("12 m" in text for text in words), "the trunk's length is written beside it"
    assert 'data-state="complete"' in html
    # Every box links to its object's page.
    links = {node.get("href") for node in svg.iter(f"{SVG}a")}
    assert f"/dcim/devices/{net.b.pk}/" in links and f"/dcim/cables/{net.trunk.pk}/" in links
    # The hops table says the same in words.
    assert html.count("<tr>") >= 4


def test_the_svg_download_is_the_same_drawing(admin: Client) -> None:
    net = Network()
    response = admin.get(f"/dcim/interfaces/{net.eth_a.pk}/trace/svg/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/svg+xml")
    assert response["Content-Disposition"] == 'attachment; filename="trace-a-eth0.svg"'
    body = response.content.decode()
    assert body.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    svg = ET.fromstring(body.split("\n", 1)[1])
    page = svg_of(admin.get(f"/dcim/interfaces/{net.eth_a.pk}/trace/").content.decode())
    assert texts(svg) == texts(page)
    assert (
        f"/dcim/interfaces/{net.eth_a.pk}/trace/svg/"
        in admin.get(f"/dcim/interfaces/{net.eth_a.pk}/trace/").content.decode()
    )


def test_trace_from_the_far_end_and_from_a_patch_panel_port(admin: Client) -> None:
    net = Network()
    back = texts(svg_of(admin.get(f"/dcim/interfaces/{net.eth_b.pk}/trace/").content.decode()))
    assert back.index("b") < back.index("pp2") < back.index("pp1") < back.index("a")
    front = port(dcim.FrontPort, net.pp1, "front0")
    html = admin.get(f"/dcim/front-ports/{front.pk}/trace/").content.decode()
    # Both paths that pass the panel port (one from each end) stand side by side.
    assert html.count('class="alert alert-success') == 2
    assert html.count("Hops from") == 2


def test_an_incomplete_path_shows_where_it_stops(admin: Client) -> None:
    net = Network()
    cabling.disconnect(net.trunk)
    html = admin.get(f"/dcim/interfaces/{net.eth_a.pk}/trace/").content.decode()
    assert 'data-state="incomplete"' in html
    assert any("No cable on pp1 › rear0" in text for text in texts(svg_of(html)))


def test_a_planned_cable_is_dashed_and_the_path_not_reachable(admin: Client) -> None:
    net = Network()
    cabling.set_status(net.trunk, f.status("Planned"))
    html = admin.get(f"/dcim/interfaces/{net.eth_a.pk}/trace/").content.decode()
    assert 'data-state="not-connected"' in html
    trunk_lines = [line for line in svg_of(html).iter(f"{SVG}line") if line.get("stroke-dasharray") == "10 6"]
    assert trunk_lines, "a cable that is not connected is drawn dashed"


def test_a_split_path_names_the_rear_port_and_lists_its_branches(admin: Client) -> None:
    """
    [a] eth0 ──── rear0 [mux] (4 positions) ──► front0-1 … front0-4: no position to follow
    """
    site = f.location()
    a = f.device("a", f.device_type(interfaces=1), site)
    mux = f.device("mux", f.device_type(rear_ports=1, positions=4), site)
    far = f.device("far", f.device_type(interfaces=4), site)
    cabling.connect(interface(a), port(dcim.RearPort, mux, "rear0"))
    for position in (1, 2):
        cabling.connect(
            port(dcim.FrontPort, mux, f"front0-{position}"),
            interface(far, f"eth{position}"),
            label=f"branch-{position}",
        )
    html = admin.get(f"/dcim/interfaces/{interface(a).pk}/trace/").content.decode()
    assert 'data-state="split"' in html
    words = texts(svg_of(html))
    assert any("Split at mux › rear0" in text for text in words)
    for position in (1, 2, 3, 4):
        assert any(text.startswith(f"front0-{position} ·") for text in words), position
    assert "far › eth1" in words and "far › eth2" in words


def test_a_path_across_a_circuit_names_it_and_its_provider(admin: Client) -> None:
    """
    [a] eth0 ── A [circuit CID-42 of Carrier] Z ── eth0 [b]
    """
    from netkeel.circuits import services as circuit_services
    from netkeel.circuits.models import Circuit, CircuitType, Provider

    site = f.location()
    server = f.device_type(interfaces=1)
    a, b = f.device("a", server, site), f.device("b", server, site)
    provider = Provider.objects.create(name="Carrier")
    circuit = Circuit.objects.create(
        cid="CID-42", provider=provider, status=f.status(), circuit_type=CircuitType.objects.create(name="Wave")
    )
    side_a = circuit_services.create_termination(circuit=circuit, term_side="A", location=site)
    side_z = circuit_services.create_termination(circuit=circuit, term_side="Z", location=site)
    cabling.connect(interface(a), side_a, label="to-carrier")
    cabling.connect(side_z, interface(b), label="from-carrier")
    html = admin.get(f"/dcim/interfaces/{interface(a).pk}/trace/").content.decode()
    words = texts(svg_of(html))
    assert "Circuit CID-42" in words and any("Carrier" in text for text in words)
    assert "Side A" in words and "Side Z" in words and "b" in words
    assert 'data-state="complete"' in html
    # The circuit side's own trace page works the same (under /circuits/).
    assert admin.get(f"/circuits/circuit-terminations/{side_a.pk}/trace/").status_code == 200
    assert admin.get(f"/circuits/circuit-terminations/{side_z.pk}/trace/svg/").status_code == 200


def test_a_path_to_a_provider_network_ends_there(admin: Client) -> None:
    from netkeel.circuits import services as circuit_services
    from netkeel.circuits.models import Circuit, CircuitType, Provider, ProviderNetwork

    site = f.location()
    a = f.device("a", f.device_type(interfaces=1), site)
    provider = Provider.objects.create(name="Carrier")
    cloud = ProviderNetwork.objects.create(name="Carrier MPLS", provider=provider)
    circuit = Circuit.objects.create(
        cid="CID-7", provider=provider, status=f.status(), circuit_type=CircuitType.objects.create(name="MPLS")
    )
    side_a = circuit_services.create_termination(circuit=circuit, term_side="A", location=site)
    circuit_services.create_termination(circuit=circuit, term_side="Z", provider_network=cloud)
    cabling.connect(interface(a), side_a)
    html = admin.get(f"/dcim/interfaces/{interface(a).pk}/trace/").content.decode()
    words = texts(svg_of(html))
    assert "Carrier MPLS" in words and "provider network" in words
    assert 'data-state="complete"' in html


def test_an_uncabled_port_and_every_kind_of_port_have_a_trace_page(admin: Client) -> None:
    site = f.location()
    dtype = f.device_type(
        interfaces=1, console_ports=1, console_server_ports=1, power_ports=1, power_outlets=1, rear_ports=1
    )
    device = f.device("lonely", dtype, site)
    html = admin.get(f"/dcim/interfaces/{interface(device).pk}/trace/").content.decode()
    assert 'data-state="uncabled"' in html and "No cable" in html
    for slug, model in (
        ("console-ports", dcim.ConsolePort),
        ("console-server-ports", dcim.ConsoleServerPort),
        ("power-ports", dcim.PowerPort),
        ("power-outlets", dcim.PowerOutlet),
        ("front-ports", dcim.FrontPort),
        ("rear-ports", dcim.RearPort),
    ):
        obj = model.objects.get(device=device)
        assert admin.get(f"/dcim/{slug}/{obj.pk}/trace/").status_code == 200, slug
        assert admin.get(f"/dcim/{slug}/{obj.pk}/trace/svg/").status_code == 200, slug
    panel = dcim.PowerPanel.objects.create(name="panel", location=site)
    feed = dcim.PowerFeed.objects.create(name="feed", power_panel=panel, status=f.status())
    cabling.connect(feed, dcim.PowerPort.objects.get(device=device))
    words = texts(svg_of(admin.get(f"/dcim/power-feeds/{feed.pk}/trace/").content.decode()))
    assert "panel" in words and "lonely" in words and "feed" in words


def test_trace_pages_need_sign_in_and_view_permission(db: Any) -> None:
    net = Network()
    url = f"/dcim/interfaces/{net.eth_a.pk}/trace/"
    for path in (url, f"{url}svg/"):
        anonymous = Client().get(path)
        assert anonymous.status_code == 302 and anonymous["Location"].startswith("/login/")
        assert signed_in(make_user(f"nobody-{len(path)}")).get(path).status_code == 403
    reader = signed_in(make_user("reader", perms=("dcim.view_interface",)))
    assert reader.get(url).status_code == 200 and reader.get(f"{url}svg/").status_code == 200


def test_names_and_labels_are_escaped_in_the_page_and_the_svg(admin: Client) -> None:
    net = Network(names=(f"{SCRIPT}a", f"{ATTRIBUTE}b"), label_a=PAYLOAD)
    dcim.Interface.objects.filter(pk=net.eth_a.pk).update(label=PAYLOAD, description=PAYLOAD)
    dcim.Location.objects.filter(pk=net.a.location_id).update(name=f"{SCRIPT}site")
    url = f"/dcim/interfaces/{net.eth_a.pk}/trace/"
    html = admin.get(url).content.decode()
    assert_escaped(html, url)
    svg = svg_of(html)  # well-formed XML although names hold markup
    assert any(SCRIPT in text for text in texts(svg)), "the name is shown, as text"
    body = admin.get(f"{url}svg/").content.decode()
    assert_escaped(body, f"{url}svg/")
    ET.fromstring(body.split("\n", 1)[1])
    response = admin.get(f"{url}svg/")
    assert response["Content-Security-Policy"].startswith("default-src 'none'")
    assert '"' not in response["Content-Disposition"].split('filename="')[1].rstrip('"')


def test_trace_queries_do_not_grow_with_the_number_of_ports(admin: Client) -> None:
    """The page loads what it draws a query per kind: a long path costs what a short one does."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    net = Network()
    short = f.device("short", f.device_type(interfaces=1), f.location())
    other = f.device("other", f.device_type(interfaces=1), f.location())
    cabling.connect(interface(short), interface(other))
    counts = []
    for target in (interface(short), net.eth_a):
        admin.get(f"/dcim/interfaces/{target.pk}/trace/")
        with CaptureQueriesContext(connection) as ctx:
            assert admin.get(f"/dcim/interfaces/{target.pk}/trace/").status_code == 200
        counts.append(len(ctx))
    # The long path adds front and rear ports: two kinds more, whatever the number of panels.
    assert counts[1] <= counts[0] + 2, counts


def test_a_circuit_id_and_provider_are_escaped_in_the_trace(admin: Client) -> None:
    from netkeel.circuits import services as circuit_services
    from netkeel.circuits.models import Circuit, CircuitType, Provider

    site = f.location()
    a = f.device("a", f.device_type(interfaces=1), site)
    provider = Provider.objects.create(name=f"{SCRIPT}carrier")
    circuit = Circuit.objects.create(
        cid=PAYLOAD, provider=provider, status=f.status(), circuit_type=CircuitType.objects.create(name=ATTRIBUTE)
    )
    side_a = circuit_services.create_termination(circuit=circuit, term_side="A", location=site)
    cabling.connect(interface(a), side_a, label=PAYLOAD[:100])
    for url in (f"/dcim/interfaces/{interface(a).pk}/trace/", f"/circuits/circuit-terminations/{side_a.pk}/trace/"):
        html = admin.get(url).content.decode()
        assert_escaped(html, url)
        svg_of(html)
        body = admin.get(f"{url}svg/").content.decode()
        assert_escaped(body, f"{url}svg/")
        ET.fromstring(body.split("\n", 1)[1])
    html = admin.get(f"/circuits/circuits/{circuit.pk}/").content.decode()
    assert_escaped(html, "circuit page")
