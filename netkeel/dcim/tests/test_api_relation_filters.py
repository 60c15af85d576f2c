"""Nautobot's filters on related objects (issue 13): `?devices=` on a location takes a device's name or id,
`devices__n` leaves those out, `devices__isnull` and `has_devices` ask whether there is any; each row comes once
however many of its related objects match, in one query whatever the number of rows. Where Nautobot documents a
UUID (`devices` on a device type) only an id is taken, and anything else is a 400. Dates take Nautobot's lookups."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

from netkeel.circuits.models import Circuit, CircuitTermination, CircuitType, Provider
from netkeel.core.api.filters import HasRelatedFilter, RelatedFilter
from netkeel.core.api.tests.test_robustness import FILTERED_ROUTES
from netkeel.core.testing.api import APIClient
from netkeel.dcim.models import Device, Interface, Location, LocationType
from netkeel.dcim.tests import factories
from netkeel.ipam import services as ipam_services
from netkeel.ipam.models import RIR, VLAN
from netkeel.tenancy.models import Tenant

pytestmark = pytest.mark.django_db


def names(api: APIClient, path: str) -> list[str]:
    response = api.send("GET", path)
    assert response.status_code == 200, response.content[:400]
    return sorted(row.get("name") or row.get("model") or row.get("cid") for row in response.json()["results"])


@pytest.fixture
def sites() -> dict[str, Location]:
    """dc1 holds two devices (a leaf with interfaces, a bare one), dc2 one, dc3 none."""
    dc1, dc2, dc3 = (factories.location(name) for name in ("dc1", "dc2", "dc3"))
    leaf, bare = factories.device_type("leaf", interfaces=2), factories.device_type("bare")
    factories.device("sw1", leaf, dc1)
    factories.device("sw2", bare, dc1)
    factories.device("sw3", leaf, dc2)
    return {"dc1": dc1, "dc2": dc2, "dc3": dc3}


def test_locations_by_their_devices(api: APIClient, sites: dict[str, Location]) -> None:
    sw3 = Device.objects.get(name="sw3")
    assert names(api, "/api/dcim/locations/?devices=sw1") == ["dc1"]
    assert names(api, f"/api/dcim/locations/?devices=sw1&devices={sw3.pk}") == ["dc1", "dc2"]
    # dc1 matches by both its devices and still comes once.
    assert names(api, "/api/dcim/locations/?devices=sw1&devices=sw2") == ["dc1"]
    assert names(api, "/api/dcim/locations/?devices__n=sw1") == ["dc2", "dc3"]
    assert names(api, "/api/dcim/locations/?devices__isnull=true") == ["dc3"]
    assert names(api, "/api/dcim/locations/?devices__isnull=false") == ["dc1", "dc2"]
    assert names(api, "/api/dcim/locations/?has_devices=true") == ["dc1", "dc2"]
    assert names(api, "/api/dcim/locations/?has_devices=false") == ["dc3"]
    assert api.send("GET", "/api/dcim/locations/?devices=sw1&has_devices=false").json()["count"] == 0


def test_components_and_templates_count_as_related(api: APIClient, sites: dict[str, Location]) -> None:
    assert names(api, "/api/dcim/devices/?has_interfaces=true") == ["sw1", "sw3"]
    assert names(api, "/api/dcim/devices/?has_interfaces=false") == ["sw2"]
    assert names(api, "/api/dcim/devices/?interfaces=eth1") == ["sw1", "sw3"]
    assert names(api, "/api/dcim/device-types/?has_interface_templates=true") == ["leaf"]
    assert names(api, "/api/dcim/device-types/?interface_templates=eth0") == ["leaf"]
    # Nautobot's older name for the same question.
    assert names(api, "/api/dcim/device-types/?interfaces=false") == ["bare"]
    assert names(api, "/api/dcim/manufacturers/?has_device_types=true") == ["Acme"]


def test_a_relation_nautobot_takes_by_id_refuses_a_name(api: APIClient, sites: dict[str, Location]) -> None:
    sw2 = Device.objects.get(name="sw2")
    assert names(api, f"/api/dcim/device-types/?devices={sw2.pk}") == ["bare"]
    assert names(api, "/api/dcim/device-types/?devices=null") == []
    response = api.send("GET", "/api/dcim/device-types/?devices=sw2")
    assert response.status_code == 400
    assert "devices" in response.json()


def test_has_takes_a_boolean_only(api: APIClient, sites: dict[str, Location]) -> None:
    response = api.send("GET", "/api/dcim/locations/?has_devices=maybe")
    assert response.status_code == 400
    assert list(response.json()) == ["has_devices"]
    assert api.send("GET", "/api/dcim/locations/?devices=a%00b").status_code == 400


def test_tenants_by_what_they_hold(api: APIClient, sites: dict[str, Location]) -> None:
    acme, other = Tenant.objects.create(name="acme"), Tenant.objects.create(name="other")
    Device.objects.filter(name__in=["sw1", "sw2"]).update(tenant=acme)
    assert names(api, "/api/tenancy/tenants/?devices=sw1&devices=sw2") == ["acme"]
    assert names(api, "/api/tenancy/tenants/?has_devices=false") == ["other"]
    assert names(api, "/api/tenancy/tenants/?has_locations=true") == []
    assert other.pk


def test_a_relation_filter_adds_no_query_per_row(api: APIClient, sites: dict[str, Location]) -> None:
    dtype = factories.device_type("more", interfaces=1)

    def queries(path: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert api.send("GET", path).status_code == 200
        return len(captured)

    path = "/api/dcim/locations/?has_devices=true&devices__n=nothing&devices__isnull=false"
    queries(path)  # the first request of a process fills its caches
    few = queries(path)
    for index in range(6):
        factories.device(f"extra{index}", dtype, factories.location(f"more{index}"))
    assert names(api, path) == ["dc1", "dc2", *(f"more{index}" for index in range(6))]
    assert queries(path) == few


def test_dates_take_nautobots_lookups(api: APIClient) -> None:
    provider, kind = Provider.objects.create(name="carrier"), CircuitType.objects.create(name="transit")
    active = factories.status("Active")
    for cid, day in (("c1", datetime.date(2024, 1, 1)), ("c2", datetime.date(2025, 6, 1)), ("c3", None)):
        Circuit.objects.create(cid=cid, provider=provider, circuit_type=kind, status=active, install_date=day)
    assert names(api, "/api/circuits/circuits/?install_date__gte=2025-01-01") == ["c2"]
    assert names(api, "/api/circuits/circuits/?install_date__lt=2025-01-01") == ["c1"]
    assert names(api, "/api/circuits/circuits/?install_date__isnull=true") == ["c3"]
    assert names(api, "/api/circuits/circuits/?install_date__n=2024-01-01") == ["c2", "c3"]
    response: Any = api.send("GET", "/api/circuits/circuits/?install_date__gt=yesterday")
    assert response.status_code == 400
    assert list(response.json()) == ["install_date__gt"]


@pytest.mark.parametrize("path,viewset", FILTERED_ROUTES, ids=[path for path, _ in FILTERED_ROUTES])
def test_every_relation_filter_refuses_a_nul(api: APIClient, path: str, viewset: Any) -> None:
    """All of a route's relation filters and `has_…` booleans at once: a NUL in each is a 400 naming each."""
    filters = viewset.filterset_class.get_filters()
    wanted = sorted(name for name, flt in filters.items() if isinstance(flt, RelatedFilter | HasRelatedFilter))
    if not wanted:
        return
    response = api.get(path + "?" + "&".join(f"{name}=a%00b" for name in wanted))
    assert response.status_code == 400, (path, response.content[:300])
    assert sorted(response.json()) == wanted


