"""Tables of the IPAM lists: prefixes and addresses by their text (sorted by address), the rest generated."""

from __future__ import annotations

from typing import Any, ClassVar

import django_tables2 as tables
from django.utils.safestring import SafeString

from netkeel.core.ui.tables import BaseTable, RelatedColumn, link, table_for
from netkeel.ipam import models as ipam


class AddressColumn(tables.Column):
    """A prefix or an address as text, linking to it, sorted by address."""

    def __init__(self, order_by: tuple[str, ...], **kwargs: Any) -> None:
        kwargs.setdefault("accessor", "pk")
        super().__init__(order_by=order_by, **kwargs)

    def render(self, record: Any) -> SafeString:
        return link(record)


class _PrefixBase(BaseTable):
    prefix = AddressColumn(("ip_version", "network", "prefix_length"), verbose_name="Prefix")


class _AddressBase(BaseTable):
    address = AddressColumn(("ip_version", "host"), verbose_name="Address")


def text_first(generated: type[BaseTable], column: str) -> type[BaseTable]:
    """`generated` with `column` (the text of the prefix or address) first, in place of the display column."""
    meta = type("Meta", (generated.Meta,), {"sequence": ("pk", column, "...", "actions")})
    table: type[BaseTable] = type(
        generated.__name__, (generated,), {"display": None, "Meta": meta, "__module__": __name__}
    )
    return table


PrefixTable = text_first(
    table_for(
        ipam.Prefix,
        base=_PrefixBase,
        default_columns=("prefix", "type", "status", "namespace", "vlan", "tenant", "role", "description", "tags"),
    ),
    "prefix",
)
IPAddressTable = text_first(
    table_for(
        ipam.IPAddress,
        base=_AddressBase,
        default_columns=("address", "status", "type", "namespace", "role", "tenant", "dns_name", "description", "tags"),
    ),
    "address",
)


class _AssignmentBase(BaseTable):
    """An assignment shows the interface's device too: a thousand rows of Ethernet1 say nothing alone."""

    device = RelatedColumn(accessor="interface__device", verbose_name="Device", order_by=("interface__device__name",))
    column_select: ClassVar[dict[str, tuple[str, ...]]] = {**BaseTable.column_select, "device": ("interface__device",)}


IPAddressToInterfaceTable = table_for(
    ipam.IPAddressToInterface,
    base=_AssignmentBase,
    default_columns=("display", "ip_address", "device", "interface", "is_primary", "is_default"),
)
NamespaceTable = table_for(ipam.Namespace, default_columns=("name", "location", "tenant", "description", "tags"))
RIRTable = table_for(ipam.RIR, default_columns=("name", "is_private", "description"))
RouteTargetTable = table_for(ipam.RouteTarget, default_columns=("name", "tenant", "description", "tags"))
VRFTable = table_for(ipam.VRF, default_columns=("name", "rd", "namespace", "status", "tenant", "description", "tags"))
VRFDeviceAssignmentTable = table_for(
    ipam.VRFDeviceAssignment, default_columns=("display", "vrf", "device", "virtual_machine", "rd", "name")
)
VRFPrefixAssignmentTable = table_for(ipam.VRFPrefixAssignment, default_columns=("display", "vrf", "prefix"))
PrefixLocationAssignmentTable = table_for(
    ipam.PrefixLocationAssignment, default_columns=("display", "prefix", "location")
)
VLANLocationAssignmentTable = table_for(ipam.VLANLocationAssignment, default_columns=("display", "vlan", "location"))
VLANGroupTable = table_for(ipam.VLANGroup, default_columns=("name", "location", "range", "description", "tags"))
VLANTable = table_for(
    ipam.VLAN, default_columns=("vid", "name", "vlan_group", "status", "role", "tenant", "description", "tags")
)


class _ServiceBase(BaseTable):
    """A service's ports as Nautobot shows them, `80, 443` or `8000-8010`."""

    ports = tables.Column(accessor="port_list", verbose_name="Ports", order_by=("ports",))


ServiceTable = table_for(
    ipam.Service,
    base=_ServiceBase,
    default_columns=("name", "device", "virtual_machine", "protocol", "ports", "description", "tags"),
)
