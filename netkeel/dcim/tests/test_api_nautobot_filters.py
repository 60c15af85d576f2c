"""DCIM filters and fields Nautobot has (issue 13), each on real rows: what Nautobot answers, bad input a 400 naming the
filter, and the list's queries the same whatever the number of rows."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from netkeel.core.testing.api import APIClient
from netkeel.dcim.cabling import service
from netkeel.dcim.models import InventoryItem, Location, LocationType, PowerFeed, PowerPanel, Rack, RackGroup
from netkeel.dcim.tests import factories

pytestmark = pytest.mark.django_db

LOCATIONS = "/api/dcim/locations/"


def names(api: APIClient, path: str) -> list[str]:
    response = api.send("GET", path)
    assert response.status_code == 200, response.content[:400]
    return sorted(row["name"] for row in response.json()["results"])


def place(name: str, kind: LocationType, parent: Location | None = None, **fields: object) -> Location:
    return Location.objects.create(name=name, location_type=kind, parent=parent, status=factories.status(), **fields)


@pytest.fixture
def tree() -> dict[str, Location]:
    """region (Region) > campus (Campus, nestable) > annex (Campus) > hall (Room); depot (Campus) alone."""
    region_type = LocationType.objects.create(name="Region")
    campus_type = LocationType.objects.create(name="Campus", parent=region_type, nestable=True)
    room_type = LocationType.objects.create(name="Room", parent=campus_type)
    region = place("region", region_type, time_zone="Europe/Paris")
    campus = place("campus", campus_type, region, time_zone="America/New_York")
    annex = place("annex", campus_type, campus)
    hall = place("hall", room_type, annex)
    depot = place("depot", campus_type)
    return {row.name: row for row in (region, campus, annex, hall, depot)}


def test_locations_that_may_hold_a_location_type(api: APIClient, tree: dict[str, Location]) -> None:
    """A region may hold a campus (its type is the campus type's parent); a campus may hold a campus (its
    type nests) and a room; a room holds nothing."""
    assert names(api, f"{LOCATIONS}?child_location_type=Campus") == ["annex", "campus", "depot", "region"]
    room = LocationType.objects.get(name="Room")
    assert names(api, f"{LOCATIONS}?child_location_type={room.pk}") == ["annex", "campus", "depot"]
    assert names(api, f"{LOCATIONS}?child_location_type=Region") == []


def test_locations_up_to_a_depth(api: APIClient, tree: dict[str, Location]) -> None:
    assert names(api, f"{LOCATIONS}?max_depth=1") == ["depot", "region"]
    assert names(api, f"{LOCATIONS}?max_depth=2") == ["campus", "depot", "region"]
    assert len(names(api, f"{LOCATIONS}?max_depth=0")) == 5  # below 1: no limit, as Nautobot
    assert len(names(api, f"{LOCATIONS}?max_depth=1000000000")) == 5
    response = api.send("GET", f"{LOCATIONS}?max_depth=deep")
    assert response.status_code == 400 and "max_depth" in response.json()


def test_locations_by_time_zone_and_its_lookups(api: APIClient, tree: dict[str, Location]) -> None:
    assert names(api, f"{LOCATIONS}?time_zone=Europe/Paris&time_zone=America/New_York") == ["campus", "region"]
    assert names(api, f"{LOCATIONS}?time_zone__isw=europe") == ["region"]
    assert names(api, f"{LOCATIONS}?time_zone__n=Europe/Paris") == ["annex", "campus", "depot", "hall"]
    response = api.send("GET", f"{LOCATIONS}?time_zone=Mars/Olympus")
    assert response.status_code == 400 and "time_zone" in response.json()


def test_rack_groups_at_a_location_or_above_it(api: APIClient, tree: dict[str, Location]) -> None:
    for name, where in (("top", "region"), ("mid", "campus"), ("low", "hall"), ("away", "depot")):
        RackGroup.objects.create(name=name, location=tree[where])
    assert names(api, "/api/dcim/rack-groups/?ancestors=annex") == ["mid", "top"]
    assert names(api, f"/api/dcim/rack-groups/?ancestors={tree['hall'].pk}") == ["low", "mid", "top"]
    assert names(api, "/api/dcim/rack-groups/?ancestors=depot") == ["away"]


def test_racks_by_width_as_text(api: APIClient) -> None:
    site = factories.location()
    for name, width in (("r10", 10), ("r19", 19), ("r23", 23)):
        Rack.objects.filter(pk=factories.rack(name, site).pk).update(width=width)
    racks = "/api/dcim/racks/"
    assert names(api, f"{racks}?width=19&width=23") == ["r19", "r23"]
    assert names(api, f"{racks}?width__n=19") == ["r10", "r23"]
    assert names(api, f"{racks}?width__ic=9") == ["r19"]
    assert names(api, f"{racks}?width__re=^(10|23)$") == ["r10", "r23"]
    assert names(api, f"{racks}?width__nisw=1") == ["r23"]
    response = api.send("GET", f"{racks}?width__re=(")
    assert response.status_code == 400 and "width__re" in response.json()


def test_location_filters_cost_the_same_queries_whatever_the_rows(api: APIClient, tree: dict[str, Location]) -> None:
    query = f"{LOCATIONS}?child_location_type=Campus&max_depth=3&time_zone__n=UTC&limit=0"
    api.send("GET", query)
    counts = []
    for extra in (0, 6):
        for n in range(extra):
            place(f"more{n}", tree["depot"].location_type, tree["region"])
        with CaptureQueriesContext(connection) as queries:
            assert api.send("GET", query).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_cables_are_never_disconnected(api: APIClient) -> None:
    """Nautobot's `is_disconnected` finds cables missing an end; a cable here always has both."""
    site = factories.location()
    a, b = (factories.device(name, factories.device_type(interfaces=1), site) for name in ("a", "b"))
    cable = service.connect(a.interfaces.get(), b.interfaces.get())
    cables = "/api/dcim/cables/"
    assert [row["id"] for row in api.send("GET", f"{cables}?is_disconnected=false").json()["results"]] == [
        str(cable.pk)
    ]
    assert api.send("GET", f"{cables}?is_disconnected=true").json()["count"] == 0
    response = api.send("GET", f"{cables}?is_disconnected=maybe")
    assert response.status_code == 400 and "is_disconnected" in response.json()


