"""DCIM behaviour that Nautobot's clients depend on, each test stating what Nautobot 3.2 does."""

from __future__ import annotations

import importlib.util
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

from netkeel.circuits import services as circuits_services
from netkeel.circuits.models import Circuit, CircuitType, Provider
from netkeel.core.testing.api import APIClient
from netkeel.dcim import services
from netkeel.dcim.models import Device, Interface, Location, LocationType, Platform, PowerPanel, Rack, RackGroup
from netkeel.dcim.tests import factories as f
from netkeel.extras.models import Role
from netkeel.ipam import services as ipam_services
from netkeel.ipam.models import VLAN

pytestmark = pytest.mark.django_db


def region_and_site() -> tuple[Location, Location]:
    region_type, _ = LocationType.objects.get_or_create(name="Region")
    site_type, _ = LocationType.objects.get_or_create(name="Site", defaults={"parent": region_type})
    region = Location.objects.create(name="Europe", location_type=region_type, status=f.status())
    site = Location.objects.create(name="AMS1", location_type=site_type, parent=region, status=f.status())
    return region, site


# ---------------------------------------------------------------------------------------------- locations


def test_a_rack_group_may_sit_under_a_group_of_an_ancestor_location(api: APIClient) -> None:
    """Nautobot: a rack group's parent must be in the group's location or one of its ancestors."""
    region, site = region_and_site()
    top = RackGroup.objects.create(name="Hall", location=region)
    created = api.send(
        "POST", "/api/dcim/rack-groups/", {"name": "Row 1", "location": str(site.pk), "parent": str(top.pk)}
    )
    assert created.status_code == 201, created.content
    assert created.json()["parent"]["id"] == str(top.pk)


def test_a_rack_group_under_a_group_of_a_descendant_location_is_refused(api: APIClient) -> None:
    region, site = region_and_site()
    below = RackGroup.objects.create(name="Row 1", location=site)
    refused = api.send(
        "POST", "/api/dcim/rack-groups/", {"name": "Hall", "location": str(region.pk), "parent": str(below.pk)}
    )
    assert refused.status_code == 400
    assert "is not descended from parent rack group" in refused.json()["location"][0]


def test_racks_and_power_panels_may_use_a_rack_group_of_an_ancestor_location(api: APIClient) -> None:
    region, site = region_and_site()
    group = RackGroup.objects.create(name="Hall", location=region)
    rack = api.send(
        "POST",
        "/api/dcim/racks/",
        {"name": "r1", "location": str(site.pk), "rack_group": str(group.pk), "status": "Active"},
    )
    assert rack.status_code == 201, rack.content
    panel = api.send(
        "POST", "/api/dcim/power-panels/", {"name": "p1", "location": str(site.pk), "rack_group": str(group.pk)}
    )
    assert panel.status_code == 201, panel.content
    other_group = RackGroup.objects.create(name="Elsewhere", location=f.location("Other"))
    refused = api.send(
        "POST",
        "/api/dcim/racks/",
        {"name": "r2", "location": str(site.pk), "rack_group": str(other_group.pk), "status": "Active"},
    )
    assert refused.status_code == 400 and "rack_group" in refused.json()


# ---------------------------------------------------------------------------------------------- power


def power_panel(location: Location) -> PowerPanel:
    return PowerPanel.objects.create(name="panel", location=location)


def feed(api: APIClient, panel: PowerPanel, **fields: Any) -> Any:
    return api.send(
        "POST", "/api/dcim/power-feeds/", {"name": "feed", "power_panel": str(panel.pk), "status": "Active", **fields}
    )


def test_a_dc_three_phase_power_feed_is_allowed(api: APIClient) -> None:
    """Nautobot puts no rule on supply and phase together."""
    created = feed(api, power_panel(f.location()), supply="dc", phase="three-phase", voltage=48)
    assert created.status_code == 201, created.content
    assert created.json()["supply"]["value"] == "dc" and created.json()["phase"]["value"] == "three-phase"


