"""The kinds of object a role, status or tag can apply to, as its form offers them (issue 14, item 4): the
models that have one (or can be tagged), never internal models (cable path nodes, change records, job logs)."""

from __future__ import annotations

import pytest
from django.test import Client

from netkeel.core.testing.ui import make_user

pytestmark = pytest.mark.django_db

INTERNAL = {"dcim.cablepathnode", "extras.objectchange", "extras.joblogentry", "dcim.cablepath"}


def offered(path: str) -> set[str]:
    client = Client()
    client.force_login(make_user("ct-admin", superuser=True))
    field = client.get(path).context["form"].fields["content_types"]
    return {f"{ct.app_label}.{ct.model}" for ct in field.queryset}


def test_a_role_applies_to_what_has_a_role() -> None:
    kinds = offered("/extras/roles/add/")
    assert {"dcim.device", "dcim.rack", "ipam.ipaddress", "ipam.prefix", "ipam.vlan"} <= kinds
    assert not kinds & INTERNAL and "dcim.manufacturer" not in kinds and "tenancy.tenant" not in kinds


def test_a_status_applies_to_what_has_a_status() -> None:
    kinds = offered("/extras/statuses/add/")
    assert {"dcim.device", "dcim.location", "dcim.cable", "ipam.prefix", "circuits.circuit"} <= kinds
    assert not kinds & INTERNAL and "dcim.manufacturer" not in kinds


def test_a_tag_applies_to_what_can_be_tagged() -> None:
    kinds = offered("/extras/tags/add/")
    assert {"dcim.device", "tenancy.tenant", "ipam.prefix", "circuits.circuit"} <= kinds and not kinds & INTERNAL


def test_an_old_choice_stays_choosable_when_editing() -> None:
    """A status made (say through the API) for a model its form would not offer can still be edited."""
    from django.contrib.contenttypes.models import ContentType

    from netkeel.extras.models import Status
    from netkeel.tenancy.models import Tenant

    status = Status.objects.create(name="odd", color="4caf50")
    status.content_types.add(ContentType.objects.get_for_model(Tenant))
    kinds = offered(f"/extras/statuses/{status.pk}/edit/")
    assert "tenancy.tenant" in kinds and "dcim.location" in kinds


def test_a_location_type_offers_what_can_stand_at_a_location() -> None:
    kinds = offered("/dcim/location-types/add/")
    assert {"dcim.device", "dcim.rack", "dcim.powerpanel", "ipam.prefix"} <= kinds and not kinds & INTERNAL
