"""Devices and their components, virtual chassis, locations: the services and model rules."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from netkeel.dcim import services
from netkeel.dcim.models import (
    Device,
    Location,
    LocationType,
    PowerOutletTemplate,
    PowerPortTemplate,
    RackReservation,
)
from netkeel.dcim.tests import factories as f
from netkeel.users.models import User

pytestmark = pytest.mark.django_db


def test_creating_a_device_instantiates_every_template() -> None:
    site = f.location()
    dtype = f.device_type(
        "full", interfaces=3, console_ports=1, console_server_ports=2, power_ports=2, rear_ports=2, positions=4
    )
    psu = PowerPortTemplate.objects.get(device_type=dtype, name="psu0")
    PowerOutletTemplate.objects.create(device_type=dtype, name="out-a", power_port_template=psu, feed_leg="A")
    device = f.device("d1", dtype, site)
    assert sorted(device.interfaces.values_list("name", flat=True)) == ["eth0", "eth1", "eth2"]
    assert set(device.interfaces.values_list("status__name", flat=True)) == {"Active"}
    assert device.consoleports.count() == 1 and device.consoleserverports.count() == 2
    assert device.rearports.count() == 2 and device.frontports.count() == 8
    for front in device.frontports.select_related("rear_port"):
        assert front.rear_port.device_id == device.pk
        assert front.name == f"front{front.rear_port.name[-1]}-{front.rear_port_position}"
    outlet = device.poweroutlets.get()
    assert outlet.power_port is not None and outlet.power_port.name == "psu0" and outlet.feed_leg == "A"


def test_virtual_chassis_master_joins_at_position_one() -> None:
    site = f.location()
    switch = f.device_type(interfaces=1)
    master, member = f.device("sw1", switch, site), f.device("sw2", switch, site)
    chassis = services.create_virtual_chassis(name="stack1", master=master)
    master.refresh_from_db()
    assert master.virtual_chassis_id == chassis.pk and master.vc_position == 1
    member.virtual_chassis, member.vc_position = chassis, 1
    with pytest.raises(ValidationError):
        member.full_clean()
    other = services.create_virtual_chassis(name="stack2")
    with pytest.raises(ValidationError) as caught:
        services.create_virtual_chassis(name="stack3", master=master)
    assert "master" in caught.value.message_dict
    assert other.members.count() == 0


def test_unnamed_device_display() -> None:
    site = f.location()
    dtype = f.device_type("Widget")
    device = services.create_device(name=None, device_type=dtype, role=f.role(), status=f.status(), location=site)
    assert str(device) == f"Acme Widget ({device.pk})"
    # Two unnamed devices in one location do not clash.
    services.create_device(name=None, device_type=dtype, role=f.role(), status=f.status(), location=site)
    assert Device.objects.filter(name=None).count() == 2


def test_device_status_must_be_offered_on_devices() -> None:
    site = f.location()
    with pytest.raises(ValidationError) as caught:
        services.create_device(
            name="x", device_type=f.device_type(), role=f.role(), status=f.status("Connected"), location=site
        )
    assert "status" in caught.value.message_dict
    assert not Device.objects.filter(name="x").exists()


def test_location_tree_rules_and_display() -> None:
    region = LocationType.objects.create(name="Region")
    site_type = LocationType.objects.create(name="Campus", parent=region)
    europe = Location.objects.create(name="Europe", location_type=region, status=f.status())
    paris = Location(name="Paris", location_type=site_type, parent=europe, status=f.status())
    paris.full_clean()
    paris.save()
    assert paris.display == "Europe → Paris"
    assert Location.descendant_ids([europe.pk]) == {europe.pk, paris.pk}
    orphan = Location(name="Lyon", location_type=site_type, status=f.status())
    with pytest.raises(ValidationError) as caught:
        orphan.full_clean()
    assert "parent" in caught.value.message_dict
    wrong = Location(name="Nested", location_type=region, parent=paris, status=f.status())
    with pytest.raises(ValidationError):
        wrong.full_clean()
    europe.parent = paris
    with pytest.raises(ValidationError) as caught:
        europe.full_clean()
    assert "parent" in caught.value.message_dict
    assert Location.objects.get_by_natural_key("Paris", "Europe") == paris


def test_rack_reservation_units() -> None:
    site = f.location()
    rack = f.rack("r1", site, u_height=10)
    user = User.objects.create_user(username="ops")
    RackReservation.objects.create(rack=rack, units=[1, 2], user=user, description="spare")
    for units, text in (
        ([11], "outside"),
        ([2, 3], "already reserved"),
        (["x"], "whole numbers"),
        ([], "cannot be blank"),
    ):
        with pytest.raises(ValidationError) as caught:
            RackReservation(rack=rack, units=units, user=user, description="d").full_clean()
        assert text in caught.value.message_dict["units"][0]


def test_rack_cannot_shrink_under_a_device() -> None:
    site = f.location()
    rack = f.rack("r1", site, u_height=42)
    f.device("top", f.device_type(u_height=2), site, rack=rack, position=40, face="front")
    rack.u_height = 40
    with pytest.raises(ValidationError) as caught:
        rack.full_clean()
    assert "at least 41U" in caught.value.message_dict["u_height"][0]


def test_mac_address_is_normalised_or_refused() -> None:
    site = f.location()
    device = f.device("d", f.device_type(interfaces=1), site)
    interface = device.interfaces.get()
    interface.mac_address = "00-11-22-aa-bb-cc"
    interface.full_clean()
    assert interface.mac_address == "00:11:22:AA:BB:CC"
    interface.mac_address = "not-a-mac"
    with pytest.raises(ValidationError) as caught:
        interface.full_clean()
    assert "mac_address" in caught.value.message_dict
