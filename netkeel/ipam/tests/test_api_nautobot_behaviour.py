"""IPAM behaviour that Nautobot's clients depend on, each test stating what Nautobot 3.2 does."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from netkeel.core.testing.api import APIClient
from netkeel.dcim.models import Location
from netkeel.dcim.tests import factories as f
from netkeel.extras.models import Status
from netkeel.ipam import services
from netkeel.ipam.models import VLAN, Prefix

pytestmark = pytest.mark.django_db

PREFIXES = "/api/ipam/prefixes/"


def test_a_prefix_with_host_bits_is_saved_as_its_network_as_nautobot_does(api: APIClient) -> None:
    """Nautobot clears the host bits of `2001::1:0/64` and saves `2001::/64`; the answer shows that."""
    created = api.send("POST", PREFIXES, {"prefix": "2001::1:0/64", "status": "Active"})
    assert created.status_code == 201, created.content
    assert created.json()["prefix"] == "2001::/64"
    assert created.json()["network"] == "2001::"
    changed = api.send("PATCH", f"{PREFIXES}{created.json()['id']}/", {"prefix": "10.1.2.3/16"})
    assert changed.status_code == 200, changed.content
    assert changed.json()["prefix"] == "10.1.0.0/16"
    assert sorted(str(p) for p in Prefix.objects.all()) == ["10.1.0.0/16"]


def test_a_bulk_create_of_prefixes_with_host_bits_saves_them_all_normalized(api: APIClient) -> None:
    """The Ansible collection's test data sends such prefixes in bulk: one of them must not fail the lot."""
    payload = [
        {"prefix": "192.168.1.7/24", "status": "Active"},
        {"prefix": "2001:db8::1:0/64", "status": "Active"},
        {"prefix": "10.0.0.0/8", "status": "Active"},
    ]
    created = api.send("POST", PREFIXES, payload)
    assert created.status_code == 201, created.content
    assert [row["prefix"] for row in created.json()] == ["192.168.1.0/24", "2001:db8::/64", "10.0.0.0/8"]


def test_the_same_network_written_with_and_without_host_bits_is_a_duplicate(api: APIClient) -> None:
    assert api.send("POST", PREFIXES, {"prefix": "10.9.0.0/16", "status": "Active"}).status_code == 201
    again = api.send("POST", PREFIXES, {"prefix": "10.9.8.7/16", "status": "Active"})
    assert again.status_code == 400
    assert "prefix" in again.json()


# ---------------------------------------------------------------------------------------------- one location


VLANS = "/api/ipam/vlans/"
LEGACY = {"HTTP_ACCEPT": "application/json; version=2.0"}


def sites(*names: str) -> list[Location]:
    return [f.location(name) for name in names]


def test_location_on_a_prefix_or_vlan_create_sets_its_locations(api: APIClient) -> None:
    """Nautobot 3.x still takes a write-only `location` and makes it the object's only location."""
    (dc1,) = sites("DC1")
    created = api.send("POST", PREFIXES, {"prefix": "10.0.0.0/24", "status": "Active", "location": str(dc1.pk)})
    assert created.status_code == 201, created.content
    assert [row["id"] for row in created.json()["locations"]] == [str(dc1.pk)]
    assert "location" not in created.json()  # write-only from version 2.2 on
    assert list(Prefix.objects.get().locations.all()) == [dc1]
    vlan = api.send("POST", VLANS, {"vid": 10, "name": "v10", "status": "Active", "location": {"name": "DC1"}})
    assert vlan.status_code == 201, vlan.content
    assert list(VLAN.objects.get().locations.all()) == [dc1]


def test_location_on_an_update_replaces_the_one_location_and_is_a_412_when_there_are_several(api: APIClient) -> None:
    dc1, dc2, dc3 = sites("DC1", "DC2", "DC3")
    one = services.create_prefix("10.0.0.0/24", status=Status.objects.get(name="Active"))
    one.locations.set([dc1])
    changed = api.send("PATCH", f"{PREFIXES}{one.pk}/", {"location": str(dc2.pk)})
    assert changed.status_code == 200, changed.content
    assert list(one.locations.all()) == [dc2]
    one.locations.set([dc1, dc2])
    refused = api.send("PATCH", f"{PREFIXES}{one.pk}/", {"location": str(dc3.pk)})
    assert refused.status_code == 412
    assert refused.json()["detail"].startswith("This object has multiple Locations")
    assert set(one.locations.all()) == {dc1, dc2}


