"""The assignment pages (a VRF on a device or a virtual machine, on a prefix; a prefix's and a VLAN's
locations): the shared page contract for each, and the VRF tabs of a VRF's, a device's, a virtual machine's
and a prefix's page."""

from __future__ import annotations

from typing import Any, ClassVar

import pytest
from django.test import Client

from netkeel.core.testing.ui import UIModelTests, make_user, signed_in
from netkeel.ipam import services
from netkeel.ipam.models import (
    PrefixLocationAssignment,
    VLANLocationAssignment,
    VRFDeviceAssignment,
    VRFPrefixAssignment,
)
from netkeel.ipam.tests.test_api import existing_prefix
from netkeel.ipam.tests.test_api_assignments import machine, server, site, vlan, vrf

pytestmark = pytest.mark.django_db


class TestVRFDeviceAssignmentPages(UIModelTests):
    model = VRFDeviceAssignment
    edit_data = {"name": "changed by the form"}
    bulk_edit_data = {"name": "changed in bulk"}
    bad_form_data = [({"vrf": ""}, "vrf"), ({"device": ""}, "device")]
    filter_cases = [("q", "vrf-1", 1), ("device", "srv1", 3), ("vrf", "vrf-2", 1)]

    def make(self, index: int) -> Any:
        return services.assign_vrf(vrf(f"vrf-{index}", f"65000:{index}"), device=server())

    def form_data(self) -> dict[str, Any]:
        return {"vrf": str(vrf().pk), "device": str(server().pk)}

    def test_the_form_refuses_a_device_and_a_virtual_machine_together(self, ui_client: Client) -> None:
        both = {**self.form_data(), "virtual_machine": str(machine().pk)}
        response = ui_client.post(self.ui.url("add"), both)
        assert response.status_code == 400
        errors = response.context["form"].errors
        assert errors.get("device") and errors.get("virtual_machine"), errors
        assert not VRFDeviceAssignment.objects.exists()


class BulkMovesTheAssignments(UIModelTests):
    """An assignment has no field but its two ends: the edit form is sent back as it is, and bulk edit moves
    both to another object, made for the test (`moved_to`: the field and that object)."""

    edit_data: ClassVar[dict[str, Any]] = {}
    bulk_edit_data: ClassVar[dict[str, Any]] = {}

    def moved_to(self) -> tuple[str, Any]:
        raise NotImplementedError

    def test_bulk_edit(self, ui_client: Client) -> None:
        made = self.make_many(2)
        field, target = self.moved_to()
        ids = [str(obj.pk) for obj in made]
        response = ui_client.post(self.ui.url("bulk_edit"), {"pk": ids, "_apply": "1", field: str(target.pk)})
        assert response.status_code == 302, response.content.decode()[-3000:]
        for obj in made:
            obj.refresh_from_db()
            assert getattr(obj, f"{field}_id") == target.pk


class TestVRFPrefixAssignmentPages(BulkMovesTheAssignments):
    model = VRFPrefixAssignment
    bad_form_data = [({"prefix": ""}, "prefix")]
    filter_cases = [("vrf", "vrf-1", 1), ("prefix", "10.0.2.0/24", 1)]

    def make(self, index: int) -> Any:
        return services.assign_vrf_to_prefix(vrf(f"vrf-{index}", None), existing_prefix(f"10.0.{index}.0/24"))

    def form_data(self) -> dict[str, Any]:
        return {"vrf": str(vrf().pk), "prefix": str(existing_prefix("10.9.0.0/24").pk)}

    def moved_to(self) -> tuple[str, Any]:
        return "vrf", vrf()