def test_power_feeds_by_available_power(api: APIClient) -> None:
    """Watts as the API shows them: 230 V x 16 A x 80 % = 2944 W; 400 V x 32 A x 80 % x 1.732 = 17736 W;
    120 V x 20 A x 100 % = 2400 W."""
    panel = PowerPanel.objects.create(name="pp", location=factories.location())
    for name, volts, amps, share, phase in (
        ("single", 230, 16, 80, "single-phase"),
        ("three", 400, 32, 80, "three-phase"),
        ("small", 120, 20, 100, "single-phase"),
    ):
        PowerFeed.objects.create(
            power_panel=panel,
            name=name,
            status=factories.status(),
            voltage=volts,
            amperage=amps,
            max_utilization=share,
            phase=phase,
        )
    feeds = "/api/dcim/power-feeds/"
    shown = {row["name"]: row["available_power"] for row in api.send("GET", feeds).json()["results"]}
    assert shown == {"single": 2944, "three": 17736, "small": 2400}
    assert names(api, f"{feeds}?available_power=2944&available_power=2400") == ["single", "small"]
    assert names(api, f"{feeds}?available_power__n=2944") == ["small", "three"]
    assert names(api, f"{feeds}?available_power__gt=2944") == ["three"]
    assert names(api, f"{feeds}?available_power__gte=2944") == ["single", "three"]
    assert names(api, f"{feeds}?available_power__lt=2944") == ["small"]
    assert names(api, f"{feeds}?available_power__lte=2944&available_power__gt=2400") == ["single"]
    response = api.send("GET", f"{feeds}?available_power=lots")
    assert response.status_code == 400 and "available_power" in response.json()
    with CaptureQueriesContext(connection) as few:
        api.send("GET", f"{feeds}?available_power__gte=1")
    for n in range(4):
        PowerFeed.objects.create(power_panel=panel, name=f"more{n}", status=factories.status())
    with CaptureQueriesContext(connection) as many:
        api.send("GET", f"{feeds}?available_power__gte=1")
    assert len(few) == len(many)


