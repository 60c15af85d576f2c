"""The device part and cable endpoints: the shared endpoint contract, each row cabled so that the cable
fields (cable, cable_peer, connected_endpoint) are part of every list and query count."""

from __future__ import annotations

from typing import Any

import pytest

from netkeel.core.testing.api import APIClient, APIEndpointTests
from netkeel.dcim.cabling import service
from netkeel.dcim.models import (
    Cable,
    ConsolePort,
    ConsoleServerPort,
    Device,
    DeviceBay,
    FrontPort,
    Interface,
    InventoryItem,
    PowerOutlet,
    PowerPort,
    RearPort,
)
from netkeel.dcim.tests import factories as f

pytestmark = pytest.mark.django_db

SITE = "api-site"


def scene() -> tuple[Device, Device]:
    """Two empty devices, `api-a` and `api-b`, made once per test."""
    a = Device.objects.filter(name="api-a").first()
    if a is not None:
        return a, Device.objects.get(name="api-b")
    site = f.location(SITE)
    box = f.device_type("api-box")
    return f.device("api-a", box, site), f.device("api-b", box, site)


def interface(device: Device, name: str, **extra: Any) -> Interface:
    return Interface.objects.create(device=device, name=name, type="1000base-t", status=f.status("Active"), **extra)


class SceneTests(APIEndpointTests):
    """Bad payloads name the scene's devices, so the scene exists before they are sent."""

    def test_bad_input_is_a_400_naming_the_field_and_writes_nothing(self, api: APIClient) -> None:
        scene()
        super().test_bad_input_is_a_400_naming_the_field_and_writes_nothing(api)


A = {"name": "api-a"}


class TestInterfaces(SceneTests):
    endpoint = "/api/dcim/interfaces/"
    model = Interface
    update_payload = {"description": "changed", "mtu": 9000}
    bad_payloads = [
        ({"device": A, "name": "x", "type": "no-such-type"}, "type"),
        ({"name": "x", "type": "1000base-t"}, "device"),
        ({"device": A, "name": "x", "type": "1000base-t", "mac_address": "zz"}, "mac_address"),
        ({"device": A, "name": "x", "type": "1000base-t", "mtu": 0}, "mtu"),
        ({"device": A, "name": "x", "type": "1000base-t", "cable": None, "lag": {"name": "nope"}}, "lag"),
    ]
    filter_cases = [
        ("name", "eth1", 1),
        ("name__ic", "ETH", 3),
        ("device", "api-a", 3),
        ("device", "api-a&device=api-b", 6),
        ("device__n", "api-a", 3),
        ("q", "peer", 3),
        ("type", "1000base-t", 6),
        ("kind", "physical", 6),
        ("kind", "virtual", 0),
        ("enabled", "true", 6),
        ("mgmt_only", "true", 0),
        ("status", "Active", 6),
        ("has_cable", "true", 6),
        ("cabled", "false", 0),
        ("connected", "true", 6),
        ("connected", "false", 0),
        ("mac_address", "00-00-5e-00-53-01", 1),
        ("mac_address__ic", "00:00:5E", 3),
    ]

    def make(self, index: int) -> Any:
        a, b = scene()
        near = interface(a, f"eth{index}", mac_address=f"00:00:5E:00:53:{index:02X}")
        service.connect(near, interface(b, f"peer{index}"))
        return near

    def create_payloads(self) -> list[dict[str, Any]]:
        a, _ = scene()
        return [
            {"device": str(a.pk), "name": "new1", "type": "1000base-t", "status": "Active"},
            {"device": {"name": "api-a"}, "name": "new2", "type": {"value": "10gbase-x-sfpp"}},
            {"device": f"api-a;{SITE}", "name": "new3", "type": "virtual", "mac_address": "0000.5e00.5399"},
        ]


class TestConsolePorts(SceneTests):
    endpoint = "/api/dcim/console-ports/"
    model = ConsolePort
    update_payload = {"label": "changed"}
    bad_payloads = [({"device": A, "name": "x", "type": "nope"}, "type"), ({"device": A}, "name")]
    filter_cases = [("name", "con1", 1), ("connected", "true", 3), ("has_cable", "false", 0), ("type", "rj-45", 3)]

    def make(self, index: int) -> Any:
        a, b = scene()
        port = ConsolePort.objects.create(device=a, name=f"con{index}", type="rj-45")
        service.connect(port, ConsoleServerPort.objects.create(device=b, name=f"cs{index}"))
        return port

    def create_payloads(self) -> list[dict[str, Any]]:
        scene()
        return [{"device": A, "name": f"new{i}", "type": "rj-45"} for i in range(3)]


class TestConsoleServerPorts(SceneTests):
    endpoint = "/api/dcim/console-server-ports/"
    model = ConsoleServerPort
    update_payload = {"label": "changed"}
    bad_payloads = [({"device": A, "name": ""}, "name")]
    filter_cases = [("name", "cs1", 1), ("connected", "true", 3), ("device", "api-a", 3)]

    def make(self, index: int) -> Any:
        a, b = scene()
        port = ConsoleServerPort.objects.create(device=a, name=f"cs{index}", type="rj-45")
        service.connect(port, ConsolePort.objects.create(device=b, name=f"con{index}"))
        return port

    def create_payloads(self) -> list[dict[str, Any]]:
        scene()
        return [{"device": A, "name": f"new{i}"} for i in range(3)]


