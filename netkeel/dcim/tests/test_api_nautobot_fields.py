"""Nautobot's fields on the DCIM models we have (issue 13): an interface's speed, duplex, port type and breakout
position (and a template's speed, duplex and port type, copied onto a new device's interfaces), a power port's
power factor, a cable's whole-unit length, and a tenant on cables, rack reservations and virtual chassis, each
read, written and filtered as Nautobot does."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from netkeel.core.testing.api import APIClient, make_user
from netkeel.dcim import services
from netkeel.dcim.cabling import service as cabling
from netkeel.dcim.models import (
    ConsolePort,
    ConsoleServerPort,
    Device,
    Interface,
    InterfaceTemplate,
    PowerPort,
    PowerPortTemplate,
    RackReservation,
)
from netkeel.dcim.tests import factories
from netkeel.tenancy.models import Tenant, TenantGroup

pytestmark = pytest.mark.django_db


def ok(api: APIClient, method: str, path: str, body: Any = None, status: int = 200) -> Any:
    response = api.send(method, path, body)
    assert response.status_code == status, response.content[:600]
    return response.json()


def count(api: APIClient, path: str) -> int:
    return int(ok(api, "GET", path)["count"])


@pytest.fixture
def switch() -> Device:
    leaf = factories.device_type("leaf", interfaces=3, power_ports=1)
    return factories.device("sw1", leaf, factories.location("dc1"))


def test_interface_speed_duplex_port_type_and_breakout_position(api: APIClient, switch: Device) -> None:
    eth0 = Interface.objects.get(device=switch, name="eth0")
    body = {"speed": 10_000_000, "duplex": "full", "port_type": "lc", "breakout_position": 2}
    got = ok(api, "PATCH", f"/api/dcim/interfaces/{eth0.pk}/", body)
    assert got["speed"] == 10_000_000
    assert got["duplex"] == {"value": "full", "label": "Full"}
    assert got["port_type"] == {"value": "lc", "label": "LC"}
    assert got["breakout_position"] == 2
    eth0.refresh_from_db()
    assert (eth0.speed, eth0.duplex, eth0.port_type, eth0.breakout_position) == (10_000_000, "full", "lc", 2)
    # Nautobot's bounds and choices: a 400 naming the field, never a 500.
    assert api.send("PATCH", f"/api/dcim/interfaces/{eth0.pk}/", {"duplex": "quarter"}).status_code == 400
    refused = api.send("PATCH", f"/api/dcim/interfaces/{eth0.pk}/", {"breakout_position": 257})
    assert refused.status_code == 400 and "breakout_position" in refused.json()
    assert "speed" in api.send("PATCH", f"/api/dcim/interfaces/{eth0.pk}/", {"speed": -1}).json()


def test_interface_filters_narrow(api: APIClient, switch: Device) -> None:
    Interface.objects.filter(device=switch, name="eth0").update(speed=1_000_000, duplex="full", port_type="8p8c")
    Interface.objects.filter(device=switch, name="eth1").update(speed=10_000_000, duplex="half", breakout_position=1)
    base = f"/api/dcim/interfaces/?device_id={switch.pk}"
    assert count(api, base) == 3
    assert count(api, f"{base}&speed=1000000") == 1
    assert count(api, f"{base}&speed__gte=1000000") == 2
    assert count(api, f"{base}&speed__isnull=true") == 1
    assert count(api, f"{base}&duplex=half") == 1
    assert count(api, f"{base}&duplex__n=half") == 2
    assert count(api, f"{base}&port_type=8p8c") == 1
    assert count(api, f"{base}&breakout_position=1") == 1
    assert count(api, f"{base}&breakout_position__isnull=false") == 1


def test_template_fields_are_copied_onto_a_new_devices_interfaces(api: APIClient) -> None:
    dtype = factories.device_type("spine", interfaces=1, power_ports=1)
    template = InterfaceTemplate.objects.get(device_type=dtype)
    got = ok(
        api,
        "PATCH",
        f"/api/dcim/interface-templates/{template.pk}/",
        {"speed": 100_000_000, "duplex": "auto", "port_type": "mpo"},
    )
    # As Nautobot, a template's duplex reads as the bare value.
    assert (got["speed"], got["duplex"], got["port_type"]["value"]) == (100_000_000, "auto", "mpo")
    assert count(api, f"/api/dcim/interface-templates/?device_type={dtype.pk}&duplex=auto") == 1
    assert count(api, f"/api/dcim/interface-templates/?device_type={dtype.pk}&duplex=full") == 0
    PowerPortTemplate.objects.filter(device_type=dtype).update(power_factor=Decimal("0.80"))

    device = factories.device("spine1", dtype, factories.location("dc2"))
    interface = Interface.objects.get(device=device)
    assert (interface.speed, interface.duplex, interface.port_type) == (100_000_000, "auto", "mpo")
    assert PowerPort.objects.get(device=device).power_factor == Decimal("0.80")


def test_power_factor(api: APIClient, switch: Device) -> None:
    port = PowerPort.objects.get(device=switch)
    assert ok(api, "GET", f"/api/dcim/power-ports/{port.pk}/")["power_factor"] == "0.95"  # Nautobot's default
    assert ok(api, "PATCH", f"/api/dcim/power-ports/{port.pk}/", {"power_factor": "0.9"})["power_factor"] == "0.90"
    assert "power_factor" in api.send("PATCH", f"/api/dcim/power-ports/{port.pk}/", {"power_factor": "1.5"}).json()
    assert count(api, f"/api/dcim/power-ports/?device_id={switch.pk}&power_factor=0.90") == 1
    assert count(api, f"/api/dcim/power-ports/?device_id={switch.pk}&power_factor__lt=0.90") == 0


def test_cable_length_is_whole_units(api: APIClient, switch: Device) -> None:
    a, b = Interface.objects.filter(device=switch)[:2]
    body = {
        "termination_a_type": "dcim.interface",
        "termination_a_id": str(a.pk),
        "termination_b_type": "dcim.interface",
        "termination_b_id": str(b.pk),
        "status": "Connected",
        "length": 5,
        "length_unit": "m",
    }
    got = ok(api, "POST", "/api/dcim/cables/", body, status=201)
    assert got["length"] == 5  # a number, as Nautobot answers; no longer the string "5.00"
    assert count(api, "/api/dcim/cables/?length__gte=5") == 1
    assert count(api, "/api/dcim/cables/?length__gt=5") == 0
    refused = api.send("PATCH", f"/api/dcim/cables/{got['id']}/", {"length": -5})
    assert refused.status_code == 400 and "length" in refused.json()


@pytest.fixture
def tenants() -> dict[str, Tenant]:
    group = TenantGroup.objects.create(name="Customers")
    return {
        "acme": Tenant.objects.create(name="Acme", tenant_group=group),
        "globex": Tenant.objects.create(name="Globex"),
    }


def test_tenant_on_cables(api: APIClient, switch: Device, tenants: dict[str, Tenant]) -> None:
    eth0, eth1, eth2 = Interface.objects.filter(device=switch).order_by("_name")
    cabling.connect(eth0, eth1, tenant=tenants["acme"])
    other = factories.device("sw2", factories.device_type("edge", interfaces=1), factories.location("dc3"))
    untenanted = cabling.connect(eth2, Interface.objects.get(device=other))
    got = ok(api, "PATCH", f"/api/dcim/cables/{untenanted.pk}/", {"tenant": str(tenants["globex"].pk)})
    assert got["tenant"]["id"] == str(tenants["globex"].pk)
    assert count(api, "/api/dcim/cables/") == 2
    assert count(api, "/api/dcim/cables/?tenant=Acme") == 1
    assert count(api, f"/api/dcim/cables/?tenant_id={tenants['globex'].pk}") == 1
    assert count(api, "/api/dcim/cables/?tenant_group=Customers") == 1


def test_tenant_on_rack_reservations(api: APIClient, tenants: dict[str, Tenant]) -> None:
    rack = factories.rack("r1", factories.location("dc1"))
    owner = make_user("owner")
    RackReservation.objects.create(rack=rack, units=[1], user=owner, description="a", tenant=tenants["acme"])
    RackReservation.objects.create(rack=rack, units=[2], user=owner, description="b")
    body = {"rack": str(rack.pk), "units": [3], "description": "c", "tenant": "Globex"}
    created = ok(api, "POST", "/api/dcim/rack-reservations/", body, status=201)
    assert created["tenant"]["id"] == str(tenants["globex"].pk)
    assert count(api, "/api/dcim/rack-reservations/") == 3
    assert count(api, "/api/dcim/rack-reservations/?tenant=Acme") == 1
    assert count(api, "/api/dcim/rack-reservations/?tenant__isnull=true") == 1
    assert count(api, "/api/dcim/rack-reservations/?tenant_group=Customers") == 1
    assert count(api, f"/api/dcim/rack-reservations/?tenant_id__n={tenants['acme'].pk}") == 2


def test_tenant_on_virtual_chassis(api: APIClient, tenants: dict[str, Tenant]) -> None:
    services.create_virtual_chassis(name="stack1", tenant=tenants["acme"])
    services.create_virtual_chassis(name="stack2")
    assert ok(api, "POST", "/api/dcim/virtual-chassis/", {"name": "stack3", "tenant": "Globex"}, 201)["tenant"]
    assert count(api, "/api/dcim/virtual-chassis/") == 3
    assert count(api, "/api/dcim/virtual-chassis/?tenant=Acme") == 1
    assert count(api, "/api/dcim/virtual-chassis/?tenant__n=Acme") == 2
    assert count(api, "/api/dcim/virtual-chassis/?tenant_group=Customers") == 1


@pytest.mark.parametrize("path", ["/api/dcim/cables/", "/api/dcim/rack-reservations/", "/api/dcim/virtual-chassis/"])
def test_tenant_at_depth_one_costs_no_query_per_row(api: APIClient, tenants: dict[str, Tenant], path: str) -> None:
    """The lists read each row's tenant with the page, not a query per row."""
    site = factories.location("dc9")
    rack = factories.rack("r9", site)
    owner = make_user("owner9")
    dtype = factories.device_type("pair", interfaces=2)

    def add(index: int) -> None:
        tenant = tenants["acme"] if index % 2 else tenants["globex"]
        if "cables" in path:
            device = factories.device(f"d{index}", dtype, site)
            a, b = Interface.objects.filter(device=device)
            cabling.connect(a, b, tenant=tenant)
        elif "rack" in path:
            RackReservation.objects.create(rack=rack, units=[index + 1], user=owner, description="x", tenant=tenant)
        else:
            services.create_virtual_chassis(name=f"vc{index}", tenant=tenant)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            ok(api, "GET", f"{path}?depth=1&limit=50")
        return len(captured.captured_queries)

    add(0)
    queries()  # content types and the like, cached by the first request
    one = queries()
    for index in range(1, 6):
        add(index)
    assert queries() == one