def test_devices_by_their_interfaces_mac_addresses(api: APIClient, sites: dict[str, Location]) -> None:
    """Nautobot's `mac_address` on devices is its interfaces': a device with two matching ones comes once."""
    Interface.objects.filter(device__name="sw1").update(mac_address="AA:BB:CC:00:00:01")
    Interface.objects.filter(device__name="sw3", name="eth0").update(mac_address="AA:BB:CC:00:00:03")
    assert names(api, "/api/dcim/devices/?mac_address=aa-bb-cc-00-00-01") == ["sw1"]
    assert names(api, "/api/dcim/devices/?mac_address__isw=aa:bb:cc") == ["sw1", "sw3"]
    assert names(api, "/api/dcim/devices/?mac_address__n=AA:BB:CC:00:00:01") == ["sw2", "sw3"]
    assert names(api, "/api/dcim/devices/?is_full_depth=true&has_interfaces=true") == ["sw1", "sw3"]


def test_prefixes_and_addresses_by_vlan_rir_location_and_nat(api: APIClient, sites: dict[str, Location]) -> None:
    active = factories.status("Active")
    vlan = VLAN.objects.create(vid=100, name="users", status=active)
    rir = RIR.objects.create(name="RFC1918", is_private=True)
    with_vlan = ipam_services.create_prefix("10.1.0.0/24", status=active, vlan=vlan, rir=rir)
    with_vlan.locations.add(sites["dc1"], sites["dc2"])
    ipam_services.create_prefix("10.2.0.0/24", status=active)

    def prefixes(query: str) -> list[str]:
        response = api.send("GET", f"/api/ipam/prefixes/?{query}")
        assert response.status_code == 200, response.content[:300]
        return sorted(row["prefix"] for row in response.json()["results"])

    assert prefixes("vlan_vid=100") == ["10.1.0.0/24"]
    assert prefixes("vlan_vid__gt=100") == []
    assert prefixes(f"vlan_id={vlan.pk}") == ["10.1.0.0/24"]
    assert prefixes("vlan_id__isnull=true") == ["10.2.0.0/24"]
    assert prefixes("has_rir=false") == ["10.2.0.0/24"]
    assert prefixes("locations=dc1&locations=dc2") == ["10.1.0.0/24"]  # once, though in both
    assert prefixes("locations__n=dc1") == ["10.2.0.0/24"]

    inside = ipam_services.create_ip_address("10.1.0.5/24", status=active)
    ipam_services.create_ip_address("10.2.0.5/24", status=active, nat_inside=inside)
    response = api.send("GET", f"/api/ipam/ip-addresses/?nat_inside={inside.pk}")
    assert [row["address"] for row in response.json()["results"]] == ["10.2.0.5/24"]
    response = api.send("GET", "/api/ipam/ip-addresses/?has_nat_inside=false")
    assert [row["address"] for row in response.json()["results"]] == ["10.1.0.5/24"]