def test_an_ac_feed_with_a_negative_voltage_is_refused_a_dc_one_is_not(api: APIClient) -> None:
    """Nautobot: "Voltage cannot be negative for AC supply" (and only for AC)."""
    panel = power_panel(f.location())
    refused = feed(api, panel, supply="ac", voltage=-230)
    assert refused.status_code == 400 and "voltage" in refused.json()
    assert feed(api, panel, supply="dc", voltage=-48).status_code == 201


def test_a_power_feed_rack_and_panel_may_be_anywhere_in_one_branch_of_locations(api: APIClient) -> None:
    """Nautobot: the rack's location holds the panel's, or the panel's holds the rack's."""
    region, site = region_and_site()
    rack_in_site = Rack.objects.create(name="r1", location=site, status=f.status())
    panel_in_region = power_panel(region)
    assert feed(api, panel_in_region, rack=str(rack_in_site.pk)).status_code == 201
    elsewhere = Rack.objects.create(name="r2", location=f.location("Other"), status=f.status())
    refused = feed(api, panel_in_region, name="feed-2", rack=str(elsewhere.pk))
    assert refused.status_code == 400 and "rack" in refused.json()


# ---------------------------------------------------------------------------------------------- virtual chassis


def chassis() -> tuple[Device, Device, Device]:
    """A virtual chassis of `sw1` (master) and `sw2`, each with eth0, eth1 and a management-only mgmt0,
    and a device `other` outside it."""
    dtype = f.device_type(interfaces=2)
    site = f.location()
    master, member, other = (f.device(name, dtype, site) for name in ("sw1", "sw2", "other"))
    for one in (master, member):
        Interface.objects.create(device=one, name="mgmt0", type="1000base-t", mgmt_only=True, status=f.status())
    vc = services.create_virtual_chassis(name="vc1", master=master)
    member.virtual_chassis, member.vc_position = vc, 2
    member.save()
    return master, member, other


def interface_names(api: APIClient, query: str) -> list[str]:
    response = api.send("GET", f"/api/dcim/interfaces/?{query}&limit=0")
    assert response.status_code == 200, response.content
    named = {str(pk): name for pk, name in Device.objects.values_list("pk", "name")}
    return sorted(f"{named[row['device']['id']]}:{row['name']}" for row in response.json()["results"])


def test_filtering_interfaces_by_a_virtual_chassis_master_adds_its_members_interfaces_but_management(
    api: APIClient,
) -> None:
    """Nautobot's `device` and `device_id` filters return `Device.vc_interfaces`: a master's own interfaces
    and its members' that are not management-only; a member alone gives only its own."""
    master, member, other = chassis()
    expected = ["sw1:eth0", "sw1:eth1", "sw1:mgmt0", "sw2:eth0", "sw2:eth1"]
    assert interface_names(api, "device=sw1") == expected
    assert interface_names(api, f"device={master.pk}") == expected
    assert interface_names(api, f"device_id={master.pk}") == expected
    assert interface_names(api, f"device_id={member.pk}") == ["sw2:eth0", "sw2:eth1", "sw2:mgmt0"]
    assert interface_names(api, f"device_id={other.pk}") == ["other:eth0", "other:eth1"]


def test_device_with_common_vc_gives_every_members_interfaces(api: APIClient) -> None:
    master, member, other = chassis()
    everything = ["sw1:eth0", "sw1:eth1", "sw1:mgmt0", "sw2:eth0", "sw2:eth1", "sw2:mgmt0"]
    assert interface_names(api, f"device_with_common_vc={member.pk}") == everything
    assert interface_names(api, f"device_with_common_vc={other.pk}") == ["other:eth0", "other:eth1"]


# ---------------------------------------------------------------------------------------------- counts and role

