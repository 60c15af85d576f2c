"""`GET /api/dcim/racks/<id>/elevation/` as Nautobot 3.2.7 serves it: a face's units from the top, paginated,
each `{id, name, face, occupied}`; full-depth devices take both faces, half-depth ones only their own; a
device appears once (at its position) when `expand_devices` is false; `?render=svg` is the drawing the rack's
page shows. Bad parameters are 400s naming the parameter; the queries do not grow with the rack's devices."""

from __future__ import annotations

import uuid
import xml.etree.ElementTree as ET
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from netkeel.core.testing.api import APIClient, make_user
from netkeel.dcim import models as dcim
from netkeel.dcim.elevation import rack_devices, rack_units
from netkeel.dcim.tests import factories as f
from netkeel.dcim.tests.test_ui_racks import filled_rack as drawn_rack

pytestmark = pytest.mark.django_db


def filled_rack() -> tuple[dcim.Rack, dict[str, dcim.Device]]:
    """The rack the elevation drawings are tested on (24U: U10-11 a full-depth server on the front, U5 a
    half-depth switch on the front and a half-depth panel on the rear, a device without a position, U20-21
    reserved), with a 0U PDU too: on no unit."""
    rack, devices = drawn_rack()
    zero = f.device_type("0U pdu", u_height=0, full_depth=False)
    devices["pdu"] = f.device("pdu", zero, rack.location, rack=rack)
    return rack, devices


def url(rack: dcim.Rack, query: str = "") -> str:
    return f"/api/dcim/racks/{rack.pk}/elevation/" + (f"?{query}" if query else "")


def occupied(body: dict[str, Any]) -> list[int]:
    return [unit["id"] for unit in body["results"] if unit["occupied"]]


def test_front_units_from_the_top(api: APIClient) -> None:
    rack, _ = filled_rack()
    body = api.get(url(rack, "limit=0")).json()
    assert body["count"] == 24
    assert [unit["id"] for unit in body["results"]] == list(range(24, 0, -1))
    front = {"value": "front", "label": "Front"}
    assert body["results"][0] == {"id": 24, "name": "U24", "face": front, "occupied": False}
    assert occupied(body) == [11, 10, 5]


def test_rear_face_holds_full_depth_devices_and_its_own(api: APIClient) -> None:
    rack, _ = filled_rack()
    body = api.get(url(rack, "face=rear&limit=0")).json()
    assert {unit["face"]["value"] for unit in body["results"]} == {"rear"}
    # the server is full depth (it fills U10-11 from behind); the panel is mounted on the rear
    assert occupied(body) == [11, 10, 5]
    units = {unit["id"]: unit["device"] for unit in rack_units(rack, rack_devices(rack)[0], "rear")}
    assert units[10].name == units[11].name == "server" and units[5].name == "panel"
    front = {unit["id"]: unit["device"] for unit in rack_units(rack, rack_devices(rack)[0], "front")}
    assert front[5].name == "switch", "the half-depth panel on the rear leaves the front to the switch"


def test_racks_numbered_top_down_list_unit_one_first(api: APIClient) -> None:
    rack, _ = filled_rack()
    dcim.Rack.objects.filter(pk=rack.pk).update(desc_units=True)
    body = api.get(url(rack, "limit=0")).json()
    assert [unit["id"] for unit in body["results"]] == list(range(1, 25))
    assert occupied(body) == [5, 10, 11]


def test_a_device_appears_once_when_not_expanded(api: APIClient) -> None:
    rack, devices = filled_rack()
    body = api.get(url(rack, "expand_devices=false&limit=0")).json()
    ids = [unit["id"] for unit in body["results"]]
    assert body["count"] == 23 and 11 not in ids and 10 in ids
    assert occupied(body) == [10, 5]
    units = rack_units(rack, rack_devices(rack)[0], "front", expand_devices=False)
    assert [unit["device"] for unit in units if unit["device"]] == [devices["server"], devices["switch"]]


def test_exclude_leaves_one_device_out(api: APIClient) -> None:
    rack, devices = filled_rack()
    body = api.get(url(rack, f"exclude={devices['server'].pk}&limit=0")).json()
    assert occupied(body) == [5]
    other = api.get(url(rack, f"exclude={uuid.uuid4()}&limit=0")).json()
    assert occupied(other) == [11, 10, 5]


def test_is_occupied_and_q_narrow_the_units(api: APIClient) -> None:
    rack, _ = filled_rack()
    assert [u["id"] for u in api.get(url(rack, "is_occupied=true")).json()["results"]] == [11, 10, 5]
    free = api.get(url(rack, "is_occupied=false&limit=0")).json()
    assert free["count"] == 21 and not occupied(free)
    assert [u["id"] for u in api.get(url(rack, "q=2")).json()["results"]] == [24, 23, 22, 21, 20, 12, 2]
    assert [u["id"] for u in api.get(url(rack, "q=U7")).json()["results"]] == [7]


def test_units_are_paginated(api: APIClient) -> None:
    rack, _ = filled_rack()
    body = api.get(url(rack, "limit=5&offset=2")).json()
    assert body["count"] == 24
    assert [unit["id"] for unit in body["results"]] == [22, 21, 20, 19, 18]
    assert "offset=7" in body["next"] and body["previous"] is not None


def test_svg_render_is_the_face_drawn(api: APIClient) -> None:
    rack, _ = filled_rack()
    response = api.get(url(rack, "render=svg&face=rear&unit_width=300&include_images=false"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/svg+xml")
    assert response["Content-Security-Policy"].startswith("default-src 'none'")
    drawing = ET.fromstring(response.content.decode().split("\n", 1)[1])
    words = ["".join(node.itertext()) for node in drawing.iter("{http://www.w3.org/2000/svg}text")]
    assert any("panel" in word for word in words) and not any("switch" in word for word in words)


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("face=x", "face"),
        ("exclude=not-a-uuid", "exclude"),
        ("unit_width=-1", "unit_width"),
        ("unit_height=abc", "unit_height"),
        ("legend_width=-5", "legend_width"),
        ("render=png", "render"),
        ("expand_devices=maybe", "expand_devices"),
        ("is_occupied=maybe", "is_occupied"),
    ],
)
def test_bad_parameters_are_400s_naming_them(api: APIClient, query: str, parameter: str) -> None:
    rack, _ = filled_rack()
    response = api.get(url(rack, query))
    assert response.status_code == 400, response.content
    assert list(response.json()) == [parameter]


def test_unknown_rack_and_unpermitted_reader(api: APIClient) -> None:
    assert api.get(f"/api/dcim/racks/{uuid.uuid4()}/elevation/").status_code == 404
    rack, _ = filled_rack()
    token = "f" * 40
    make_user("no-racks", token=token)
    assert APIClient(token=token).get(url(rack)).status_code in (403, 404)


def test_queries_do_not_grow_with_devices(api: APIClient) -> None:
    rack, _ = filled_rack()

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert api.get(url(rack, "limit=0")).status_code == 200
        return len(queries)

    count()  # the first request also records the token's use
    before = count()
    dtype = f.device_type("1U more", u_height=1)
    for position in range(14, 22):
        f.device(f"more-{position}", dtype, rack.location, rack=rack, position=position, face="front")
    assert count() == before <= 4
    assert occupied(api.get(url(rack, "limit=0")).json()) == [*range(21, 13, -1), 11, 10, 5]
