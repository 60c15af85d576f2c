"""Tables of the DCIM lists and device tabs: the generated ones with their first columns chosen, counts the
API annotates, and the cabling columns of everything a cable plugs into.

The cabling columns (cable, peer, connected endpoint, trace) read a `RowCabling` that the table prepares
once, for the rows of the page being rendered, the first time one of them renders: a page costs the same
queries whatever its length, on list pages and device tabs alike.
"""

from __future__ import annotations

from typing import Any, ClassVar
from urllib.parse import urlencode

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.safestring import SafeString

from netkeel.core.ui import visibility
from netkeel.core.ui.tables import EMPTY, HEX_COLOUR, BaseTable, link, table_for
from netkeel.dcim import models as dcim
from netkeel.dcim.cabling.kinds import kind_of
from netkeel.dcim.cabling.read import cable_ends as ends_of
from netkeel.dcim.ui.cabling import RowCabling, cable_name, owner_of, termination_label


def row_cabling(table: Any) -> RowCabling:
    """The table's `RowCabling`, prepared for the rows of its current page."""
    cabling = getattr(table, "_row_cabling", None)
    if cabling is None:
        rows = table.paginated_rows
        records = list(getattr(rows, "data", rows))
        cabling = RowCabling()
        cabling.prepare(records)
        note_cabling(cabling, [record._state.fields_cache.get("cable") for record in records])
        table._row_cabling = cabling
    return cabling


def note_cabling(cabling: RowCabling, cables: list[Any]) -> None:
    """Whether the reader may view each cable, far termination and its device the page names: one query per
    kind they may view only in part (`core.ui.visibility`)."""
    terminations = [obj for obj in cabling.objects.values() if obj is not None]
    visibility.note([*cables, *terminations, *(owner_of(obj) for obj in terminations)])


def termination_cell(termination: Any) -> SafeString:
    """`device › port`, or only the port's id when the reader may not view the port or its device."""
    if termination is not None:
        owner = owner_of(termination)
        if not visibility.may_see(termination) or (owner is not None and not visibility.may_see(owner)):
            return visibility.hidden(termination)
    return termination_label(termination)


def cable_badge(cable: Any) -> SafeString:
    """A cable as its colour and label, linking to its page."""
    from netkeel.core.ui.registry import object_url

    if not visibility.may_see(cable):
        return visibility.hidden(cable)
    url = object_url(cable) or ""
    if cable.color and HEX_COLOUR.match(cable.color):
        return format_html(
            '<a href="{}" class="text-nowrap"><span class="nk-swatch" style="background-color:#{}"></span> {}</a>',
            url,
            cable.color,
            cable_name(cable),
        )
    return format_html('<a href="{}" class="text-nowrap"><i class="bi bi-plug"></i> {}</a>', url, cable_name(cable))


class CableColumn(tables.Column):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("empty_values", ())
        kwargs.setdefault("orderable", False)
        super().__init__(**kwargs)

    def render(self, record: Any, table: Any) -> SafeString:
        cable = row_cabling(table).of(record).cable
        return cable_badge(cable) if cable is not None else format_html("{}", EMPTY)


class PeerColumn(tables.Column):
    """The termination at the other end of the row's cable, with its device."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("empty_values", ())
        kwargs.setdefault("orderable", False)
        kwargs.setdefault("verbose_name", "Cable peer")
        super().__init__(**kwargs)

    def render(self, record: Any, table: Any) -> SafeString:
        peer = row_cabling(table).of(record).peer
        return termination_cell(peer) if peer is not None else format_html("{}", EMPTY)


class EndpointColumn(tables.Column):
    """The far end of the path from the row (green when the path is complete and connected)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("empty_values", ())
        kwargs.setdefault("orderable", False)
        kwargs.setdefault("verbose_name", "Connected endpoint")
        super().__init__(**kwargs)

    def render(self, record: Any, table: Any) -> SafeString:
        row = row_cabling(table).of(record)
        if row.endpoint is None:
            if row.cable is not None and row.reachable is not None:
                return format_html('<span class="text-warning-emphasis">{}</span>', "incomplete path")
            return format_html("{}", EMPTY)
        icon = "bi-circle-fill text-success" if row.reachable else "bi-circle text-secondary"
        state = "reachable" if row.reachable else "not reachable"
        return format_html('<i class="bi {} small" title="{}"></i> {}', icon, state, termination_cell(row.endpoint))


