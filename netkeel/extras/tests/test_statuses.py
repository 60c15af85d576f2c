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
    create_default_roles,
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
    ours = Role.objects.filter(name__in=["b-spine", "a-leaf", "c-core"])  # beside the default roles
    assert list(ours.values_list("name", flat=True)) == ["b-spine", "c-core", "a-leaf"]


# Nautobot's statuses per model (its populate_status_choices), for the models netkeel has: each is offered
# on a fresh netkeel (netkeel may offer more).
NAUTOBOT_STATUSES_BY_MODEL = {
    "dcim.location": {"Planned", "Staging", "Active", "Decommissioning", "Retired"},
    "dcim.rack": {"Reserved", "Available", "Planned", "Active", "Deprecated"},
    "dcim.device": {"Offline", "Active", "Planned", "Staged", "Failed", "Inventory", "Decommissioning"},
    "dcim.interface": {"Planned", "Failed", "Active", "Decommissioning", "Maintenance"},
    "dcim.cable": {"Connected", "Planned", "Decommissioning"},
    "dcim.powerfeed": {"Offline", "Active", "Planned", "Failed"},
    "circuits.circuit": {"Planned", "Provisioning", "Active", "Offline", "Deprovisioning", "Decommissioned"},
    "ipam.prefix": {"Active", "Reserved", "Deprecated"},
    "ipam.ipaddress": {"Active", "Reserved", "Deprecated"},
    "ipam.vlan": {"Active", "Reserved", "Deprecated"},
    "ipam.vrf": {"Active", "Down", "Deprecated"},
}
NAUTOBOT_IP_ADDRESS_ROLES = ["Loopback", "Secondary", "Anycast", "VIP", "VRRP", "HSRP", "GLBP", "CARP"]


@pytest.mark.parametrize("label", sorted(NAUTOBOT_STATUSES_BY_MODEL))
def test_a_fresh_install_offers_nautobots_statuses_on_each_model(label: str) -> None:
    app_label, model_name = label.split(".")
    offered = set(
        Status.objects.filter(content_types__app_label=app_label, content_types__model=model_name).values_list(
            "name", flat=True
        )
    )
    assert NAUTOBOT_STATUSES_BY_MODEL[label] <= offered


def test_a_fresh_install_has_nautobots_ip_address_roles() -> None:
    roles = Role.objects.filter(name__in=NAUTOBOT_IP_ADDRESS_ROLES)
    assert sorted(roles.values_list("name", flat=True)) == sorted(NAUTOBOT_IP_ADDRESS_ROLES)
    ip_address = ContentType.objects.get(app_label="ipam", model="ipaddress")
    assert all(ip_address in role.content_types.all() for role in roles)
    assert Role.objects.get(name="Loopback").color == "9e9e9e"  # Nautobot's colours: grey, blue, amber, green
    assert Role.objects.get(name="Anycast").color == "ffc107"


DEVICE_ROLES = ["Router", "Switch", "Firewall", "Server", "Patch Panel"]


def test_a_fresh_install_offers_roles_for_devices() -> None:
    """A device needs a role: a fresh database offers a few on devices, so the first one can be added."""
    device = ContentType.objects.get(app_label="dcim", model="device")
    offered = set(Role.objects.filter(content_types=device).values_list("name", flat=True))
    assert set(DEVICE_ROLES) <= offered


def test_the_device_roles_step_adds_only_what_is_missing() -> None:
    """On an upgraded database with its own "Router" (offered on nothing) and no "Firewall", the step adds
    the Firewall back and leaves the operator's Router as it is."""
    router = Role.objects.get(name="Router")
    router.content_types.clear()
    router.color = "000000"
    router.save()
    Role.objects.filter(name="Firewall").delete()
    before = Role.objects.count()
    create_default_roles(global_apps, ["dcim.device"])
    create_default_roles(global_apps, ["dcim.device"])
    assert Role.objects.count() == before + 1
    router.refresh_from_db()
    assert (router.color, router.content_types.count()) == ("000000", 0)
    assert Role.objects.get(name="Firewall").content_types.get().model == "device"


def test_the_defaults_migration_adds_only_what_is_missing() -> None:
    """Run again on a database whose operator changed a default role and deleted another, the migration's
    step brings back the deleted one and leaves the changed one as it is."""
    loopback = Role.objects.get(name="Loopback")
    loopback.color = "000000"
    loopback.description = "Ours"
    loopback.save()
    loopback.content_types.clear()
    Role.objects.filter(name="CARP").delete()
    before = Role.objects.count()
    create_default_roles(global_apps, ["ipam.ipaddress"])
    create_default_roles(global_apps, ["ipam.ipaddress"])  # twice: the second adds nothing
    assert Role.objects.count() == before + 1
    loopback.refresh_from_db()
    assert (loopback.color, loopback.description, loopback.content_types.count()) == ("000000", "Ours", 0)
    assert Role.objects.get(name="CARP").content_types.get().model == "ipaddress"


def test_a_later_default_status_is_linked_without_relinking_what_an_operator_unlinked() -> None:
    vrf = ContentType.objects.get(app_label="ipam", model="vrf")
    Status.objects.get(name="Planned").content_types.remove(vrf)
    Status.objects.get(name="Down").content_types.remove(vrf)
    link_default_statuses(global_apps, ["ipam.vrf"], only={"Down"})
    offered = set(Status.objects.filter(content_types=vrf).values_list("name", flat=True))
    assert "Down" in offered and "Planned" not in offered


# Nautobot's colour of each default status (its STATUS_COLOR_MAP, as ColorChoices values).
NAUTOBOT_STATUS_COLORS = {
    "Active": "4caf50",
    "Available": "4caf50",
    "Connected": "4caf50",
    "DHCP": "4caf50",
    "Decommissioned": "9e9e9e",
    "Decommissioning": "ffc107",
    "Deprecated": "f44336",
    "Deprovisioning": "ffc107",
    "Down": "ffc107",
    "End-of-Life": "f44336",
    "Extended Support": "00bcd4",
    "Failed": "f44336",
    "Inventory": "9e9e9e",
    "Maintenance": "9e9e9e",
    "Offline": "ffc107",
    "Planned": "00bcd4",
    "Primary": "2196f3",
    "Provisioning": "2196f3",
    "Reserved": "00bcd4",
    "Retired": "f44336",
    "Secondary": "ffeb3b",
    "SLAAC": "4caf50",
    "Staged": "2196f3",
    "Staging": "2196f3",
}


def test_a_fresh_install_has_nautobots_status_colours() -> None:
    """Fresh installs only: an upgrade leaves the colours of existing statuses as they are (the upgrade
    suite holds every row a release wrote to its values)."""
    assert dict(Status.objects.filter(name__in=NAUTOBOT_STATUS_COLORS).values_list("name", "color")) == (
        NAUTOBOT_STATUS_COLORS
    )
