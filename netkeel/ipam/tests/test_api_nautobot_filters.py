"""IPAM filters and fields Nautobot has (issue 13): each test states what Nautobot answers and shows the filter
narrows the list to exactly that, and that bad input is a 400 naming the filter."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

from netkeel.core.testing.api import APIClient
from netkeel.core.testing.ui import make_user, signed_in
from netkeel.dcim.tests import factories as f
from netkeel.extras.models import ObjectChange
from netkeel.ipam import services
from netkeel.ipam.models import RIR, VLAN, IPAddressToInterface, Namespace, Prefix, VLANGroup
from netkeel.tenancy.models import Tenant

PREFIXES = "/api/ipam/prefixes/"
ADDRESSES = "/api/ipam/ip-addresses/"
ASSIGNMENTS = "/api/ipam/ip-address-to-interface/"


def prefix(text: str, **fields: Any) -> Prefix:
    return services.create_prefix(text, status=f.status(), **fields)


def listed(api: APIClient, url: str, query: str, key: str = "prefix") -> list[str]:
    response = api.send("GET", f"{url}?{query}&limit=0")
    assert response.status_code == 200, response.content
    return sorted(str(row[key]) for row in response.json()["results"])


def tree() -> dict[str, Prefix]:
    """10.0.0.0/8 ⊃ 10.1.0.0/16 ⊃ 10.1.1.0/24, and 10.2.0.0/16 beside it; 192.168.0.0/16 alone."""
    return {
        text: prefix(text) for text in ("10.0.0.0/8", "10.1.0.0/16", "10.1.1.0/24", "10.2.0.0/16", "192.168.0.0/16")
    }


def test_prefixes_by_parent_by_id_or_text_with_n_and_isnull(api: APIClient) -> None:
    made = tree()
    top = made["10.0.0.0/8"]
    assert listed(api, PREFIXES, f"parent={top.pk}") == ["10.1.0.0/16", "10.2.0.0/16"]
    assert listed(api, PREFIXES, "parent=10.1.0.0/16") == ["10.1.1.0/24"]
    assert listed(api, PREFIXES, "parent__isnull=true") == ["10.0.0.0/8", "192.168.0.0/16"]
    assert listed(api, PREFIXES, f"parent__n={top.pk}") == ["10.0.0.0/8", "10.1.1.0/24", "192.168.0.0/16"]


def test_prefixes_by_ancestors_descendants_exact_and_depth(api: APIClient) -> None:
    made = tree()
    assert listed(api, PREFIXES, "ancestors=10.1.1.0/24") == ["10.0.0.0/8", "10.1.0.0/16"]
    assert listed(api, PREFIXES, f"ancestors={made['10.1.0.0/16'].pk}") == ["10.0.0.0/8"]
    assert listed(api, PREFIXES, "prefix_and_descendants=10.1.0.0/16") == ["10.1.0.0/16", "10.1.1.0/24"]
    assert listed(api, PREFIXES, "prefix_exact=10.1.0.0/16") == ["10.1.0.0/16"]
    assert listed(api, PREFIXES, "max_depth=0") == ["10.0.0.0/8", "192.168.0.0/16"]
    assert listed(api, PREFIXES, "max_depth=1") == ["10.0.0.0/8", "10.1.0.0/16", "10.2.0.0/16", "192.168.0.0/16"]


def test_prefix_tree_filters_stay_in_the_namespace_named(api: APIClient) -> None:
    other = Namespace.objects.create(name="Lab")
    prefix("10.0.0.0/8")
    inner = prefix("10.1.0.0/16", namespace=other)
    assert listed(api, PREFIXES, f"ancestors={inner.pk}") == []
    assert listed(api, PREFIXES, "max_depth=0") == ["10.0.0.0/8", "10.1.0.0/16"]


def test_bad_prefix_filter_values_are_a_400_naming_the_filter(api: APIClient) -> None:
    for query in ("parent=nope", "ancestors=10.0.0.0/99", "max_depth=deep", "prefix_and_descendants=x"):
        response = api.send("GET", f"{PREFIXES}?{query}")
        assert response.status_code == 400, query
        assert query.split("=")[0] in response.json(), query


def test_addresses_by_prefix_exact_parent_and_parent_n(api: APIClient) -> None:
    made = tree()
    for text in ("10.1.1.5/24", "10.1.2.5/16", "10.2.0.9/16", "192.168.1.1/16"):
        services.create_ip_address(text, status=f.status())
    assert listed(api, ADDRESSES, "prefix=10.1.0.0/16", "address") == ["10.1.1.5/24", "10.1.2.5/16"]
    # Nautobot's `prefix_exact`: the addresses whose parent is exactly that prefix.
    assert listed(api, ADDRESSES, "prefix_exact=10.1.0.0/16", "address") == ["10.1.2.5/16"]
    assert listed(api, ADDRESSES, f"parent__n={made['10.0.0.0/8'].pk}", "address") == ["192.168.1.1/16"]
    assert listed(api, ADDRESSES, "parent__isnull=true", "address") == []  # every address has a parent


def test_address_assignments_carry_and_filter_nautobots_flags(api: APIClient) -> None:
    site = f.location()
    device = f.device("r1", f.device_type(interfaces=2), site)
    eth0, eth1 = device.interfaces.order_by("name")
    prefix("10.0.0.0/24")
    one = services.create_ip_address("10.0.0.1/24", status=f.status())
    two = services.create_ip_address("10.0.0.2/24", status=f.status())
    created = api.send(
        "POST",
        ASSIGNMENTS,
        {"ip_address": str(one.pk), "interface": str(eth0.pk), "is_source": True, "is_preferred": True},
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["is_source"], body["is_destination"], body["is_preferred"]) == (True, False, True)
    services.assign_ip_address(two, eth1, is_destination=True)
    rows = api.send("GET", f"{ASSIGNMENTS}?is_source=true").json()["results"]
    assert [row["ip_address"]["id"] for row in rows] == [str(one.pk)]
    rows = api.send("GET", f"{ASSIGNMENTS}?is_destination=true").json()["results"]
    assert [row["ip_address"]["id"] for row in rows] == [str(two.pk)]
    rows = api.send("GET", f"{ASSIGNMENTS}?ip_address__n={one.pk}").json()["results"]
    assert [row["ip_address"]["id"] for row in rows] == [str(two.pk)]
    assert IPAddressToInterface.objects.get(ip_address=two).is_destination


def test_vlans_by_interface_and_available_on_device(api: APIClient) -> None:
    region = f.location("Region")
    site = f.location("Site")
    site.parent = region
    site.save()
    elsewhere = f.location("Elsewhere")
    device = f.device("sw1", f.device_type(interfaces=1), site)
    everywhere = VLAN.objects.create(vid=1, name="global", status=f.status())
    here = VLAN.objects.create(vid=2, name="here", status=f.status())
    here.locations.add(site)
    above = VLAN.objects.create(vid=3, name="above", status=f.status())
    above.locations.add(region)
    there = VLAN.objects.create(vid=4, name="there", status=f.status())
    there.locations.add(elsewhere)
    assert listed(api, "/api/ipam/vlans/", f"available_on_device={device.pk}", "name") == ["above", "global", "here"]
    eth0 = device.interfaces.get()
    eth0.mode = "tagged"
    eth0.untagged_vlan = here
    eth0.save()
    eth0.tagged_vlans.add(everywhere)
    assert listed(api, "/api/ipam/vlans/", f"interfaces={eth0.pk}", "name") == ["global", "here"]
    assert listed(api, "/api/ipam/vlans/", "interfaces=eth0", "name") == ["global", "here"]
    assert api.send("GET", "/api/ipam/vlans/?available_on_device=sw1").status_code == 400


def test_namespace_has_a_tenant_written_filtered_and_logged(api: APIClient) -> None:
    acme = Tenant.objects.create(name="Acme")
    created = api.send("POST", "/api/ipam/namespaces/", {"name": "Customer A", "tenant": {"name": "Acme"}})
    assert created.status_code == 201, created.content
    assert created.json()["tenant"]["id"] == str(acme.pk)
    Namespace.objects.create(name="Lab")
    assert listed(api, "/api/ipam/namespaces/", "tenant=Acme", "name") == ["Customer A"]
    assert listed(api, "/api/ipam/namespaces/", f"tenant_id={acme.pk}", "name") == ["Customer A"]
    assert listed(api, "/api/ipam/namespaces/", "tenant__isnull=true", "name") == ["Global", "Lab"]
    record = ObjectChange.objects.get(
        changed_object_type=ContentType.objects.get_for_model(Namespace), changed_object_id=created.json()["id"]
    )
    assert (record.postchange_data or {})["tenant"] == str(acme.pk)
    page = signed_in(make_user("ui-admin", superuser=True)).get("/ipam/namespaces/add/")
    assert page.status_code == 200 and 'name="tenant"' in page.content.decode()


def test_tenants_by_prefix_by_id_or_text(api: APIClient) -> None:
    acme = Tenant.objects.create(name="Acme")
    Tenant.objects.create(name="Other")
    owned = prefix("10.0.0.0/24", tenant=acme)
    assert listed(api, "/api/tenancy/tenants/", "prefixes=10.0.0.0/24", "name") == ["Acme"]
    assert listed(api, "/api/tenancy/tenants/", f"prefixes={owned.pk}", "name") == ["Acme"]
    assert listed(api, "/api/tenancy/tenants/", "prefixes__n=10.0.0.0/24", "name") == ["Other"]
    assert listed(api, "/api/tenancy/tenants/", "prefixes__isnull=true", "name") == ["Other"]
    assert api.send("GET", "/api/tenancy/tenants/?prefixes=nope").status_code == 400


def test_an_address_type_reads_as_its_bare_value_as_nautobot_sends_it(api: APIClient) -> None:
    prefix("10.0.0.0/24")
    created = api.send("POST", ADDRESSES, {"address": "10.0.0.1/24", "status": "Active", "type": "dhcp"})
    assert created.status_code == 201, created.content
    assert created.json()["type"] == "dhcp"
    # What a client read back (or the older `{value}` shape) is written again unchanged.
    again = api.send("PATCH", f"{ADDRESSES}{created.json()['id']}/", {"type": {"value": "slaac"}})
    assert again.json()["type"] == "slaac"


def test_the_prefix_list_with_a_depth_filter_costs_the_same_queries_whatever_its_length(api: APIClient) -> None:
    counts = []
    api.send("GET", f"{PREFIXES}?max_depth=0")  # caches filled once per process (content types) are not the list's
    for size in (2, 8):
        for n in range(Prefix.objects.count(), size):
            prefix(f"10.{n}.0.0/16")
        with CaptureQueriesContext(connection) as queries:
            assert len(api.send("GET", f"{PREFIXES}?max_depth=0&limit=0").json()["results"]) == size
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_free_space_listings_take_an_offset(api: APIClient) -> None:
    """`offset` passes over free items as Nautobot's paged listings do; a bad one is a 400 naming it."""
    block = prefix("10.0.0.0/29")
    services.create_ip_address("10.0.0.2/29", status=f.status())
    free = api.send("GET", f"{PREFIXES}{block.pk}/available-ips/?offset=1&limit=3").json()
    assert [row["address"] for row in free] == ["10.0.0.3/29", "10.0.0.4/29", "10.0.0.5/29"]
    prefix("10.0.0.0/31")
    blocks = api.send("GET", f"{PREFIXES}{block.pk}/available-prefixes/?offset=1&limit=1").json()
    assert [row["prefix"] for row in blocks] == ["10.0.0.4/30"]
    group = VLANGroup.objects.create(name="g")
    VLAN.objects.create(vid=2, name="two", vlan_group=group, status=f.status())
    vids = api.send("GET", f"/api/ipam/vlan-groups/{group.pk}/available-vlans/?offset=1&limit=2").json()
    assert [row["vid"] for row in vids] == [3, 4]
    for query in ("offset=-1", "offset=x"):
        refused = api.send("GET", f"{PREFIXES}{block.pk}/available-ips/?{query}")
        assert refused.status_code == 400 and "offset" in refused.json()


