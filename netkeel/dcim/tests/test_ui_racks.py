"""Rack elevations: front and rear drawn on the rack's page (units numbered, devices linked on their face,
full-depth devices behind, reservations marked) and served as SVG files."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from netkeel.core.testing.ui import PAYLOAD, SCRIPT, assert_escaped, make_user, signed_in
from netkeel.dcim import models as dcim
from netkeel.dcim.tests import factories as f

pytestmark = pytest.mark.django_db
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def admin(db: Any) -> Client:
    return signed_in(make_user("rack-admin", superuser=True))


def faces(html: str) -> dict[str, ET.Element]:
    found = {}
    for face in ("front", "rear"):
        start = html.index(f'data-face="{face}"')
        svg = html[html.index("<svg", start) : html.index("</svg>", start) + len("</svg>")]
        found[face] = ET.fromstring(svg)
    return found


def shown(node: ET.Element) -> str:
    """The visible text of a <text> element (its <title> tooltip left out)."""
    return (node.text or "") + "".join(child.tail or "" for child in node)


def texts(svg: ET.Element) -> list[str]:
    return [shown(node) for node in svg.iter(f"{SVG}text")]


def filled_rack() -> tuple[dcim.Rack, dict[str, dcim.Device]]:
    """
    U10-11  full-depth server, front      (its rear face shows it behind)
    U5      half-depth switch, front      (the rear face is free there)
    U5      half-depth panel, rear
    U20-21  reserved
    """
    site = f.location()
    rack = f.rack("r1", site, u_height=24)
    full = f.device_type("2U server", u_height=2, full_depth=True)
    half = f.device_type("1U half", u_height=1, full_depth=False)
    devices = {
        "server": f.device("server", full, site, rack=rack, position=10, face="front"),
        "switch": f.device("switch", half, site, rack=rack, position=5, face="front"),
        "panel": f.device("panel", half, site, rack=rack, position=5, face="rear"),
        "loose": f.device("loose", half, site, rack=rack),
    }
    dcim.RackReservation.objects.create(rack=rack, units=[20, 21], user=make_user("owner"), description="new firewall")
    return rack, devices


def test_both_faces_are_drawn_with_their_devices(admin: Client) -> None:
    rack, devices = filled_rack()
    html = admin.get(f"/dcim/racks/{rack.pk}/").content.decode()
    front, rear = faces(html).values()
    front_words, rear_words = texts(front), texts(rear)
    assert [str(unit) for unit in range(1, 25)] == sorted((w for w in front_words if w.isdigit()), key=int)
    assert "server" in front_words and "switch" in front_words and "panel" not in front_words
    assert "panel" in rear_words and "server (behind)" in rear_words and "switch" not in rear_words
    assert any("reserved · new firewall" in word for word in front_words + rear_words)
    links = {node.get("href") for node in front.iter(f"{SVG}a")}
    assert f"/dcim/devices/{devices['server'].pk}/" in links
    # The top unit is drawn above the bottom one (units count upwards).
    y = {shown(node): float(node.get("y") or 0) for node in front.iter(f"{SVG}text")}
    assert y["24"] < y["1"]
    assert "loose" in html, "a device in the rack without a position is listed"


def test_units_numbered_from_the_top(admin: Client) -> None:
    rack, _ = filled_rack()
    dcim.Rack.objects.filter(pk=rack.pk).update(desc_units=True)
    front = faces(admin.get(f"/dcim/racks/{rack.pk}/").content.decode())["front"]
    y = {shown(node): float(node.get("y") or 0) for node in front.iter(f"{SVG}text")}
    assert y["1"] < y["24"]


def test_each_face_downloads_as_svg(admin: Client) -> None:
    rack, _ = filled_rack()
    for face in ("front", "rear"):
        response = admin.get(f"/dcim/racks/{rack.pk}/elevation/{face}/")
        assert response.status_code == 200 and response["Content-Type"].startswith("image/svg+xml")
        assert response["Content-Disposition"] == f'attachment; filename="rack-r1-{face}.svg"'
        ET.fromstring(response.content.decode().split("\n", 1)[1])
    assert admin.get(f"/dcim/racks/{rack.pk}/elevation/side/").status_code == 404
    reader = signed_in(make_user("no-racks"))
    assert reader.get(f"/dcim/racks/{rack.pk}/elevation/front/").status_code == 403


def test_names_are_escaped_in_the_elevation(admin: Client) -> None:
    rack, devices = filled_rack()
    dcim.Device.objects.filter(pk=devices["server"].pk).update(name=PAYLOAD)
    dcim.RackReservation.objects.filter(rack=rack).update(description=PAYLOAD)
    dcim.Rack.objects.filter(pk=rack.pk).update(name=f"{SCRIPT}r")
    html = admin.get(f"/dcim/racks/{rack.pk}/").content.decode()
    assert_escaped(html, "rack page")
    # The name is cut to fit its box; the tooltip holds it whole, as text.
    assert any(SCRIPT in "".join(node.itertext()) for node in faces(html)["front"].iter(f"{SVG}text"))
    body = admin.get(f"/dcim/racks/{rack.pk}/elevation/front/")
    assert_escaped(body.content.decode(), "elevation file")
    assert "<" not in body["Content-Disposition"]


def test_rack_page_queries_do_not_grow_with_devices(admin: Client) -> None:
    rack, _ = filled_rack()
    url = f"/dcim/racks/{rack.pk}/"

    def count() -> int:
        admin.get(url)
        with CaptureQueriesContext(connection) as ctx:
            assert admin.get(url).status_code == 200
        return len(ctx)

    few = count()
    dtype = f.device_type("1U more", u_height=1)
    for unit in range(12, 20):
        f.device(f"more-{unit}", dtype, rack.location, rack=rack, position=unit, face="front")
    assert count() <= few
