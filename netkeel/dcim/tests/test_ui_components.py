"""The pages of a device's components and of cables: the shared page contract for each, with interfaces
cabled (so their lists render cable, peer and connected endpoint per page), and the cable form."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from netkeel.core.testing.ui import UIModelTests, make_user, signed_in
from netkeel.dcim import models as dcim
from netkeel.dcim.cabling import service as cabling
from netkeel.dcim.tests import factories as f
from netkeel.dcim.tests.test_ui import plain_type, site

pytestmark = pytest.mark.django_db


def device(name: str = "comp-dev") -> dcim.Device:
    return dcim.Device.objects.filter(name=name).first() or f.device(name, plain_type(), site())


class ComponentPages(UIModelTests):
    """A component of the device `comp-dev`: `component_fields` are its model's required extras."""

    component_fields: dict[str, Any] = {}
    bad_form_data = [({"name": ""}, "name")]
    filter_cases = [("q", "part-1", 1), ("device", "comp-dev", 3)]

    def extra(self, index: int) -> dict[str, Any]:
        return dict(self.component_fields)

    def make(self, index: int) -> Any:
        return self.model._default_manager.create(device=device(), name=f"part-{index}", **self.extra(index))

    def form_data(self) -> dict[str, Any]:
        extra = {key: str(getattr(value, "pk", value)) for key, value in self.extra(99).items()}
        return {"device": str(device().pk), "name": "new-part", **extra}


class TestConsolePortPages(ComponentPages):
    model = dcim.ConsolePort
    component_fields = {"type": "rj-45"}


class TestConsoleServerPortPages(ComponentPages):
    model = dcim.ConsoleServerPort
    component_fields = {"type": "rj-45"}


class TestPowerPortPages(ComponentPages):
    model = dcim.PowerPort
    component_fields = {"type": "iec-60320-c14", "power_factor": "0.95"}  # the form shows 0.95 to start with


class TestPowerOutletPages(ComponentPages):
    model = dcim.PowerOutlet
    component_fields = {"type": "iec-60320-c13"}


class TestInterfacePages(ComponentPages):
    """Every interface made is cabled to a peer on another device: the list shows both ends per page."""

    model = dcim.Interface
    filter_cases = [("q", "part-1", 1), ("device", "comp-dev", 3), ("cabled", "false", 0)]

    def extra(self, index: int) -> dict[str, Any]:
        return {"type": "1000base-t", "status": f.status()}

    def make(self, index: int) -> Any:
        interface = super().make(index)
        peer = dcim.Interface.objects.create(
            device=device("peer-dev"), name=f"peer-{index}", type="1000base-t", status=f.status()
        )
        cabling.connect(interface, peer, label=f"link-{index}")
        interface.refresh_from_db()
        return interface

    def test_list_shows_cable_peer_and_endpoint(self, ui_client: Client) -> None:
        made = self.make(0)
        html = ui_client.get(f"{self.ui.url('list')}?device=comp-dev").content.decode()
        assert "link-0" in html and "peer-dev" in html and "peer-0" in html
        assert f"/dcim/interfaces/{made.pk}/trace/" in html


class TestRearPortPages(ComponentPages):
    model = dcim.RearPort
    component_fields = {"type": "lc", "positions": 2}


class TestFrontPortPages(ComponentPages):
    model = dcim.FrontPort
    pattern_makes_many = False  # one rear port position takes one front port

    def extra(self, index: int) -> dict[str, Any]:
        rear = dcim.RearPort.objects.create(device=device(), name=f"rear-{index}", type="lc")
        return {"type": "lc", "rear_port": rear, "rear_port_position": 1}


class TestDeviceBayPages(ComponentPages):
    model = dcim.DeviceBay


class TestInventoryItemPages(ComponentPages):
    model = dcim.InventoryItem
    xss_fields = ("name", "label", "description", "serial", "part_id")
    names_are_unique = False  # unique per parent item; top-level items may share a name, as in Nautobot

    def extra(self, index: int) -> dict[str, Any]:
        return {"serial": f"INV{index}"}


class TestCablePages(UIModelTests):
    model = dcim.Cable
    edit_data = {"label": "changed"}
    bulk_edit_data = {"label": "bulk"}
    filter_cases = [("q", "cable-1", 1), ("device", "cable-a", 3)]
    xss_fields = ("label",)

    @property
    def bad_form_data(self) -> list[tuple[dict[str, Any], str]]:  # type: ignore[override]
        return [
            ({"termination_b_id": "", "device_b": "", "name_b": ""}, "termination_b_id"),
            ({"termination_b_id": "", "device_b": str(device("cable-b").pk), "name_b": "nope"}, "name_b"),
            ({"color": "red"}, "color"),
        ]

    def interface(self, owner: str, name: str) -> dcim.Interface:
        found = dcim.Interface.objects.filter(device__name=owner, name=name).first()
        return found or dcim.Interface.objects.create(
            device=device(owner), name=name, type="1000base-t", status=f.status()
        )

    def make(self, index: int) -> Any:
        a, b = self.interface("cable-a", f"eth{index}"), self.interface("cable-b", f"eth{index}")
        return cabling.connect(a, b, label=f"cable-{index}", color="aa1409")

    def form_data(self) -> dict[str, Any]:
        count = dcim.Interface.objects.count()
        a, b = self.interface("cable-a", f"new{count}"), self.interface("cable-b", f"new{count}")
        return {
            "termination_a_type": "dcim.interface",
            "termination_a_id": str(a.pk),
            "termination_b_type": "dcim.interface",
            "termination_b_id": str(b.pk),
            "label": "made",
        }

    def test_list_names_both_ends(self, ui_client: Client) -> None:
        self.make(0)
        html = ui_client.get(self.ui.url("list")).content.decode()
        assert "cable-a" in html and "cable-b" in html and "eth0" in html


