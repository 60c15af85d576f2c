"""Power panels and feeds as Nautobot 3 has them: a panel's type, breaker positions and power path; a feed's
breaker position and pole count (positions taken by no other feed, within the panel), its power path, the
panel it feeds (never its own, never with a cable) and the power it makes available."""

from __future__ import annotations

from typing import Any

import pytest

from netkeel.core.testing.api import APIClient
from netkeel.dcim.cabling import service as cabling
from netkeel.dcim.models import InventoryItem, PowerFeed, PowerPanel, PowerPort, Rack, RackGroup
from netkeel.dcim.tests import factories
from netkeel.dcim.tests.test_api_devices import site

pytestmark = pytest.mark.django_db

PANELS = "/api/dcim/power-panels/"
FEEDS = "/api/dcim/power-feeds/"


def new_panel(api: APIClient, name: str, **fields: Any) -> dict[str, Any]:
    response = api.send("POST", PANELS, {"name": name, "location": str(site().pk), **fields})
    assert response.status_code == 201, response.content
    return dict(response.json())


def new_feed(api: APIClient, panel: dict[str, Any], name: str, **fields: Any) -> Any:
    return api.send("POST", FEEDS, {"name": name, "power_panel": panel["id"], "status": "Active", **fields})


def test_a_panel_has_a_type_a_breaker_count_and_a_path(api: APIClient) -> None:
    panel = new_panel(api, "rpp-1", panel_type="rpp", breaker_position_count=42, power_path="a")
    assert panel["panel_type"] == {"value": "rpp", "label": "Remote Power Panel (RPP)"}
    assert panel["breaker_position_count"] == 42
    assert panel["power_path"] == {"value": "a", "label": "Path A"}
    new_panel(api, "ups-1", panel_type="ups")
    assert api.send("GET", f"{PANELS}?panel_type=rpp").json()["count"] == 1
    assert api.send("GET", f"{PANELS}?power_path=null").json()["count"] == 1  # ups-1 has none
    assert api.send("GET", f"{PANELS}?breaker_position_count__gte=40").json()["count"] == 1
    refused = api.send("POST", PANELS, {"name": "x", "location": str(site().pk), "panel_type": "shed"})
    assert refused.status_code == 400 and "panel_type" in refused.json()


def test_a_feed_takes_breaker_positions_no_other_feed_holds(api: APIClient) -> None:
    panel = new_panel(api, "mdp", breaker_position_count=12)
    first = new_feed(api, panel, "f1", breaker_position=1, breaker_pole_count=3)
    assert first.status_code == 201, first.content
    assert first.json()["breaker_pole_count"] == {"value": 3, "label": "3-Pole"}  # positions 1, 3, 5
    clash = new_feed(api, panel, "f2", breaker_position=5)
    assert clash.status_code == 400
    assert clash.json()["breaker_position"] == ['Breaker position 5 conflicts with feed "f1" (occupies 1, 3, 5).']
    beside = new_feed(api, panel, "f3", breaker_position=2)  # the other column
    assert beside.status_code == 201, beside.content
    assert beside.json()["breaker_pole_count"]["value"] == 1  # a position alone is a single pole
    too_far = new_feed(api, panel, "f4", breaker_position=10, breaker_pole_count=2)  # 10 and 12: fits
    assert too_far.status_code == 201, too_far.content
    beyond = new_feed(api, panel, "f5", breaker_position=11, breaker_pole_count=2)  # 11 and 13
    assert beyond.status_code == 400 and "only has 12 breaker positions" in beyond.json()["breaker_position"][0]
    assert api.send("GET", f"{FEEDS}?breaker_pole_count=3").json()["count"] == 1
    assert api.send("GET", f"{FEEDS}?breaker_pole_count=1").json()["count"] == 1
    assert api.send("GET", f"{FEEDS}?breaker_pole_count=abc").json()["count"] == 0
    assert api.send("GET", f"{FEEDS}?breaker_position__gt=1").json()["count"] == 2
    moved = api.send("PATCH", f"{FEEDS}{beside.json()['id']}/", {"breaker_position": 3})
    assert moved.status_code == 400 and "breaker_position" in moved.json()