def test_api_version_2_0_shows_and_takes_nautobots_older_shape_with_one_location(api: APIClient) -> None:
    """Nautobot answers versions 2.0 and 2.1 with `location` (no `locations`); the Ansible collection asks
    for 2.0 whenever a prefix or VLAN has a location."""
    dc1, dc2 = sites("DC1", "DC2")
    created = api.send(
        "POST", PREFIXES, {"prefix": "10.0.0.0/24", "status": "Active", "location": str(dc1.pk)}, **LEGACY
    )
    assert created.status_code == 201, created.content
    assert created["API-Version"] == "2.0"
    assert created.json()["location"]["id"] == str(dc1.pk)
    assert "locations" not in created.json()
    bare = api.send("POST", PREFIXES, {"prefix": "10.0.1.0/24", "status": "Active"}, **LEGACY).json()
    assert bare["location"] is None
    listed = api.send("GET", f"{PREFIXES}?depth=1", **LEGACY).json()["results"]
    assert [(row["prefix"], row["location"] and row["location"]["name"]) for row in listed] == [
        ("10.0.0.0/24", "DC1"),
        ("10.0.1.0/24", None),
    ]
    vlan = api.send("POST", VLANS, {"vid": 5, "name": "v5", "status": "Active", "location": str(dc2.pk)}, **LEGACY)
    assert vlan.status_code == 201, vlan.content
    assert vlan.json()["location"]["id"] == str(dc2.pk) and "locations" not in vlan.json()


def test_api_version_2_1_refuses_with_412_to_show_a_prefix_or_vlan_with_several_locations(api: APIClient) -> None:
    dc1, dc2 = sites("DC1", "DC2")
    spread = services.create_prefix("10.0.0.0/24", status=Status.objects.get(name="Active"))
    spread.locations.set([dc1, dc2])
    legacy = {"HTTP_ACCEPT": "application/json; version=2.1"}
    assert api.send("GET", f"{PREFIXES}{spread.pk}/", **legacy).status_code == 412
    assert api.send("GET", PREFIXES, **legacy).status_code == 412
    assert api.send("GET", f"{PREFIXES}{spread.pk}/").status_code == 200  # 2.2 and later show `locations`


def test_a_legacy_prefix_list_costs_no_more_queries_for_more_rows(api: APIClient) -> None:
    (dc1,) = sites("DC1")
    counts: dict[tuple[int, int], int] = {}
    for start, rows in ((0, 2), (2, 12)):
        for index in range(start, rows):
            created = services.create_prefix(f"10.{index}.0.0/16", status=Status.objects.get(name="Active"))
            created.locations.set([dc1])
        for depth in (0, 1):
            with CaptureQueriesContext(connection) as queries:
                listed = api.send("GET", f"{PREFIXES}?depth={depth}", **LEGACY).json()["results"]
            assert len(listed) == rows and all(row["location"]["id"] == str(dc1.pk) for row in listed)
            counts[(rows, depth)] = len(queries)
    assert counts[(12, 0)] <= counts[(2, 0)] and counts[(12, 1)] <= counts[(2, 1)], counts


def test_a_duplicate_address_says_what_nautobot_says(api: APIClient) -> None:
    """Clients retry or look the address up when the 400 holds Nautobot's sentence."""
    services.create_prefix("10.0.0.0/24", status=Status.objects.get(name="Active"))
    assert (
        api.send("POST", "/api/ipam/ip-addresses/", {"address": "10.0.0.1/24", "status": "Active"}).status_code == 201
    )
    again = api.send("POST", "/api/ipam/ip-addresses/", {"address": "10.0.0.1/32", "status": "Active"})
    assert again.status_code == 400
    assert "IP address with this Parent and Host already exists." in again.json()["address"]
    assert "10.0.0.1 already exists in namespace Global." in again.json()["address"]
