"""Prefixes and IP addresses, stored for range queries, and addresses assigned to interfaces.

A prefix keeps its first (`network`) and last (`broadcast`) address as fixed-width bytes next to its
length and IP version; containment is then `network <= x AND broadcast >= y` on an index. `parent` is
the closest containing prefix in the same namespace and is maintained by `netkeel.ipam.services` with
set-based updates, never by saving rows one at a time.
"""

from __future__ import annotations

from typing import Any, ClassVar

import netaddr
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q

from netkeel.core.models import BaseModel
from netkeel.extras.fields import RoleField, StatusField, TagsField
from netkeel.ipam.choices import IPAddressTypeChoices, PrefixTypeChoices
from netkeel.ipam.fields import VarbinaryIPField, bytes_to_address
from netkeel.ipam.ipmath import Span, format_address
from netkeel.ipam.models.namespaces import RIR, Namespace, global_namespace_id
from netkeel.tenancy.models import tenant_field

VERSION_CHOICES = ((4, "IPv4"), (6, "IPv6"))

dns_name_validator = RegexValidator(
    regex=r"^([0-9A-Za-z_-]+|\*)(\.[0-9A-Za-z_-]+)*\.?$",
    message="Only letters, digits, hyphens, underscores and dots are allowed in a DNS name.",
)


class Prefix(BaseModel):
    network = VarbinaryIPField()
    broadcast = VarbinaryIPField()
    prefix_length = models.PositiveSmallIntegerField()
    ip_version = models.PositiveSmallIntegerField(choices=VERSION_CHOICES, editable=False)
    # Indexes: the containment index and the unique constraint both start with the namespace, and the
    # optional references are indexed only where set (see Meta), because re-parenting rewrites many rows
    # and every index on the table is written for each of them.
    namespace = models.ForeignKey(
        Namespace, on_delete=models.PROTECT, default=global_namespace_id, related_name="prefixes", db_index=False
    )
    # Derived by the services (never set by a client) and rewritten in bulk when a prefix is created or
    # deleted above thousands of others; a database-level constraint would check each rewritten row. The
    # ORM still refuses to delete a prefix that has children (PROTECT).
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="children",
        db_constraint=False,
        db_index=False,  # (parent, prefix_length) below: it also answers a container's utilization alone
    )
    type = models.CharField(max_length=50, choices=PrefixTypeChoices.flat(), default=PrefixTypeChoices.NETWORK)
    # Few statuses, many prefixes: an index on it would cost every write and help no query.
    status = StatusField(db_index=False)
    role = RoleField(null=True, blank=True, db_index=False)
    tenant = tenant_field(db_index=False)
    vlan = models.ForeignKey(
        "ipam.VLAN", on_delete=models.PROTECT, null=True, blank=True, related_name="prefixes", db_index=False
    )
    rir = models.ForeignKey(
        RIR, on_delete=models.PROTECT, null=True, blank=True, related_name="prefixes", db_index=False
    )
    date_allocated = models.DateTimeField(null=True, blank=True)
    description = models.CharField(max_length=200, blank=True)
    locations = models.ManyToManyField(
        "dcim.Location", related_name="prefixes", through="ipam.PrefixLocationAssignment", blank=True
    )
    tags = TagsField()

    natural_key_field_names: ClassVar[tuple[str, ...]] = ("namespace__name", "prefix")

    class Meta:
        ordering = ["namespace", "ip_version", "network", "prefix_length"]
        verbose_name_plural = "prefixes"
        constraints = [
            # One index serves both uniqueness and containment: version and broadcast follow from the
            # network and length, so this is "one prefix per namespace, network and length", in an order
            # that makes "within" and "contains" range scans.
            models.UniqueConstraint(
                fields=["namespace", "ip_version", "network", "broadcast", "prefix_length"],
                name="ipam_prefix_unique_containment",
            )
        ]
        indexes = [
            models.Index(fields=["parent", "prefix_length"], name="ipam_prefix_children"),
            *(
                models.Index(
                    fields=[field], name=f"ipam_prefix_{field}_set", condition=Q(**{f"{field}__isnull": False})
                )
                for field in ("role", "tenant", "vlan", "rir")
            ),
        ]

    def __str__(self) -> str:
        return self.prefix

    @property
    def first(self) -> int:
        return bytes_to_address(self.network)

    @property
    def last(self) -> int:
        return bytes_to_address(self.broadcast)

    @property
    def span(self) -> Span:
        return Span(self.first, self.last)

    @property
    def prefix(self) -> str:
        return f"{format_address(self.first, self.ip_version)}/{self.prefix_length}"

    @property
    def ip_network(self) -> netaddr.IPNetwork:
        return netaddr.IPNetwork(self.prefix)

    @classmethod
    def natural_key_lookups(cls, values: tuple[Any, ...] | list[Any]) -> dict[str, Any]:
        from netkeel.ipam.queries import prefix_lookups

        namespace, prefix = values
        return {"namespace__name": namespace, **prefix_lookups(prefix)}


