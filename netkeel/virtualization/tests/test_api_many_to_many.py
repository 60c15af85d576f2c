"""Nautobot's many-to-many reads that the Ansible inventory's `interfaces: true` depends on: an IP address's
`interfaces` and `vm_interfaces` (through its ip-address-to-interface rows) and a device's `clusters`
(through its device-cluster assignments). Shown with `?exclude_m2m=false`, hidden otherwise, read-only (the
assignment routes write them), rendered as references at depth 0 and as objects deeper, and a page's queries
do not grow with its rows."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from netkeel.core.testing.api import APIClient
from netkeel.dcim.cabling.service import connect
from netkeel.dcim.models import Interface
from netkeel.dcim.tests import factories as f
from netkeel.ipam import services as ipam
from netkeel.virtualization import services
from netkeel.virtualization.models import Cluster
from netkeel.virtualization.tests import factories as v
from netkeel.virtualization.tests.test_api import ip

pytestmark = pytest.mark.django_db

ADDRESSES = "/api/ipam/ip-addresses/"


def addressed_hosts(count: int, start: int = 0) -> list[Any]:
    """`count` devices and `count` VMs, each with one address on its first interface, cabled to a peer's (an
    interface renders its cable peer and path: read for all of a page's interfaces at once); the devices in a
    cluster."""
    site, dtype = f.location(), f.device_type(interfaces=2)
    cluster = Cluster.objects.filter(name="prod").first() or v.cluster("prod")
    made = []
    for index in range(start, start + count):
        device = f.device(f"sw{index}", dtype, site)
        peer = f.device(f"peer{index}", dtype, site)
        eth0 = Interface.objects.get(device=device, name="eth0")
        connect(eth0, Interface.objects.get(device=peer, name="eth0"))
        services.assign_device_to_cluster(device=device, cluster=cluster)
        address = ip(f"10.0.0.{index + 1}/24")
        ipam.assign_ip_address(address, eth0)
        vm = v.virtual_machine(f"vm{index}", cluster=cluster)
        vm_address = ip(f"10.1.0.{index + 1}/24")
        ipam.assign_ip_address(vm_address, vm_interface=v.vm_interface(vm))
        made.append((device, address, vm, vm_address))
    return made


def test_an_address_shows_its_interfaces_and_vm_interfaces_only_when_asked(api: APIClient) -> None:
    ((device, address, vm, vm_address),) = addressed_hosts(1)
    plain = api.send("GET", f"{ADDRESSES}{address.pk}/").json()
    assert "interfaces" not in plain and "vm_interfaces" not in plain
    shown = api.send("GET", f"{ADDRESSES}{address.pk}/?exclude_m2m=false").json()
    eth0 = Interface.objects.get(device=device, name="eth0")
    assert [(i["id"], i["object_type"]) for i in shown["interfaces"]] == [(str(eth0.pk), "dcim.interface")]
    assert shown["vm_interfaces"] == []
    deep = api.send("GET", f"{ADDRESSES}{vm_address.pk}/?exclude_m2m=false&depth=2").json()
    (vm_eth0,) = deep["vm_interfaces"]
    assert vm_eth0["name"] == "eth0" and vm_eth0["virtual_machine"]["id"] == str(vm.pk)
    assert deep["interfaces"] == []


def test_the_assignments_are_written_on_their_own_route_not_on_the_address(api: APIClient) -> None:
    ((device, address, _vm, _vm_address),) = addressed_hosts(1)
    other = Interface.objects.get(device=device, name="eth1")
    answer = api.send("PATCH", f"{ADDRESSES}{address.pk}/", {"interfaces": [str(other.pk)]})
    assert answer.status_code == 200
    assert list(address.interfaces.all()) == [Interface.objects.get(device=device, name="eth0")]


def test_a_device_shows_its_clusters_and_a_cluster_no_devices_field(api: APIClient) -> None:
    ((device, _address, _vm, _vm_address),) = addressed_hosts(1)
    row = api.send("GET", f"/api/dcim/devices/{device.pk}/?exclude_m2m=false&depth=1").json()
    assert [cluster["name"] for cluster in row["clusters"]] == ["prod"]
    assert "clusters" not in api.send("GET", f"/api/dcim/devices/{device.pk}/").json()
    cluster = api.send("GET", "/api/virtualization/clusters/?exclude_m2m=false").json()["results"][0]
    assert "devices" not in cluster and cluster["device_count"] == 1  # as Nautobot: the device holds the field


@pytest.mark.parametrize(
    "path",
    [
        # What the Ansible inventory reads with `interfaces: true`.
        f"{ADDRESSES}?limit=0&depth=2&exclude_m2m=False&has_interface_assignments=true",
        "/api/dcim/devices/?limit=0&depth=1&exclude_m2m=False",
        f"{ADDRESSES}?exclude_m2m=false",
    ],
)
def test_the_page_costs_the_same_queries_whatever_its_rows(api: APIClient, path: str) -> None:
    addressed_hosts(1)
    api.send("GET", path)
    with CaptureQueriesContext(connection) as few:
        assert api.send("GET", path).status_code == 200
    addressed_hosts(3, start=1)
    with CaptureQueriesContext(connection) as many:
        answer = api.send("GET", path)
    assert answer.status_code == 200 and answer.json()["count"] >= 4
    assert len(many.captured_queries) == len(few.captured_queries)
