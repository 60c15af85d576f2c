"""A platform's `network_driver_mappings` (Nautobot's, read-only, and a card on its page): its network driver
in each automation library's words, from netutils' table, extended and overridden by the NETWORK_DRIVERS setting."""

from __future__ import annotations

import pytest
from django.test import override_settings

from netkeel.core.testing.api import APIClient
from netkeel.core.testing.ui import make_user, signed_in
from netkeel.dcim.models import Platform

pytestmark = pytest.mark.django_db

PLATFORMS = "/api/dcim/platforms/"


def test_a_known_driver_maps_to_each_librarys_name(api: APIClient) -> None:
    response = api.send("POST", PLATFORMS, {"name": "ios", "network_driver": "cisco_ios"})
    assert response.status_code == 201, response.content
    mappings = response.json()["network_driver_mappings"]
    assert mappings["ansible"] == "cisco.ios.ios"
    assert mappings["napalm"] == "ios"
    assert mappings["netmiko"] == "cisco_ios"
    assert mappings["pyats"] == "iosxe"
    assert mappings["scrapli"] == "cisco_iosxe"
    listed = api.send("GET", f"{PLATFORMS}?name=ios").json()["results"][0]
    assert listed["network_driver_mappings"] == mappings


def test_an_unknown_or_empty_driver_maps_to_nothing(api: APIClient) -> None:
    Platform.objects.create(name="custom", network_driver="secret_sauce")
    Platform.objects.create(name="none")
    rows = {row["name"]: row for row in api.send("GET", PLATFORMS).json()["results"]}
    assert rows["custom"]["network_driver_mappings"] == {}
    assert rows["none"]["network_driver_mappings"] == {}


@override_settings(
    NETWORK_DRIVERS={
        "netmiko": {"secret_sauce": "secret_driver", "cisco_ios": "cisco_xe"},
        "scrapli": {"secret_sauce": "secret_scrapli"},
        "supercoolnewtool": {"cisco_ios": "cisco_xyz", "secret_sauce": "secret_xyz"},
    }
)
def test_the_setting_extends_and_overrides_netutils(api: APIClient) -> None:
    standard = Platform.objects.create(name="ios", network_driver="cisco_ios")
    custom = Platform.objects.create(name="custom", network_driver="secret_sauce")
    ios = api.send("GET", f"{PLATFORMS}{standard.pk}/").json()["network_driver_mappings"]
    assert ios["ansible"] == "cisco.ios.ios"  # netutils' own, untouched
    assert ios["netmiko"] == "cisco_xe"  # overridden
    assert ios["supercoolnewtool"] == "cisco_xyz"  # a library netutils does not know
    assert api.send("GET", f"{PLATFORMS}{custom.pk}/").json()["network_driver_mappings"] == {
        "netmiko": "secret_driver",
        "scrapli": "secret_scrapli",
        "supercoolnewtool": "secret_xyz",
    }


def test_the_mappings_are_read_only(api: APIClient) -> None:
    platform = Platform.objects.create(name="eos", network_driver="arista_eos")
    response = api.send("PATCH", f"{PLATFORMS}{platform.pk}/", {"network_driver_mappings": {"napalm": "x"}})
    assert response.status_code == 200
    assert response.json()["network_driver_mappings"]["napalm"] == "eos"


def test_a_platforms_page_shows_its_mappings() -> None:
    client = signed_in(make_user("drivers-admin", superuser=True))
    ios = Platform.objects.create(name="ios", network_driver="cisco_ios")
    page = client.get(f"/dcim/platforms/{ios.pk}/").content.decode()
    assert "Network driver mappings" in page
    assert '<th scope="row">ansible</th><td><code>cisco.ios.ios</code></td>' in page
    bare = Platform.objects.create(name="bare")
    assert "No network driver." in client.get(f"/dcim/platforms/{bare.pk}/").content.decode()
