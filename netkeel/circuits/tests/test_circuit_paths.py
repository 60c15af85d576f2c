"""Cable paths across circuits, through the services, each topology drawn and each path checked whole."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from netkeel.circuits import services
from netkeel.circuits.models import Circuit, CircuitTermination, CircuitType, Provider, ProviderNetwork
from netkeel.dcim.cabling import service
from netkeel.dcim.tests import factories as f
from netkeel.dcim.tests.test_cable_paths import assert_path, path_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def provider() -> Provider:
    return Provider.objects.create(name="Carrier")


def circuit(provider: Provider, cid: str) -> Circuit:
    kind, _ = CircuitType.objects.get_or_create(name="Transit")
    return Circuit.objects.create(cid=cid, provider=provider, circuit_type=kind, status=f.status("Active"))


def side(circ: Circuit, term_side: str, **where: Any) -> CircuitTermination:
    return services.create_termination(circuit=circ, term_side=term_side, **where)


def test_through_one_circuit(provider: Provider) -> None:
    """
    [a eth0]-c1-[CID1 side A] ~~~ circuit ~~~ [CID1 side Z]-c2-[b eth0]
    """
    paris, tokyo = f.location("Paris"), f.location("Tokyo")
    switch = f.device_type(interfaces=1)
    a0 = f.device("a", switch, paris).interfaces.get()
    b0 = f.device("b", switch, tokyo).interfaces.get()
    cid1 = circuit(provider, "CID1")
    ta = side(cid1, "A", location=paris)
    c1 = service.connect(a0, ta)
    assert_path(a0, [c1, ta], destination=None, active=False)  # no side Z yet: incomplete at A
    tz = side(cid1, "Z", location=tokyo)
    assert_path(a0, [c1, ta, tz], destination=None, active=False)  # Z exists, uncabled
    c2 = service.connect(tz, b0)
    assert_path(a0, [c1, ta, tz, c2, b0], destination=b0, active=True)
    assert_path(b0, [c2, tz, ta, c1, a0], destination=a0, active=True)
    # Each side is an endpoint of its own, cabled to one interface.
    assert_path(ta, [c1, a0], destination=a0, active=True)


def test_through_two_circuits_and_a_patch_panel(provider: Provider) -> None:
    """
    [a eth0]-c1-[CID1 A]~~~[CID1 Z]-c2-[p front0 | p rear0]-c3-[CID2 A]~~~[CID2 Z]-c4-[b eth0]
    """
    here, there, far = f.location("Here"), f.location("There"), f.location("Far")
    switch = f.device_type(interfaces=1)
    a0 = f.device("a", switch, here).interfaces.get()
    b0 = f.device("b", switch, far).interfaces.get()
    panel = f.device("p", f.device_type("panel", rear_ports=1), there)
    front, rear = panel.frontports.get(), panel.rearports.get()
    cid1, cid2 = circuit(provider, "CID1"), circuit(provider, "CID2")
    a1, z1 = side(cid1, "A", location=here), side(cid1, "Z", location=there)
    a2, z2 = side(cid2, "A", location=there), side(cid2, "Z", location=far)
    c1, c2 = service.connect(a0, a1), service.connect(z1, front)
    c3, c4 = service.connect(rear, a2), service.connect(z2, b0)
    hops = [c1, a1, z1, c2, front, rear, c3, a2, z2, c4, b0]
    assert_path(a0, hops, destination=b0, active=True)
    assert_path(b0, [c4, z2, a2, c3, rear, front, c2, z1, a1, c1, a0], destination=a0, active=True)


def test_to_a_provider_network(provider: Provider) -> None:
    """
    [a eth0]-c1-[CID1 A] ~~~ [CID1 Z → provider network "Backbone"]   the path ends, complete, at Z
    """
    site = f.location()
    a0 = f.device("a", f.device_type(interfaces=1), site).interfaces.get()
    backbone = ProviderNetwork.objects.create(name="Backbone", provider=provider)
    cid1 = circuit(provider, "CID1")
    ta = side(cid1, "A", location=site)
    tz = side(cid1, "Z", provider_network=backbone)
    c1 = service.connect(a0, ta)
    assert_path(a0, [c1, ta, tz], destination=tz, active=True)
    with pytest.raises(ValidationError) as caught:
        service.connect(f.device("b", f.device_type(interfaces=1), site).interfaces.get(), tz)
    assert "faces a provider network" in str(caught.value)


def test_removing_a_side_cuts_the_paths_across(provider: Provider) -> None:
    """
    [a eth0]-c1-[CID1 A]~~~[CID1 Z]-c2-[b eth0]   then side Z is deleted, then the circuit
    """
    paris, tokyo = f.location("Paris"), f.location("Tokyo")
    switch = f.device_type(interfaces=1)
    a0 = f.device("a", switch, paris).interfaces.get()
    b0 = f.device("b", switch, tokyo).interfaces.get()
    cid1 = circuit(provider, "CID1")
    ta, tz = side(cid1, "A", location=paris), side(cid1, "Z", location=tokyo)
    c1 = service.connect(a0, ta)
    service.connect(tz, b0)
    services.delete_termination(tz)
    assert_path(a0, [c1, ta], destination=None, active=False)
    assert path_of(b0) is None
    services.delete_circuit(cid1)
    assert path_of(a0) is None
    a0.refresh_from_db()
    assert a0.cable_id is None


def test_termination_needs_exactly_one_place(provider: Provider) -> None:
    site = f.location()
    backbone = ProviderNetwork.objects.create(name="Backbone", provider=provider)
    cid1 = circuit(provider, "CID1")
    for where in ({}, {"location": site, "provider_network": backbone}):
        with pytest.raises(ValidationError) as caught:
            side(cid1, "A", **where)
        assert "location" in caught.value.message_dict
    assert not CircuitTermination.objects.exists()


def test_a_side_moved_to_another_circuit_takes_the_paths_with_it(provider: Provider) -> None:
    """
    [a eth0]-c1-[CID1 side A] ~~~ [CID1 side Z]-c2-[b eth0]     then side A moves to CID2:
    [a eth0]-c1-[CID2 side A] ~~~ [CID2 side Z]                 and b's path stops at CID1 side Z
    """
    paris, tokyo = f.location("Paris"), f.location("Tokyo")
    switch = f.device_type(interfaces=1)
    a0 = f.device("a", switch, paris).interfaces.get()
    b0 = f.device("b", switch, tokyo).interfaces.get()
    cid1, cid2 = circuit(provider, "CID1"), circuit(provider, "CID2")
    ta, tz = side(cid1, "A", location=paris), side(cid1, "Z", location=tokyo)
    far = side(cid2, "Z", location=tokyo)
    c1, c2 = service.connect(a0, ta), service.connect(tz, b0)
    assert_path(a0, [c1, ta, tz, c2, b0], destination=b0, active=True)
    services.update_circuit_termination(ta, circuit=cid2, description="moved")
    assert_path(a0, [c1, ta, far], destination=None, active=False)
    assert_path(b0, [c2, tz], destination=None, active=False)
    assert CircuitTermination.objects.get(pk=ta.pk).description == "moved"
    # A cabled side cannot face a provider network (CircuitTermination.clean).
    backbone = ProviderNetwork.objects.create(name="Backbone", provider=provider)
    with pytest.raises(ValidationError) as refused:
        services.update_circuit_termination(ta, location=None, provider_network=backbone)
    assert "provider_network" in refused.value.message_dict
