"""available-ips, available-prefixes and available-vlans: free space listed as bare lists, allocation with
201 (one object or a list), 204 with an empty body when there is no room, 400 for bad input."""

from __future__ import annotations

from typing import Any

import pytest

from netkeel.core.testing.api import APIClient, make_user
from netkeel.extras.models import Status
from netkeel.ipam import services
from netkeel.ipam.models import VLAN, IPAddress, Prefix, VLANGroup

pytestmark = pytest.mark.django_db


def prefix(text: str, **fields: Any) -> Prefix:
    return services.create_prefix(text, status=Status.objects.get(name="Active"), **fields)


def ips_url(p: Prefix) -> str:
    return f"/api/ipam/prefixes/{p.pk}/available-ips/"


def prefixes_url(p: Prefix) -> str:
    return f"/api/ipam/prefixes/{p.pk}/available-prefixes/"


def vlans_url(group: VLANGroup) -> str:
    return f"/api/ipam/vlan-groups/{group.pk}/available-vlans/"


# ---------------------------------------------------------------------------------------------- available-ips


def test_available_ips_lists_free_addresses_with_the_prefix_length(api: APIClient) -> None:
    p = prefix("10.0.0.0/24")
    services.create_ip_address("10.0.0.2/24", status=Status.objects.get(name="Active"))
    response = api.send("GET", f"{ips_url(p)}?limit=3")
    assert response.status_code == 200
    assert response.json() == [
        {"ip_version": 4, "address": "10.0.0.1/24"},
        {"ip_version": 4, "address": "10.0.0.3/24"},
        {"ip_version": 4, "address": "10.0.0.4/24"},
    ]
    assert len(api.send("GET", ips_url(p)).json()) == 50  # the page size by default
    assert len(api.send("GET", f"{ips_url(p)}?limit=0").json()) == 253  # every free one, edges withheld
    ranged = api.send("GET", f"{ips_url(p)}?range_start=10.0.0.100&range_end=10.0.0.101").json()
    assert [row["address"] for row in ranged] == ["10.0.0.100/24", "10.0.0.101/24"]
    assert api.send("GET", f"{ips_url(p)}?range_start=nonsense").status_code == 400
    assert "range_end" in api.send("GET", f"{ips_url(p)}?range_end=2001:db8::1").json()
    assert api.send("GET", f"{ips_url(p)}?limit=many").status_code == 400


def test_available_ips_of_an_ipv6_prefix(api: APIClient) -> None:
    p = prefix("2001:db8::/64")
    body = api.send("GET", f"{ips_url(p)}?limit=2").json()
    assert body == [{"ip_version": 6, "address": "2001:db8::/64"}, {"ip_version": 6, "address": "2001:db8::1/64"}]


def test_post_one_available_ip(api: APIClient) -> None:
    p = prefix("10.0.0.0/24")
    response = api.send("POST", ips_url(p), {"status": "Active", "dns_name": "a.example.com", "description": "x"})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["address"] == "10.0.0.1/24"
    assert body["parent"]["id"] == str(p.pk)
    assert body["dns_name"] == "a.example.com"
    assert body["url"].endswith(f"/api/ipam/ip-addresses/{body['id']}/")
    # The next one is the next free address; a client-sent address is ignored, as the server picks it.
    second = api.send("POST", ips_url(p), {"status": "Active", "address": "10.0.0.200/24"}).json()
    assert second["address"] == "10.0.0.2/24"


