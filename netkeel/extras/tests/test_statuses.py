"""Status, Role and Tag, and the default statuses every fresh database has."""

from __future__ import annotations

import pytest
from django.apps import apps as global_apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from netkeel.extras.defaults import (
    DEFAULT_STATUSES,
    STATUSES_BY_MODEL,
    create_default_statuses,
    link_default_statuses,
    unlink_default_statuses,
)
from netkeel.extras.models import Role, Status, Tag
from netkeel.users.models import User

pytestmark = pytest.mark.django_db

NAUTOBOT_DEFAULTS = {
    "Active",
    "Planned",
    "Staged",
    "Failed",
    "Offline",
    "Decommissioning",
    "Inventory",
    "Connected",
    "Reserved",
    "Deprecated",
    "Available",
    "DHCP",
    "SLAAC",
    "Retired",
    "Staging",
    "Maintenance",
    "Provisioning",
    "Deprovisioning",
    "Decommissioned",
    "Primary",
    "Secondary",
    "Down",
    "End-of-Life",
    "Extended Support",
}


def test_migrations_created_every_default_status() -> None:
    names = set(Status.objects.values_list("name", flat=True))
    assert NAUTOBOT_DEFAULTS <= names
    active = Status.objects.get(name="Active")
    assert active.color == "4caf50" and active.description


def test_every_mapped_status_is_a_default() -> None:
    defaults = {status.name for status in DEFAULT_STATUSES}
    for label, names in STATUSES_BY_MODEL.items():
        assert set(names) <= defaults, label


def test_creating_defaults_again_changes_nothing_and_keeps_an_operators_edit() -> None:
    Status.objects.filter(name="Retired").update(color="000000")
    count = Status.objects.count()
    create_default_statuses(global_apps)
    assert Status.objects.count() == count
    assert Status.objects.get(name="Retired").color == "000000"


def test_linking_a_models_default_statuses() -> None:
    link_default_statuses(global_apps, ["dcim.device", "dcim.cable"])
    device = ContentType.objects.get(app_label="dcim", model="device")
    names = set(Status.objects.filter(content_types=device).values_list("name", flat=True))
    assert names == {"Active", "Planned", "Staged", "Failed", "Offline", "Decommissioning", "Inventory"}
    cable = ContentType.objects.get(app_label="dcim", model="cable")
    assert set(Status.objects.filter(content_types=cable).values_list("name", flat=True)) == {
        "Connected",
        "Planned",
        "Decommissioning",
    }
    # Linking twice adds nothing.
    through = Status.content_types.through
    before = through.objects.count()
    link_default_statuses(global_apps, ["dcim.device"])
    assert through.objects.count() == before
    unlink_default_statuses(global_apps, ["dcim.device"])
    assert not Status.objects.filter(content_types=device).exists()
    assert Status.objects.filter(content_types=cable).count() == 3


def test_get_for_model_limits_to_content_types() -> None:
    user_type = ContentType.objects.get_for_model(User)
    Status.objects.get(name="Active").content_types.add(user_type)
    assert list(Status.objects.get_for_model(User).values_list("name", flat=True)) == ["Active"]
    assert Status.objects.get(name="Active").applies_to(User)
    assert not Status.objects.get(name="Planned").applies_to(User)


@pytest.mark.parametrize("model", [Status, Role, Tag])
def test_names_are_unique(model: type[Status]) -> None:
    model.objects.create(name="Unique one")
    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.create(name="Unique one")


@pytest.mark.parametrize("color", ["red", "FFFFFF", "12345", "1234567"])
def test_colour_must_be_six_lowercase_hex_digits(color: str) -> None:
    with pytest.raises(ValidationError) as caught:
        Tag(name="t", color=color).full_clean()
    assert "color" in caught.value.message_dict


def test_roles_order_by_weight_then_name() -> None:
    Role.objects.create(name="b-spine", weight=10)
    Role.objects.create(name="a-leaf", weight=20)
    Role.objects.create(name="c-core", weight=10)
    assert list(Role.objects.values_list("name", flat=True)) == ["b-spine", "c-core", "a-leaf"]
