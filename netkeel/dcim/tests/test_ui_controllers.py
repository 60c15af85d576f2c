"""The controller and controller-managed device group pages: the shared page contract for each, capabilities
as check boxes, a controller's device groups and managed devices tabs, a group's devices tab, and a device's
page naming its group."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from netkeel.core.testing.ui import UIModelTests
from netkeel.dcim import services
from netkeel.dcim.models import Controller, ControllerManagedDeviceGroup, Location
from netkeel.dcim.tests import factories as f

pytestmark = pytest.mark.django_db


def site() -> Location:
    return Location.objects.filter(name="DC1").first() or f.location("DC1")


def controller(name: str = "wlc1", **fields: Any) -> Controller:
    found = Controller.objects.filter(name=name).first()
    return found or services.create_controller(name=name, status=f.status("Active"), location=site(), **fields)


class TestControllerPages(UIModelTests):
    model = Controller
    bad_form_data = [({"name": ""}, "name"), ({"name": "x", "capabilities": ["teleport"]}, "capabilities")]
    filter_cases = [("q", "controller-1", 1), ("capabilities", "wireless", 3)]

    def make(self, index: int) -> Any:
        return controller(f"controller-{index}", capabilities=["wireless"], description="campus wireless")

    def form_data(self) -> dict[str, Any]:
        return {
            "name": "new controller",
            "status": str(f.status().pk),
            "location": str(site().pk),
            "capabilities": ["wireless"],
        }


class TestControllerManagedDeviceGroupPages(UIModelTests):
    model = ControllerManagedDeviceGroup
    bad_form_data = [({"name": ""}, "name"), ({"name": "x", "weight": "-1"}, "weight")]
    filter_cases = [("q", "group-1", 1), ("controller", "wlc1", 3)]

    def make(self, index: int) -> Any:
        return services.create_controller_managed_device_group(
            name=f"group-{index}", controller=controller(), description="access points"
        )

    def form_data(self) -> dict[str, Any]:
        return {"name": "new group", "controller": str(controller().pk), "weight": "100"}


@pytest.fixture
def ui_client_admin(db: Any) -> Client:
    from netkeel.core.testing.ui import make_user, signed_in

    return signed_in(make_user("admin-ui", superuser=True))


def test_a_controller_lists_its_groups_and_devices_and_a_device_names_its_group(ui_client_admin: Client) -> None:
    wlc = controller(capabilities=["wireless"])
    lobby = services.create_controller_managed_device_group(name="lobby", controller=wlc)
    other = services.create_controller_managed_device_group(name="other", controller=controller("wlc2"))
    ap = f.device("ap1", f.device_type(), site(), controller_managed_device_group=lobby)
    f.device("ap2", f.device_type(), site(), controller_managed_device_group=other)
    f.device("sw1", f.device_type(), site())

    html = ui_client_admin.get(f"/dcim/controllers/{wlc.pk}/").content.decode()
    assert "Wireless" in html
    html = ui_client_admin.get(f"/dcim/controllers/{wlc.pk}/device-groups/").content.decode()
    assert "lobby" in html and "other" not in html
    page = ui_client_admin.get(f"/dcim/controllers/{wlc.pk}/devices/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "ap1" in html and "ap2" not in html and "sw1" not in html
    page = ui_client_admin.get(f"/dcim/controller-managed-device-groups/{lobby.pk}/devices/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "ap1" in html and "ap2" not in html
    html = ui_client_admin.get(f"/dcim/devices/{ap.pk}/").content.decode()
    assert "lobby" in html


def test_the_form_keeps_and_clears_the_capabilities(ui_client_admin: Client) -> None:
    wlc = controller(capabilities=["wireless"])
    page = ui_client_admin.get(f"/dcim/controllers/{wlc.pk}/edit/")
    assert page.status_code == 200 and 'id="id_capabilities_0" checked' in page.content.decode()
    data = {"name": "wlc1", "status": str(wlc.status_id), "location": str(wlc.location_id)}
    response = ui_client_admin.post(f"/dcim/controllers/{wlc.pk}/edit/", data)
    assert response.status_code == 302, response.content.decode()[-2000:]
    wlc.refresh_from_db()
    assert wlc.capabilities == []
