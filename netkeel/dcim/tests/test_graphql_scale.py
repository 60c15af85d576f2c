"""GraphQL's constant query count at scale: the same SQL queries for 10 devices as for 1,000, each with its
location, its interfaces, each interface's IP addresses and cabled connected endpoint (issue 16, Build 3).

The 1,000 devices are written with `bulk_create` (as the demo network is) and their cable paths traced by
`rebuild_paths`, so the test takes seconds; what it reads goes through `/api/graphql/` as a client's would.
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

from netkeel.core.testing.api import APIClient
from netkeel.dcim.cabling.rebuild import rebuild_paths
from netkeel.dcim.models import Cable, Device, Interface
from netkeel.dcim.tests import factories
from netkeel.extras.models import Status
from netkeel.ipam import services as ipam
from netkeel.ipam.fields import address_to_bytes
from netkeel.ipam.models import IPAddress, IPAddressToInterface

pytestmark = pytest.mark.django_db

QUERY = """
{
  devices {
    name
    location { name }
    interfaces {
      name
      ip_addresses { address }
      connected_endpoint { __typename ... on InterfaceType { name device { name } } }
    }
  }
}
"""


class Estate:
    """Devices at one site, two interfaces each (eth0 with an address, eth1), every odd device's eth0 cabled to
    the previous device's eth1."""

    def __init__(self) -> None:
        self.site = factories.location("site-scale")
        self.device_type = factories.device_type()
        self.role = factories.role()
        self.active = Status.objects.get(name="Active")
        self.connected = Status.objects.get(name="Connected")
        self.prefix = ipam.create_prefix("10.0.0.0/8", status=self.active)
        self.interface_type = ContentType.objects.get_for_model(Interface).pk
        self.count = 0

    def grow_to(self, total: int) -> None:
        devices: list[Device] = []
        interfaces: list[Interface] = []
        cables: list[Cable] = []
        addresses: list[IPAddress] = []
        assignments: list[IPAddressToInterface] = []
        eth1_of: dict[int, uuid.UUID] = {}
        for index in range(self.count, total):
            device = Device(id=uuid.uuid4(), name=f"dev-{index:04d}", device_type=self.device_type, role=self.role,
                            status=self.active, location=self.site)  # fmt: skip
            devices.append(device)
            eth0 = Interface(id=uuid.uuid4(), device=device, name="eth0", type="1000base-t", status=self.active)
            eth1 = Interface(id=uuid.uuid4(), device=device, name="eth1", type="1000base-t", status=self.active)
            eth1_of[index] = eth1.id
            if index % 2:
                kind = self.interface_type
                cable = Cable(id=uuid.uuid4(), termination_a_type_id=kind, termination_a_id=eth1_of[index - 1],
                              termination_b_type_id=kind, termination_b_id=eth0.id, status=self.connected)  # fmt: skip
                cables.append(cable)
                eth0.cable_id = cable.id
                interfaces[-1].cable_id = cable.id  # the previous device's eth1
            interfaces += [eth0, eth1]
            address = IPAddress(id=uuid.uuid4(), host=address_to_bytes(0x0A000000 + index + 1, 4), mask_length=8,
                                ip_version=4, parent=self.prefix, namespace=self.prefix.namespace,
                                status=self.active)  # fmt: skip
            addresses.append(address)
            assignments.append(IPAddressToInterface(id=uuid.uuid4(), ip_address=address, interface=eth0))
        Device.objects.bulk_create(devices, batch_size=500)
        Cable.objects.bulk_create(cables, batch_size=500)
        Interface.objects.bulk_create(interfaces, batch_size=500)
        IPAddress.objects.bulk_create(addresses, batch_size=500)
        IPAddressToInterface.objects.bulk_create(assignments, batch_size=500)
        rebuild_paths()  # the new cables' paths, as post_upgrade traces them
        self.count = total


def run(client: APIClient) -> tuple[int, list[dict[str, Any]]]:
    with CaptureQueriesContext(connection) as captured:
        response = client.send("POST", "/api/graphql/", {"query": QUERY})
    assert response.status_code == 200, response.content[:2000]
    body = response.json()
    assert "errors" not in body, body["errors"][:3]
    devices: list[dict[str, Any]] = body["data"]["devices"]
    return len(captured.captured_queries), devices


def assert_estate(devices: list[dict[str, Any]], count: int) -> None:
    assert [device["name"] for device in devices] == [f"dev-{index:04d}" for index in range(count)]
    for index, device in enumerate(devices):
        assert device["location"] == {"name": "site-scale"}
        eth0, eth1 = device["interfaces"]
        assert eth0["ip_addresses"] == [{"address": f"10.0.{(index + 1) // 256}.{(index + 1) % 256}/8"}]
        assert eth1["ip_addresses"] == []
        if index % 2:  # cabled to the previous device's eth1
            peer = {"__typename": "InterfaceType", "name": "eth1", "device": {"name": f"dev-{index - 1:04d}"}}
            assert eth0["connected_endpoint"] == peer
        elif index + 1 < count:
            peer = {"__typename": "InterfaceType", "name": "eth0", "device": {"name": f"dev-{index + 1:04d}"}}
            assert eth1["connected_endpoint"] == peer and eth0["connected_endpoint"] is None


def test_the_same_sql_queries_for_10_and_for_1000_devices(api: APIClient) -> None:
    estate = Estate()
    estate.grow_to(10)
    api.send("POST", "/api/graphql/", {"query": "{ devices { id } }"})  # the token's last use, recorded once
    few, devices = run(api)
    assert_estate(devices, 10)
    estate.grow_to(1000)
    many, devices = run(api)
    assert_estate(devices, 1000)
    assert many == few, (few, many)