class TestPowerPorts(SceneTests):
    endpoint = "/api/dcim/power-ports/"
    model = PowerPort
    update_payload = {"maximum_draw": 500, "allocated_draw": 250}
    bad_payloads = [
        ({"device": A, "name": "x", "maximum_draw": 100, "allocated_draw": 200}, "allocated_draw"),
        ({"device": A, "name": "x", "maximum_draw": 0}, "maximum_draw"),
    ]
    filter_cases = [("name", "psu1", 1), ("connected", "true", 3), ("maximum_draw__gte", "100", 3)]

    def make(self, index: int) -> Any:
        a, b = scene()
        port = PowerPort.objects.create(device=a, name=f"psu{index}", type="iec-60320-c14", maximum_draw=100 + index)
        service.connect(port, PowerOutlet.objects.create(device=b, name=f"out{index}"))
        return port

    def create_payloads(self) -> list[dict[str, Any]]:
        scene()
        return [{"device": A, "name": f"new{i}", "type": "iec-60320-c14"} for i in range(3)]


class TestPowerOutlets(SceneTests):
    endpoint = "/api/dcim/power-outlets/"
    model = PowerOutlet
    update_payload = {"feed_leg": "A"}
    bad_payloads = [
        ({"device": A, "name": "x", "feed_leg": "Q"}, "feed_leg"),
        ({"device": A, "name": "x", "power_port": {"device": {"name": "api-b"}, "name": "psu-b"}}, "power_port"),
    ]
    filter_cases = [
        ("name", "out1", 1),
        ("connected", "true", 3),
        ("power_port__isnull", "false", 3),
        ("feed_leg", "B", 3),
    ]

    def make(self, index: int) -> Any:
        a, b = scene()
        feeding, _ = PowerPort.objects.get_or_create(device=a, name="psu-a")
        outlet = PowerOutlet.objects.create(device=a, name=f"out{index}", power_port=feeding, feed_leg="B")
        service.connect(outlet, PowerPort.objects.create(device=b, name=f"psu{index}"))
        return outlet

    def scene_with_ports(self) -> None:
        a, b = scene()
        PowerPort.objects.get_or_create(device=a, name="psu-a")
        PowerPort.objects.get_or_create(device=b, name="psu-b")

    def test_bad_input_is_a_400_naming_the_field_and_writes_nothing(self, api: APIClient) -> None:
        self.scene_with_ports()  # psu-b is on the other device: refused by the model
        super().test_bad_input_is_a_400_naming_the_field_and_writes_nothing(api)

    def create_payloads(self) -> list[dict[str, Any]]:
        self.scene_with_ports()
        return [{"device": A, "name": f"new{i}", "power_port": {"device": A, "name": "psu-a"}} for i in range(3)]


class TestRearPorts(SceneTests):
    endpoint = "/api/dcim/rear-ports/"
    model = RearPort
    update_payload = {"positions": 4}
    bad_payloads = [({"device": A, "name": "x", "type": "lc", "positions": 0}, "positions"), ({"device": A}, "type")]
    filter_cases = [
        ("name", "rear1", 2),
        ("device", "api-a", 3),
        ("positions", "2", 6),
        ("has_cable", "true", 6),
        ("cable__isnull", "true", 0),
    ]

    def make(self, index: int) -> Any:
        a, b = scene()
        rear = RearPort.objects.create(device=a, name=f"rear{index}", type="mpo", positions=2)
        service.connect(rear, RearPort.objects.create(device=b, name=f"rear{index}", type="mpo", positions=2))
        return rear

    def create_payloads(self) -> list[dict[str, Any]]:
        scene()
        return [{"device": A, "name": f"new{i}", "type": "lc", "positions": i + 1} for i in range(3)]


class TestFrontPorts(SceneTests):
    endpoint = "/api/dcim/front-ports/"
    model = FrontPort
    update_payload = {"label": "changed"}
    bad_payloads = [
        (
            {
                "device": A,
                "name": "x",
                "type": "lc",
                "rear_port": {"device": A, "name": "spare"},
                "rear_port_position": 9,
            },
            "rear_port_position",
        ),
        ({"device": A, "name": "x", "type": "lc"}, "rear_port"),
    ]
    filter_cases = [("name", "front1", 1), ("has_cable", "true", 3), ("rear_port_position", "1", 3)]

    def make(self, index: int) -> Any:
        a, b = scene()
        rear = RearPort.objects.create(device=a, name=f"rear{index}", type="lc")
        front = FrontPort.objects.create(device=a, name=f"front{index}", type="lc", rear_port=rear)
        service.connect(front, interface(b, f"eth{index}"))
        return front

    def spare(self) -> RearPort:
        a, _ = scene()
        return RearPort.objects.get_or_create(device=a, name="spare", defaults={"type": "mpo", "positions": 3})[0]

    def test_bad_input_is_a_400_naming_the_field_and_writes_nothing(self, api: APIClient) -> None:
        self.spare()
        super().test_bad_input_is_a_400_naming_the_field_and_writes_nothing(api)

    def create_payloads(self) -> list[dict[str, Any]]:
        spare = self.spare()
        return [
            {"device": A, "name": f"new{i}", "type": "lc", "rear_port": str(spare.pk), "rear_port_position": i + 1}
            for i in range(3)
        ]