def test_vlans_and_rirs_count_their_prefixes_from_the_list_query(api: APIClient) -> None:
    rir = RIR.objects.create(name="RIPE")
    vlan = VLAN.objects.create(vid=10, name="ten", status=f.status())
    for n in range(3):
        prefix(f"10.{n}.0.0/24", rir=rir, vlan=vlan if n else None)
    api.send("GET", "/api/ipam/vlans/")
    with CaptureQueriesContext(connection) as one:
        assert api.send("GET", "/api/ipam/vlans/").json()["results"][0]["prefix_count"] == 2
    for n in range(5):
        VLAN.objects.create(vid=20 + n, name=f"v{n}", status=f.status())
    with CaptureQueriesContext(connection) as six:
        assert len(api.send("GET", "/api/ipam/vlans/").json()["results"]) == 6
    assert len(one) == len(six)
    assert api.send("GET", "/api/ipam/rirs/").json()["results"][0]["assigned_prefix_count"] == 3
    nested = api.send("GET", "/api/ipam/prefixes/?depth=1").json()["results"][1]
    assert nested["vlan"]["vid"] == 10 and "prefix_count" not in nested["vlan"]


def test_devices_and_interfaces_by_assigned_address_by_id_or_text(api: APIClient) -> None:
    """Nautobot's `ip_addresses` of devices and interfaces: any of the addresses, by id or as text (with or
    without its mask); each device once, however many of its interfaces hold them."""
    site = f.location()
    r1 = f.device("r1", f.device_type(interfaces=2), site)
    r2 = f.device("r2", f.device_type(interfaces=1), site)
    f.device("r3", f.device_type(interfaces=1), site)
    eth0, eth1 = r1.interfaces.order_by("name")
    prefix("10.0.0.0/24")
    one = services.create_ip_address("10.0.0.1/24", status=f.status())
    two = services.create_ip_address("10.0.0.2/24", status=f.status())
    services.assign_ip_address(one, eth0)
    services.assign_ip_address(two, eth1)
    services.assign_ip_address(two, r2.interfaces.get())
    devices, interfaces = "/api/dcim/devices/", "/api/dcim/interfaces/"
    assert listed(api, devices, f"ip_addresses={one.pk}&ip_addresses=10.0.0.2/24", "name") == ["r1", "r2"]
    assert listed(api, devices, "ip_addresses=10.0.0.1", "name") == ["r1"]
    assert listed(api, devices, "ip_addresses=10.0.0.1/25", "name") == []
    rows = api.send("GET", f"{interfaces}?ip_addresses=10.0.0.2").json()["results"]
    assert sorted((row["device"]["id"], row["name"]) for row in rows) == sorted(
        [(str(r1.pk), eth1.name), (str(r2.pk), r2.interfaces.get().name)]
    )
    assert [row["id"] for row in api.send("GET", f"{interfaces}?ip_addresses={one.pk}").json()["results"]] == [
        str(eth0.pk)
    ]
    response = api.send("GET", f"{devices}?ip_addresses=nope")
    assert response.status_code == 400 and "ip_addresses" in response.json()
    with CaptureQueriesContext(connection) as queries:
        api.send("GET", f"{devices}?ip_addresses=10.0.0.2")
    with CaptureQueriesContext(connection) as more:
        api.send("GET", f"{devices}?ip_addresses=10.0.0.2&ip_addresses=10.0.0.1")
    assert len(queries) == len(more)