def test_a_feed_feeds_another_panel_but_not_its_own_nor_with_a_cable(api: APIClient) -> None:
    source, destination = new_panel(api, "utility"), new_panel(api, "rpp", power_path="b")
    fed = new_feed(api, source, "to-rpp", destination_panel=destination["id"], power_path="b")
    assert fed.status_code == 201, fed.content
    assert fed.json()["destination_panel"]["id"] == destination["id"]
    assert api.send("GET", f"{FEEDS}?destination_panel={destination['id']}").json()["count"] == 1
    assert api.send("GET", f"{FEEDS}?destination_panel__isnull=true").json()["count"] == 0
    looped = new_feed(api, source, "loop", destination_panel=source["id"])
    assert looped.status_code == 400
    assert looped.json()["destination_panel"] == ["A power feed cannot connect a panel to itself."]

    cabled = PowerFeed.objects.create(
        power_panel=PowerPanel.objects.get(pk=source["id"]), name="cabled", status=factories.status()
    )
    device = factories.device("pdu-1", factories.device_type(power_ports=1), site())
    cabling.connect(cabled, PowerPort.objects.get(device=device))
    refused = api.send("PATCH", f"{FEEDS}{cabled.pk}/", {"destination_panel": destination["id"]})
    assert refused.status_code == 400 and "destination_panel" in refused.json()
    pdu = factories.device("pdu-2", factories.device_type(power_ports=1), site())
    cable = {"termination_a_type": "dcim.powerfeed", "termination_a_id": fed.json()["id"]}
    cable |= {"termination_b_type": "dcim.powerport", "termination_b_id": str(PowerPort.objects.get(device=pdu).pk)}
    refused = api.send("POST", "/api/dcim/cables/", cable)
    assert refused.status_code == 400 and "feeds a destination panel" in str(refused.json()["termination_a"])


def test_available_power_is_volts_times_amps_times_the_utilisation_allowed(api: APIClient) -> None:
    panel = new_panel(api, "p")
    single = new_feed(api, panel, "single", voltage=230, amperage=16, max_utilization=80)
    assert single.json()["available_power"] == 2944
    three = new_feed(api, panel, "three", voltage=400, amperage=32, max_utilization=80, phase="three-phase")
    assert three.json()["available_power"] == round(400 * 32 * 0.8 * 1.732)


def test_rack_groups_racks_and_manufacturers_count_as_nautobot_does(api: APIClient) -> None:
    """`rack_count` on rack groups, `power_feed_count` on racks, `inventory_item_count` on manufacturers: in
    the list's own query (one subquery each), and left out of nested objects."""
    group = RackGroup.objects.create(name="row-9", location=site())
    rack = Rack.objects.create(name="r9", location=site(), rack_group=group, status=factories.status())
    panel = PowerPanel.objects.create(name="pp", location=site())
    for name in ("a", "b"):
        PowerFeed.objects.create(power_panel=panel, rack=rack, name=name, status=factories.status())
    device = factories.device("sw9", factories.device_type("model-9"), site())
    InventoryItem.objects.create(device=device, name="sfp", manufacturer=device.device_type.manufacturer)
    assert api.send("GET", "/api/dcim/rack-groups/?name=row-9").json()["results"][0]["rack_count"] == 1
    assert api.send("GET", f"/api/dcim/racks/{rack.pk}/").json()["power_feed_count"] == 2
    maker = api.send("GET", "/api/dcim/manufacturers/?name=Acme").json()["results"][0]
    assert maker["inventory_item_count"] == 1
    nested = api.send("GET", f"/api/dcim/racks/{rack.pk}/?depth=1").json()["rack_group"]
    assert "rack_count" not in nested
