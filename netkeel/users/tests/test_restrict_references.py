"""A write may name only related objects its writer may view (USER-PAIN §4.3, "FK references to objects
the user cannot view"): naming another one is a 400 on that field, as if it did not exist, and nothing is
written — on the API, in bulk, and through CSV import."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType

from netkeel.core.testing.api import APIClient, make_user
from netkeel.dcim.models import Device
from netkeel.dcim.tests import factories as f
from netkeel.users.models import ObjectPermission

pytestmark = pytest.mark.django_db

TOKEN = "ab" * 20


@pytest.fixture
def writer(db: Any) -> dict[str, Any]:
    mine, theirs = f.location("Berlin"), f.location("Paris")
    device_type = f.device_type()
    f.role("Leaf")
    user = make_user(
        "berlin-writer", perms=("dcim.view_devicetype", "extras.view_role", "extras.view_status"), token=TOKEN
    )
    devices = ObjectPermission.objects.create(name="berlin devices", actions=["view", "add", "change"])
    devices.object_types.set([ContentType.objects.get_for_model(Device)])
    devices.users.add(user)
    locations = ObjectPermission.objects.create(name="berlin", actions=["view"], constraints={"name": "Berlin"})
    locations.object_types.set([ContentType.objects.get_by_natural_key("dcim", "location")])
    locations.users.add(user)
    return {"mine": mine, "theirs": theirs, "device_type": device_type}


def body(name: str, location: Any, device_type: Any) -> dict[str, Any]:
    return {
        "name": name,
        "device_type": str(device_type.pk),
        "role": "Leaf",
        "status": "Active",
        "location": str(location.pk),
    }


def test_a_location_the_writer_may_not_view_is_not_found(writer: dict[str, Any]) -> None:
    client = APIClient(token=TOKEN)
    refused = client.send("POST", "/api/dcim/devices/", body("p1", writer["theirs"], writer["device_type"]))
    assert refused.status_code == 400, refused.content
    assert "location" in refused.json()
    by_name = client.send(
        "POST", "/api/dcim/devices/", {**body("p2", writer["mine"], writer["device_type"]), "location": "Paris"}
    )
    assert by_name.status_code == 400 and "location" in by_name.json()
    bulk = client.send(
        "POST",
        "/api/dcim/devices/",
        [body("b1", writer["mine"], writer["device_type"]), body("p3", writer["theirs"], writer["device_type"])],
    )
    assert bulk.status_code == 400
    assert not Device.objects.exists(), "nothing written"
    made = client.send("POST", "/api/dcim/devices/", body("b1", writer["mine"], writer["device_type"]))
    assert made.status_code == 201, made.content
    moved = client.send("PATCH", f"/api/dcim/devices/{made.json()['id']}/", {"location": str(writer["theirs"].pk)})
    assert moved.status_code == 400 and "location" in moved.json()
    assert Device.objects.get().location == writer["mine"]