def test_cable_filters_by_where_and_what_its_ends_are(api: APIClient, switch: Device) -> None:
    """sw1 (rack r1 in dc1, below region eu) is cabled to sw2 (dc3, no rack) and, by a console cable, to
    itself; Nautobot's `rack`, `location`, `termination_type` and `termination_id` narrow the cables."""
    region = factories.location("eu")
    dc1 = switch.location
    dc1.parent = region
    dc1.save()
    rack = factories.rack("r1", dc1)
    Device.objects.filter(pk=switch.pk).update(rack=rack)
    eth0, eth1 = Interface.objects.filter(device=switch).order_by("_name")[:2]
    other = factories.device("sw2", factories.device_type("edge", interfaces=1), factories.location("dc3"))
    far = Interface.objects.get(device=other)
    cabling.connect(eth0, far)
    console = cabling.connect(
        ConsolePort.objects.create(device=switch, name="con0"),
        ConsoleServerPort.objects.create(device=switch, name="cs0"),
    )
    assert count(api, "/api/dcim/cables/") == 2
    assert count(api, "/api/dcim/cables/?rack=r1") == 2
    assert count(api, f"/api/dcim/cables/?rack_id={rack.pk}") == 2
    assert count(api, "/api/dcim/cables/?location=dc3") == 1
    assert count(api, "/api/dcim/cables/?location=eu") == 2  # a location takes the ones below it
    assert count(api, f"/api/dcim/cables/?location_id={other.location_id}") == 1
    assert count(api, "/api/dcim/cables/?termination_type=dcim.consoleport") == 1
    assert count(api, "/api/dcim/cables/?termination_type=dcim.consoleserverport") == 1
    assert count(api, "/api/dcim/cables/?termination_type=dcim.interface") == 1
    assert count(api, f"/api/dcim/cables/?termination_id={far.pk}") == 1
    assert count(api, f"/api/dcim/cables/?termination_id={eth1.pk}") == 0
    # The ends a cable may take: the free ones, and its own.
    ports = f"/api/dcim/console-ports/?device_id={switch.pk}"
    ConsolePort.objects.create(device=switch, name="con1")
    assert count(api, f"{ports}&available_for_cable={console.pk}") == 2
    interfaces = f"/api/dcim/interfaces/?device_id={switch.pk}"
    assert count(api, f"{interfaces}&available_for_cable={console.pk}") == 2  # eth1, eth2: eth0 is taken
    eth0.refresh_from_db()
    assert count(api, f"{interfaces}&available_for_cable={eth0.cable_id}") == 3  # and the cable's own end