LOCATION_COUNTS = (
    "circuit_count",
    "device_count",
    "prefix_count",
    "rack_count",
    "virtual_machine_count",
    "vlan_count",
)


def furnish(site: Location, index: int) -> None:
    """At `site`: two devices, a rack, two prefixes, a VLAN, and a circuit with both ends there."""
    dtype = f.device_type(interfaces=1)
    for n in range(2):
        f.device(f"{site.name}-d{n}", dtype, site)
    Rack.objects.create(name=f"{site.name}-r", location=site, status=f.status())
    for n in range(2):
        ipam_services.create_prefix(f"10.{index}.{n}.0/24", status=f.status()).locations.add(site)
    VLAN.objects.create(vid=100 + index, name=f"v{index}", status=f.status()).locations.add(site)
    kind, _ = CircuitType.objects.get_or_create(name="Transit")
    provider, _ = Provider.objects.get_or_create(name="Carrier")
    circuit = Circuit.objects.create(cid=f"c{index}", provider=provider, circuit_type=kind, status=f.status())
    for side in ("A", "Z"):
        circuits_services.create_termination(circuit=circuit, term_side=side, location=site)


def test_locations_show_nautobots_counts_from_the_list_query(api: APIClient) -> None:
    """Nautobot's location has these six counts, each of what is at the location itself; netkeel has no
    virtual machines yet, so that count is 0 (true, and the integer Nautobot's clients read)."""
    counts: dict[int, int] = {}
    for rows in (1, 6):
        for index in range(Location.objects.count(), rows):
            furnish(f.location(f"site{index}"), index)
        with CaptureQueriesContext(connection) as queries:
            listed = api.send("GET", "/api/dcim/locations/?limit=0").json()["results"]
        assert len(listed) == rows
        for row in listed:
            assert {name: row[name] for name in LOCATION_COUNTS} == {
                "circuit_count": 1,  # one circuit, though both its ends are there
                "device_count": 2,
                "prefix_count": 2,
                "rack_count": 1,
                "virtual_machine_count": 0,
                "vlan_count": 1,
            }
        counts[rows] = len(queries)
    assert counts[6] <= counts[1], counts


def test_location_counts_are_in_write_answers_but_not_in_a_nested_location(api: APIClient) -> None:
    """A write answers as a read would (netkeel's rule: Nautobot leaves its counts out of a create's
    answer); a nested location has no counts, as in Nautobot."""
    site_type = f.location("elsewhere").location_type
    payload = {"name": "DC1", "location_type": str(site_type.pk), "status": "Active"}
    created = api.send("POST", "/api/dcim/locations/", payload)
    assert created.status_code == 201, created.content
    assert {name: created.json()[name] for name in LOCATION_COUNTS} == dict.fromkeys(LOCATION_COUNTS, 0)
    site = Location.objects.get(name="DC1")
    furnish(site, 0)
    changed = api.send("PATCH", f"/api/dcim/locations/{site.pk}/", {"description": "x"}).json()
    assert (changed["device_count"], changed["prefix_count"], changed["circuit_count"]) == (2, 2, 1)
    nested = api.send("GET", "/api/dcim/racks/?depth=1").json()["results"][0]["location"]
    assert nested["id"] == str(site.pk) and "device_count" not in nested


def test_interfaces_show_their_ip_address_count_from_the_list_query(api: APIClient) -> None:
    """The Ansible inventory plugin reads `ip_address_count` of every interface."""
    ipam_services.create_prefix("10.0.0.0/16", status=f.status())
    dtype = f.device_type(interfaces=3)
    counts: dict[int, int] = {}
    for count in (1, 5):
        for index in range(Device.objects.count(), count):
            device = f.device(f"d{index}", dtype, f.location())
            first = device.interfaces.get(name="eth0")
            for n in range(2):
                address = ipam_services.create_ip_address(f"10.0.{index}.{n + 1}/24", status=f.status())
                ipam_services.assign_ip_address(ip_address=address, interface=first)
        with CaptureQueriesContext(connection) as queries:
            listed = api.send("GET", "/api/dcim/interfaces/?limit=0").json()["results"]
        assert sorted((row["name"], row["ip_address_count"]) for row in listed) == sorted(
            [("eth0", 2), ("eth1", 0), ("eth2", 0)] * count
        )
        counts[count] = len(queries)
    assert counts[5] <= counts[1], counts


