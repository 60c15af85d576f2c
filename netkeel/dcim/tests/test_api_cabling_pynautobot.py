"""pynautobot against a live netkeel: cabling as its integration tests use it (shared/API.md T2.4, T2.5).

    [dev-a eth0] ----cable---- [dev-b eth0]

A cable made with `termination_*_type/id`, its ends reached through lazy loading
(`cable.termination_a.device.name`), `Interfaces.trace()` as one segment of the right record classes,
cable choices, a status change and the delete.
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from netkeel.core.testing.live import LiveNetkeel

pynautobot = pytest.importorskip("pynautobot")
dcim_models = pytest.importorskip("pynautobot.models.dcim")

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def nb(live_netkeel: LiveNetkeel) -> Any:
    return pynautobot.api(live_netkeel.url, token=live_netkeel.token, exclude_m2m=False)


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def two_devices(nb: Any) -> tuple[Any, Any]:
    location_type = nb.dcim.location_types.create(name=unique("site-type"), content_types=["dcim.device"])
    site = nb.dcim.locations.create(name=unique("site"), location_type=location_type.id, status="Active")
    manufacturer = nb.dcim.manufacturers.create(name=unique("maker"))
    device_type = nb.dcim.device_types.create(manufacturer=manufacturer.id, model=unique("box"))
    nb.dcim.interface_templates.create(device_type=device_type.id, name="eth0", type="1000base-t")
    role = nb.extras.roles.create(name=unique("role"), content_types=["dcim.device"])
    made = [
        nb.dcim.devices.create(
            name=unique(name), device_type=device_type.id, role=role.id, location=site.id, status="Active"
        )
        for name in ("dev-a", "dev-b")
    ]
    return made[0], made[1]


def test_cable_trace_and_delete(nb: Any) -> None:
    dev_a, dev_b = two_devices(nb)
    eth_a = nb.dcim.interfaces.get(device=dev_a.name, name="eth0")
    eth_b = nb.dcim.interfaces.get(device_id=dev_b.id, name="eth0")
    assert eth_a.trace() == []

    cable = nb.dcim.cables.create(
        termination_a_type="dcim.interface",
        termination_a_id=eth_a.id,
        termination_b_type="dcim.interface",
        termination_b_id=eth_b.id,
        status="Connected",
        label=unique("cable"),
    )
    assert str(cable) == "eth0 <> eth0"
    assert cable.termination_a.device.name == dev_a.name  # lazy loading through each brief reference
    assert cable.terminations["b1"]["id"] == eth_b.id  # JSON, not a record

    segments = eth_a.trace()
    assert len(segments) == 1
    near, through, far = segments[0]
    assert isinstance(near, dcim_models.Interfaces) and isinstance(far, dcim_models.Interfaces)
    assert isinstance(through, dcim_models.Cables)
    assert (near.device.id, through.id, far.device.id) == (dev_a.id, cable.id, dev_b.id)

    eth_a = nb.dcim.interfaces.get(eth_a.id)
    assert eth_a.cable.id == cable.id and eth_a.cable_peer.id == eth_b.id
    assert eth_a.connected_endpoint.id == eth_b.id and eth_a.connected_endpoint_reachable is True
    assert nb.dcim.interfaces.count(device=[dev_a.name, dev_b.name], connected=True) == 2

    choices = nb.dcim.cables.choices()
    assert "dcim.interface" in {choice["value"] for choice in choices["termination_a_type"]}
    assert "m" in {choice["value"] for choice in choices["length_unit"]}

    cable.status = "Planned"
    assert cable.save()
    assert nb.dcim.interfaces.get(eth_b.id).connected_endpoint_reachable is False
    assert nb.dcim.interfaces.count(device=[dev_a.name, dev_b.name], connected=True) == 0

    assert cable.delete()
    eth_a = nb.dcim.interfaces.get(eth_a.id)
    assert (eth_a.cable, eth_a.connected_endpoint) == (None, None)
    assert eth_a.trace() == []
