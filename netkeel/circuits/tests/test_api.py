"""The circuits endpoints: the shared endpoint contract for each, then terminations written through the
circuits services (paths retraced) and their cable fields."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from netkeel.circuits import services
from netkeel.circuits.models import Circuit, CircuitTermination, CircuitType, Provider, ProviderNetwork
from netkeel.core.testing.api import APIClient, APIEndpointTests
from netkeel.dcim.cabling import service as cabling
from netkeel.dcim.models import CablePath, Location
from netkeel.dcim.tests import factories as f

pytestmark = pytest.mark.django_db

TERMINATIONS = "/api/circuits/circuit-terminations/"


def carrier() -> Provider:
    return Provider.objects.get_or_create(name="Carrier")[0]


def circuit(cid: str, **fields: Any) -> Circuit:
    kind, _ = CircuitType.objects.get_or_create(name="Transit")
    return Circuit.objects.create(
        cid=cid, provider=fields.pop("provider", None) or carrier(), circuit_type=kind, status=f.status(), **fields
    )


def site(name: str) -> Location:
    return Location.objects.filter(name=name).first() or f.location(name)


class TestProviders(APIEndpointTests):
    endpoint = "/api/circuits/providers/"
    model = Provider
    update_payload = {"account": "changed"}
    bad_payloads = [
        ({"name": ""}, "name"),
        ({"name": "x", "asn": -1}, "asn"),
        ({"name": "x", "portal_url": "nope"}, "portal_url"),
    ]
    filter_cases = [("name", "provider-1", 1), ("asn", "65001", 1), ("asn__gte", "65001", 2), ("q", "provider-2", 1)]

    def make(self, index: int) -> Any:
        return Provider.objects.create(name=f"provider-{index}", asn=65000 + index)

    def create_payloads(self) -> list[dict[str, Any]]:
        return [
            {"name": "new-1"},
            {"name": "new-2", "asn": 64512, "portal_url": "https://example.com"},
            {"name": "new-3"},
        ]


class TestProviderNetworks(APIEndpointTests):
    endpoint = "/api/circuits/provider-networks/"
    model = ProviderNetwork
    update_payload = {"description": "changed"}
    bad_payloads = [
        ({"name": "x"}, "provider"),
        ({"name": "x", "provider": "nope"}, "provider"),
        ({"name": "", "provider": "Carrier"}, "name"),
    ]
    filter_cases = [("name", "net-1", 1), ("provider", "Carrier", 3), ("provider__n", "Carrier", 0)]

    def make(self, index: int) -> Any:
        return ProviderNetwork.objects.create(name=f"net-{index}", provider=carrier())

    def create_payloads(self) -> list[dict[str, Any]]:
        provider = carrier()
        return [
            {"name": "new-1", "provider": "Carrier"},
            {"name": "new-2", "provider": str(provider.pk)},
            {"name": "new-3", "provider": {"name": "Carrier"}},
        ]


class TestCircuitTypes(APIEndpointTests):
    endpoint = "/api/circuits/circuit-types/"
    model = CircuitType
    update_payload = {"description": "changed"}
    bad_payloads = [({"name": ""}, "name"), ({"name": "x" * 200}, "name")]
    filter_cases = [("name", "type-1", 1), ("name__ic", "TYPE", 3)]

    def make(self, index: int) -> Any:
        return CircuitType.objects.create(name=f"type-{index}")

    def create_payloads(self) -> list[dict[str, Any]]:
        return [{"name": "Transit"}, {"name": "MPLS"}, {"name": "Dark fiber", "description": "x"}]


class TestCircuits(APIEndpointTests):
    endpoint = "/api/circuits/circuits/"
    model = Circuit
    update_payload = {"commit_rate": 10000, "install_date": "2024-01-31"}
    bad_payloads = [
        ({"cid": "x", "circuit_type": "Transit", "status": "Active"}, "provider"),
        ({"cid": "x", "provider": "Carrier", "status": "Active"}, "circuit_type"),
        ({"cid": "x", "provider": "Carrier", "circuit_type": "Transit"}, "status"),
        (
            {"cid": "x", "provider": "Carrier", "circuit_type": "Transit", "status": "Active", "commit_rate": -5},
            "commit_rate",
        ),
        (
            {"cid": "x", "provider": "Carrier", "circuit_type": "Transit", "status": "Active", "install_date": "soon"},
            "install_date",
        ),
    ]
    filter_cases = [
        ("cid", "CID-1", 1),
        ("cid__isw", "CID", 3),
        ("provider", "Carrier", 3),
        ("circuit_type", "Transit", 3),
        ("status", "Active", 3),
        ("location", "Paris", 1),
        ("location__n", "Paris", 2),
        ("provider_network", "Backbone", 1),
        ("commit_rate__gte", "1000", 3),
        ("q", "CID-2", 1),
    ]

    def make(self, index: int) -> Any:
        made = circuit(f"CID-{index}", commit_rate=1000 * (index + 1))
        if index == 0:
            # Both sides at one location: the circuit still comes once.
            services.create_termination(circuit=made, term_side="A", location=site("Paris"))
            services.create_termination(circuit=made, term_side="Z", location=site("Paris"))
        if index == 1:
            backbone = ProviderNetwork.objects.create(name="Backbone", provider=carrier())
            services.create_termination(circuit=made, term_side="A", provider_network=backbone)
        return made

    def create_payloads(self) -> list[dict[str, Any]]:
        carrier()
        CircuitType.objects.get_or_create(name="Transit")
        base = {"provider": "Carrier", "circuit_type": "Transit", "status": "Active"}
        return [
            {"cid": "NEW-1", **base},
            {"cid": "NEW-2", **base, "commit_rate": 100000, "install_date": "2024-05-01", "description": "x"},
            {"cid": "NEW-3", **base, "provider": {"name": "Carrier"}, "circuit_type": {"name": "Transit"}},
        ]


class TestCircuitTerminations(APIEndpointTests):
    endpoint = TERMINATIONS
    model = CircuitTermination
    update_payload = {"port_speed": 1000000, "xconnect_id": "XC-9", "description": "changed"}
    bad_payloads = [
        ({"term_side": "A", "location": "nowhere"}, "circuit"),
        ({"circuit": "nope", "term_side": "A"}, "circuit"),
        ({"circuit": "nope", "term_side": "Q"}, "term_side"),
        ({"circuit": "nope", "term_side": "A", "port_speed": -1}, "port_speed"),
    ]
    filter_cases = [
        ("circuit", "T-1", 1),
        ("term_side", "A", 3),
        ("term_side", "Z", 0),
        ("location", "Tokyo", 3),
        ("cabled", "false", 3),
        ("port_speed__gte", "2000", 2),
        ("q", "XC-2", 1),
    ]

    def make(self, index: int) -> Any:
        return services.create_termination(
            circuit=circuit(f"T-{index}"),
            term_side="A",
            location=site("Tokyo"),
            port_speed=1000 * (index + 1),
            xconnect_id=f"XC-{index}",
        )

    def create_payloads(self) -> list[dict[str, Any]]:
        made = circuit("NEW")
        site("Tokyo")
        backbone = ProviderNetwork.objects.create(name="Backbone", provider=carrier())
        return [
            {"circuit": str(made.pk), "term_side": "A", "location": "Tokyo;", "port_speed": 10000},
            {"circuit": {"cid": "NEW"}, "term_side": "Z", "provider_network": str(backbone.pk)},
            {"circuit": str(circuit("NEW-2").pk), "term_side": {"value": "A"}, "location": {"name": "Tokyo"}},
        ]


def test_a_circuit_displays_its_cid_and_its_sides(api: APIClient) -> None:
    made = circuit("CID-42")
    side_a = services.create_termination(circuit=made, term_side="A", location=site("Paris"))
    body = api.send("GET", f"/api/circuits/circuits/{made.pk}/").json()
    assert body["display"] == "CID-42" and body["cid"] == "CID-42"
    assert body["circuit_termination_a"]["id"] == str(side_a.pk)
    assert body["circuit_termination_z"] is None
    listed = api.send("GET", "/api/circuits/circuits/").json()["results"][0]
    assert listed["circuit_termination_a"]["url"].endswith(f"/api/circuits/circuit-terminations/{side_a.pk}/")
    termination = api.send("GET", f"{TERMINATIONS}{side_a.pk}/").json()
    assert termination["display"] == "CID-42 side A"
    assert termination["term_side"] == "A"  # the bare value, as Nautobot sends it


def test_terminations_show_their_cable_and_peer(api: APIClient) -> None:
    """
    [a eth0]-c1-[CID1 side A] ~~~ circuit ~~~ [CID1 side Z]
    """
    paris, tokyo = site("Paris"), site("Tokyo")
    eth0 = f.device("a", f.device_type(interfaces=1), paris).interfaces.get()
    made = circuit("CID1")
    side_a = services.create_termination(circuit=made, term_side="A", location=paris)
    cable = cabling.connect(eth0, side_a)
    side_z = api.send("POST", TERMINATIONS, {"circuit": str(made.pk), "term_side": "Z", "location": str(tokyo.pk)})
    assert side_z.status_code == 201, side_z.content
    assert side_z.json()["cable"] is None and side_z.json()["cable_peer"] is None
    rows = {row["term_side"]: row for row in api.send("GET", f"{TERMINATIONS}?circuit=CID1").json()["results"]}
    assert rows["A"]["cable"]["id"] == str(cable.pk)
    assert rows["A"]["cable_peer"]["id"] == str(eth0.pk)
    assert rows["A"]["cable_peer_type"] == "dcim.interface"
    assert rows["Z"]["cable"] is None and rows["Z"]["cable_peer_type"] is None
    # Creating side Z through the API retraced the path from eth0: it now crosses the circuit.
    path = CablePath.objects.get(origin_id=eth0.pk)
    assert path.path[-1] == f"circuits.circuittermination:{side_z.json()['id']}"
    for query in ("cabled=true", "has_cable=True"):
        cabled = api.send("GET", f"{TERMINATIONS}?{query}").json()
        assert [row["id"] for row in cabled["results"]] == [str(side_a.pk)], query
    assert api.send("GET", f"{TERMINATIONS}?has_cable=false").json()["count"] == 1
    # Deleting side Z through the API retraces the path back to side A.
    assert api.send("DELETE", f"{TERMINATIONS}{side_z.json()['id']}/").status_code == 204
    assert CablePath.objects.get(origin_id=eth0.pk).path[-1] == f"circuits.circuittermination:{side_a.pk}"


def test_a_termination_needs_a_location_or_a_provider_network(api: APIClient) -> None:
    made = circuit("CID1")
    backbone = ProviderNetwork.objects.create(name="Backbone", provider=carrier())
    for extra in ({}, {"location": str(site("Paris").pk), "provider_network": str(backbone.pk)}):
        response = api.send("POST", TERMINATIONS, {"circuit": str(made.pk), "term_side": "A", **extra})
        assert response.status_code == 400 and "location" in response.json(), response.content
    assert not CircuitTermination.objects.exists()
    taken = services.create_termination(circuit=made, term_side="A", location=site("Paris"))
    again = api.send(
        "POST", TERMINATIONS, {"circuit": str(made.pk), "term_side": "A", "location": str(taken.location_id)}
    )
    assert again.status_code == 400
    assert CircuitTermination.objects.count() == 1


def test_cable_fields_are_read_only(api: APIClient) -> None:
    paris = site("Paris")
    eth0 = f.device("a", f.device_type(interfaces=1), paris).interfaces.get()
    made = circuit("CID1")
    side_a = services.create_termination(circuit=made, term_side="A", location=paris)
    other = services.create_termination(circuit=circuit("CID2"), term_side="A", location=paris)
    cable = cabling.connect(eth0, side_a)
    response = api.send("PATCH", f"{TERMINATIONS}{other.pk}/", {"cable": str(cable.pk), "description": "x"})
    assert response.status_code == 200, response.content
    assert response.json()["cable"] is None
    assert CircuitTermination.objects.get(pk=other.pk).cable_id is None


def test_a_termination_moves_and_its_paths_follow(api: APIClient) -> None:
    """Before issue 12 these moves were refused for want of an update service; now they retrace.

    [a eth0]-c1-[CID1 side A] ~~~ [CID1 side Z]          [CID2 side Z]
    """
    paris = site("Paris")
    eth0 = f.device("a", f.device_type(interfaces=1), paris).interfaces.get()
    cid1 = circuit("CID1")
    side_a = services.create_termination(circuit=cid1, term_side="A", location=paris)
    side_z = services.create_termination(circuit=cid1, term_side="Z", location=site("Lyon"))
    cid2 = circuit("CID2")
    far = services.create_termination(circuit=cid2, term_side="Z", location=site("Lyon"))
    cabling.connect(eth0, side_a)
    assert CablePath.objects.get(origin_id=eth0.pk).path[-1].endswith(str(side_z.pk))
    moved = api.send("PATCH", f"{TERMINATIONS}{side_a.pk}/", {"circuit": str(cid2.pk)})
    assert moved.status_code == 200, moved.content
    assert CablePath.objects.get(origin_id=eth0.pk).path[-1].endswith(str(far.pk))  # across CID2 now
    backbone = ProviderNetwork.objects.create(name="Backbone", provider=carrier())
    facing = api.send("PATCH", f"{TERMINATIONS}{far.pk}/", {"location": None, "provider_network": str(backbone.pk)})
    assert facing.status_code == 200, facing.content
    assert CablePath.objects.get(origin_id=eth0.pk).is_active  # a side facing a network ends the path, whole
    # A cabled termination cannot face a provider network: CircuitTermination.clean says so.
    refused = api.send("PATCH", f"{TERMINATIONS}{side_a.pk}/", {"location": None, "provider_network": str(backbone.pk)})
    assert refused.status_code == 400 and "provider_network" in refused.json()


def cabled_a_side(cid: str) -> tuple[Circuit, CircuitTermination, Any]:
    """A circuit at Paris whose A side is cabled to a device's eth0."""
    paris = site("Paris")
    eth0 = f.device("a", f.device_type(interfaces=1), paris).interfaces.get()
    made = circuit(cid)
    side_a = services.create_termination(circuit=made, term_side="A", location=paris)
    cabling.connect(eth0, side_a)
    return made, side_a, eth0