def test_post_a_list_of_available_ips(api: APIClient) -> None:
    p = prefix("10.0.0.0/29")
    response = api.send(
        "POST", ips_url(p), [{"status": "Active", "dns_name": "one.example"}, {"status": "Active", "type": "dhcp"}]
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert [row["address"] for row in body] == ["10.0.0.1/29", "10.0.0.2/29"]
    assert body[0]["dns_name"] == "one.example" and body[1]["type"] == "dhcp"  # the bare value, as Nautobot sends it


def test_two_allocations_get_different_addresses(api: APIClient) -> None:
    p = prefix("10.0.0.0/24")
    first = api.send("POST", ips_url(p), {"status": "Active"}).json()["address"]
    second = APIClient().send("POST", ips_url(p), {"status": "Active"}).json()["address"]
    assert first != second
    assert IPAddress.objects.filter(parent=p).count() == 2


def test_a_full_prefix_answers_204_with_an_empty_body_and_creates_nothing(api: APIClient) -> None:
    p = prefix("10.0.0.0/30")  # two usable addresses
    too_many = api.send("POST", ips_url(p), [{"status": "Active"}] * 3)
    assert too_many.status_code == 204 and too_many.content == b""
    assert not IPAddress.objects.exists()  # all or nothing
    assert api.send("POST", ips_url(p), [{"status": "Active"}] * 2).status_code == 201
    full = api.send("POST", ips_url(p), {"status": "Active"})
    assert full.status_code == 204 and full.content == b""
    assert api.send("GET", ips_url(p)).json() == []


def test_bad_input_to_available_ips_is_a_400(api: APIClient) -> None:
    p = prefix("10.0.0.0/24")
    missing = api.send("POST", ips_url(p), {"dns_name": "a.example"})
    assert missing.status_code == 400 and "status" in missing.json()
    bad = api.send("POST", ips_url(p), {"status": "Active", "dns_name": "not a name!"})
    assert bad.status_code == 400 and "dns_name" in bad.json()
    assert api.send("POST", ips_url(p), []).status_code == 400
    assert not IPAddress.objects.exists()
    assert api.send("GET", "/api/ipam/prefixes/00000000-0000-0000-0000-000000000000/available-ips/").status_code == 404


def test_allocating_addresses_needs_permission_to_add_them(db: object) -> None:
    p = prefix("10.0.0.0/24")
    token = "b" * 40
    make_user("viewer", perms=("ipam.view_prefix",), token=token)
    viewer = APIClient(token=token)
    assert viewer.send("GET", ips_url(p)).status_code == 200
    assert viewer.send("POST", ips_url(p), {"status": "Active"}).status_code == 403
    adder_token = "c" * 40
    make_user("adder", perms=("ipam.view_prefix", "ipam.add_ipaddress", "extras.view_status"), token=adder_token)
    assert APIClient(token=adder_token).send("POST", ips_url(p), {"status": "Active"}).status_code == 201


# ---------------------------------------------------------------------------------------------- available-prefixes


def test_available_prefixes_lists_the_free_space(api: APIClient) -> None:
    p = prefix("10.0.0.0/16", type="container")
    prefix("10.0.0.0/24")
    body = api.send("GET", prefixes_url(p)).json()
    assert body[:2] == [{"ip_version": 4, "prefix": "10.0.1.0/24"}, {"ip_version": 4, "prefix": "10.0.2.0/23"}]
    assert body[-1] == {"ip_version": 4, "prefix": "10.0.128.0/17"}


def test_post_available_prefixes_by_length(api: APIClient) -> None:
    p = prefix("10.0.0.0/16", type="container")
    prefix("10.0.0.0/24")
    one = api.send("POST", prefixes_url(p), {"prefix_length": 24, "status": "Active", "description": "lab"})
    assert one.status_code == 201, one.content
    assert one.json()["prefix"] == "10.0.1.0/24"
    assert one.json()["parent"]["id"] == str(p.pk)
    assert one.json()["description"] == "lab"
    many = api.send(
        "POST", prefixes_url(p), [{"prefix_length": 25, "status": "Active"}, {"prefix_length": 23, "status": "Active"}]
    )
    assert many.status_code == 201, many.content
    assert [row["prefix"] for row in many.json()] == ["10.0.2.0/25", "10.0.4.0/23"]


def test_available_prefixes_bad_length_is_a_400_and_no_room_a_204(api: APIClient) -> None:
    p = prefix("10.0.0.0/24", type="container")
    for payload in ({"status": "Active"}, {"prefix_length": "big", "status": "Active"}):
        response = api.send("POST", prefixes_url(p), payload)
        assert response.status_code == 400 and "prefix_length" in response.json(), payload
    for length in (24, 16, 33):
        response = api.send("POST", prefixes_url(p), {"prefix_length": length, "status": "Active"})
        assert response.status_code == 400 and "prefix_length" in response.json(), (length, response.content)
    assert api.send("POST", prefixes_url(p), [{"prefix_length": 25, "status": "Active"}] * 2).status_code == 201
    full = api.send("POST", prefixes_url(p), {"prefix_length": 26, "status": "Active"})
    assert full.status_code == 204 and full.content == b""
    assert Prefix.objects.count() == 3
    assert api.send("GET", prefixes_url(p)).json() == []


# ---------------------------------------------------------------------------------------------- available-vlans


def test_available_vlans(api: APIClient) -> None:
    group = VLANGroup.objects.create(name="dc1", range="10-12,20")
    VLAN.objects.create(vid=11, name="taken", vlan_group=group, status=Status.objects.get(name="Active"))
    assert api.send("GET", vlans_url(group)).json() == [{"vid": 10}, {"vid": 12}, {"vid": 20}]
    assert api.send("GET", f"{vlans_url(group)}?limit=1").json() == [{"vid": 10}]
    one = api.send("POST", vlans_url(group), {"name": "users", "status": "Active"})
    assert one.status_code == 201, one.content
    assert one.json()["vid"] == 10 and one.json()["vlan_group"]["id"] == str(group.pk)
    many = api.send(
        "POST", vlans_url(group), [{"name": "voice", "status": "Active"}, {"name": "mgmt", "status": "Active"}]
    )
    assert [row["vid"] for row in many.json()] == [12, 20]
    full = api.send("POST", vlans_url(group), {"name": "more", "status": "Active"})
    assert full.status_code == 204 and full.content == b""
    assert api.send("GET", vlans_url(group)).json() == []


def test_available_vlans_bad_input_is_a_400(api: APIClient) -> None:
    group = VLANGroup.objects.create(name="dc1", range="10-20")
    assert "name" in api.send("POST", vlans_url(group), {"status": "Active"}).json()
    assert "status" in api.send("POST", vlans_url(group), {"name": "x"}).json()
    api.send("POST", vlans_url(group), {"name": "x", "status": "Active"})
    again = api.send("POST", vlans_url(group), {"name": "x", "status": "Active"})  # the name is taken in the group
    assert again.status_code == 400
    assert VLAN.objects.count() == 1


def test_available_vlans_take_a_vid_and_their_own_group_as_nautobot_does(api: APIClient) -> None:
    """A `vid` asked for is allocated if free (and set aside before the server picks the others of the same
    request); `vlan_group`, when given, must be the group allocated from."""
    group = VLANGroup.objects.create(name="dc1", range="10-20")
    other = VLANGroup.objects.create(name="dc2", range="10-20")
    chosen = api.send("POST", vlans_url(group), {"name": "users", "status": "Active", "vid": 15, "vlan_group": "dc1"})
    assert chosen.status_code == 201, chosen.content
    assert chosen.json()["vid"] == 15 and chosen.json()["vlan_group"]["id"] == str(group.pk)
    mixed = api.send(
        "POST",
        vlans_url(group),
        [
            {"name": "first", "status": "Active"},
            {"name": "second", "status": "Active", "vid": 10, "vlan_group": {"id": str(group.pk)}},
            {"name": "third", "status": "Active"},
        ],
    )
    assert mixed.status_code == 201, mixed.content
    assert [(row["name"], row["vid"]) for row in mixed.json()] == [("first", 11), ("second", 10), ("third", 12)]

    refused: list[tuple[dict[str, Any], str, str]] = [
        ({"vid": 15}, "vid", "already taken"),
        ({"vid": 30}, "vid", "outside the range 10-20"),
        ({"vid": 5000}, "vid", "4094"),
        ({"vid": "x"}, "vid", "valid integer"),
        ({"vlan_group": str(other.pk)}, "vlan_group", "in group dc1, not dc2"),
        ({"vlan_group": None}, "vlan_group", "not none"),
        ({"vlan_group": "no-such-group"}, "vlan_group", "No VLAN group"),
    ]
    for change, field, reason in refused:
        response = api.send("POST", vlans_url(group), {"name": "refused", "status": "Active", **change})
        assert response.status_code == 400, (change, response.content)
        assert list(response.json()) == [field] and reason in str(response.json()[field]), response.json()
    twice = [{"name": "a", "status": "Active", "vid": 16}, {"name": "b", "status": "Active", "vid": 16}]
    response = api.send("POST", vlans_url(group), twice)
    assert response.status_code == 400 and "vid" in response.json(), response.content
    assert sorted(VLAN.objects.values_list("vid", flat=True)) == [10, 11, 12, 15]  # nothing of the refused


def test_a_vlan_outside_its_groups_range_is_a_400(api: APIClient) -> None:
    VLANGroup.objects.create(name="g", range="1-100")
    response = api.send("POST", "/api/ipam/vlans/", {"vid": 500, "name": "x", "status": "Active", "vlan_group": "g"})
    assert response.status_code == 400 and "vid" in response.json()


def test_allocations_per_request_are_bounded_and_a_group_without_room_allocates_nothing(api: APIClient) -> None:
    """5,000 VLANs in one request held a worker for 38 s: more than MAX_ALLOCATIONS is a 400 saying what to
    do; a request for more than the group has room for is answered at once (204, as Nautobot does), with
    nothing created."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from netkeel.ipam.api.views import MAX_ALLOCATIONS

    group = VLANGroup.objects.create(name="dc1")
    items = [{"name": f"v{index}", "status": "Active"} for index in range(5000)]
    response = api.send("POST", vlans_url(group), items)
    assert response.status_code == 400
    assert f"at most {MAX_ALLOCATIONS}" in response.json()["non_field_errors"][0]
    small = VLANGroup.objects.create(name="small", range="10-12")
    with CaptureQueriesContext(connection) as queries:
        response = api.send("POST", vlans_url(small), items[:4])
    assert response.status_code == 204 and response.content == b""
    assert not VLAN.objects.exists()
    assert not [q for q in queries.captured_queries if q["sql"].startswith("INSERT")]
    response = api.send("POST", vlans_url(small), items[:3])
    assert response.status_code == 201 and [row["vid"] for row in response.json()] == [10, 11, 12]
    block = prefix("10.9.0.0/16")
    response = api.send("POST", ips_url(block), [{"status": "Active"}] * (MAX_ALLOCATIONS + 1))
    assert response.status_code == 400 and not IPAddress.objects.exists()


# ---------------------------------------------------------------------------------------------- the schema


def test_the_schema_documents_free_space_and_allocation_as_answered(api: APIClient) -> None:
    """GET: a list of free space whose items have the keys a real answer has, with `limit` (and the address
    range); POST: a list of objects to allocate, answered with the objects made — not the prefix or group."""
    p = prefix("10.0.0.0/24")
    group = VLANGroup.objects.create(name="dc1", range="10-12")
    schema = api.send("GET", "/api/swagger.json").json()
    components = schema["components"]["schemas"]

    def items(operation: dict[str, Any], code: str) -> dict[str, Any]:
        body = operation["responses"][code]["content"]["application/json"]["schema"]
        assert body["type"] == "array"
        return dict(components[body["items"]["$ref"].rsplit("/", 1)[-1]])

    for url, path, parameters in (
        (ips_url(p), "/ipam/prefixes/{id}/available-ips/", {"limit", "range_start", "range_end"}),
        (prefixes_url(p), "/ipam/prefixes/{id}/available-prefixes/", set()),
        (vlans_url(group), "/ipam/vlan-groups/{id}/available-vlans/", {"limit"}),
    ):
        get = schema["paths"][path]["get"]
        (row, *_) = api.send("GET", url).json()
        assert set(items(get, "200")["properties"]) == set(row), path
        assert parameters <= {parameter["name"] for parameter in get["parameters"]}, path
        post = schema["paths"][path]["post"]
        assert post["requestBody"]["content"]["application/json"]["schema"]["type"] == "array"
    made = items(schema["paths"]["/ipam/prefixes/{id}/available-ips/"]["post"], "201")
    assert {"address", "parent", "host", "mask_length"} <= set(made["properties"])  # the addresses made
