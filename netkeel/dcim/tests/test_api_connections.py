"""The connection lists and the connected-device lookup, each as Nautobot serves them.

sw1:eth0 ──cable── sw2:eth0        sw1:con0 ──cable── cons1:cs0        sw1:psu0 ──cable── pdu1:out0
sw1:eth1 ──cable── (nothing else: a cable to a front port that goes nowhere)
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from netkeel.core.testing.api import APIClient
from netkeel.dcim.cabling import service
from netkeel.dcim.models import (
    ConsolePort,
    ConsoleServerPort,
    Device,
    FrontPort,
    Interface,
    PowerOutlet,
    PowerPort,
    RearPort,
)
from netkeel.dcim.tests import factories as f

pytestmark = pytest.mark.django_db


def iface(device: Device, name: str) -> Interface:
    return Interface.objects.create(device=device, name=name, type="1000base-t", status=f.status())


def pair(index: int) -> tuple[Device, Device]:
    """Two devices joined by one interface cable, one console cable and one power cable."""
    dtype = f.device_type()
    site = f.location()
    a, b = f.device(f"a{index}", dtype, site), f.device(f"b{index}", dtype, site)
    service.connect(iface(a, "eth0"), iface(b, "eth0"))
    service.connect(
        ConsolePort.objects.create(device=a, name="con0"), ConsoleServerPort.objects.create(device=b, name="cs0")
    )
    service.connect(PowerPort.objects.create(device=a, name="psu0"), PowerOutlet.objects.create(device=b, name="out0"))
    # An interface cabled to a patch panel that leads nowhere: no far end, so no connection.
    rear = RearPort.objects.create(device=b, name="rear0", type="8p8c", positions=1)
    front = FrontPort.objects.create(device=b, name="front0", type="8p8c", rear_port=rear, rear_port_position=1)
    service.connect(iface(a, "eth1"), front)
    return a, b


def listed(api: APIClient, path: str) -> list[dict[str, Any]]:
    response = api.send("GET", path)
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_interface_connections_list_each_connected_pair_once(api: APIClient) -> None:
    a, b = pair(0)
    (row,) = listed(api, "/api/dcim/interface-connections/")
    ends = {(row["interface_a"]["name"], row["interface_b"]["name"])}
    assert ends == {("eth0", "eth0")}
    assert {row["interface_a"]["device"]["id"], row["interface_b"]["device"]["id"]} == {str(a.pk), str(b.pk)}
    assert row["connected_endpoint_reachable"] is True
    # From the one with the lower id, as Nautobot — lower as the database orders ids: MariaDB's native UUID type
    # does not order as the text does, PostgreSQL's and SQLite's do.
    assert Interface.objects.filter(pk=row["interface_a"]["id"], pk__lt=row["interface_b"]["id"]).exists()
    assert row["interface_a"]["connected_endpoint"]["id"] == row["interface_b"]["id"]


def test_console_and_power_connections_list_the_ports_with_a_far_end(api: APIClient) -> None:
    a, _ = pair(0)
    (console,) = listed(api, "/api/dcim/console-connections/")
    assert (console["name"], console["device"]["id"], console["connected_endpoint_type"]) == (
        "con0",
        str(a.pk),
        "dcim.consoleserverport",
    )
    (power,) = listed(api, "/api/dcim/power-connections/")
    assert (power["name"], power["connected_endpoint_type"]) == ("psu0", "dcim.poweroutlet")
    assert listed(api, f"/api/dcim/console-connections/?device={a.name}")[0]["id"] == console["id"]
    assert listed(api, "/api/dcim/console-connections/?device=nowhere") == []


def test_the_connection_lists_filter_by_location(api: APIClient) -> None:
    a, _ = pair(0)
    pair(1)
    for path in ("interface-connections", "console-connections", "power-connections"):
        assert len(listed(api, f"/api/dcim/{path}/")) == 2
        assert len(listed(api, f"/api/dcim/{path}/?location={a.location.name}")) == 1


def test_the_connection_lists_cost_no_more_queries_for_more_rows(api: APIClient) -> None:
    counts: dict[tuple[str, int], int] = {}
    for rows in (1, 5):
        for index in range(Device.objects.count() // 2, rows):
            pair(index)
        for path in ("interface-connections", "console-connections", "power-connections"):
            with CaptureQueriesContext(connection) as queries:
                assert len(listed(api, f"/api/dcim/{path}/?depth=1")) == rows
            counts[(path, rows)] = len(queries)
    for path in ("interface-connections", "console-connections", "power-connections"):
        assert counts[(path, 5)] <= counts[(path, 1)], counts


def test_connected_device_finds_the_device_across_a_peer_interface(api: APIClient) -> None:
    """Nautobot: the device object itself; an empty answer when the interface reaches no interface."""
    a, b = pair(0)
    found = api.send("GET", f"/api/dcim/connected-device/?peer_device={b.name}&peer_interface=eth0")
    assert found.status_code == 200, found.content
    assert found.json()["id"] == str(a.pk) and found.json()["name"] == a.name
    nothing = api.send("GET", f"/api/dcim/connected-device/?peer_device={a.name}&peer_interface=eth1")
    assert nothing.status_code == 200 and nothing.content == b""
    assert api.send("GET", f"/api/dcim/connected-device/?peer_device={a.name}&peer_interface=nope").status_code == 404
    missing = api.send("GET", f"/api/dcim/connected-device/?peer_device={a.name}")
    assert missing.status_code == 400
    assert missing.json() == {"detail": 'Request must include "peer_device" and "peer_interface" filters.'}


def documented(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    """A documented object's properties, its `$ref` (or a single `allOf`) followed."""
    while "$ref" in node or len(node.get("allOf", ())) == 1:
        node = schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[-1]] if "$ref" in node else node["allOf"][0]
    return dict(node.get("properties", {}))