def test_deleting_a_circuit_deletes_its_sides(api: APIClient) -> None:
    made, side_a, eth0 = cabled_a_side("CID1")
    assert api.send("DELETE", f"/api/circuits/circuits/{made.pk}/").status_code == 204
    assert not CircuitTermination.objects.exists()
    assert eth0.__class__.objects.get(pk=eth0.pk).cable_id is None


def test_circuit_location_filter_includes_locations_below(api: APIClient) -> None:
    country = site("France")
    city = Location.objects.create(
        name="Paris-1", location_type=country.location_type, parent=country, status=f.status()
    )
    made = circuit("CID1")
    services.create_termination(circuit=made, term_side="A", location=city)
    circuit("CID2")
    body = api.send("GET", "/api/circuits/circuits/?location=France").json()
    assert [row["cid"] for row in body["results"]] == ["CID1"]
    assert api.send("GET", f"/api/circuits/circuits/?location={city.pk}").json()["count"] == 1


def test_query_counts_stay_flat_with_cabled_terminations(api: APIClient) -> None:
    paris, tokyo = site("Paris"), site("Tokyo")
    switch = f.device_type(interfaces=1)

    def populate(start: int, stop: int) -> None:
        for i in range(start, stop):
            made = circuit(f"CID{i}")
            side_a = services.create_termination(circuit=made, term_side="A", location=paris)
            services.create_termination(circuit=made, term_side="Z", location=tokyo)
            cabling.connect(f.device(f"d{i}", switch, paris).interfaces.get(), side_a)

    def counts() -> dict[str, int]:
        found = {}
        for endpoint in (TERMINATIONS, "/api/circuits/circuits/"):
            for depth in (0, 1, 2):
                with CaptureQueriesContext(connection) as ctx:
                    # Depth 2 at a page the render budget serves (core.api.budget), larger than the rows made.
                    limit = 0 if depth < 2 else 100
                    assert api.send("GET", f"{endpoint}?depth={depth}&limit={limit}").status_code == 200
                found[f"{endpoint} depth {depth}"] = len(ctx)
        return found

    populate(0, 2)
    few = counts()
    populate(2, 10)
    many = counts()
    assert all(many[key] <= few[key] for key in few), (few, many)


