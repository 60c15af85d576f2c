"""A page prefetches what its rows share and joins what each row has of its own (core.models.related)."""

from __future__ import annotations

from netkeel.core.models.related import shared_paths
from netkeel.dcim.models import Device, Interface
from netkeel.ipam.models import IPAddress


def test_foreign_keys_are_prefetched_and_one_to_ones_joined() -> None:
    joined, prefetched = shared_paths(
        Device, ["device_type__manufacturer", "parent_bay", "device_type", "location", "parent_bay__device"]
    )
    # A device's parent bay is its own (a reverse one-to-one), and so is what is reached through it.
    assert joined == ["parent_bay", "parent_bay__device"]
    # Shorter paths first: Django walks `device_type` before `device_type__manufacturer`.
    assert prefetched == ["device_type", "location", "device_type__manufacturer"]


def test_a_path_through_shared_rows_stays_shared() -> None:
    assert shared_paths(Interface, ["device__location__parent", "device"]) == (
        [],
        ["device", "device__location__parent"],
    )
    assert shared_paths(IPAddress, ["parent", "parent__namespace"]) == ([], ["parent", "parent__namespace"])
