"""A prefix's page (utilization, children, addresses, free space, next-available allocation) and a VLAN
group's page (VLANs and free ids)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from netkeel.core.testing.ui import PAYLOAD, assert_escaped, make_user, signed_in
from netkeel.extras.models import Status
from netkeel.ipam import services
from netkeel.ipam.models import VLAN, IPAddress, Prefix, VLANGroup

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(db: Any) -> Client:
    return signed_in(make_user("ipam-admin", superuser=True))


def active() -> Status:
    return Status.objects.get(name="Active")


def network(text: str = "10.1.0.0/24", **fields: Any) -> Prefix:
    return services.create_prefix(text, status=active(), **fields)


def test_a_network_shows_its_addresses_utilization_and_free_ranges(admin: Client) -> None:
    prefix = network()
    for host in (1, 2, 3, 10):
        services.create_ip_address(f"10.1.0.{host}/24", status=active())
    response = admin.get(f"/ipam/prefixes/{prefix.pk}/")
    html = response.content.decode()
    assert response.context["utilization"].used == 4 and response.context["utilization"].total == 254
    assert "4 of 254 addresses in use" in html and 'style="width: 1.6%"' in html
    assert "10.1.0.10/24" in html
    ranges = [(run.first, run.last) for run in response.context["free_addresses"]]
    assert ranges == [("10.1.0.4", "10.1.0.9"), ("10.1.0.11", "10.1.0.254")]
    assert "<code>10.1.0.4</code> – <code>10.1.0.9</code>" in html
    assert "10.1.0.0 – 10.1.0.255" in html, "the range is written as text, not as stored bytes"
    assert "<code>10.1.0.4/24</code>" in html, "the next free address is named beside its button"


def test_a_container_shows_its_children_and_free_prefixes(admin: Client) -> None:
    container = network("10.2.0.0/16", type="container")
    network("10.2.0.0/24")
    network("10.2.2.0/23", description=PAYLOAD)
    response = admin.get(f"/ipam/prefixes/{container.pk}/")
    html = response.content.decode()
    assert_escaped(html, "container page")
    assert [str(child) for child in response.context["children"]] == ["10.2.0.0/24", "10.2.2.0/23"]
    assert response.context["free_prefixes"][:3] == ["10.2.1.0/24", "10.2.4.0/22", "10.2.8.0/21"]
    assert response.context["free_addresses"] is None, "a container holds prefixes, not addresses"
    assert "768 of 65536 addresses covered by child prefixes" in html


def test_next_available_address_is_allocated_and_opened_for_editing(admin: Client) -> None:
    prefix = network()
    services.create_ip_address("10.1.0.1/24", status=active())
    reserved = Status.objects.get(name="Reserved")
    response = admin.post(f"/ipam/prefixes/{prefix.pk}/allocate/address/", {"status": str(reserved.pk)})
    created = IPAddress.objects.get(host=IPAddress.objects.get(mask_length=24, status=reserved).host)
    assert created.address == "10.1.0.2/24"
    assert response.status_code == 302
    assert response["Location"].startswith(f"/ipam/ip-addresses/{created.pk}/edit/?return_url=")


def test_next_available_prefix_of_a_chosen_length(admin: Client) -> None:
    container = network("10.3.0.0/16", type="container")
    network("10.3.0.0/24")
    response = admin.post(
        f"/ipam/prefixes/{container.pk}/allocate/prefix/", {"prefix_length": "26", "status": str(active().pk)}
    )
    created = Prefix.objects.get(prefix_length=26)
    assert created.prefix == "10.3.1.0/26" and created.parent_id == container.pk
    assert response["Location"].startswith(f"/ipam/prefixes/{created.pk}/edit/")


def test_a_full_prefix_allocates_nothing_and_says_so(admin: Client) -> None:
    prefix = network("10.4.0.0/30")
    for host in (1, 2):
        services.create_ip_address(f"10.4.0.{host}/30", status=active())
    response = admin.post(f"/ipam/prefixes/{prefix.pk}/allocate/address/", {"status": str(active().pk)}, follow=True)
    assert "Nothing allocated" in response.content.decode() and "no free addresses" in response.content.decode()
    assert IPAddress.objects.count() == 2
    bad = admin.post(
        f"/ipam/prefixes/{prefix.pk}/allocate/prefix/", {"prefix_length": "8", "status": str(active().pk)}, follow=True
    )
    assert "Nothing allocated" in bad.content.decode() and Prefix.objects.count() == 1


def test_allocation_needs_post_csrf_and_the_add_permission(db: Any) -> None:
    prefix = network()
    url = f"/ipam/prefixes/{prefix.pk}/allocate/address/"
    admin = signed_in(make_user("csrf-ipam", superuser=True), enforce_csrf_checks=True)
    assert admin.post(url, {"status": str(active().pk)}).status_code == 403
    assert admin.get(url).status_code == 405
    page = admin.get(f"/ipam/prefixes/{prefix.pk}/").content.decode()
    assert f'action="{url}"' in page and "csrfmiddlewaretoken" in page
    reader = signed_in(make_user("prefix-reader", perms=("ipam.view_prefix",)))
    assert reader.post(url, {"status": str(active().pk)}).status_code == 403
    assert url not in reader.get(f"/ipam/prefixes/{prefix.pk}/").content.decode(), "no button without the permission"
    assert Client().post(url).status_code == 302
    assert IPAddress.objects.count() == 0
    assert (
        signed_in(make_user("x", superuser=True)).post(f"/ipam/prefixes/{prefix.pk}/allocate/other/").status_code == 404
    )


def test_prefix_page_queries_do_not_grow_with_addresses_or_children(admin: Client) -> None:
    container = network("10.5.0.0/16", type="container")
    inner = network("10.5.0.0/24")

    def count(url: str) -> int:
        admin.get(url)
        with CaptureQueriesContext(connection) as ctx:
            assert admin.get(url).status_code == 200
        return len(ctx)

    few = (count(f"/ipam/prefixes/{container.pk}/"), count(f"/ipam/prefixes/{inner.pk}/"))
    for index in range(40):
        services.create_ip_address(f"10.5.0.{index * 3 + 1}/24", status=active())
        network(f"10.5.{index + 1}.0/24")
    many = (count(f"/ipam/prefixes/{container.pk}/"), count(f"/ipam/prefixes/{inner.pk}/"))
    assert many[0] <= few[0] and many[1] <= few[1], (few, many)


def test_vlan_group_shows_its_vlans_and_free_ids(admin: Client) -> None:
    group = VLANGroup.objects.create(name="campus", range="100-109,200-201")
    for vid in (100, 101, 105, 201):
        VLAN.objects.create(vid=vid, name=f"v{vid}", vlan_group=group, status=active(), description=PAYLOAD)
    response = admin.get(f"/ipam/vlan-groups/{group.pk}/")
    html = response.content.decode()
    assert_escaped(html, "vlan group")
    assert response.context["free_vids"] == [(102, 104), (106, 109), (200, 200)]
    assert "<code>102–104</code>" in html and "<code>200</code>" in html
    assert "4 of 12 ids in use" in html
    assert f"/ipam/vlans/add/?vlan_group={group.pk}" in html


def test_an_address_page_names_the_address_not_its_bytes(admin: Client) -> None:
    network()
    address = services.create_ip_address("10.1.0.7/24", status=active())
    html = admin.get(f"/ipam/ip-addresses/{address.pk}/").content.decode()
    assert "10.1.0.7/24" in html and "b&#x27;" not in html and "Host" not in html.split("Address", 1)[1][:200]


def test_the_edit_forms_move_a_prefix_and_an_address(admin: Client) -> None:
    outer = network("10.0.0.0/16")
    moving = network("10.1.0.0/24")
    other = network("10.0.9.0/24")
    address = services.create_ip_address("10.0.9.7/24", status=active())
    form = admin.get(f"/ipam/prefixes/{moving.pk}/edit/").content.decode()
    assert 'name="prefix"' in form and 'value="10.1.0.0/24"' in form
    response = admin.post(
        f"/ipam/prefixes/{moving.pk}/edit/", {"prefix": "10.0.1.0/24", "status": str(active().pk), "type": "network"}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    moved = Prefix.objects.get(pk=moving.pk)
    assert (moved.prefix, moved.parent_id) == ("10.0.1.0/24", outer.pk)
    response = admin.post(
        f"/ipam/ip-addresses/{address.pk}/edit/", {"address": "10.0.1.5/24", "status": str(active().pk), "type": "host"}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert IPAddress.objects.get(pk=address.pk).parent_id == moved.pk != other.pk
