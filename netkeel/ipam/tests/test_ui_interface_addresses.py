"""An IP on a device's interface, as a newcomer does it in the browser's pages (issue 14, item 1): the
interface's page lists its addresses with "assign" and "add new", the device's page lists them all, the
pickers show an interface as `device › name` and find it by the device's name, and the assignment list
shows the device."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from netkeel.core.testing.ui import make_user
from netkeel.dcim import models as dcim
from netkeel.dcim.tests import factories as f
from netkeel.extras.models import Status
from netkeel.ipam import services
from netkeel.ipam.models import IPAddress, IPAddressToInterface

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin() -> Client:
    client = Client()
    client.force_login(make_user("ip-admin", superuser=True))
    return client


@pytest.fixture
def two_devices() -> tuple[dcim.Device, dcim.Device]:
    site = f.location("DC9")
    dtype = f.device_type("ipui-type")
    devices = (f.device("leaf01", dtype, site), f.device("leaf02", dtype, site))
    for device in devices:
        for number in (1, 2, 10):
            dcim.Interface.objects.create(device=device, name=f"Ethernet{number}", type="1000base-t", status=f.status())
    services.create_prefix("10.9.0.0/24", status=Status.objects.get(name="Active"))
    return devices


def test_a_new_address_on_an_interface_from_its_page(admin: Client, two_devices: Any) -> None:
    leaf01, _ = two_devices
    eth1 = leaf01.interfaces.get(name="Ethernet1")
    page = admin.get(f"/dcim/interfaces/{eth1.pk}/").content.decode()
    assert "No IP addresses." in page and "Add a new address" in page and "Assign an existing address" in page

    add = f"/ipam/ip-addresses/add-to-interface/{eth1.pk}/"
    form = admin.get(add)
    assert form.status_code == 200 and "Add an IP address to leaf01 › Ethernet1" in form.content.decode()
    active = str(Status.objects.get(name="Active").pk)
    refused = admin.post(add, {"address": "10.9.0.300/24", "status": active})  # not an address
    assert refused.status_code == 400 and not IPAddress.objects.exists()
    done = admin.post(add, {"address": "10.9.0.5/24", "status": active, "is_primary": "on"})
    assert done.status_code == 302 and done["Location"] == f"/dcim/interfaces/{eth1.pk}/"
    ip = IPAddress.objects.get()
    assert IPAddressToInterface.objects.get().interface == eth1
    leaf01.refresh_from_db()
    assert leaf01.primary_ip4_id == ip.pk

    page = admin.get(f"/dcim/interfaces/{eth1.pk}/").content.decode()
    assert "10.9.0.5/24" in page and "No IP addresses." not in page
    device_page = admin.get(f"/dcim/devices/{leaf01.pk}/").content.decode()
    assert "10.9.0.5/24" in device_page and "primary" in device_page and "Ethernet1" in device_page


def test_an_address_outside_every_prefix_is_refused_and_nothing_is_left(admin: Client, two_devices: Any) -> None:
    eth2 = two_devices[0].interfaces.get(name="Ethernet2")
    active = str(Status.objects.get(name="Active").pk)
    response = admin.post(
        f"/ipam/ip-addresses/add-to-interface/{eth2.pk}/", {"address": "192.0.2.1/24", "status": active}
    )
    assert response.status_code == 400
    assert not IPAddress.objects.exists() and not IPAddressToInterface.objects.exists()


def test_the_interface_picker_shows_and_finds_the_device(admin: Client, two_devices: Any) -> None:
    found = admin.get("/ui/options/dcim.interface/", {"_search": "leaf02 ethernet1"}).content.decode()
    assert "leaf02 › Ethernet1<" in found and "leaf02 › Ethernet10<" in found
    assert "leaf01" not in found and "Ethernet2" not in found
    pasted = admin.get("/ui/options/dcim.interface/", {"_search": "leaf01 › Ethernet2"}).content.decode()
    assert pasted.count('<option value="') == 2 and "leaf01 › Ethernet2<" in pasted  # the empty choice, then it


def test_the_picker_costs_the_same_queries_for_more_options(admin: Client, two_devices: Any) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        admin.get("/ui/options/dcim.interface/", {"_search": "leaf01 Ethernet1"})
    with CaptureQueriesContext(connection) as many:
        admin.get("/ui/options/dcim.interface/", {"_search": "Ethernet"})
    assert len(many) == len(few)


def test_the_assignment_list_shows_the_device(admin: Client, two_devices: Any) -> None:
    leaf01, leaf02 = two_devices
    for device, host in ((leaf01, "10.9.0.1/24"), (leaf02, "10.9.0.2/24")):
        ip = services.create_ip_address(host, status=Status.objects.get(name="Active"))
        services.assign_ip_address(ip, device.interfaces.get(name="Ethernet1"))
    page = admin.get("/ipam/ip-address-to-interface/").content.decode()
    assert ">leaf01<" in page and ">leaf02<" in page
