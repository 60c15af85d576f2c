"""The service pages: the shared page contract, ports written as text in the form and the CSV import, and
the "Services" tab of a device's and a virtual machine's page."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from netkeel.core.testing.ui import UIModelTests, make_user, signed_in
from netkeel.dcim.models import Device
from netkeel.dcim.tests import factories as f
from netkeel.ipam import services
from netkeel.ipam.models import Service
from netkeel.virtualization.tests import factories as v

pytestmark = pytest.mark.django_db


def server(name: str = "srv1") -> Device:
    return Device.objects.filter(name=name).first() or f.device(name, f.device_type(interfaces=1), f.location())


class TestServicePages(UIModelTests):
    model = Service
    edit_data = {"description": "changed by the form"}
    bulk_edit_data = {"description": "changed in bulk"}
    bad_form_data = [
        ({"name": ""}, "name"),
        ({"ports": "0"}, "ports"),
        ({"ports": "http"}, "ports"),
        ({"device": ""}, "device"),
    ]
    filter_cases = [("q", "svc-1", 1), ("device", "srv1", 3), ("protocol", "udp", 1)]

    def make(self, index: int) -> Any:
        protocol = "udp" if index == 1 else "tcp"
        return services.create_service(device=server(), name=f"svc-{index}", protocol=protocol, ports=[22, 100 + index])

    def form_data(self) -> dict[str, Any]:
        return {"name": "https", "device": str(server().pk), "protocol": "tcp", "ports": "443, 8443"}


@pytest.fixture
def admin(db: Any) -> Client:
    return signed_in(make_user("admin-ui", superuser=True))


def test_the_form_reads_ports_as_text(admin: Client) -> None:
    device = server()
    page = admin.post(
        "/ipam/services/add/", {"name": "web", "device": str(device.pk), "protocol": "tcp", "ports": "443, 80-81"}
    )
    assert page.status_code == 302, page.content.decode()[-2000:]
    assert Service.objects.get(name="web").ports == [443, 80, 81]


def test_a_device_and_a_vm_list_their_services_in_a_tab(admin: Client) -> None:
    device, vm = server(), v.virtual_machine("vm1")
    services.create_service(device=device, name="ssh", protocol="tcp", ports=[22])
    services.create_service(virtual_machine=vm, name="bgp", protocol="tcp", ports=[179])
    page = admin.get(f"/dcim/devices/{device.pk}/services/")
    html = page.content.decode()
    assert page.status_code == 200 and "ssh" in html and "bgp" not in html
    page = admin.get(f"/virtualization/virtual-machines/{vm.pk}/services/")
    html = page.content.decode()
    assert page.status_code == 200 and "bgp" in html and "ssh" not in html
    assert (
        f"/virtualization/virtual-machines/{vm.pk}/services/"
        in admin.get(f"/virtualization/virtual-machines/{vm.pk}/").content.decode()
    )
    # A location has no services, and no such tab.
    assert admin.get(f"/dcim/locations/{device.location_id}/services/").status_code == 404


def test_csv_import_takes_ports_as_text(admin: Client) -> None:
    device = server()
    text = f'name,device,protocol,ports\nntp,{device.pk},udp,"123"\nweb,{device.pk},tcp,"80,443"\n'
    page = admin.post("/ipam/services/import/", {"csv": text})
    assert page.status_code == 302, page.content.decode()[-3000:]
    assert sorted(Service.objects.values_list("name", "ports")) == [("ntp", [123]), ("web", [80, 443])]
    exported = admin.get("/api/ipam/services/?format=csv", HTTP_ACCEPT="text/csv")
    assert exported.status_code == 200
    body = b"".join(exported.streaming_content).decode()  # type: ignore[attr-defined]
    assert '"80,443"' in body
