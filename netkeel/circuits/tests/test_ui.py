"""The circuits pages: the shared page contract for each model, and a circuit's page with both terminations
(where each is, its cable and what the cable reaches)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from netkeel.circuits import services
from netkeel.circuits.models import Circuit, CircuitTermination, CircuitType, Provider, ProviderNetwork
from netkeel.core.testing.ui import PAYLOAD, UIModelTests, assert_escaped, make_user, signed_in
from netkeel.dcim.cabling import service as cabling
from netkeel.dcim.models import Interface, Location
from netkeel.dcim.tests import factories as f

pytestmark = pytest.mark.django_db


def provider() -> Provider:
    return Provider.objects.get_or_create(name="Carrier")[0]


def circuit_type() -> CircuitType:
    return CircuitType.objects.get_or_create(name="Transit")[0]


def site() -> Location:
    return Location.objects.filter(name="pop").first() or f.location("pop")


class TestProviderPages(UIModelTests):
    model = Provider
    edit_data = {"account": "ACC-2"}
    bulk_edit_data = {"account": "ACC-bulk"}
    bad_form_data = [({"name": ""}, "name"), ({"portal_url": "javascript:alert(1)"}, "portal_url")]
    filter_cases = [("q", "provider-1", 1)]
    xss_fields = ("name", "account", "comments")

    def make(self, index: int) -> Any:
        return Provider.objects.create(name=f"provider-{index}", asn=64500 + index)

    def form_data(self) -> dict[str, Any]:
        return {"name": "Telco", "asn": "65001", "portal_url": "https://portal.example.net/"}


class TestProviderNetworkPages(UIModelTests):
    model = ProviderNetwork
    bad_form_data = [({"name": ""}, "name")]
    filter_cases = [("q", "cloud-1", 1)]

    def make(self, index: int) -> Any:
        return ProviderNetwork.objects.create(name=f"cloud-{index}", provider=provider())

    def form_data(self) -> dict[str, Any]:
        return {"name": "MPLS", "provider": str(provider().pk)}


class TestCircuitTypePages(UIModelTests):
    model = CircuitType
    bad_form_data = [({"name": ""}, "name")]
    filter_cases = [("q", "kind-1", 1)]

    def make(self, index: int) -> Any:
        return CircuitType.objects.create(name=f"kind-{index}")

    def form_data(self) -> dict[str, Any]:
        return {"name": "Dark fibre"}


class TestCircuitPages(UIModelTests):
    model = Circuit
    bad_form_data = [({"cid": ""}, "cid"), ({"cid": "CID-0"}, "__all__")]
    filter_cases = [("q", "CID-1", 1), ("provider", "Carrier", 3)]
    xss_fields = ("cid", "description", "comments")

    def make(self, index: int) -> Any:
        return Circuit.objects.create(
            cid=f"CID-{index}", provider=provider(), circuit_type=circuit_type(), status=f.status()
        )

    def form_data(self) -> dict[str, Any]:
        return {
            "cid": "CID-new",
            "provider": str(provider().pk),
            "circuit_type": str(circuit_type().pk),
            "status": str(f.status().pk),
        }

    def test_bad_form_shows_errors_inline_and_writes_nothing(self, ui_client: Client) -> None:
        self.make(0)  # the clash of the second bad form
        super().test_bad_form_shows_errors_inline_and_writes_nothing(ui_client)

    def test_the_commit_rate_reads_in_its_unit(self, ui_client: Client) -> None:
        """A rate kept in Kbps (the model's `kbps_fields`) reads "10 Gbps" on the circuit's page and list."""
        circuit = self.make(0)
        Circuit.objects.filter(pk=circuit.pk).update(commit_rate=10_000_000)
        for page in (self.ui.url("detail", circuit), self.ui.url("list")):
            body = ui_client.get(page).content.decode()
            assert '<span title="10000000 Kbps">10 Gbps</span>' in body, page


class TestCircuitTerminationPages(UIModelTests):
    model = CircuitTermination
    bad_form_data = [({"location": ""}, "location")]
    filter_cases = [("q", "CT-1", 1), ("term_side", "A", 3)]
    xss_fields = ("description", "xconnect_id", "pp_info")

    def circuit(self, cid: str) -> Circuit:
        return Circuit.objects.filter(cid=cid).first() or Circuit.objects.create(
            cid=cid, provider=provider(), circuit_type=circuit_type(), status=f.status()
        )

    def make(self, index: int) -> Any:
        return services.create_termination(circuit=self.circuit(f"CT-{index}"), term_side="A", location=site())

    def form_data(self) -> dict[str, Any]:
        return {"circuit": str(self.circuit("CT-new").pk), "term_side": "Z", "location": str(site().pk)}


def test_circuit_page_shows_both_terminations_with_their_cables(db: Any) -> None:
    """
    [edge] eth0 ── A [CID-9] Z ── faces provider network "Carrier MPLS"
    """
    client = signed_in(make_user("circuit-admin", superuser=True))
    edge = f.device("edge", f.device_type(interfaces=1), site())
    circuit = Circuit.objects.create(
        cid="CID-9", provider=provider(), circuit_type=circuit_type(), status=f.status(), description=PAYLOAD
    )
    side_a = services.create_termination(
        circuit=circuit, term_side="A", location=site(), xconnect_id="XC-77", port_speed=10_000_000
    )
    cloud = ProviderNetwork.objects.create(name="Carrier MPLS", provider=provider())
    services.create_termination(circuit=circuit, term_side="Z", provider_network=cloud)
    cabling.connect(Interface.objects.get(device=edge), side_a, label="to-carrier")
    response = client.get(f"/circuits/circuits/{circuit.pk}/")
    html = response.content.decode()
    assert_escaped(html, "circuit page")
    sides = {item["side"]: item for item in response.context["sides"]}
    assert sides["A"]["cabling"].cable.label == "to-carrier"
    assert sides["A"]["cabling"].peer.device == edge
    for text in (
        "XC-77",
        "pop",
        "Carrier MPLS",
        "to-carrier",
        "edge",
        f"/circuits/circuit-terminations/{side_a.pk}/trace/",
    ):
        assert text in html, text


def test_a_missing_side_offers_to_add_it(db: Any) -> None:
    client = signed_in(make_user("circuit-admin", superuser=True))
    circuit = Circuit.objects.create(cid="CID-1", provider=provider(), circuit_type=circuit_type(), status=f.status())
    services.create_termination(circuit=circuit, term_side="A", location=site())
    html = client.get(f"/circuits/circuits/{circuit.pk}/").content.decode()
    assert f"/circuits/circuit-terminations/add/?circuit={circuit.pk}&amp;term_side=Z" in html
    reader = signed_in(make_user("circuit-reader", perms=("circuits.view_circuit",)))
    assert "circuit-terminations/add/" not in reader.get(f"/circuits/circuits/{circuit.pk}/").content.decode()
