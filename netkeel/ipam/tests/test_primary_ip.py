"""A device's primary IP must be one of its own interfaces' addresses, of the right version."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from netkeel.dcim.tests import factories as f
from netkeel.extras.models import Status
from netkeel.ipam import services

pytestmark = pytest.mark.django_db


def test_primary_ip_must_be_on_the_device() -> None:
    active = Status.objects.get(name="Active")
    services.create_prefix("10.0.0.0/24", status=active)
    services.create_prefix("2001:db8::/64", status=active)
    site = f.location()
    switch = f.device_type(interfaces=1)
    mine, other = f.device("mine", switch, site), f.device("other", switch, site)
    v4 = services.create_ip_address("10.0.0.1/24", status=active)
    v6 = services.create_ip_address("2001:db8::1/64", status=active)
    services.assign_ip_address(v4, other.interfaces.get())
    mine.primary_ip4 = v4
    with pytest.raises(ValidationError) as caught:
        mine.full_clean()
    assert "not assigned to an interface of this device" in caught.value.message_dict["primary_ip4"][0]
    services.assign_ip_address(v4, mine.interfaces.get())
    services.assign_ip_address(v6, mine.interfaces.get())
    mine.full_clean()
    mine.primary_ip4 = v6
    with pytest.raises(ValidationError) as caught:
        mine.full_clean()
    assert "not an IPv4 address" in caught.value.message_dict["primary_ip4"][0]
