"""The statuses and roles a fresh netkeel has, and which kinds of object each applies to.

Names follow Nautobot's defaults so that clients which send `"status": "Active"` or `"role": "Loopback"`
work unchanged. A domain app's migration calls `link_default_statuses` (and `create_default_roles`) for
its models when they arrive; the statuses themselves are created once by `extras.0002_default_statuses`.
Every function here is idempotent and adds only what is missing, never changing a row that exists: a
later release that adds a default names just that default, so an operator's edits stay.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Any

from django.utils import timezone


@dataclass(frozen=True)
class DefaultStatus:
    name: str
    color: str
    description: str


DEFAULT_STATUSES: tuple[DefaultStatus, ...] = (
    DefaultStatus("Active", "4caf50", "In service and carrying traffic."),
    DefaultStatus("Planned", "00bcd4", "Designed but not yet installed."),
    DefaultStatus("Staged", "2196f3", "Installed and being prepared for service."),
    DefaultStatus("Failed", "f44336", "Out of service because of a fault."),
    DefaultStatus("Offline", "ffc107", "Installed but not in service."),
    DefaultStatus("Decommissioning", "ffc107", "Being taken out of service."),
    DefaultStatus("Inventory", "9e9e9e", "In stock, not installed."),
    DefaultStatus("Connected", "4caf50", "Cabled and connected."),
    DefaultStatus("Reserved", "00bcd4", "Set aside for a future use."),
    DefaultStatus("Deprecated", "f44336", "Still present but no longer to be used."),
    DefaultStatus("Available", "4caf50", "Free to be used."),
    DefaultStatus("DHCP", "4caf50", "Assigned dynamically by DHCP."),
    DefaultStatus("SLAAC", "4caf50", "Assigned by IPv6 stateless address autoconfiguration."),
    DefaultStatus("Retired", "f44336", "Taken out of service for good."),
    DefaultStatus("Staging", "2196f3", "Being built before it goes live."),
    DefaultStatus("Maintenance", "9e9e9e", "Temporarily out of service for maintenance."),
    DefaultStatus("Provisioning", "2196f3", "Being provisioned by the provider."),
    DefaultStatus("Deprovisioning", "ffc107", "Being removed by the provider."),
    DefaultStatus("Decommissioned", "9e9e9e", "Taken out of service."),
    DefaultStatus("Primary", "2196f3", "The primary member of a redundant pair."),
    DefaultStatus("Secondary", "ffeb3b", "The secondary member of a redundant pair."),
    DefaultStatus("Down", "ffc107", "Configured but not passing traffic."),
    DefaultStatus("End-of-Life", "f44336", "No longer supported by its vendor."),
    DefaultStatus("Extended Support", "00bcd4", "Supported by its vendor under an extended agreement."),
)

# Which statuses each model offers, keyed by "app_label.model".
STATUSES_BY_MODEL: dict[str, tuple[str, ...]] = {
    "dcim.location": ("Active", "Planned", "Staging", "Decommissioning", "Retired"),
    "dcim.rack": ("Active", "Planned", "Reserved", "Available", "Deprecated"),
    "dcim.device": ("Active", "Planned", "Staged", "Failed", "Offline", "Decommissioning", "Inventory"),
    "dcim.interface": ("Active", "Planned", "Maintenance", "Failed", "Decommissioning"),
    "dcim.cable": ("Connected", "Planned", "Decommissioning"),
    "dcim.powerfeed": ("Active", "Offline", "Planned", "Failed"),
    "dcim.deviceredundancygroup": ("Active", "Planned", "Staged", "Decommissioning", "Retired"),
    "dcim.softwareversion": ("Active", "Deprecated", "End-of-Life", "Extended Support"),
    "dcim.softwareimagefile": ("Active", "Deprecated", "End-of-Life", "Extended Support"),
    "dcim.interfaceredundancygroup": ("Planned", "Staging", "Active", "Decommissioning", "Retired"),
    "dcim.virtualdevicecontext": ("Offline", "Active", "Planned"),
    "dcim.controller": ("Active", "Planned", "Staged", "Failed", "Offline", "Decommissioning", "Inventory"),
    "circuits.circuit": ("Active", "Planned", "Provisioning", "Offline", "Deprovisioning", "Decommissioned"),
    "ipam.prefix": ("Active", "Reserved", "Deprecated"),
    "ipam.ipaddress": ("Active", "Reserved", "Deprecated", "DHCP", "SLAAC"),
    "ipam.vlan": ("Active", "Reserved", "Deprecated"),
    "ipam.vrf": ("Active", "Planned", "Reserved", "Deprecated", "Decommissioning", "Down"),
    "virtualization.virtualmachine": ("Active", "Offline", "Planned", "Staged", "Failed", "Decommissioning"),
    "virtualization.vminterface": ("Active", "Planned", "Maintenance", "Failed", "Decommissioning"),
}


@dataclass(frozen=True)
class DefaultRole:
    name: str
    color: str


# The roles of a fresh install, keyed by "app_label.model": Nautobot's own for the models netkeel has (it
# gives them no description), and for devices, where Nautobot has none and a device cannot be added
# without a role, a few that most networks have (a person adds their own beside them).
ROLES_BY_MODEL: dict[str, tuple[DefaultRole, ...]] = {
    "dcim.device": (
        DefaultRole("Router", "3f51b5"),
        DefaultRole("Switch", "2196f3"),
        DefaultRole("Firewall", "f44336"),
        DefaultRole("Server", "4caf50"),
        DefaultRole("Patch Panel", "9e9e9e"),
    ),
    "ipam.ipaddress": (
        DefaultRole("Loopback", "9e9e9e"),
        DefaultRole("Secondary", "2196f3"),
        DefaultRole("Anycast", "ffc107"),
        DefaultRole("VIP", "4caf50"),
        DefaultRole("VRRP", "4caf50"),
        DefaultRole("HSRP", "4caf50"),
        DefaultRole("GLBP", "4caf50"),
        DefaultRole("CARP", "4caf50"),
    ),
}


def create_default_statuses(apps: Any, schema_editor: Any = None, only: Collection[str] | None = None) -> None:
    """Create every default status (or those named in `only`) that does not exist yet; an operator's own
    row is left as it is."""
    status_model = apps.get_model("extras", "Status")
    existing = set(status_model.objects.values_list("name", flat=True))
    now = timezone.now()
    status_model.objects.bulk_create(
        [
            status_model(
                name=status.name,
                color=status.color,
                description=status.description,
                created=now,
                last_updated=now,
            )
            for status in DEFAULT_STATUSES
            if status.name not in existing and (only is None or status.name in only)
        ]
    )


def link_default_statuses(apps: Any, model_labels: Iterable[str], only: Collection[str] | None = None) -> None:
    """Offer each model's default statuses on it; for data migrations of the apps that add the models.

    Works on the historical models of `apps`, creates any missing status or content type, and adds
    links in one bulk insert, skipping links that already exist. `only` limits the work to the statuses
    a later release added, so that a default the operator unlinked since is not linked again.
    """
    status_model = apps.get_model("extras", "Status")
    content_type_model = apps.get_model("contenttypes", "ContentType")
    through = status_model.content_types.through
    create_default_statuses(apps, only=only)
    statuses = {status.name: status for status in status_model.objects.all()}
    links = []
    for label in model_labels:
        app_label, model_name = label.split(".")
        content_type, _ = content_type_model.objects.get_or_create(app_label=app_label, model=model_name)
        linked = set(through.objects.filter(contenttype_id=content_type.pk).values_list("status_id", flat=True))
        for name in STATUSES_BY_MODEL[label]:
            if only is not None and name not in only:
                continue
            status = statuses[name]
            if status.pk not in linked:
                links.append(through(status_id=status.pk, contenttype_id=content_type.pk))
    through.objects.bulk_create(links)


def unlink_default_statuses(apps: Any, model_labels: Iterable[str]) -> None:
    """The reverse of `link_default_statuses`, for a migration rolled back."""
    status_model = apps.get_model("extras", "Status")
    through = status_model.content_types.through
    for label in model_labels:
        app_label, model_name = label.split(".")
        through.objects.filter(
            contenttype__app_label=app_label,
            contenttype__model=model_name,
            status__name__in=STATUSES_BY_MODEL[label],
        ).delete()


def create_default_roles(apps: Any, model_labels: Iterable[str]) -> None:
    """Create each model's default roles that do not exist yet, offered on that model.

    A role of the same name that exists already is the operator's: it is left as it is (its content
    types included), so a second run, or an upgrade of a database that has its own "Loopback", changes
    nothing.
    """
    role_model = apps.get_model("extras", "Role")
    content_type_model = apps.get_model("contenttypes", "ContentType")
    through = role_model.content_types.through
    existing = set(role_model.objects.values_list("name", flat=True))
    now = timezone.now()
    for label in model_labels:
        app_label, model_name = label.split(".")
        missing = [role for role in ROLES_BY_MODEL[label] if role.name not in existing]
        if not missing:
            continue
        content_type, _ = content_type_model.objects.get_or_create(app_label=app_label, model=model_name)
        created = role_model.objects.bulk_create(
            [
                role_model(name=role.name, color=role.color, description="", created=now, last_updated=now)
                for role in missing
            ]
        )
        through.objects.bulk_create([through(role_id=role.pk, contenttype_id=content_type.pk) for role in created])
        existing.update(role.name for role in missing)


def delete_default_roles(apps: Any, model_labels: Iterable[str]) -> None:
    """The reverse of `create_default_roles`, for a migration rolled back: the default roles no object uses."""
    role_model = apps.get_model("extras", "Role")
    for label in model_labels:
        names = [role.name for role in ROLES_BY_MODEL[label]]
        app_label, model_name = label.split(".")
        model = apps.get_model(app_label, model_name)
        used = set(model.objects.filter(role__name__in=names).values_list("role__name", flat=True))
        role_model.objects.filter(name__in=set(names) - used).delete()
