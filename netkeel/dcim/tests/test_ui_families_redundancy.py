"""The device family and device redundancy group pages: the shared page contract for each, a family's device
types tab and a group's devices tab, and a device's priority refused without a group on its form."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from netkeel.core.testing.ui import UIModelTests
from netkeel.dcim import services
from netkeel.dcim.models import DeviceFamily, DeviceRedundancyGroup
from netkeel.dcim.tests import factories as f

pytestmark = pytest.mark.django_db


def group(name: str, **fields: Any) -> DeviceRedundancyGroup:
    return services.create_device_redundancy_group(name=name, status=f.status("Active"), **fields)


class TestDeviceFamilyPages(UIModelTests):
    model = DeviceFamily
    bad_form_data = [({"name": ""}, "name")]
    filter_cases = [("q", "family-1", 1), ("name", "family-2", 1)]

    def make(self, index: int) -> Any:
        return services.create_device_family(name=f"family-{index}", description="a line of switches")

    def form_data(self) -> dict[str, Any]:
        return {"name": "new family", "description": "made by a form"}


class TestDeviceRedundancyGroupPages(UIModelTests):
    model = DeviceRedundancyGroup
    bad_form_data = [({"name": ""}, "name"), ({"name": "x", "failover_strategy": "nope"}, "failover_strategy")]
    filter_cases = [("q", "group-1", 1), ("failover_strategy", "active-passive", 3)]

    def make(self, index: int) -> Any:
        return group(f"group-{index}", failover_strategy="active-passive", comments="**bold**")

    def form_data(self) -> dict[str, Any]:
        return {"name": "new group", "status": str(f.status().pk), "failover_strategy": "active-active"}


@pytest.fixture
def ui_client_admin(db: Any) -> Client:
    from netkeel.core.testing.ui import make_user, signed_in

    return signed_in(make_user("admin-ui", superuser=True))


def test_a_family_lists_its_device_types_and_a_group_its_devices(ui_client_admin: Client) -> None:
    family = services.create_device_family(name="MX")
    for model in ("MX204", "MX480"):
        dtype = f.device_type(model)
        dtype.device_family = family
        dtype.save()
    f.device_type("EX4300")
    page = ui_client_admin.get(f"/dcim/device-families/{family.pk}/device-types/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "MX204" in html and "MX480" in html and "EX4300" not in html

    pair = group("edge-pair")
    site = f.location()
    f.device("edge1", f.device_type(), site, device_redundancy_group=pair, device_redundancy_group_priority=1)
    f.device("edge2", f.device_type(), site, device_redundancy_group=pair, device_redundancy_group_priority=2)
    f.device("lonely", f.device_type(), site)
    page = ui_client_admin.get(f"/dcim/device-redundancy-groups/{pair.pk}/devices/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "edge1" in html and "edge2" in html and "lonely" not in html


def test_a_device_form_refuses_a_priority_without_a_group(ui_client_admin: Client) -> None:
    device = f.device("fw1", f.device_type(), f.location())
    page = ui_client_admin.get(f"/dcim/devices/{device.pk}/edit/")
    assert page.status_code == 200 and "device_redundancy_group_priority" in page.content.decode()
    response = ui_client_admin.post(
        f"/dcim/devices/{device.pk}/edit/",
        {
            "name": "fw1",
            "device_type": str(device.device_type_id),
            "role": str(device.role_id),
            "status": str(device.status_id),
            "location": str(device.location_id),
            "device_redundancy_group_priority": "1",
        },
    )
    assert response.status_code == 400  # the form again, with its errors
    assert "Must assign a redundancy group" in response.content.decode()
    device.refresh_from_db()
    assert device.device_redundancy_group_priority is None
