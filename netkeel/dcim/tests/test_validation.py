"""Every refused write names its field, and leaves the database exactly as it was."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from netkeel.dcim import services
from netkeel.dcim.cabling import service
from netkeel.dcim.models import (
    Cable,
    CablePath,
    CablePathNode,
    ConsolePort,
    ConsoleServerPort,
    Device,
    FrontPort,
    FrontPortTemplate,
    Interface,
    PowerOutlet,
    PowerPort,
    RearPort,
    RearPortTemplate,
)
from netkeel.dcim.tests import factories as f

pytestmark = pytest.mark.django_db

TRACKED = (Cable, CablePath, CablePathNode, Device, Interface, FrontPort, RearPort, PowerOutlet, ConsolePort)


def snapshot() -> dict[str, Any]:
    state: dict[str, Any] = {
        model.__name__: sorted(map(str, model.objects.values_list("pk", flat=True))) for model in TRACKED
    }
    for model in (Interface, FrontPort, RearPort, PowerOutlet, PowerPort, ConsolePort, ConsoleServerPort):
        state[f"{model.__name__}.cable"] = sorted(
            map(str, model.objects.exclude(cable=None).values_list("pk", "cable_id"))
        )
    state["paths"] = sorted((str(p.origin_id), tuple(p.path), p.is_active) for p in CablePath.objects.all())
    return state


@pytest.fixture
def unchanged() -> Iterator[Callable[[], None]]:
    """Call the returned function after a refused write: it asserts nothing changed since the test began
    (or since the last call of `unchanged.reset`)."""
    state: dict[str, Any] = {}

    def check() -> None:
        assert snapshot() == state["before"]

    def reset() -> None:
        state["before"] = snapshot()

    check.reset = reset  # type: ignore[attr-defined]
    yield check


def refused(call: Callable[[], Any], field: str, text: str) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        call()
    errors = caught.value.message_dict if hasattr(caught.value, "error_dict") else {"__all__": caught.value.messages}
    assert field in errors, errors
    assert any(text in message for message in errors[field]), errors[field]
    return caught.value


@pytest.fixture
def site() -> Any:
    return f.location()


@pytest.fixture
def net(site: Any) -> dict[str, Any]:
    switch = f.device_type("switch", interfaces=2, console_ports=1, power_ports=1)
    a, b = f.device("a", switch, site), f.device("b", switch, site)
    return {
        "a": a,
        "b": b,
        "a0": a.interfaces.get(name="eth0"),
        "b0": b.interfaces.get(name="eth0"),
        "a1": a.interfaces.get(name="eth1"),
    }


def test_termination_that_already_has_a_cable(net: dict[str, Any], unchanged: Any) -> None:
    service.connect(net["a0"], net["b0"])
    unchanged.reset()
    refused(lambda: service.connect(net["a0"], net["a1"]), "termination_a", "eth0 on a already has a cable")
    refused(lambda: service.connect(net["a1"], net["b0"]), "termination_b", "eth0 on b already has a cable")
    unchanged()


def test_cable_from_a_port_to_itself(net: dict[str, Any], unchanged: Any) -> None:
    unchanged.reset()
    refused(lambda: service.connect(net["a0"], net["a0"]), "termination_b", "cannot connect eth0 on a to itself")
    unchanged()


def test_incompatible_ends(site: Any, net: dict[str, Any], unchanged: Any) -> None:
    pdu = f.device("pdu", f.device_type("pdu", power_outlets=1), site)
    cs = f.device("cs", f.device_type("cs", console_server_ports=1), site)
    unchanged.reset()
    outlet = pdu.poweroutlets.get()
    refused(
        lambda: service.connect(net["a0"], outlet), "termination_b_type", "interface cannot be cabled to a poweroutlet"
    )
    refused(
        lambda: service.connect(net["a"].consoleports.get(), net["b0"]),
        "termination_b_type",
        "consoleport cannot be cabled to a interface",
    )
    refused(
        lambda: service.connect(net["a"].powerports.get(), net["b"].powerports.get()),
        "termination_b_type",
        "powerport cannot be cabled to a powerport",
    )
    unchanged()
    # Console port to console server port is fine.
    service.connect(net["a"].consoleports.get(), cs.consoleserverports.get())


@pytest.mark.parametrize("kind", ["virtual", "lag", "bridge", "ieee802.11ac"])
def test_virtual_lag_and_wireless_interfaces_cannot_be_cabled(
    site: Any, net: dict[str, Any], unchanged: Any, kind: str
) -> None:
    logical = services.create_component(Interface, device=net["a"], name=f"{kind}1", type=kind, status=f.status())
    unchanged.reset()
    refused(
        lambda: service.connect(logical, net["b0"]), "termination_a", f"is a {kind} interface, which cannot be cabled"
    )
    refused(
        lambda: service.connect(net["b0"], logical), "termination_b", f"is a {kind} interface, which cannot be cabled"
    )
    unchanged()


def test_front_port_position_beyond_its_rear_port(site: Any, unchanged: Any) -> None:
    panel = f.device("p", f.device_type("panel4", rear_ports=1, positions=4), site)
    rear = panel.rearports.get()
    unchanged.reset()
    refused(
        lambda: services.create_component(
            FrontPort, device=panel, name="extra", type="lc", rear_port=rear, rear_port_position=5
        ),
        "rear_port_position",
        "Position 5 is beyond the 4 position(s)",
    )
    unchanged()
    dtype = f.device_type("tpl-panel")
    rear_template = RearPortTemplate.objects.create(device_type=dtype, name="r", type="mpo", positions=2)
    with pytest.raises(ValidationError) as caught:
        FrontPortTemplate(
            device_type=dtype, name="f", type="lc", rear_port_template=rear_template, rear_port_position=3
        ).full_clean()
    assert "rear_port_position" in caught.value.message_dict


def test_a_loop_in_a_path(site: Any, net: dict[str, Any], unchanged: Any) -> None:
    """
    [a eth0]-c1-[P front0-1 \\                  <- P's rear has 2 positions
                 P front0-2 -- P rear0 ]-c2-[Q front0 | Q rear0]
    connecting Q rear0 to P front0-2 would lead the path back into P rear0: refused.
    """
    p = f.device("P", f.device_type("P", rear_ports=1, positions=2), site)
    q = f.device("Q", f.device_type("Q", rear_ports=1), site)
    service.connect(net["a0"], p.frontports.get(name="front0-1"))
    service.connect(p.rearports.get(), q.frontports.get())
    unchanged.reset()
    with pytest.raises(ValidationError) as caught:
        service.connect(q.rearports.get(), p.frontports.get(name="front0-2"))
    assert "makes a loop" in caught.value.messages[0]
    assert "eth0 on a" in caught.value.messages[0]
    unchanged()


def test_rack_position_outside_the_rack_or_overlapping(site: Any, unchanged: Any) -> None:
    rack = f.rack("r1", site, u_height=10)
    two_u = f.device_type("2u", u_height=2)
    half_depth = f.device_type("half", u_height=1, full_depth=False)
    f.device("low", two_u, site, rack=rack, position=1, face="front")
    unchanged.reset()
    refused(
        lambda: f.device("top", two_u, site, rack=rack, position=10, face="front"),
        "position",
        "does not fit in the 10U rack",
    )
    refused(
        lambda: f.device("over", two_u, site, rack=rack, position=2, face="rear"),
        "position",
        "U2 of rack r1 is already taken by low",
    )
    refused(lambda: f.device("nowhere", two_u, site, position=3, face="front"), "position", "needs a rack")
    unchanged()
    # Half-depth devices share a unit on opposite faces.
    f.device("front-half", half_depth, site, rack=rack, position=5, face="front")
    f.device("rear-half", half_depth, site, rack=rack, position=5, face="rear")
    unchanged.reset()
    refused(lambda: f.device("third", half_depth, site, rack=rack, position=5, face="rear"), "position", "U5")
    unchanged()


def test_component_pointing_at_another_devices_component(site: Any, net: dict[str, Any], unchanged: Any) -> None:
    panel_type = f.device_type("panel", rear_ports=1)
    p1, p2 = f.device("p1", panel_type, site), f.device("p2", panel_type, site)
    lag_b = services.create_component(Interface, device=net["b"], name="lag1", type="lag", status=f.status())
    pdu = f.device("pdu", f.device_type("pdu", power_ports=1), site)
    unchanged.reset()
    refused(
        lambda: services.create_component(FrontPort, device=p1, name="x", type="lc", rear_port=p2.rearports.get()),
        "rear_port",
        "belongs to device p2, not to p1",
    )
    refused(
        lambda: services.create_component(
            Interface, device=net["a"], name="m", type="1000base-t", status=f.status(), lag=lag_b
        ),
        "lag",
        "belongs to device b, not to a",
    )
    refused(
        lambda: services.create_component(PowerOutlet, device=net["a"], name="o", power_port=pdu.powerports.get()),
        "power_port",
        "belongs to device pdu, not to a",
    )
    unchanged()


def test_rear_port_cannot_shrink_below_its_mapped_positions(site: Any) -> None:
    panel = f.device("p", f.device_type("p4", rear_ports=1, positions=4), site)
    rear = panel.rearports.get()
    rear.positions = 2
    with pytest.raises(ValidationError) as caught:
        rear.full_clean()
    assert "positions" in caught.value.message_dict


def test_bad_cable_status_and_length_without_unit(net: dict[str, Any], unchanged: Any) -> None:
    unchanged.reset()
    refused(lambda: service.connect(net["a0"], net["b0"], status="Active"), "status", "not offered on cables")
    refused(lambda: service.connect(net["a0"], net["b0"], status="Nope"), "status", "no status named 'Nope'")
    refused(lambda: service.connect(net["a0"], net["b0"], length=5), "length_unit", "Give a unit")
    refused(lambda: service.connect(net["a0"], net["b0"], color="red"), "color", "Six lowercase hex digits")
    unchanged()