def test_a_termination_traces_its_cable_path(api: APIClient) -> None:
    """Nautobot's `…/circuit-terminations/<id>/trace/`: segments of [near end, cable, far end], each the
    full object, from the termination out over its cable; `[]` for one without a cable.

    [a eth0]-c1-[CID1 side A] ~~~ circuit ~~~ [CID1 side Z]-c2-[b eth0]
    """
    paris, tokyo = site("Paris"), site("Tokyo")
    dtype = f.device_type(interfaces=1)
    a_eth0 = f.device("a", dtype, paris).interfaces.get()
    b_eth0 = f.device("b", dtype, tokyo).interfaces.get()
    made = circuit("CID1")
    side_a = services.create_termination(circuit=made, term_side="A", location=paris)
    side_z = services.create_termination(circuit=made, term_side="Z", location=tokyo)
    first = cabling.connect(a_eth0, side_a)
    assert api.send("GET", f"{TERMINATIONS}{side_z.pk}/trace/").json() == []
    second = cabling.connect(side_z, b_eth0)
    trace = api.send("GET", f"{TERMINATIONS}{side_a.pk}/trace/")
    assert trace.status_code == 200, trace.content
    assert [[node and node["id"] for node in segment] for segment in trace.json()] == [
        [str(side_a.pk), str(first.pk), str(a_eth0.pk)]
    ]
    assert trace.json()[0][0]["term_side"] == "A" and trace.json()[0][2]["name"] == "eth0"
    from_z = api.send("GET", f"{TERMINATIONS}{side_z.pk}/trace/").json()
    assert [[node and node["id"] for node in segment] for segment in from_z] == [
        [str(side_z.pk), str(second.pk), str(b_eth0.pk)]
    ]


