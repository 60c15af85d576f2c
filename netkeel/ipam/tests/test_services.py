"""Prefixes and addresses through the services: parents, re-parenting, allocation and bad input."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from netkeel.extras.models import Status
from netkeel.ipam import queries, services
from netkeel.ipam.models import VLAN, IPAddress, Namespace, Prefix, VLANGroup

pytestmark = pytest.mark.django_db


def active() -> Status:
    return Status.objects.get(name="Active")


def prefix(text: str, **fields: Any) -> Prefix:
    return services.create_prefix(text, status=active(), **fields)


def ip(text: str, **fields: Any) -> IPAddress:
    return services.create_ip_address(text, status=active(), **fields)


def parent_of(text: str) -> str | None:
    found = Prefix.objects.get(**queries.prefix_lookups(text))
    return found.parent.prefix if found.parent else None


def test_global_namespace_exists() -> None:
    assert Namespace.objects.filter(name="Global").exists()


def test_prefix_parents_are_computed_and_kept_right() -> None:
    prefix("10.0.0.0/8", type="container")
    prefix("10.1.0.0/24")
    prefix("10.1.1.0/24")
    assert parent_of("10.1.0.0/24") == "10.0.0.0/8"
    # A prefix created in between adopts what now lies inside it, in one set-based update.
    with CaptureQueriesContext(connection) as captured:
        prefix("10.1.0.0/16", type="container")
    assert len(captured.captured_queries) < 20
    assert parent_of("10.1.0.0/24") == "10.1.0.0/16"
    assert parent_of("10.1.1.0/24") == "10.1.0.0/16"
    assert parent_of("10.1.0.0/16") == "10.0.0.0/8"
    # Deleting it hands them back.
    services.delete_prefix(Prefix.objects.get(**queries.prefix_lookups("10.1.0.0/16")))
    assert parent_of("10.1.0.0/24") == "10.0.0.0/8"


def test_addresses_hang_on_the_closest_prefix_and_move_with_new_ones() -> None:
    prefix("10.0.0.0/16")
    address = ip("10.0.5.1/24")
    assert address.parent.prefix == "10.0.0.0/16"
    prefix("10.0.5.0/24")
    address.refresh_from_db()
    assert address.parent.prefix == "10.0.5.0/24"
    # A longer prefix than the address's mask is not its parent.
    prefix("10.0.5.0/28")
    address.refresh_from_db()
    assert address.parent.prefix == "10.0.5.0/24"
    services.delete_prefix(Prefix.objects.get(**queries.prefix_lookups("10.0.5.0/24")))
    address.refresh_from_db()
    assert address.parent.prefix == "10.0.0.0/16"


def test_deleting_the_last_prefix_above_addresses_is_refused() -> None:
    top = prefix("192.0.2.0/24")
    ip("192.0.2.10/24")
    with pytest.raises(ValidationError) as caught:
        services.delete_prefix(top)
    assert "holds 1 IP address" in caught.value.message_dict["prefix"][0]
    assert Prefix.objects.filter(pk=top.pk).exists()


def test_namespaces_keep_prefixes_apart() -> None:
    other = Namespace.objects.create(name="Customer A")
    prefix("10.0.0.0/24")
    prefix("10.0.0.0/24", namespace=other)
    ip("10.0.0.1/24", namespace=other)
    assert IPAddress.objects.get().parent.namespace == other


@pytest.mark.parametrize(
    ("call", "field", "message"),
    [
        (lambda: prefix("10.0.0.1/24"), "prefix", "host bits set; the prefix is 10.0.0.0/24"),
        (lambda: prefix("10.0.0.0/33"), "prefix", "not a valid IPv4 or IPv6 prefix"),
        (lambda: prefix("banana"), "prefix", "not a valid"),
        (lambda: prefix("10.0.0.0"), "prefix", "with its prefix length"),
        (lambda: ip("10.0.0.300/24"), "address", "not a valid"),
        (lambda: ip("2001:db8::1/64"), "address", "No prefix in namespace Global contains 2001:db8::1/64"),
        (lambda: ip("172.16.0.1/24"), "address", "create a prefix for it first (for example 172.16.0.0/24)"),
        (lambda: prefix("10.9.0.0/24", namespace="Nowhere"), "namespace", "no namespace 'Nowhere'"),
    ],
)
def test_bad_input_is_a_field_error_and_writes_nothing(call: Callable[[], Any], field: str, message: str) -> None:
    prefix("10.0.0.0/24")
    before = (Prefix.objects.count(), IPAddress.objects.count())
    with pytest.raises(ValidationError) as caught:
        call()
    assert any(message in text for text in caught.value.message_dict[field]), caught.value.message_dict
    assert (Prefix.objects.count(), IPAddress.objects.count()) == before


def test_duplicates_are_refused() -> None:
    prefix("10.0.0.0/24")
    ip("10.0.0.1/24")
    with pytest.raises(ValidationError) as caught:
        prefix("10.0.0.0/24")
    assert "already exists in namespace Global" in caught.value.message_dict["prefix"][0]
    with pytest.raises(ValidationError) as caught:
        ip("10.0.0.1/32")
    assert "10.0.0.1 already exists" in caught.value.message_dict["address"][0]
    assert (Prefix.objects.count(), IPAddress.objects.count()) == (1, 1)


@pytest.mark.parametrize("vid", [0, 4095])
def test_vlan_id_out_of_range(vid: int) -> None:
    vlan = VLAN(vid=vid, name="bad", status=Status.objects.get(name="Active"))
    with pytest.raises(ValidationError) as caught:
        vlan.full_clean()
    assert "vid" in caught.value.message_dict


def test_vlan_group_range_and_uniqueness() -> None:
    group = VLANGroup.objects.create(name="dc1", range="100-199")
    VLAN.objects.create(vid=100, name="users", vlan_group=group, status=active())
    with pytest.raises(ValidationError) as caught:
        VLAN(vid=200, name="x", vlan_group=group, status=active()).full_clean()
    assert "outside the range 100-199" in caught.value.message_dict["vid"][0]
    with pytest.raises(ValidationError) as caught:
        VLAN(vid=100, name="again", vlan_group=group, status=active()).full_clean()
    with pytest.raises(ValidationError):
        VLANGroup(name="bad", range="10-5").full_clean()


def test_utilization_and_available_addresses() -> None:
    net = prefix("192.0.2.0/24")
    for last_octet in (1, 2, 3, 10):
        ip(f"192.0.2.{last_octet}/24")
    usage = queries.utilization(net)
    assert (usage.used, usage.total) == (4, 254)
    assert queries.available_addresses(net, 3) == ["192.0.2.4/24", "192.0.2.5/24", "192.0.2.6/24"]
    container = prefix("198.51.100.0/24", type="container")
    prefix("198.51.100.0/26")
    prefix("198.51.100.128/25")
    usage = queries.utilization(container)
    assert (usage.used, usage.total) == (192, 256)
    assert queries.free_prefixes(container) == ["198.51.100.64/26"]


def test_allocation_takes_the_next_free_addresses_and_prefixes() -> None:
    net = prefix("192.0.2.0/29")
    ip("192.0.2.1/29")
    made = services.allocate_ip_addresses(net, 2, status=active(), dns_name="host.example.com")
    assert [x.address for x in made] == ["192.0.2.2/29", "192.0.2.3/29"]
    assert all(x.parent_id == net.pk for x in made)
    services.allocate_ip_addresses(net, 3, status=active())
    with pytest.raises(services.NoRoomError):
        services.allocate_ip_addresses(net, 1, status=active())
    assert IPAddress.objects.count() == 6
    block = prefix("10.0.0.0/16", type="container")
    prefix("10.0.0.0/24")
    made_prefixes = services.allocate_prefixes(block, 24, 2, status=active())
    assert [p.prefix for p in made_prefixes] == ["10.0.1.0/24", "10.0.2.0/24"]
    with pytest.raises(ValidationError) as caught:
        services.allocate_prefixes(block, 8, 1, status=active())
    assert "prefix_length" in caught.value.message_dict


def test_a_prefix_with_children_cannot_be_deleted_behind_the_services() -> None:
    from django.db.models import ProtectedError

    top = prefix("10.0.0.0/8", type="container")
    prefix("10.1.0.0/16")
    with pytest.raises(ProtectedError):
        top.delete()
    assert parent_of("10.1.0.0/16") == "10.0.0.0/8"


# ------------------------------------------------------------------------------------------- updates (moves)


def tree() -> dict[str, str | None]:
    """Every prefix and address with its parent, as text."""
    rows: dict[str, str | None] = {p.prefix: p.parent.prefix if p.parent else None for p in Prefix.objects.all()}
    rows.update({a.address: a.parent.prefix for a in IPAddress.objects.select_related("parent")})
    return rows


def test_update_prefix_shrinks_grows_and_moves_with_every_parent_kept_right() -> None:
    prefix("10.0.0.0/8")
    moving = prefix("10.1.0.0/16")
    prefix("10.1.1.0/24")
    prefix("10.2.0.0/16")
    ip("10.1.1.5/24")
    ip("10.1.9.9/16")
    # Grown to a /14: the other /16 comes under it.
    services.update_prefix(moving, prefix="10.0.0.0/14")
    assert tree() == {
        "10.0.0.0/8": None,
        "10.0.0.0/14": "10.0.0.0/8",
        "10.1.1.0/24": "10.0.0.0/14",
        "10.2.0.0/16": "10.0.0.0/14",
        "10.1.1.5/24": "10.1.1.0/24",
        "10.1.9.9/16": "10.0.0.0/14",
    }
    # Shrunk to a /20 that holds only the /24: the /16 and the address outside go back to the /8.
    services.update_prefix(Prefix.objects.get(pk=moving.pk), prefix="10.1.0.0/20")
    assert tree() == {
        "10.0.0.0/8": None,
        "10.1.0.0/20": "10.0.0.0/8",
        "10.1.1.0/24": "10.1.0.0/20",
        "10.2.0.0/16": "10.0.0.0/8",
        "10.1.1.5/24": "10.1.1.0/24",
        "10.1.9.9/16": "10.0.0.0/8",
    }
    # Moved under the other /16: everything it held stays with the /8.
    services.update_prefix(Prefix.objects.get(pk=moving.pk), prefix="10.2.16.0/20", description="moved")
    assert tree()["10.2.16.0/20"] == "10.2.0.0/16" and tree()["10.1.1.0/24"] == "10.0.0.0/8"
    assert Prefix.objects.get(pk=moving.pk).description == "moved"


def test_update_prefix_to_another_namespace_and_its_refusals() -> None:
    lab = Namespace.objects.create(name="lab")
    lone = prefix("192.0.2.0/24")
    ip("192.0.2.1/24")
    with pytest.raises(ValidationError) as refused:
        services.update_prefix(lone, namespace=lab)  # its address would be left in no prefix
    assert "prefix" in refused.value.message_dict
    assert Prefix.objects.get(pk=lone.pk).namespace.name == "Global"
    prefix("198.51.100.0/24")
    other = prefix("203.0.113.0/24")
    with pytest.raises(ValidationError) as taken:
        services.update_prefix(other, prefix="198.51.100.0/24")
    assert "already exists" in taken.value.messages[0]
    services.update_prefix(Prefix.objects.get(pk=other.pk), namespace=lab)
    assert Prefix.objects.get(pk=other.pk).namespace_id == lab.pk


def test_update_ip_address_moves_it_under_the_prefix_holding_it() -> None:
    prefix("10.0.0.0/24")
    second = prefix("10.0.1.0/24")
    address = ip("10.0.0.1/24", dns_name="a.example")
    services.update_ip_address(address, address="10.0.1.7/24", dns_name="b.example")
    moved = IPAddress.objects.get(pk=address.pk)
    assert (moved.address, moved.parent_id, moved.dns_name) == ("10.0.1.7/24", second.pk, "b.example")
    with pytest.raises(ValidationError) as refused:
        services.update_ip_address(moved, address="192.0.2.1/24")
    assert "address" in refused.value.message_dict
    lab = Namespace.objects.create(name="lab")
    with pytest.raises(ValidationError):
        services.update_ip_address(IPAddress.objects.get(pk=address.pk), namespace=lab)  # no prefix there
    services.create_prefix("10.0.1.0/24", namespace=lab, status=active())
    services.update_ip_address(IPAddress.objects.get(pk=address.pk), namespace=lab)
    assert IPAddress.objects.get(pk=address.pk).parent.namespace_id == lab.pk


def test_allocate_vlan_takes_the_lowest_free_id_of_the_group() -> None:
    group = VLANGroup.objects.create(name="campus", range="100-102")
    VLAN.objects.create(vid=100, name="taken", vlan_group=group, status=active())
    made = [services.allocate_vlan(group, name=f"v{i}", status=active()) for i in range(2)]
    assert [vlan.vid for vlan in made] == [101, 102]
    with pytest.raises(services.NoRoomError):
        services.allocate_vlan(group, name="none left", status=active())