def test_a_cable_by_device_and_port_name(db: Any) -> None:
    """The form takes each end as a device and a port name; the service cables them and traces the path."""
    client = signed_in(make_user("cabler", superuser=True))
    a = dcim.Interface.objects.create(device=device("left"), name="xe-0/0/0", type="10gbase-x-sfpp", status=f.status())
    b = dcim.Interface.objects.create(device=device("right"), name="xe-0/0/1", type="10gbase-x-sfpp", status=f.status())
    response = client.post(
        "/dcim/cables/add/",
        {
            "termination_a_type": "dcim.interface",
            "device_a": str(a.device_id),
            "name_a": "xe-0/0/0",
            "termination_b_type": "dcim.interface",
            "device_b": str(b.device_id),
            "name_b": "xe-0/0/1",
            "label": "by-name",
            "color": "00ff00",
        },
    )
    assert response.status_code == 302, response.content.decode()[-2000:]
    cable = dcim.Cable.objects.get(label="by-name")
    assert {cable.termination_a_id, cable.termination_b_id} == {a.pk, b.pk}
    assert cable.status.name == "Connected"
    assert dcim.CablePath.objects.get(origin_id=a.pk).destination_id == b.pk


def test_the_connect_link_shows_side_a_by_name_and_the_cable_by_its_ends(db: Any) -> None:
    """Connect from a port's row: side A reads `left › ge-0`, not a UUID box, and stays so when the form
    comes back with an error; the new cable is announced and shown by its ends, not `#<uuid>`."""
    client = signed_in(make_user("linker", superuser=True))
    a = dcim.Interface.objects.create(device=device("left"), name="ge-0", type="1000base-t", status=f.status())
    b = dcim.Interface.objects.create(device=device("right"), name="ge-1", type="1000base-t", status=f.status())
    page = client.get(f"/dcim/devices/{a.device_id}/interfaces/")
    assert "termination_a_type=dcim.interface" in page.content.decode()
    add = f"/dcim/cables/add/?termination_a_type=dcim.interface&termination_a_id={a.pk}"
    response = client.get(add)
    form = response.context["form"]
    assert str(form["termination_a_id"].value()) == str(a.pk) and form["termination_a_id"].is_hidden
    assert form["end_a"].value() == "left › ge-0" and form.fields["end_a"].disabled
    assert "device_a" not in form.fields and "name_a" not in form.fields
    html = response.content.decode()
    assert 'type="text" name="termination_a_id"' not in html and 'value="left › ge-0"' in html
    side_a = {
        "termination_a_type": "dcim.interface",
        "termination_a_id": str(a.pk),
        "termination_b_type": "dcim.interface",
    }
    wrong = client.post(add, {**side_a, "device_b": str(b.device_id), "name_b": "nope"})
    assert wrong.status_code == 400 and wrong.context["form"]["end_a"].value() == "left › ge-0"
    response = client.post(add, {**side_a, "device_b": str(b.device_id), "name_b": "ge-1"}, follow=True)
    assert "Created cable left › ge-0 ↔ right › ge-1." in response.content.decode()
    cable = dcim.Cable.objects.get(termination_a_id=a.pk)
    cable.label = "patch-7"
    cable.save()
    response = client.post(f"/dcim/cables/{cable.pk}/delete/", follow=True)
    assert "Deleted cable patch-7 (left › ge-0 ↔ right › ge-1)." in response.content.decode()
    cable = cabling.connect(a, b)
    html = client.get(f"/dcim/cables/{cable.pk}/").content.decode()
    assert f'<a href="/dcim/devices/{a.device_id}/">left</a> › <a href="/dcim/interfaces/{a.pk}/">ge-0</a>' in html
    assert f"/dcim/interfaces/{b.pk}/" in html
    assert str(a.pk) not in html.replace(f"/dcim/interfaces/{a.pk}/", "")


def test_a_cable_s_ends_cannot_move(db: Any) -> None:
    client = signed_in(make_user("mover", superuser=True))
    a = dcim.Interface.objects.create(device=device("left"), name="e1", type="1000base-t", status=f.status())
    b = dcim.Interface.objects.create(device=device("right"), name="e1", type="1000base-t", status=f.status())
    c = dcim.Interface.objects.create(device=device("right"), name="e2", type="1000base-t", status=f.status())
    cable = cabling.connect(a, b)
    response = client.post(
        f"/dcim/cables/{cable.pk}/edit/",
        {"termination_b_type": "dcim.interface", "termination_b_id": str(c.pk), "label": "kept"},
    )
    assert response.status_code == 302
    cable.refresh_from_db()
    assert cable.termination_b_id == b.pk and cable.label == "kept"