class TraceColumn(tables.Column):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("empty_values", ())
        kwargs.setdefault("orderable", False)
        kwargs.setdefault("verbose_name", "")
        kwargs.setdefault("attrs", {"td": {"class": "text-nowrap"}})
        super().__init__(**kwargs)

    def render(self, record: Any, table: Any) -> SafeString:
        url = row_cabling(table).of(record).trace_url
        connect = getattr(table, "connect_url", None)
        if not url and record.cable_id is None and connect:
            query = urlencode(
                {
                    "termination_a_type": kind_of(record),
                    "termination_a_id": record.pk,
                    "return_url": getattr(table, "back_url", ""),
                }
            )
            return format_html(
                '<a class="btn btn-sm btn-outline-success" href="{}?{}" title="Connect a cable">'
                '<i class="bi bi-plug"></i> Connect</a>',
                connect,
                query,
            )
        if not url:
            return format_html("{}", "")
        return format_html(
            '<a class="btn btn-sm btn-outline-primary" href="{}" title="Trace the cable path">'
            '<i class="bi bi-bezier2"></i> Trace</a>',
            url,
        )


class TerminationTable(BaseTable):
    """Cable, peer and trace columns for ports a path passes (front and rear ports)."""

    cable = CableColumn()
    cable_peer = PeerColumn()
    trace = TraceColumn()

    column_select: ClassVar[dict[str, tuple[str, ...]]] = {"cable": ("cable",)}


class EndpointTable(BaseTable):
    """…and the connected endpoint, for ports a path starts at."""

    cable = CableColumn()
    cable_peer = PeerColumn()
    connected_endpoint = EndpointColumn()
    trace = TraceColumn()

    column_select: ClassVar[dict[str, tuple[str, ...]]] = {"cable": ("cable",)}