class TestPrefixLocationAssignmentPages(BulkMovesTheAssignments):
    model = PrefixLocationAssignment
    bad_form_data = [({"location": ""}, "location")]
    filter_cases = [("location", "dc1", 3), ("prefix", "10.0.1.0/24", 1)]

    def make(self, index: int) -> Any:
        return services.create_assignment(
            PrefixLocationAssignment, prefix=existing_prefix(f"10.0.{index}.0/24"), location=site("dc1")
        )

    def form_data(self) -> dict[str, Any]:
        return {"prefix": str(existing_prefix("10.9.0.0/24").pk), "location": str(site("dc2").pk)}

    def moved_to(self) -> tuple[str, Any]:
        return "location", site("dc2")


class TestVLANLocationAssignmentPages(BulkMovesTheAssignments):
    model = VLANLocationAssignment
    bad_form_data = [({"vlan": ""}, "vlan")]
    filter_cases = [("location", "dc1", 3), ("vlan", "vlan-2", 1)]

    def make(self, index: int) -> Any:
        return services.create_assignment(VLANLocationAssignment, vlan=vlan(index + 1), location=site("dc1"))

    def form_data(self) -> dict[str, Any]:
        return {"vlan": str(vlan(50).pk), "location": str(site("dc2").pk)}

    def moved_to(self) -> tuple[str, Any]:
        return "location", site("dc2")


@pytest.fixture
def admin(db: Any) -> Client:
    return signed_in(make_user("admin-ui", superuser=True))


def test_vrf_tabs_on_vrfs_devices_machines_and_prefixes(admin: Client) -> None:
    blue, red = vrf("alpha-vrf"), vrf("omega-vrf", "65000:2")
    device, vm = server(), machine()
    prefix = existing_prefix("10.5.0.0/24")
    services.assign_vrf(blue, device=device)
    services.assign_vrf(red, virtual_machine=vm)
    services.assign_vrf_to_prefix(blue, prefix)

    def tab(url: str) -> str:
        page = admin.get(url)
        assert page.status_code == 200, url
        return str(page.content.decode())

    html = tab(f"/ipam/vrfs/{blue.pk}/devices/")
    assert "srv1" in html and "vm1" not in html
    assert "10.5.0.0/24" in tab(f"/ipam/vrfs/{blue.pk}/prefixes/")
    html = tab(f"/dcim/devices/{device.pk}/vrfs/")
    assert "alpha-vrf" in html and "omega-vrf" not in html
    html = tab(f"/virtualization/virtual-machines/{vm.pk}/vrfs/")
    assert "omega-vrf" in html and "alpha-vrf" not in html
    assert "alpha-vrf" in tab(f"/ipam/prefixes/{prefix.pk}/vrfs/")


def test_vrf_and_location_assignments_are_imported_and_exported_as_csv(admin: Client) -> None:
    """A VRF and a device by name; a prefix by its natural key (`namespace;prefix`)."""
    vrf(), server()
    existing_prefix("10.5.0.0/24")
    site("dc1")
    answer = admin.post("/ipam/vrf-device-assignments/import/", {"csv": "vrf,device,name\nblue,srv1,blue-here\n"})
    assert answer.status_code == 302, answer.content.decode()[-3000:]
    assignment = VRFDeviceAssignment.objects.get()
    assert (assignment.rd, assignment.name) == ("65000:1", "blue-here")  # the rd the VRF's
    answer = admin.post(
        "/ipam/prefix-location-assignments/import/", {"csv": "prefix,location\nGlobal;10.5.0.0/24,dc1\n"}
    )
    assert answer.status_code == 302, answer.content.decode()[-3000:]
    assert PrefixLocationAssignment.objects.get().location.name == "dc1"
    bad = admin.post("/ipam/vrf-prefix-assignments/import/", {"csv": "vrf,prefix\nnope,Global;10.5.0.0/24\n"})
    assert bad.status_code == 400 and not VRFPrefixAssignment.objects.exists()

    exported = admin.get("/api/ipam/vrf-device-assignments/?format=csv", HTTP_ACCEPT="text/csv")
    assert exported.status_code == 200
    body = b"".join(exported.streaming_content).decode()  # type: ignore[attr-defined]
    assert "blue-here" in body and "65000:1" in body
