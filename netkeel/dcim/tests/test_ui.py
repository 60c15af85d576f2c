"""The DCIM pages (locations, racks, device types and their templates, devices, virtual chassis, power): the
shared page contract for each model. Components and cables are in test_ui_components.py; device tabs,
traces and elevations have their own modules."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from netkeel.core.testing.ui import UIModelTests, make_user, signed_in
from netkeel.dcim import models as dcim
from netkeel.dcim.tests import factories as f
from netkeel.extras.models import Role

pytestmark = pytest.mark.django_db


def site_type() -> dcim.LocationType:
    return dcim.LocationType.objects.get_or_create(name="Site")[0]


def site(name: str = "ui-site") -> dcim.Location:
    found = dcim.Location.objects.filter(name=name).first()
    return found or f.location(name)


def manufacturer() -> dcim.Manufacturer:
    return dcim.Manufacturer.objects.get_or_create(name="Acme")[0]


def plain_type() -> dcim.DeviceType:
    return dcim.DeviceType.objects.get_or_create(manufacturer=manufacturer(), model="ui-type")[0]


class TestLocationTypePages(UIModelTests):
    model = dcim.LocationType
    bad_form_data = [({"name": ""}, "name")]
    filter_cases = [("q", "type-1", 1), ("name", "type-2", 1)]

    def make(self, index: int) -> Any:
        return dcim.LocationType.objects.create(name=f"type-{index}")

    def form_data(self) -> dict[str, Any]:
        return {"name": "Building", "description": "made by a form"}


class TestLocationPages(UIModelTests):
    model = dcim.Location
    bad_form_data = [({"name": ""}, "name"), ({"location_type": ""}, "location_type")]
    filter_cases = [("q", "loc-1", 1), ("location_type", "Site", 3)]

    def make(self, index: int) -> Any:
        return dcim.Location.objects.create(
            name=f"loc-{index}", location_type=site_type(), status=f.status(), comments="**bold**"
        )

    def form_data(self) -> dict[str, Any]:
        return {"name": "new site", "location_type": str(site_type().pk), "status": str(f.status().pk)}


class TestRackGroupPages(UIModelTests):
    model = dcim.RackGroup
    bad_form_data = [({"name": ""}, "name")]
    filter_cases = [("q", "group-1", 1)]

    def make(self, index: int) -> Any:
        return dcim.RackGroup.objects.create(name=f"group-{index}", location=site())

    def form_data(self) -> dict[str, Any]:
        return {"name": "new group", "location": str(site().pk)}


class TestRackPages(UIModelTests):
    model = dcim.Rack
    edit_data = {"serial": "SN-1"}
    bulk_edit_data = {"u_height": "48"}
    bad_form_data = [({"name": ""}, "name"), ({"u_height": "0"}, "u_height")]
    filter_cases = [("q", "rack-1", 1), ("location", "ui-site", 3)]
    xss_fields = ("name", "serial", "comments")

    def make(self, index: int) -> Any:
        return f.rack(f"rack-{index}", site())

    def form_data(self) -> dict[str, Any]:
        return {
            "name": "new rack",
            "location": str(site().pk),
            "status": str(f.status().pk),
            "u_height": "42",
            "width": "19",
        }


class TestRackReservationPages(UIModelTests):
    model = dcim.RackReservation
    bad_form_data = [({"units": "[100]"}, "units"), ({"description": ""}, "description")]
    filter_cases = [("q", "reservation 1", 1)]
    xss_fields = ("description",)

    def make(self, index: int) -> Any:
        rack = dcim.Rack.objects.filter(name="reserved").first() or f.rack("reserved", site())
        from netkeel.users.models import User

        user = User.objects.filter(username=f"reserver-{index}").first() or make_user(f"reserver-{index}")
        return dcim.RackReservation.objects.create(
            rack=rack, units=[index + 1], user=user, description=f"reservation {index}"
        )

    def form_data(self) -> dict[str, Any]:
        rack = dcim.Rack.objects.filter(name="reserved").first() or f.rack("reserved", site())
        from netkeel.users.models import User

        user = User.objects.filter(username="form-reserver").first() or make_user("form-reserver")
        return {"rack": str(rack.pk), "units": "[40, 41]", "user": str(user.pk), "description": "for the new switch"}


class TestManufacturerPages(UIModelTests):
    model = dcim.Manufacturer
    bad_form_data = [({"name": ""}, "name")]
    filter_cases = [("q", "maker-1", 1)]

    def make(self, index: int) -> Any:
        return dcim.Manufacturer.objects.create(name=f"maker-{index}")

    def form_data(self) -> dict[str, Any]:
        return {"name": "Globex"}


class TestPlatformPages(UIModelTests):
    model = dcim.Platform
    bad_form_data = [({"name": ""}, "name")]
    filter_cases = [("q", "os-1", 1)]

    def make(self, index: int) -> Any:
        return dcim.Platform.objects.create(name=f"os-{index}", manufacturer=manufacturer())

    def form_data(self) -> dict[str, Any]:
        return {"name": "eos", "manufacturer": str(manufacturer().pk), "network_driver": "arista_eos"}


class TestDeviceTypePages(UIModelTests):
    model = dcim.DeviceType
    edit_data = {"part_number": "PN-2"}
    bulk_edit_data = {"part_number": "PN-bulk"}
    bad_form_data = [({"model": ""}, "model"), ({"u_height": "101"}, "u_height")]
    filter_cases = [("q", "model-x1", 1), ("manufacturer", "Acme", 3)]
    xss_fields = ("model", "part_number", "comments")

    def make(self, index: int) -> Any:
        return dcim.DeviceType.objects.create(manufacturer=manufacturer(), model=f"model-x{index}")

    def form_data(self) -> dict[str, Any]:
        return {"manufacturer": str(manufacturer().pk), "model": "X-1000", "u_height": "1"}


def test_device_type_page_shows_its_templates_by_kind_with_add_links(db: Any) -> None:
    """The first hour: a device type's tabs count its templates of each kind; a tab lists them and offers
    an "Add" pre-filled with the device type; `Ethernet[1-48]` there makes 48 interface templates."""
    client = signed_in(make_user("dt-admin", superuser=True))
    device_type = plain_type()
    page = client.get(f"/dcim/device-types/{device_type.pk}/").content.decode()
    for kind in ("interface-templates", "console-port-templates", "power-outlet-templates", "device-bay-templates"):
        assert f"/dcim/device-types/{device_type.pk}/{kind}/" in page
    tab = f"/dcim/device-types/{device_type.pk}/interface-templates/"
    add = f"/dcim/interface-templates/add/?device_type={device_type.pk}"
    assert add in client.get(tab).content.decode()
    form = client.get(add)
    assert form.context["form"].initial["device_type"] == str(device_type.pk)
    response = client.post(f"{add}&return_url={tab}", {"device_type": str(device_type.pk), "name": "Ethernet[1-48]",
                                                        "type": "1000base-t"})  # fmt: skip
    assert response.status_code == 302 and response["Location"] == tab
    assert device_type.interfacetemplates.count() == 48

    def queries(url: str) -> int:
        client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx)

    html = client.get(f"{tab}?per_page=100").content.decode()
    assert "Ethernet48" in html and '<span class="badge rounded-pill text-bg-secondary">48</span>' in html
    few = queries(f"{tab}?per_page=100"), queries(f"/dcim/device-types/{device_type.pk}/")
    dcim.InterfaceTemplate.objects.bulk_create(
        dcim.InterfaceTemplate(device_type=device_type, name=f"xe-{n}", type="10gbase-x-sfpp") for n in range(40)
    )
    more = queries(f"{tab}?per_page=100"), queries(f"/dcim/device-types/{device_type.pk}/")
    assert more[0] <= few[0] and more[1] <= few[1], (few, more)


class TemplatePages(UIModelTests):
    """The component templates of a device type: each has a device type, a name and maybe a type."""

    template_fields: dict[str, Any] = {}
    bad_form_data = [({"name": ""}, "name")]
    filter_cases = [("q", "tpl-1", 1)]

    def extra(self, device_type: dcim.DeviceType, index: int) -> dict[str, Any]:
        return dict(self.template_fields)

    def make(self, index: int) -> Any:
        device_type = plain_type()
        return self.model._default_manager.create(
            device_type=device_type, name=f"tpl-{index}", **self.extra(device_type, index)
        )

    def form_data(self) -> dict[str, Any]:
        device_type = plain_type()
        extra = {key: str(getattr(value, "pk", value)) for key, value in self.extra(device_type, 99).items()}
        return {"device_type": str(device_type.pk), "name": "new-tpl", **extra}


class TestConsolePortTemplatePages(TemplatePages):
    model = dcim.ConsolePortTemplate
    template_fields = {"type": "rj-45"}


class TestConsoleServerPortTemplatePages(TemplatePages):
    model = dcim.ConsoleServerPortTemplate
    template_fields = {"type": "rj-45"}


class TestPowerPortTemplatePages(TemplatePages):
    model = dcim.PowerPortTemplate
    template_fields = {"type": "iec-60320-c14", "power_factor": "0.95"}  # the form shows 0.95 to start with


class TestPowerOutletTemplatePages(TemplatePages):
    model = dcim.PowerOutletTemplate
    template_fields = {"type": "iec-60320-c13"}


class TestInterfaceTemplatePages(TemplatePages):
    model = dcim.InterfaceTemplate
    template_fields = {"type": "1000base-t"}


class TestRearPortTemplatePages(TemplatePages):
    model = dcim.RearPortTemplate
    template_fields = {"type": "lc", "positions": 4}


class TestFrontPortTemplatePages(TemplatePages):
    model = dcim.FrontPortTemplate
    pattern_makes_many = False  # one rear port position takes one front port

    def extra(self, device_type: dcim.DeviceType, index: int) -> dict[str, Any]:
        rear = dcim.RearPortTemplate.objects.create(device_type=device_type, name=f"rear-tpl-{index}", type="lc")
        return {"type": "lc", "rear_port_template": rear, "rear_port_position": 1}


class TestDeviceBayTemplatePages(TemplatePages):
    model = dcim.DeviceBayTemplate


class TestDevicePages(UIModelTests):
    model = dcim.Device
    edit_data = {"serial": "SN-changed"}
    bulk_edit_data = {"serial": "SN-bulk"}
    bad_form_data = [({"name": "dev-0"}, "__all__"), ({"device_type": ""}, "device_type")]
    filter_cases = [("q", "dev-1", 1), ("location", "ui-site", 3), ("serial", "S1", 1)]
    xss_fields = ("name", "serial", "comments")

    def make(self, index: int) -> Any:
        return f.device(f"dev-{index}", plain_type(), site(), serial=f"S{index}")

    def form_data(self) -> dict[str, Any]:
        return {
            "name": "new-device",
            "device_type": str(plain_type().pk),
            "role": str(f.role().pk),
            "status": str(f.status().pk),
            "location": str(site().pk),
        }

    def test_bad_form_shows_errors_inline_and_writes_nothing(self, ui_client: Client) -> None:
        self.make(0)  # the name clash of the first bad form needs its device
        super().test_bad_form_shows_errors_inline_and_writes_nothing(ui_client)


class TestVirtualChassisPages(UIModelTests):
    model = dcim.VirtualChassis
    edit_data = {"domain": "changed"}
    bulk_edit_data = {"domain": "bulk"}
    bad_form_data = [({"name": ""}, "name")]
    filter_cases = [("q", "vc-1", 1)]

    def make(self, index: int) -> Any:
        return dcim.VirtualChassis.objects.create(name=f"vc-{index}")

    def form_data(self) -> dict[str, Any]:
        return {"name": "stack-1", "domain": "stack"}


class TestPowerPanelPages(UIModelTests):
    model = dcim.PowerPanel
    edit_data = {"name": "renamed"}
    bad_form_data = [({"name": ""}, "name")]
    filter_cases = [("q", "panel-1", 1)]
    xss_fields = ("name",)

    def make(self, index: int) -> Any:
        return dcim.PowerPanel.objects.create(name=f"panel-{index}", location=site())

    def form_data(self) -> dict[str, Any]:
        return {"name": "new panel", "location": str(site().pk)}

    def test_bulk_edit(self, ui_client: Client) -> None:
        """A power panel has no field many panels may share but its rack group."""
        made = self.make_many(2)
        group = dcim.RackGroup.objects.create(name="row-a", location=site())
        ids = [str(obj.pk) for obj in made]
        response = ui_client.post(self.ui.url("bulk_edit"), {"pk": ids, "_apply": "1", "rack_group": str(group.pk)})
        assert response.status_code == 302, response.content.decode()[-3000:]
        assert set(dcim.PowerPanel.objects.filter(pk__in=ids).values_list("rack_group", flat=True)) == {group.pk}


class TestPowerFeedPages(UIModelTests):
    model = dcim.PowerFeed
    edit_data = {"voltage": "230"}
    bulk_edit_data = {"voltage": "240"}
    bad_form_data = [({"name": ""}, "name"), ({"max_utilization": "101"}, "max_utilization")]
    filter_cases = [("q", "feed-1", 1)]
    xss_fields = ("name", "comments")

    def panel(self) -> dcim.PowerPanel:
        return dcim.PowerPanel.objects.get_or_create(name="panel", location=site())[0]

    def make(self, index: int) -> Any:
        return dcim.PowerFeed.objects.create(name=f"feed-{index}", power_panel=self.panel(), status=f.status())

    def form_data(self) -> dict[str, Any]:
        return {
            "name": "feed-a",
            "power_panel": str(self.panel().pk),
            "status": str(f.status().pk),
            "type": "primary",
            "supply": "ac",
            "phase": "single-phase",
            "voltage": "230",
            "amperage": "16",
            "max_utilization": "80",
            "power_path": "a",
            "breaker_position": "3",
            "breaker_pole_count": "2",
        }


def test_device_form_creates_the_components_of_its_type(db: Any) -> None:
    """Saving goes through the device service, as in the API: the new device has its type's interfaces."""
    from netkeel.core.testing.ui import signed_in

    client = signed_in(make_user("admin-dev", superuser=True))
    dtype = f.device_type(interfaces=4, console_ports=1)
    response = client.post(
        "/dcim/devices/add/",
        {
            "name": "with-ports",
            "device_type": str(dtype.pk),
            "role": str(f.role().pk),
            "status": str(f.status().pk),
            "location": str(site().pk),
        },
    )
    assert response.status_code == 302
    device = dcim.Device.objects.get(name="with-ports")
    assert device.interfaces.count() == 4 and device.consoleports.count() == 1
    assert Role.objects.filter(pk=device.role_id).exists()