def test_a_port_behind_a_template_or_outlet_is_named_by_id(api: APIClient) -> None:
    """Nautobot documents and takes `rear_port_template` (front port templates) and `power_port` (power
    outlets) as ids: a name, which many devices share, is a 400."""
    panel = factories.device_type(rear_ports=2)
    rear0 = panel.rearporttemplates.get(name="rear0")
    templates = "/api/dcim/front-port-templates/"
    assert names(api, f"{templates}?rear_port_template={rear0.pk}") == ["front0"]
    assert names(api, f"{templates}?rear_port_template__n={rear0.pk}") == ["front1"]
    assert api.send("GET", f"{templates}?rear_port_template=rear0").status_code == 400
    pdu = factories.device("pdu", factories.device_type(power_ports=1, power_outlets=2), factories.location())
    feed = pdu.powerports.get()
    pdu.poweroutlets.filter(name="out0").update(power_port=feed)
    outlets = "/api/dcim/power-outlets/"
    assert names(api, f"{outlets}?power_port={feed.pk}") == ["out0"]
    assert names(api, f"{outlets}?power_port__n={feed.pk}") == ["out1"]
    response = api.send("GET", f"{outlets}?power_port=psu0")
    assert response.status_code == 400 and "power_port" in response.json()


def test_inventory_items_carry_their_depth_among_items(api: APIClient) -> None:
    """chassis > card > optic: depths 0, 1, 2, as Nautobot's `tree_depth`; the list costs the same queries
    however many items it shows."""
    device = factories.device("r1", factories.device_type(), factories.location())
    chassis = InventoryItem.objects.create(device=device, name="chassis")
    card = InventoryItem.objects.create(device=device, name="card", parent=chassis)
    InventoryItem.objects.create(device=device, name="optic", parent=card)
    items = "/api/dcim/inventory-items/?limit=0"
    api.send("GET", items)  # caches filled once per process (content types) are not the list's
    with CaptureQueriesContext(connection) as few:
        rows = api.send("GET", items).json()["results"]
    assert {row["name"]: row["tree_depth"] for row in rows} == {"chassis": 0, "card": 1, "optic": 2}
    for n in range(4):
        InventoryItem.objects.create(device=device, name=f"card{n}", parent=chassis)
        InventoryItem.objects.create(device=device, name=f"optic{n}", parent=card)
    with CaptureQueriesContext(connection) as many:
        rows = api.send("GET", items).json()["results"]
    assert sorted(row["tree_depth"] for row in rows) == [0, *[1] * 5, *[2] * 5]
    assert len(few) == len(many)


def test_devices_with_or_without_local_config_context_data(api: APIClient) -> None:
    """Nautobot's `local_config_context_data` filter of devices: true, those with data; false, those with none."""
    site = factories.location("DC1")
    kind = factories.device_type("switch")
    for name, data in (("with", {"ntp": ["192.0.2.1"]}), ("empty", {}), ("none", None)):
        factories.device(name, kind, site, local_config_context_data=data)
    assert names(api, "/api/dcim/devices/?local_config_context_data=true") == ["empty", "with"]
    assert names(api, "/api/dcim/devices/?local_config_context_data=false") == ["none"]
    response = api.send("GET", "/api/dcim/devices/?local_config_context_data=maybe")
    assert response.status_code == 400 and "local_config_context_data" in response.json()
