"""The location, rack, device type, device, virtual chassis and power endpoints against the shared endpoint
contract (CRUD, bulk, filters, bad input, permissions, query counts). Component templates are in
test_api_devices_templates.py, behaviour beyond the contract in test_api_devices_behaviour.py."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType

from netkeel.core.testing.api import APIClient, APIEndpointTests
from netkeel.dcim import services
from netkeel.dcim.models import (
    Device,
    DeviceType,
    Location,
    LocationType,
    Manufacturer,
    Platform,
    PowerFeed,
    PowerPanel,
    Rack,
    RackGroup,
    RackReservation,
    VirtualChassis,
)
from netkeel.dcim.tests import factories
from netkeel.tenancy.models import Tenant

pytestmark = pytest.mark.django_db


def site(name: str = "DC1") -> Location:
    """A site under the region `region-a` (a two-level tree, as real locations are)."""
    region_type, _ = LocationType.objects.get_or_create(name="Region")
    site_type, _ = LocationType.objects.get_or_create(name="Site", defaults={"parent": region_type})
    region, _ = Location.objects.get_or_create(
        name="region-a", defaults={"location_type": region_type, "status": factories.status()}
    )
    found, _ = Location.objects.get_or_create(
        name=name, defaults={"location_type": site_type, "parent": region, "status": factories.status()}
    )
    return found


def acme() -> Manufacturer:
    return Manufacturer.objects.get_or_create(name="Acme")[0]


def shared_rack(name: str = "rack-a") -> Rack:
    return Rack.objects.get_or_create(name=name, location=site(), defaults={"status": factories.status()})[0]


def tenant() -> Tenant:
    return Tenant.objects.get_or_create(name="tenant-a")[0]


class PreparedEndpointTests(APIEndpointTests):
    """Endpoint tests whose bad input needs objects of the endpoint's own model first (a taken rack unit, a
    chassis name in use): `prepare_bad_input` makes them before the test counts that nothing is written."""

    def prepare_bad_input(self) -> None:
        raise NotImplementedError

    def test_bad_input_is_a_400_naming_the_field_and_writes_nothing(self, api: APIClient) -> None:
        self.prepare_bad_input()
        super().test_bad_input_is_a_400_naming_the_field_and_writes_nothing(api)


# --------------------------------------------------------------------------------------------- locations


class TestLocationTypes(APIEndpointTests):
    endpoint = "/api/dcim/location-types/"
    model = LocationType
    update_payload = {"description": "changed", "content_types": ["dcim.device"]}
    bad_payloads = [
        ({"name": ""}, "name"),
        ({"name": "x", "content_types": ["dcim.nosuchmodel"]}, "content_types"),
        ({"name": "x", "content_types": ["nodot"]}, "content_types"),
        ({"name": "x", "parent": "no-such-type"}, "parent"),
    ]
    filter_cases = [
        ("name", "type-1", 1),
        ("content_types", "dcim.device", 2),
        ("content_types", "dcim.rack", 1),
        ("content_types", "dcim.rack&content_types=dcim.device", 3),
        ("nestable", "true", 1),
        ("parent", "type-0", 1),
        ("q", "type-2", 1),
    ]

    def make(self, index: int) -> Any:
        location_type = LocationType.objects.create(
            name=f"type-{index}",
            nestable=index == 1,
            parent=LocationType.objects.filter(name="type-0").first() if index == 2 else None,
        )
        kind = Device if index % 2 == 0 else Rack
        location_type.content_types.set([ContentType.objects.get_for_model(kind)])
        return location_type

    def create_payloads(self) -> list[dict[str, Any]]:
        LocationType.objects.get_or_create(name="Region")
        return [
            {"name": "new-1", "content_types": ["dcim.device", "dcim.rack"]},
            {"name": "new-2", "nestable": True, "parent": "Region"},
            {"name": "new-3", "parent": {"name": "Region"}, "content_types": []},
        ]


class TestLocations(PreparedEndpointTests):
    endpoint = "/api/dcim/locations/"
    model = Location
    update_payload = {"description": "changed", "time_zone": "Europe/Paris"}
    filter_cases = [
        ("name", "site-1", 1),
        ("parent", "region-a", 4),  # DC1 and the three made
        ("parent__isnull", "true", 1),
        ("subtree", "region-a", 5),
        ("location_type", "Site", 4),
        ("status", "Active", 5),
        ("tenant", "tenant-a", 1),
        ("name__isw", "site", 3),
        ("q", "site-2", 1),
    ]

    def prepare_bad_input(self) -> None:
        site()

    @property
    def bad_payloads(self) -> list[tuple[Any, str]]:  # type: ignore[override]
        return [
            ({"name": "x", "location_type": "Site", "status": "Active"}, "parent"),  # a site sits in a region
            ({"name": "x", "location_type": "Region", "status": "Connected"}, "status"),  # not offered here
            ({"name": "x", "location_type": "Region", "status": "Active", "time_zone": "Mars/Base"}, "time_zone"),
            ({"name": "x", "location_type": "Region"}, "status"),
            ({"name": "x", "location_type": "no-such-type", "status": "Active"}, "location_type"),
            ({"name": "DC1", "location_type": "Site", "status": "Active", "parent": {"name": "region-a"}}, "exists"),
        ]

    def make(self, index: int) -> Any:
        region = site().parent
        return Location.objects.create(
            name=f"site-{index}",
            location_type=LocationType.objects.get(name="Site"),
            parent=region,
            status=factories.status(),
            tenant=tenant() if index == 1 else None,
        )

    def create_payloads(self) -> list[dict[str, Any]]:
        region = site().parent
        assert region is not None
        return [
            {"name": "new-1", "location_type": "Region", "status": "Active"},
            {"name": "new-2", "location_type": {"name": "Site"}, "parent": {"name": "region-a"}, "status": "Active"},
            {"name": "new-3", "location_type": "Site", "parent": str(region.pk), "status": {"name": "Planned"}},
        ]


class TestRackGroups(PreparedEndpointTests):
    endpoint = "/api/dcim/rack-groups/"
    model = RackGroup
    update_payload = {"description": "changed"}
    filter_cases = [
        ("name", "group-1", 1),
        ("parent", "top", 3),
        ("location", "DC1", 4),
        ("location", "region-a", 4),  # a location includes those below it
        ("q", "group-2", 1),
    ]

    def prepare_bad_input(self) -> None:
        site("DC2")
        RackGroup.objects.get_or_create(name="top", location=site())

    @property
    def bad_payloads(self) -> list[tuple[Any, str]]:  # type: ignore[override]
        other = site("DC2")
        top = RackGroup.objects.get(name="top")
        return [
            ({"name": "", "location": str(other.pk)}, "name"),
            ({"name": "x", "location": "no-such-location"}, "location"),
            ({"name": "x", "location": str(other.pk), "parent": str(top.pk)}, "parent"),
        ]

    def make(self, index: int) -> Any:
        top = RackGroup.objects.get_or_create(name="top", location=site())[0]
        return RackGroup.objects.create(name=f"group-{index}", location=site(), parent=top)

    def create_payloads(self) -> list[dict[str, Any]]:
        location = site()
        RackGroup.objects.get_or_create(name="top", location=location)
        return [
            {"name": "new-1", "location": str(location.pk)},
            {"name": "new-2", "location": {"name": "DC1"}, "parent": {"name": "top"}},
            {"name": "new-3", "location": "DC1;region-a"},
        ]


class TestRacks(APIEndpointTests):
    endpoint = "/api/dcim/racks/"
    model = Rack
    update_payload = {"serial": "changed", "u_height": 45}
    filter_cases = [
        ("name", "rack-1", 1),
        ("u_height", "48", 1),
        ("u_height__lt", "48", 2),
        ("location", "DC1", 3),
        ("location", "region-a", 3),
        ("rack_group", "row-1", 3),
        ("status", "Active", 2),
        ("status", "Planned", 1),
        ("status__n", "Planned", 2),
        ("width", "19", 3),
        ("q", "rack-2", 1),
    ]

    @property
    def bad_payloads(self) -> list[tuple[Any, str]]:  # type: ignore[override]
        location = site()
        elsewhere = RackGroup.objects.get_or_create(name="far", location=site("DC2"))[0]
        base = {"name": "x", "location": str(location.pk), "status": "Active"}
        return [
            ({**base, "status": "Connected"}, "status"),
            ({**base, "u_height": 0}, "u_height"),
            ({**base, "rack_group": str(elsewhere.pk)}, "rack_group"),
            ({**base, "width": 20}, "width"),
            ({**base, "width": ""}, "width"),  # a number chosen from a list: "" is no choice (was a 500)
            ({**base, "name": ""}, "name"),
        ]

    def make(self, index: int) -> Any:
        group = RackGroup.objects.get_or_create(name="row-1", location=site())[0]
        return Rack.objects.create(
            name=f"rack-{index}",
            location=site(),
            rack_group=group,
            status=factories.status("Planned" if index == 2 else "Active"),
            u_height=48 if index == 1 else 42,
        )

    def create_payloads(self) -> list[dict[str, Any]]:
        RackGroup.objects.get_or_create(name="row-1", location=site())
        return [
            {"name": "new-1", "location": {"name": "DC1"}, "status": "Active"},
            {"name": "new-2", "location": str(site().pk), "status": "Planned", "u_height": 48, "width": 23},
            {"name": "new-3", "location": str(site().pk), "status": "Active", "rack_group": "row-1;DC1"},
        ]


def planner() -> Any:
    return get_user_model().objects.get_or_create(username="planner")[0]


class TestRackReservations(PreparedEndpointTests):
    endpoint = "/api/dcim/rack-reservations/"
    model = RackReservation
    update_payload = {"description": "changed"}
    filter_cases = [
        ("rack", "rack-a", 3),
        ("user", "planner", 3),
        ("location", "region-a", 3),
        ("description", "for%201", 1),
        ("q", "for%202", 1),
    ]

    def prepare_bad_input(self) -> None:
        RackReservation.objects.create(rack=shared_rack(), description="taken", units=[40], user=planner())

    @property
    def bad_payloads(self) -> list[tuple[Any, str]]:  # type: ignore[override]
        rack = str(shared_rack().pk)
        return [
            ({"rack": rack, "units": [43], "description": "x"}, "units"),  # beyond the 42U rack
            ({"rack": rack, "units": [40, 41], "description": "x"}, "units"),  # 40 is reserved already
            ({"rack": rack, "units": "1-3", "description": "x"}, "units"),
            ({"rack": rack, "units": [1]}, "description"),
            ({"rack": rack, "units": [1], "description": "x", "user": "nobody-by-that-name"}, "user"),
        ]

    def make(self, index: int) -> Any:
        return RackReservation.objects.create(
            rack=shared_rack(), units=[index + 1], user=planner(), description=f"for {index}"
        )

    def create_payloads(self) -> list[dict[str, Any]]:
        rack = str(shared_rack().pk)
        planner()
        return [
            {"rack": rack, "units": [30, 31], "description": "mine"},
            {"rack": rack, "units": [32], "description": "theirs", "user": "planner"},
            {"rack": {"name": "rack-a"}, "units": [33], "description": "also", "user": {"username": "planner"}},
        ]


# --------------------------------------------------------------------------------------------- device types


class TestManufacturers(APIEndpointTests):
    endpoint = "/api/dcim/manufacturers/"
    model = Manufacturer
    update_payload = {"description": "changed"}
    bad_payloads = [({"name": ""}, "name"), ({"name": "maker-x" * 20}, "name")]
    filter_cases = [("name", "maker-1", 1), ("name__ic", "MAKER", 3), ("q", "maker-2", 1)]

    def make(self, index: int) -> Any:
        return Manufacturer.objects.create(name=f"maker-{index}")

    def create_payloads(self) -> list[dict[str, Any]]:
        return [{"name": "new-1"}, {"name": "new-2", "description": "two"}, {"name": "new-3"}]


class TestPlatforms(APIEndpointTests):
    endpoint = "/api/dcim/platforms/"
    model = Platform
    update_payload = {"napalm_args": {"secret": "x"}, "network_driver": "arista_eos"}
    bad_payloads = [({"name": ""}, "name"), ({"name": "x", "manufacturer": "no-such-maker"}, "manufacturer")]
    filter_cases = [
        ("name", "platform-1", 1),
        ("manufacturer", "Acme", 3),
        ("napalm_driver", "eos", 1),
        ("napalm_driver__n", "eos", 2),
        ("q", "platform-2", 1),
        ("napalm_args", "SECRET", 2),  # Nautobot's: the arguments' JSON contains the text, any case
        ("napalm_args", "443", 1),
        ("napalm_args", "no-such-argument", 0),
    ]

    def make(self, index: int) -> Any:
        napalm_args = {1: {"secret": "x", "port": 443}, 2: {"Secret": "y"}}.get(index)
        return Platform.objects.create(
            name=f"platform-{index}",
            manufacturer=acme(),
            napalm_driver="eos" if index == 0 else "junos",
            napalm_args=napalm_args,
        )

    def create_payloads(self) -> list[dict[str, Any]]:
        acme()
        return [
            {"name": "new-1"},
            {"name": "new-2", "manufacturer": "Acme", "napalm_driver": "eos", "napalm_args": {"port": 443}},
            {"name": "new-3", "manufacturer": {"name": "Acme"}, "network_driver": "cisco_ios"},
        ]


class TestDeviceTypes(APIEndpointTests):
    endpoint = "/api/dcim/device-types/"
    model = DeviceType
    update_payload = {"part_number": "PN-2", "u_height": 2}
    filter_cases = [
        ("model", "model-1", 1),
        ("manufacturer", "Acme", 3),
        ("u_height", "2", 1),
        ("u_height__gte", "1", 3),
        ("is_full_depth", "false", 1),
        ("subdevice_role", "parent", 1),
        ("part_number", "PN-0", 1),
        ("q", "PN-2", 1),
    ]

    @property
    def bad_payloads(self) -> list[tuple[Any, str]]:  # type: ignore[override]
        acme()
        return [
            ({"model": "x"}, "manufacturer"),
            ({"manufacturer": "Acme", "model": ""}, "model"),
            ({"manufacturer": "Acme", "model": "x", "subdevice_role": "bogus"}, "subdevice_role"),
            ({"manufacturer": "Acme", "model": "x", "subdevice_role": "child", "u_height": 1}, "u_height"),
            ({"manufacturer": "Acme", "model": "x", "u_height": 101}, "u_height"),
        ]

    def make(self, index: int) -> Any:
        return DeviceType.objects.create(
            manufacturer=acme(),
            model=f"model-{index}",
            part_number=f"PN-{index}",
            u_height=2 if index == 1 else 1,
            is_full_depth=index != 2,
            subdevice_role="parent" if index == 0 else "",
        )

    def create_payloads(self) -> list[dict[str, Any]]:
        maker = acme()
        return [
            {"manufacturer": "Acme", "model": "new-1"},
            {"manufacturer": str(maker.pk), "model": "new-2", "u_height": 2, "is_full_depth": False},
            {"manufacturer": {"name": "Acme"}, "model": "new-3", "u_height": 0, "subdevice_role": "child"},
        ]


# --------------------------------------------------------------------------------------------- devices


def leaf_type() -> DeviceType:
    found = DeviceType.objects.filter(model="leaf-model").first()
    return found or factories.device_type("leaf-model", interfaces=2)


class TestDevices(PreparedEndpointTests):
    endpoint = "/api/dcim/devices/"
    model = Device
    update_payload = {"serial": "changed", "local_config_context_data": {"ntp": ["10.0.0.1"]}}
    filter_cases = [
        ("name", "dev-1", 1),
        ("name", "dev-1&name=dev-2", 2),
        ("serial", "SN1", 1),
        ("asset_tag", "AT2", 1),
        ("location", "DC1", 3),
        ("location", "region-a", 3),  # descendants included
        ("rack", "rack-a", 3),
        ("rack_group", "row-1", 0),
        ("role", "Leaf", 3),
        ("status", "Active", 2),
        ("status", "Planned", 1),
        ("tenant", "tenant-a", 1),
        ("tenant__isnull", "true", 2),
        ("device_type", "leaf-model", 3),
        ("manufacturer", "Acme", 3),
        ("manufacturer__n", "Acme", 0),
        ("platform", "eos", 3),
        ("face", "front", 2),
        ("face", "rear", 1),
        ("position", "2", 1),
        ("position__gte", "2", 2),
        ("has_primary_ip", "false", 3),
        ("has_primary_ip", "true", 0),
        ("virtual_chassis__isnull", "true", 3),
        ("q", "SN2", 1),
        ("q", "dev", 3),
    ]

    @property
    def bad_payloads(self) -> list[tuple[Any, str]]:  # type: ignore[override]
        base = {"device_type": str(leaf_type().pk), "role": str(factories.role().pk), "location": str(site().pk)}
        base["status"] = "Active"
        tall = str(factories.device_type("tall-model", u_height=2).pk)  # U42 and U43 of a 42U rack
        other_rack = Rack.objects.get_or_create(name="far", location=site("DC2"), status=factories.status())[0]
        occupant = base | {"name": "occupant", "rack": str(shared_rack().pk), "position": 40, "face": "front"}
        return [
            (base | {"status": "Connected"}, "status"),  # not offered on devices
            (base | {"position": 3, "face": "front"}, "position"),  # a position needs a rack
            (base | {"rack": str(other_rack.pk)}, "rack"),  # the rack is in another location
            (occupant | {"name": "intruder"}, "position"),  # U40 is taken
            (occupant, "exists"),  # the name is taken in DC1
            (base | {"rack": str(shared_rack().pk), "position": 42, "face": "front", "device_type": tall}, "position"),
            (base | {"rack": str(shared_rack().pk), "position": 3}, "face"),
            (base | {"face": "sideways"}, "face"),
            (base | {"local_config_context_data": ["not", "an", "object"]}, "local_config_context_data"),
            ({k: v for k, v in base.items() if k != "role"}, "role"),
            (base | {"device_type": "no-such-model"}, "device_type"),
        ]

    def prepare_bad_input(self) -> None:
        services.create_device(
            name="occupant",
            device_type=leaf_type(),
            role=factories.role(),
            status=factories.status(),
            location=site(),
            rack=shared_rack(),
            position=40,
            face="front",
        )

    def make(self, index: int) -> Any:
        platform = Platform.objects.get_or_create(name="eos")[0]
        return services.create_device(
            name=f"dev-{index}",
            device_type=leaf_type(),
            role=factories.role(),
            status=factories.status("Planned" if index == 2 else "Active"),
            tenant=tenant() if index == 1 else None,
            platform=platform,
            location=site(),
            rack=shared_rack(),
            position=index + 1,
            face="rear" if index == 0 else "front",
            serial=f"SN{index}",
            asset_tag=f"AT{index}",
        )

    def create_payloads(self) -> list[dict[str, Any]]:
        dtype, role, location = leaf_type(), factories.role(), site()
        return [
            {
                "name": "new-1",
                "device_type": str(dtype.pk),
                "role": "Leaf",
                "location": {"name": "DC1"},
                "status": "Active",
            },
            {
                "name": None,
                "device_type": {"model": "leaf-model"},
                "role": str(role.pk),
                "location": str(location.pk),
                "status": "Active",
            },
            {
                "name": "new-3",
                "device_type": "leaf-model;Acme",
                "role": {"name": "Leaf"},
                "location": str(location.pk),
                "status": "Staged",
                "rack": str(shared_rack().pk),
                "position": 41,
                "face": "rear",
            },
        ]


class TestVirtualChassis(PreparedEndpointTests):
    endpoint = "/api/dcim/virtual-chassis/"
    model = VirtualChassis
    update_payload = {"domain": "changed"}
    filter_cases = [("name", "vc-1", 1), ("domain", "fabric", 3), ("q", "vc-2", 1), ("master__isnull", "true", 3)]

    def prepare_bad_input(self) -> None:
        services.create_virtual_chassis(name="taken", master=factories.device("member", leaf_type(), site()))

    @property
    def bad_payloads(self) -> list[tuple[Any, str]]:  # type: ignore[override]
        member = Device.objects.get(name="member")
        return [
            ({"name": ""}, "name"),
            ({"name": "x", "master": str(member.pk)}, "master"),
            ({"name": "taken"}, "name"),
        ]

    def make(self, index: int) -> Any:
        return services.create_virtual_chassis(name=f"vc-{index}", domain="fabric")

    def create_payloads(self) -> list[dict[str, Any]]:
        master = factories.device("switch-1", leaf_type(), site())
        return [{"name": "new-1"}, {"name": "new-2", "domain": "d"}, {"name": "new-3", "master": str(master.pk)}]


# --------------------------------------------------------------------------------------------- power


class TestPowerPanels(APIEndpointTests):
    endpoint = "/api/dcim/power-panels/"
    model = PowerPanel
    update_payload = {"rack_group": None}
    filter_cases = [("name", "panel-1", 1), ("location", "region-a", 3), ("rack_group", "row-1", 3), ("q", "panel", 3)]

    @property
    def bad_payloads(self) -> list[tuple[Any, str]]:  # type: ignore[override]
        elsewhere = RackGroup.objects.get_or_create(name="far", location=site("DC2"))[0]
        return [
            ({"name": "x"}, "location"),
            ({"name": "x", "location": str(site().pk), "rack_group": str(elsewhere.pk)}, "rack_group"),
        ]

    def make(self, index: int) -> Any:
        group = RackGroup.objects.get_or_create(name="row-1", location=site())[0]
        return PowerPanel.objects.create(name=f"panel-{index}", location=site(), rack_group=group)

    def create_payloads(self) -> list[dict[str, Any]]:
        return [
            {"name": "new-1", "location": str(site().pk)},
            {"name": "new-2", "location": {"name": "DC1"}},
            {"name": "new-3", "location": "DC1;region-a"},
        ]


def panel() -> PowerPanel:
    return PowerPanel.objects.get_or_create(name="panel-a", location=site())[0]


class TestPowerFeeds(APIEndpointTests):
    endpoint = "/api/dcim/power-feeds/"
    model = PowerFeed
    update_payload = {"amperage": 32, "comments": "changed"}
    filter_cases = [
        ("name", "feed-1", 1),
        ("power_panel", "panel-a", 3),
        ("location", "DC1", 3),
        ("rack", "rack-a", 3),
        ("status", "Active", 3),
        ("supply", "dc", 1),
        ("voltage", "230", 2),
        ("voltage__lt", "230", 1),
        ("q", "feed-2", 1),
    ]

    @property
    def bad_payloads(self) -> list[tuple[Any, str]]:  # type: ignore[override]
        far = Rack.objects.create(name="far", location=site("DC2"), status=factories.status())
        base = {"name": "x", "power_panel": str(panel().pk), "status": "Active"}
        return [
            (base | {"status": "Connected"}, "status"),
            (base | {"supply": "ac", "voltage": -230}, "voltage"),  # Nautobot: an AC voltage is not negative
            (base | {"rack": str(far.pk)}, "rack"),
            (base | {"max_utilization": 101}, "max_utilization"),
            (base | {"type": "tertiary"}, "type"),
        ]

    def make(self, index: int) -> Any:
        return PowerFeed.objects.create(
            power_panel=panel(),
            rack=shared_rack(),
            name=f"feed-{index}",
            status=factories.status(),
            supply="dc" if index == 1 else "ac",
            voltage=48 if index == 1 else 230,
        )

    def create_payloads(self) -> list[dict[str, Any]]:
        return [
            {"name": "new-1", "power_panel": str(panel().pk), "status": "Active"},
            {"name": "new-2", "power_panel": {"name": "panel-a"}, "status": "Planned", "phase": "three-phase"},
            {"name": "new-3", "power_panel": "panel-a;DC1", "status": "Active", "rack": str(shared_rack().pk)},
        ]