class CountColumn(tables.Column):
    """A count the API queryset annotates (`device_count`)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("attrs", {"td": {"class": "text-end"}, "th": {"class": "text-end"}})
        super().__init__(**kwargs)


# ---------------------------------------------------------------------------------------------- tables

COMPONENT = ("name", "device", "label", "type")

LocationTypeTable = table_for(dcim.LocationType, default_columns=("name", "parent", "nestable", "description"))
LocationTable = table_for(
    dcim.Location, default_columns=("name", "location_type", "parent", "status", "tenant", "facility", "tags")
)
RackGroupTable = table_for(dcim.RackGroup, default_columns=("name", "location", "parent", "description"))


class _RackBase(BaseTable):
    device_count = CountColumn(verbose_name="Devices")


RackTable = table_for(
    dcim.Rack,
    base=_RackBase,
    default_columns=("name", "location", "rack_group", "status", "role", "tenant", "u_height", "device_count", "tags"),
)
RackReservationTable = table_for(
    dcim.RackReservation, default_columns=("display", "rack", "units", "user", "description", "tags")
)


class _ManufacturerBase(BaseTable):
    device_type_count = CountColumn(verbose_name="Device types")
    platform_count = CountColumn(verbose_name="Platforms")


ManufacturerTable = table_for(
    dcim.Manufacturer, base=_ManufacturerBase, default_columns=("name", "device_type_count", "platform_count")
)


class _DeviceCountBase(BaseTable):
    device_count = CountColumn(verbose_name="Devices")


PlatformTable = table_for(
    dcim.Platform,
    base=_DeviceCountBase,
    default_columns=("name", "manufacturer", "network_driver", "device_count", "description"),
)
DeviceTypeTable = table_for(
    dcim.DeviceType,
    base=_DeviceCountBase,
    default_columns=("model", "manufacturer", "part_number", "u_height", "is_full_depth", "device_count", "tags"),
)


class _DeviceFamilyBase(BaseTable):
    device_type_count = CountColumn(verbose_name="Device types")


DeviceFamilyTable = table_for(
    dcim.DeviceFamily, base=_DeviceFamilyBase, default_columns=("name", "device_type_count", "description", "tags")
)
DeviceRedundancyGroupTable = table_for(
    dcim.DeviceRedundancyGroup, default_columns=("name", "status", "failover_strategy", "description", "tags")
)
TEMPLATE_TABLES = {
    model: table_for(model, default_columns=("name", "device_type", "label", "type", "description"))
    for model in dcim.TEMPLATE_MODELS
}
DeviceTable = table_for(
    dcim.Device,
    default_columns=(
        "name",
        "status",
        "role",
        "device_type",
        "location",
        "rack",
        "tenant",
        "primary_ip4",
        "tags",
    ),
)


class _VirtualChassisBase(BaseTable):
    member_count = CountColumn(verbose_name="Members")


VirtualChassisTable = table_for(
    dcim.VirtualChassis, base=_VirtualChassisBase, default_columns=("name", "domain", "master", "member_count", "tags")
)


class _PowerPanelBase(BaseTable):
    power_feed_count = CountColumn(verbose_name="Power feeds")


PowerPanelTable = table_for(
    dcim.PowerPanel,
    base=_PowerPanelBase,
    default_columns=("name", "location", "rack_group", "power_feed_count", "tags"),
)
PowerFeedTable = table_for(
    dcim.PowerFeed,
    base=EndpointTable,
    default_columns=(
        "name",
        "power_panel",
        "rack",
        "status",
        "type",
        "voltage",
        "amperage",
        "cable",
        "cable_peer",
        "connected_endpoint",
        "trace",
    ),
)

CABLED = ("cable", "cable_peer", "connected_endpoint", "trace")
ConsolePortTable = table_for(dcim.ConsolePort, base=EndpointTable, default_columns=(*COMPONENT, *CABLED))
ConsoleServerPortTable = table_for(dcim.ConsoleServerPort, base=EndpointTable, default_columns=(*COMPONENT, *CABLED))
PowerPortTable = table_for(
    dcim.PowerPort, base=EndpointTable, default_columns=(*COMPONENT, "maximum_draw", "allocated_draw", *CABLED)
)
PowerOutletTable = table_for(
    dcim.PowerOutlet, base=EndpointTable, default_columns=(*COMPONENT, "power_port", "feed_leg", *CABLED)
)


class _InterfaceBase(EndpointTable):
    mtu = tables.Column(verbose_name="MTU")
    mac_address = tables.Column(verbose_name="MAC address")


InterfaceTable = table_for(
    dcim.Interface,
    base=_InterfaceBase,
    default_columns=("name", "device", "label", "type", "enabled", "mtu", "mode", "description", *CABLED),
)
FrontPortTable = table_for(
    dcim.FrontPort,
    base=TerminationTable,
    default_columns=(*COMPONENT, "rear_port", "rear_port_position", "cable", "cable_peer", "trace"),
)
RearPortTable = table_for(
    dcim.RearPort, base=TerminationTable, default_columns=(*COMPONENT, "positions", "cable", "cable_peer", "trace")
)
DeviceBayTable = table_for(
    dcim.DeviceBay, default_columns=("name", "device", "label", "installed_device", "description")
)
InventoryItemTable = table_for(
    dcim.InventoryItem,
    default_columns=(
        "name",
        "device",
        "parent",
        "label",
        "manufacturer",
        "part_id",
        "serial",
        "asset_tag",
        "discovered",
    ),
)


def cable_ends(table: Any) -> RowCabling:
    """The terminations of the cables on the table's current page, loaded a query per kind."""
    cabling = getattr(table, "_cable_ends", None)
    if cabling is None:
        rows = table.paginated_rows
        cabling = RowCabling()
        cabling.load(ref for cable in getattr(rows, "data", rows) for ref in ends_of(cable))
        note_cabling(cabling, [])
        table._cable_ends = cabling
    return cabling


class CableEndColumn(tables.Column):
    """Side A or B of a cable, as `device › port`."""

    def __init__(self, side: int, **kwargs: Any) -> None:
        self.side = side
        kwargs.setdefault("empty_values", ())
        kwargs.setdefault("orderable", False)
        kwargs.setdefault("accessor", "pk")
        super().__init__(**kwargs)

    def render(self, record: Any, table: Any) -> SafeString:
        termination = cable_ends(table).objects.get(ends_of(record)[self.side])
        return termination_cell(termination)


class CableLabelColumn(tables.Column):
    """The label, or the cable's number when it has none: a link either way."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("empty_values", ())
        super().__init__(**kwargs)

    def render(self, record: Any) -> SafeString:
        return link(record, cable_name(record))


class _CableBase(BaseTable):
    label = CableLabelColumn(verbose_name="Label")
    side_a = CableEndColumn(0, verbose_name="Side A")
    side_b = CableEndColumn(1, verbose_name="Side B")


CableTable = table_for(
    dcim.Cable,
    base=_CableBase,
    default_columns=("label", "side_a", "side_b", "type", "status", "color", "length", "tags"),
)