class IPAddress(BaseModel):
    host = VarbinaryIPField()
    mask_length = models.PositiveSmallIntegerField()
    ip_version = models.PositiveSmallIntegerField(choices=VERSION_CHOICES, editable=False)
    parent = models.ForeignKey(Prefix, on_delete=models.PROTECT, editable=False, related_name="ip_addresses")
    # The parent's namespace, kept here (it never changes: parents move only within a namespace) so that
    # "addresses inside this range of this namespace" is one index range scan with no join.
    namespace = models.ForeignKey(
        Namespace, on_delete=models.PROTECT, editable=False, related_name="ip_addresses", db_index=False
    )
    type = models.CharField(max_length=50, choices=IPAddressTypeChoices.flat(), default=IPAddressTypeChoices.HOST)
    status = StatusField()
    role = RoleField(null=True, blank=True)
    tenant = tenant_field()
    dns_name = models.CharField(max_length=255, blank=True, validators=[dns_name_validator])
    description = models.CharField(max_length=200, blank=True)
    nat_inside = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="nat_outside_list"
    )
    # The interfaces the address is on, read through its assignments (Nautobot's many-to-many fields, which
    # `?exclude_m2m=false` shows and the Ansible inventory reads); written as ipam/ip-address-to-interface rows.
    interfaces = models.ManyToManyField(
        "dcim.Interface", through="ipam.IPAddressToInterface", related_name="ip_addresses", blank=True
    )
    vm_interfaces = models.ManyToManyField(
        "virtualization.VMInterface", through="ipam.IPAddressToInterface", related_name="ip_addresses", blank=True
    )
    tags = TagsField()

    natural_key_field_names: ClassVar[tuple[str, ...]] = ("namespace__name", "host_text")

    class Meta:
        ordering = ["ip_version", "host", "mask_length"]
        verbose_name = "IP address"
        verbose_name_plural = "IP addresses"
        constraints = [
            # Widths differ by version (4 or 16 bytes), so a host value is unique across both versions.
            models.UniqueConstraint(fields=["namespace", "host"], name="ipam_ipaddress_unique_namespace_host")
        ]
        indexes = [models.Index(fields=["namespace", "ip_version", "host"], name="ipam_ipaddress_range")]

    def __str__(self) -> str:
        return self.address

    @property
    def host_int(self) -> int:
        return bytes_to_address(self.host)

    @property
    def host_text(self) -> str:
        return format_address(self.host_int, self.ip_version)

    @property
    def address(self) -> str:
        return f"{self.host_text}/{self.mask_length}"

    @classmethod
    def natural_key_lookups(cls, values: tuple[Any, ...] | list[Any]) -> dict[str, Any]:
        from netkeel.ipam.addresses import parse_address
        from netkeel.ipam.fields import address_to_bytes

        namespace, host = values
        parsed = parse_address(host)
        return {"namespace__name": namespace, "host": address_to_bytes(parsed.host, parsed.version)}


class IPAddressToInterface(BaseModel):
    ip_address = models.ForeignKey(IPAddress, on_delete=models.CASCADE, related_name="interface_assignments")
    # Exactly one of the two, as Nautobot's: a device's interface or a virtual machine's.
    interface = models.ForeignKey(
        "dcim.Interface", on_delete=models.CASCADE, null=True, blank=True, related_name="ip_address_assignments"
    )
    vm_interface = models.ForeignKey(
        "virtualization.VMInterface",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="ip_address_assignments",
    )
    is_primary = models.BooleanField(default=False)
    is_secondary = models.BooleanField(default=False)
    is_standby = models.BooleanField(default=False)
    is_default = models.BooleanField(default=False)
    # Nautobot's other flags of an assignment, kept as given (Nautobot gives them no behaviour either).
    is_source = models.BooleanField(default=False)
    is_destination = models.BooleanField(default=False)
    is_preferred = models.BooleanField(default=False)

    class Meta:
        ordering = ["interface", "ip_address"]
        verbose_name = "IP address assignment"
        constraints = [
            models.UniqueConstraint(fields=["ip_address", "interface"], name="ipam_ipaddresstointerface_unique"),
            models.UniqueConstraint(
                fields=["ip_address", "vm_interface"], name="ipam_ipaddresstointerface_unique_vm_interface"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ip_address} on {self.interface if self.interface_id else self.vm_interface}"

    def clean(self) -> None:
        super().clean()
        if (self.interface_id is None) == (self.vm_interface_id is None):
            message = "Give exactly one of interface and vm_interface."
            raise ValidationError({"interface": message, "vm_interface": message})