def test_location_types_and_locations_by_content_types_left_out(api: APIClient, sites: dict[str, Location]) -> None:
    building = LocationType.objects.create(name="Building")
    building.content_types.add(ContentType.objects.get_for_model(Device))
    assert names(api, "/api/dcim/location-types/?content_types__n=dcim.device") == ["Site"]
    assert names(api, "/api/dcim/location-types/?content_types=dcim.device") == ["Building"]
    assert names(api, "/api/dcim/locations/?content_type__n=dcim.device") == ["dc1", "dc2", "dc3"]


def test_circuits_terminated_nowhere(api: APIClient, sites: dict[str, Location]) -> None:
    provider, kind = Provider.objects.create(name="carrier"), CircuitType.objects.create(name="transit")
    active = factories.status("Active")
    landed, loose = (
        Circuit.objects.create(cid=cid, provider=provider, circuit_type=kind, status=active) for cid in ("c1", "c2")
    )
    CircuitTermination.objects.create(circuit=landed, term_side="A", location=sites["dc1"])
    assert names(api, "/api/circuits/circuits/?location__isnull=true") == ["c2"]
    assert names(api, "/api/circuits/circuits/?location__isnull=false") == ["c1"]
    assert names(api, "/api/circuits/providers/?has_circuits=true&location=dc1") == ["carrier"]
    assert loose.pk


def test_interfaces_by_the_vlan_they_carry(api: APIClient, sites: dict[str, Location]) -> None:
    active = factories.status("Active")
    users, voice = (
        VLAN.objects.create(vid=10, name="users", status=active),
        VLAN.objects.create(vid=20, name="voice", status=active),
    )
    Interface.objects.filter(device__name="sw1", name="eth0").update(mode="access", untagged_vlan=users)
    trunk = Interface.objects.get(device__name="sw3", name="eth1")
    Interface.objects.filter(pk=trunk.pk).update(mode="tagged")
    trunk.tagged_vlans.add(users, voice)

    def interfaces(query: str) -> list[str]:
        response = api.send("GET", f"/api/dcim/interfaces/?{query}")
        assert response.status_code == 200, response.content[:300]
        devices = dict(Device.objects.values_list("pk", "name"))
        return sorted(f"{devices[uuid.UUID(row['device']['id'])]}:{row['name']}" for row in response.json()["results"])

    assert interfaces("vlan=10") == ["sw1:eth0", "sw3:eth1"]
    assert interfaces(f"vlan_id={voice.pk}") == ["sw3:eth1"]
    assert interfaces("has_tagged_vlans=true") == ["sw3:eth1"]
    response = api.send("GET", "/api/dcim/interfaces/?vlan_id=users")
    assert response.status_code == 400
    assert list(response.json()) == ["vlan_id"]


def test_users_and_change_records_by_each_other(api: APIClient) -> None:
    User = get_user_model()
    created = api.send("POST", "/api/tenancy/tenants/", {"name": "acme"})
    assert created.status_code == 201, created.content[:300]
    User.objects.create(username="idle")
    admin = User.objects.get(username="api-admin")

    def usernames(query: str) -> list[str]:
        response = api.send("GET", f"/api/users/users/?{query}")
        assert response.status_code == 200, response.content[:300]
        return sorted(row["username"] for row in response.json()["results"])

    assert usernames("has_object_changes=true") == ["api-admin"]
    assert usernames("has_object_changes=false") == ["idle"]
    change = api.send("GET", f"/api/extras/object-changes/?user_id={admin.pk}").json()["results"]
    assert [row["object_repr"] for row in change] == ["acme"]
    assert usernames(f"object_changes={change[0]['id']}") == ["api-admin"]
    everything = api.send("GET", "/api/extras/object-changes/?limit=0").json()["results"]
    unattributed = api.send("GET", "/api/extras/object-changes/?user_id__isnull=true&limit=0").json()["results"]
    assert sorted(row["id"] for row in unattributed) == sorted(row["id"] for row in everything if not row["user"])