def test_providers_and_circuit_types_count_their_circuits(api: APIClient) -> None:
    """As Nautobot: `circuit_count` on providers and circuit types, annotated on the list and left out of a
    nested provider."""
    made = circuit("CID-1")
    circuit("CID-2")
    provider = api.send("GET", f"/api/circuits/providers/?name={made.provider.name}").json()["results"][0]
    assert provider["circuit_count"] == 2
    kind = api.send("GET", f"/api/circuits/circuit-types/{made.circuit_type_id}/").json()
    assert kind["circuit_count"] == 2
    nested = api.send("GET", f"/api/circuits/circuits/{made.pk}/?depth=1").json()["provider"]
    assert "circuit_count" not in nested


def test_circuits_by_the_id_of_their_a_or_z_side(api: APIClient) -> None:
    """Nautobot's `circuit_termination_a`/`_z` (a termination's id), with `__n` and `__isnull`."""
    both, only_a, bare = circuit("BOTH"), circuit("ONLY-A"), circuit("BARE")
    both_a = services.create_termination(circuit=both, term_side="A", location=site("Paris"))
    both_z = services.create_termination(circuit=both, term_side="Z", location=site("Tokyo"))
    services.create_termination(circuit=only_a, term_side="A", location=site("Paris"))

    def cids(query: str) -> list[str]:
        response = api.send("GET", f"/api/circuits/circuits/?{query}")
        assert response.status_code == 200, response.content
        return sorted(row["cid"] for row in response.json()["results"])

    assert cids(f"circuit_termination_a={both_a.pk}") == ["BOTH"]
    assert cids(f"circuit_termination_z={both_z.pk}") == ["BOTH"]
    assert cids(f"circuit_termination_z={both_a.pk}") == []  # that termination is an A side
    assert cids(f"circuit_termination_a__n={both_a.pk}") == ["BARE", "ONLY-A"]
    assert cids("circuit_termination_z__isnull=true") == ["BARE", "ONLY-A"]
    assert cids("circuit_termination_a__isnull=false") == ["BOTH", "ONLY-A"]
    assert bare.circuit_terminations.count() == 0
    refused = api.send("GET", "/api/circuits/circuits/?circuit_termination_a=side-a")
    assert refused.status_code == 400 and "circuit_termination_a" in refused.json()


def test_terminations_filter_by_a_connected_path(api: APIClient) -> None:
    """`connected=true`: the termination's cable path reaches a far end, as Nautobot's path endpoints filter."""
    made, cabled, _ = cabled_a_side("CID9")
    loose = services.create_termination(circuit=made, term_side="Z", location=site("Paris"))
    connected = api.send("GET", f"{TERMINATIONS}?connected=true").json()["results"]
    assert [row["id"] for row in connected] == [str(cabled.pk)]
    unconnected = api.send("GET", f"{TERMINATIONS}?connected=false").json()["results"]
    assert [row["id"] for row in unconnected] == [str(loose.pk)]