def test_an_interface_role_is_stored_among_the_roles_offered_on_interfaces(api: APIClient) -> None:
    """Nautobot's interface has a `role`: an extras Role whose content types include dcim.interface."""
    device = f.device("d1", f.device_type(interfaces=1), f.location())
    interface = device.interfaces.get()
    uplink = Role.objects.create(name="Uplink")
    uplink.content_types.add(ContentType.objects.get_for_model(Interface))
    changed = api.send("PATCH", f"/api/dcim/interfaces/{interface.pk}/", {"role": "Uplink"})
    assert changed.status_code == 200, changed.content
    assert changed.json()["role"]["id"] == str(uplink.pk)
    interface.refresh_from_db()
    assert interface.role == uplink
    Role.objects.create(name="Spine")  # offered on no model
    refused = api.send("PATCH", f"/api/dcim/interfaces/{interface.pk}/", {"role": "Spine"})
    assert refused.status_code == 400 and "role" in refused.json()
    assert api.send("GET", "/api/dcim/interfaces/?role=Uplink").json()["count"] == 1


# ---------------------------------------------------------------------------------------------- error texts


def test_a_duplicate_asset_tag_says_what_nautobot_says(api: APIClient) -> None:
    """Nautobot: `{"asset_tag": ["rack with this Asset tag already exists."]}` (likewise for devices)."""
    site = f.location()
    Rack.objects.create(name="r1", location=site, status=f.status(), asset_tag="AT-1")
    payload = {"name": "r2", "location": str(site.pk), "status": "Active", "asset_tag": "AT-1"}
    refused = api.send("POST", "/api/dcim/racks/", payload)
    assert refused.status_code == 400
    assert refused.json() == {"asset_tag": ["rack with this Asset tag already exists."]}
    device = f.device("d1", f.device_type(), site, asset_tag="AT-2")
    payload = {"name": "d2", "location": str(site.pk), "status": "Active", "asset_tag": "AT-2"}
    payload |= {"device_type": str(device.device_type_id), "role": str(device.role_id)}
    refused = api.send("POST", "/api/dcim/devices/", payload)
    assert refused.json() == {"asset_tag": ["device with this Asset tag already exists."]}


# ---------------------------------------------------------------------------------------------- NAPALM


def test_napalm_answers_503_saying_what_is_not_configured(api: APIClient) -> None:
    """Nautobot's sentences, in its order: no platform, no NAPALM driver, no address to reach, no NAPALM."""
    device = f.device("sw1", f.device_type(), f.location())
    url = f"/api/dcim/devices/{device.pk}/napalm/?method=get_facts"

    def detail() -> str:
        response = api.send("GET", url)
        assert response.status_code == 503, response.content
        return str(response.json()["detail"])

    assert detail() == "No platform is configured for this device."
    device.platform = Platform.objects.create(name="eos")
    device.save()
    assert detail() == "No NAPALM driver is configured for this device's platform: eos."
    Platform.objects.filter(pk=device.platform_id).update(napalm_driver="eos")
    ipam_services.create_prefix("192.0.2.0/24", status=f.status())
    device.primary_ip4 = ipam_services.create_ip_address("192.0.2.10/24", status=f.status())
    device.save()
    if importlib.util.find_spec("napalm") is None:  # the test environment installs no NAPALM
        assert detail() == "NAPALM is not installed. Please see the documentation for instructions."
    assert api.send("GET", "/api/dcim/devices/00000000-0000-0000-0000-000000000000/napalm/").status_code == 404
