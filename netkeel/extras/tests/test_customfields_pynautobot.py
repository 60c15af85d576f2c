"""pynautobot against a live netkeel: custom fields as its users define and use them (shared/API.md T2.16)
— a select field and its choices, a tenant and a device created with `custom_fields`, read back, changed
with `save()`, filtered with `cf_<key>`; a bad value is a RequestError naming the key."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from netkeel.core.testing.live import LiveNetkeel

pynautobot = pytest.importorskip("pynautobot")

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def nb(live_netkeel: LiveNetkeel) -> Any:
    return pynautobot.api(live_netkeel.url, token=live_netkeel.token)


def unique(prefix: str) -> str:
    return f"{prefix}_{uuid.uuid4().hex[:8]}"


def test_custom_fields_through_pynautobot(nb: Any) -> None:
    key = unique("tier")
    field = nb.extras.custom_fields.create(
        key=key, label="Tier", type="select", content_types=["dcim.device", "tenancy.tenant"]
    )
    assert field.type.value == "select" and field.content_types == ["dcim.device", "tenancy.tenant"]
    for weight, value in enumerate(("gold", "silver")):
        choice = nb.extras.custom_field_choices.create(custom_field=field.id, value=value, weight=weight)
        assert str(choice) == value
    assert {str(c) for c in nb.extras.custom_field_choices.filter(custom_field=key)} == {"gold", "silver"}
    assert key in {row["key"] for row in nb.extras.get_custom_fields()}
    count_key = unique("racks")
    nb.extras.custom_fields.create(
        key=count_key, label="Racks", type="integer", content_types=["tenancy.tenant"], default=1
    )

    tenant = nb.tenancy.tenants.create(name=unique("tenant"), custom_fields={key: "gold"})
    assert tenant.custom_fields == {key: "gold", count_key: 1}
    fetched = nb.tenancy.tenants.get(tenant.id)
    assert fetched.custom_fields[key] == "gold"
    fetched.custom_fields[count_key] = 4
    assert fetched.save()
    assert nb.tenancy.tenants.get(tenant.id).custom_fields == {key: "gold", count_key: 4}
    assert [t.name for t in nb.tenancy.tenants.filter(**{f"cf_{key}": "gold"})] == [tenant.name]
    assert list(nb.tenancy.tenants.filter(**{f"cf_{count_key}__gte": 5})) == []

    with pytest.raises(pynautobot.RequestError) as caught:
        nb.tenancy.tenants.create(name=unique("bad"), custom_fields={key: "platinum"})
    assert key in caught.value.error
    with pytest.raises(pynautobot.RequestError) as caught:
        nb.tenancy.tenants.filter(cf_no_such_field="x")
    assert "cf_no_such_field" in caught.value.error

    location_type = nb.dcim.location_types.create(name=unique("site-type"), content_types=["dcim.device"])
    site = nb.dcim.locations.create(name=unique("site"), location_type=location_type.id, status="Active")
    maker = nb.dcim.manufacturers.create(name=unique("maker"))
    device_type = nb.dcim.device_types.create(manufacturer=maker.id, model=unique("box"))
    role = nb.extras.roles.create(name=unique("role"), content_types=["dcim.device"])
    device = nb.dcim.devices.create(
        name=unique("leaf"),
        device_type=device_type.id,
        role=role.id,
        location=site.id,
        status="Active",
        custom_fields={key: "silver"},
    )
    assert nb.dcim.devices.get(device.id).custom_fields == {key: "silver"}
    assert [d.name for d in nb.dcim.devices.filter(**{f"cf_{key}": "silver"})] == [device.name]

    field.delete()
    assert nb.tenancy.tenants.get(tenant.id).custom_fields == {count_key: 4}
    assert nb.dcim.devices.get(device.id).custom_fields == {}