class TestDeviceBays(SceneTests):
    endpoint = "/api/dcim/device-bays/"
    model = DeviceBay
    update_payload = {"description": "changed"}
    bad_payloads = [
        ({"device": A, "name": ""}, "name"),
        ({"device": A, "name": "x", "installed_device": A}, "installed_device"),
    ]
    filter_cases = [("name", "bay1", 1), ("device", "api-a", 3), ("installed_device__isnull", "true", 3)]

    def make(self, index: int) -> Any:
        a, _ = scene()
        return DeviceBay.objects.create(device=a, name=f"bay{index}")

    def create_payloads(self) -> list[dict[str, Any]]:
        scene()
        return [{"device": A, "name": f"new{i}"} for i in range(3)]


class TestInventoryItems(SceneTests):
    endpoint = "/api/dcim/inventory-items/"
    model = InventoryItem
    update_payload = {"serial": "SN-1"}
    bad_payloads = [({"device": A, "name": ""}, "name"), ({"device": A, "name": "x", "parent": "nope"}, "parent")]
    filter_cases = [("name", "item1", 1), ("part_id", "P-1", 3), ("discovered", "false", 3), ("q", "item2", 1)]

    def make(self, index: int) -> Any:
        a, _ = scene()
        return InventoryItem.objects.create(device=a, name=f"item{index}", part_id="P-1")

    def create_payloads(self) -> list[dict[str, Any]]:
        a, _ = scene()
        top = InventoryItem.objects.create(device=a, name="chassis")
        return [
            {"device": A, "name": "new1"},
            {"device": A, "name": "new2", "parent": str(top.pk)},
            {"device": A, "name": "new3", "parent": {"device": A, "name": "chassis"}},
        ]


class TestCables(SceneTests):
    endpoint = "/api/dcim/cables/"
    model = Cable
    update_payload = {"label": "changed", "color": "aa1409"}
    filter_cases = [
        ("device", "api-a", 3),
        ("device", "nowhere", 0),
        ("termination_a_type", "dcim.interface", 3),
        ("termination_a_type", "dcim.frontport", 0),
        ("status", "Connected", 3),
        ("label", "cable-1", 1),
        ("q", "cable-", 3),
        ("type", "cat6", 3),
        ("color", "aa1409", 0),
    ]

    @property
    def bad_payloads(self) -> list[tuple[Any, str]]:  # type: ignore[override]
        a, b = scene()
        free = Interface.objects.filter(name="bad-free").first() or interface(a, "bad-free")
        taken = Interface.objects.filter(name="bad-taken").first()
        if taken is None:
            taken = interface(b, "bad-taken")
            service.connect(taken, interface(a, "bad-other"))
        ends = {"termination_a_type": "dcim.interface", "termination_b_type": "dcim.interface"}
        return [
            ({**ends, "termination_a_id": str(free.pk)}, "termination_b_id"),
            (
                {
                    **ends,
                    "termination_a_type": "dcim.nothing",
                    "termination_a_id": str(free.pk),
                    "termination_b_id": str(taken.pk),
                },
                "termination_a_type",
            ),
            ({**ends, "termination_a_id": str(free.pk), "termination_b_id": str(taken.pk)}, "termination_b"),
            ({**ends, "termination_a_id": str(free.pk), "termination_b_id": str(free.pk)}, "termination_b"),
            ({**ends, "termination_a_id": str(free.pk), "termination_b_id": str(a.pk)}, "termination_b_id"),
        ]

    def test_bad_input_is_a_400_naming_the_field_and_writes_nothing(self, api: APIClient) -> None:
        assert self.bad_payloads  # its cabled interface exists before the count is taken
        super().test_bad_input_is_a_400_naming_the_field_and_writes_nothing(api)

    def make(self, index: int) -> Any:
        a, b = scene()
        return service.connect(
            interface(a, f"eth{index}"), interface(b, f"eth{index}"), label=f"cable-{index}", type="cat6"
        )

    def create_payloads(self) -> list[dict[str, Any]]:
        a, b = scene()
        payloads: list[dict[str, Any]] = []
        for i in range(3):
            near, far = interface(a, f"new{i}"), interface(b, f"new{i}")
            payloads.append(
                {
                    "termination_a_type": "dcim.interface",
                    "termination_a_id": str(near.pk),
                    "termination_b_type": "dcim.interface",
                    "termination_b_id": str(far.pk),
                    "label": f"new-{i}",
                }
            )
        payloads[1].update(status="Planned", type="cat6", color="aa1409", length=3, length_unit="m")
        return payloads
