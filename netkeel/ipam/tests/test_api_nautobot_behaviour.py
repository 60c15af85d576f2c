"""IPAM behaviour that Nautobot's clients depend on, each test stating what Nautobot 3.2 does."""

from __future__ import annotations

import pytest

from netkeel.core.testing.api import APIClient
from netkeel.ipam.models import Prefix

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