def test_the_connection_routes_are_documented_as_they_answer(api: APIClient) -> None:
    """`/api/swagger.json` describes each row of these routes with the keys a real answer has (Nautobot's
    shapes: an interface connection holds two whole interfaces; connected-device answers a device)."""
    a, b = pair(0)
    schema = api.send("GET", "/api/swagger.json").json()

    def response_of(path: str) -> dict[str, Any]:
        body = schema["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
        page = documented(schema, body)
        return documented(schema, page["results"]["items"]) if "results" in page else page

    (row,) = listed(api, "/api/dcim/interface-connections/")
    connection_schema = response_of("/dcim/interface-connections/")
    assert set(connection_schema) == set(row)
    assert set(documented(schema, connection_schema["interface_a"])) == set(row["interface_a"])
    for path in ("console-connections", "power-connections"):
        (port,) = listed(api, f"/api/dcim/{path}/")
        assert set(response_of(f"/dcim/{path}/")) == set(port), path
    device = api.send("GET", f"/api/dcim/connected-device/?peer_device={b.name}&peer_interface=eth0").json()
    assert set(response_of("/dcim/connected-device/")) == set(device)
    parameters = {p["name"]: p for p in schema["paths"]["/dcim/connected-device/"]["get"]["parameters"]}
    assert parameters["peer_device"]["required"] and parameters["peer_interface"]["required"]
    assert {"depth", "exclude_m2m"} <= set(parameters)
    # The device-id filter is documented as the id it takes (a method filter would leave it untyped).
    by_id = {p["name"]: p for p in schema["paths"]["/dcim/interface-connections/"]["get"]["parameters"]}
    assert by_id["device_id"]["schema"]["items"] == {"type": "string", "format": "uuid"}


def test_cable_fields_are_documented_in_nautobots_shapes(api: APIClient) -> None:
    """`cable` an object (Nautobot states no more), `cable_peer` and `connected_endpoint` a reference of any
    kind, null where there is none — and a real answer has them so."""
    a, _ = pair(0)
    schema = api.send("GET", "/api/swagger.json").json()
    body = schema["paths"]["/dcim/console-ports/{id}/"]["get"]["responses"]["200"]["content"]["application/json"]
    fields = documented(schema, body["schema"])
    assert fields["cable"]["type"] == "object" and "properties" not in fields["cable"]
    for name in ("cable_peer", "connected_endpoint"):
        assert fields[name]["nullable"] is True
        assert set(fields[name]["properties"]) == {"id", "object_type", "url"}, name
    port = api.send("GET", f"/api/dcim/console-ports/{ConsolePort.objects.get(device=a).pk}/").json()
    assert {"id", "object_type", "url"} <= set(port["cable"]) and port["cable_peer"]["object_type"] == (
        "dcim.consoleserverport"
    )
    assert port["connected_endpoint"]["object_type"] == "dcim.consoleserverport"
