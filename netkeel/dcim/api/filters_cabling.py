"""Filters of the device parts and cables.

Every cable termination filters by `cable`, `has_cable` and its alias `cabled`; every path endpoint by
`connected` (its path reaches a far end and every cable on it is connected). Components filter by `device`
(name or id) and `device_id`. Cables filter by `device`: either end on that device.
"""

from __future__ import annotations

import uuid
from typing import Any, ClassVar

import django_filters
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from netaddr import EUI, AddrFormatError, mac_unix_expanded

from netkeel.core.api.filters import (
    BaseFilterSet,
    MultipleCharField,
    MultiValueCharFilter,
    MultiValueUUIDFilter,
    RelatedFilter,
)
from netkeel.dcim.api.filters_interface_groups import InterfaceGroupFilters
from netkeel.dcim.api.filters_software import SoftwareFilters
from netkeel.dcim.cabling.kinds import installed_termination_models
from netkeel.dcim.choices import VIRTUAL_INTERFACE_TYPES, WIRELESS_INTERFACE_TYPES
from netkeel.dcim.models import (
    Cable,
    CablePath,
    ConsolePort,
    ConsoleServerPort,
    Device,
    DeviceBay,
    FrontPort,
    Interface,
    InventoryItem,
    Location,
    PowerOutlet,
    PowerPort,
    Rack,
    RearPort,
)
from netkeel.tenancy.api.filters import TenancyFilterSet

COMPONENT_FIELDS = ["device", "name", "label", "description"]


class ListFilter(django_filters.Filter):
    """Repeatable values for a filter computed by a method: no lookup variants are derived from it."""

    field_class = MultipleCharField
    schema_type: ClassVar[dict[str, str]] = {"type": "string"}


class CableTerminationFilters(BaseFilterSet):
    """`cable`, `has_cable` and `cabled`: for any termination's filter set (power feeds and the kinds other
    apps register too), as a base class."""

    # By id or label; documented by id, as Nautobot's (a cable's label need not be unique).
    cable = RelatedFilter(
        field_name="cable", related=Cable, to_field="label", schema_type={"type": "string", "format": "uuid"}
    )
    cable_id = MultiValueUUIDFilter(field_name="cable_id", lookup_expr="exact")
    has_cable = django_filters.BooleanFilter(field_name="cable", lookup_expr="isnull", exclude=True)
    cabled = django_filters.BooleanFilter(field_name="cable", lookup_expr="isnull", exclude=True)
    # As Nautobot: the ends a cable (by id or label) may take: the free ones and those it already takes.
    available_for_cable = ListFilter(method="filter_available_for_cable", label="Free, or taken by this cable")

    def filter_available_for_cable(self, queryset: models.QuerySet[Any], name: str, value: Any) -> models.QuerySet[Any]:
        values = [str(v) for v in (value or []) if v not in ("", None)]
        if not values:
            return queryset
        ids, labels = _ids_and_rest(values)
        cables = Cable.objects.filter(Q(pk__in=ids) | Q(label__in=labels)).values("pk")
        return queryset.filter(Q(cable__isnull=True) | Q(cable__in=cables))


class PathEndpointFilters(CableTerminationFilters):
    """Adds `connected`: the endpoint's path is active."""

    connected = django_filters.BooleanFilter(method="filter_connected")

    def filter_connected(self, queryset: models.QuerySet[Any], name: str, value: bool | None) -> models.QuerySet[Any]:
        if value is None:
            return queryset
        active = Exists(CablePath.objects.filter(origin_id=OuterRef("pk"), is_active=True))
        return queryset.filter(active) if value else queryset.exclude(active)


class ComponentFilterSet(BaseFilterSet):
    search_fields: ClassVar[tuple[str, ...]] = ("name", "label", "description")

    device_id = MultiValueUUIDFilter(field_name="device_id", lookup_expr="exact")
    # The device's location, or one below it.
    location = RelatedFilter(field_name="device__location", related=Location)


class ConsolePortFilterSet(PathEndpointFilters, ComponentFilterSet):
    class Meta:
        model = ConsolePort
        fields = [*COMPONENT_FIELDS, "type"]


class ConsoleServerPortFilterSet(PathEndpointFilters, ComponentFilterSet):
    class Meta:
        model = ConsoleServerPort
        fields = [*COMPONENT_FIELDS, "type"]


class PowerPortFilterSet(PathEndpointFilters, ComponentFilterSet):
    relations = {"power_outlets": "power_outlets"}
    has_relations = relations

    class Meta:
        model = PowerPort
        fields = [*COMPONENT_FIELDS, "type", "maximum_draw", "allocated_draw", "power_factor"]


class PowerOutletFilterSet(PathEndpointFilters, ComponentFilterSet):
    power_port_id = MultiValueUUIDFilter(field_name="power_port_id", lookup_expr="exact")
    # By id, as Nautobot takes it (a port's name is not unique).
    power_port = RelatedFilter(field_name="power_port", related=PowerPort, to_field="pk", descendants=False)

    class Meta:
        model = PowerOutlet
        fields = [*COMPONENT_FIELDS, "type", "power_port", "feed_leg"]


def a_uuid(value: str) -> None:
    try:
        uuid.UUID(str(value))
    except ValueError:
        raise ValidationError(f"{value!r} is not a valid id (a UUID).") from None


class MACAddressFilter(MultiValueCharFilter):
    """MAC addresses as stored (`AA:BB:CC:00:11:22`), whatever notation the client writes. Only a whole
    address is rewritten: a part of one (`__isw=aa:bb:cc`) is matched as written, since netaddr would read
    `aa:bb:cc` as the address 00:AA:00:BB:00:CC."""

    def filter(self, qs: models.QuerySet[Any], value: Any) -> models.QuerySet[Any]:
        if self.lookup_expr not in ("exact", "iexact"):
            return super().filter(qs, value)
        normalised = []
        for item in value or []:
            try:
                normalised.append(str(EUI(item, dialect=mac_unix_expanded)).upper())
            except (AddrFormatError, TypeError, ValueError):
                normalised.append(str(item))
        return super().filter(qs, normalised)


INTERFACE_KINDS = ("physical", "virtual", "wireless")


class InterfaceFilterSet(InterfaceGroupFilters, PathEndpointFilters, ComponentFilterSet):
    search_fields = ("name", "label", "description", "mac_address")

    device = RelatedFilter(field_name="device", related=Device, to_field="name", method="filter_device")
    device_id = MultiValueUUIDFilter(field_name="device_id", method="filter_device")
    device_with_common_vc = django_filters.UUIDFilter(method="filter_device_with_common_vc")
    mac_address = MACAddressFilter(field_name="mac_address", lookup_expr="exact")
    # Nautobot's choices, `null` among them: every interface is of a kind, so `?kind=null` finds none.
    kind = django_filters.ChoiceFilter(
        choices=[(kind, kind) for kind in INTERFACE_KINDS], null_label="None", method="filter_kind"
    )
    lag_id = MultiValueUUIDFilter(field_name="lag_id", lookup_expr="exact")
    relations = {name: name for name in ("bridged_interfaces", "child_interfaces", "member_interfaces")}
    # As Nautobot: the interfaces carrying a VLAN, untagged or tagged, by its VID or its id.
    vlan = django_filters.NumberFilter(method="filter_vlan", label="Carries the VLAN with this VID")
    vlan_id = django_filters.CharFilter(
        method="filter_vlan_id", label="Carries the VLAN with this id", validators=[a_uuid]
    )
    has_relations = {**relations, "ip_addresses": "ip_address_assignments", "tagged_vlans": "tagged_vlans"}

    class Meta:
        model = Interface
        fields = [
            *COMPONENT_FIELDS,
            "type",
            "status",
            "role",
            "enabled",
            "mgmt_only",
            "mtu",
            "mode",
            "lag",
            "parent_interface",
            "bridge",
            "untagged_vlan",
            "tagged_vlans",
            "vrf",
            "speed",
            "duplex",
            "port_type",
            "breakout_position",
        ]

    def filter_device(self, queryset: models.QuerySet[Any], name: str, value: Any) -> models.QuerySet[Any]:
        """A device's interfaces; a virtual chassis master's include its members' interfaces except their
        management-only ones (Nautobot's `Device.vc_interfaces`), by name or id (`device`) or id (`device_id`)."""
        values = [v for v in (value or []) if v not in ("", None)]
        if not values:
            return queryset
        devices = Device.objects.filter(_ids_or_names(Device, values)).values("pk")
        members = Q(device__virtual_chassis__master__in=devices, mgmt_only=False)
        return queryset.filter(Q(device__in=devices) | members)

    def filter_vlan(self, queryset: models.QuerySet[Any], name: str, value: float) -> models.QuerySet[Any]:
        if value is None:
            return queryset
        return self._carrying(queryset, Q(untagged_vlan__vid=value) | Q(tagged_vlans__vid=value))

    def filter_vlan_id(self, queryset: models.QuerySet[Any], name: str, value: str) -> models.QuerySet[Any]:
        if not value:
            return queryset
        return self._carrying(queryset, Q(untagged_vlan_id=value) | Q(tagged_vlans__id=value))

    @staticmethod
    def _carrying(queryset: models.QuerySet[Any], condition: Q) -> models.QuerySet[Any]:
        return queryset.filter(pk__in=Interface._base_manager.filter(condition).values("pk"))

    def filter_device_with_common_vc(
        self, queryset: models.QuerySet[Any], name: str, value: Any
    ) -> models.QuerySet[Any]:
        """The interfaces of a device and of every other member of its virtual chassis (Nautobot's
        `Device.common_vc_interfaces`); none for a device that does not exist."""
        if value is None:
            return queryset
        device = Device.objects.filter(pk=value).values("pk", "virtual_chassis_id").first()
        if device is None:
            return queryset.none()
        if device["virtual_chassis_id"] is None:
            return queryset.filter(device_id=device["pk"])
        return queryset.filter(device__virtual_chassis_id=device["virtual_chassis_id"])

    def filter_kind(self, queryset: models.QuerySet[Any], name: str, value: str) -> models.QuerySet[Any]:
        special = VIRTUAL_INTERFACE_TYPES | WIRELESS_INTERFACE_TYPES
        if value == "virtual":
            return queryset.filter(type__in=VIRTUAL_INTERFACE_TYPES)
        if value == "wireless":
            return queryset.filter(type__in=WIRELESS_INTERFACE_TYPES)
        if value == "physical":
            return queryset.exclude(type__in=special)
        return queryset.none()  # null: no interface is of no kind


def _ids_and_rest(values: list[str]) -> tuple[list[uuid.UUID], list[str]]:
    """The values that are ids (UUIDs), and the others."""
    ids, rest = [], []
    for value in values:
        try:
            ids.append(uuid.UUID(str(value)))
        except ValueError:
            rest.append(str(value))
    return ids, rest


def _ids_or_names(model: type[models.Model], values: list[str]) -> Q:
    """`pk in ids | name in names`, for values that mix the two."""
    ids, names = _ids_and_rest(values)
    return Q(pk__in=ids) | Q(name__in=names)


class RearPortFilterSet(CableTerminationFilters, ComponentFilterSet):
    relations = {"front_ports": "frontports"}
    has_relations = relations

    class Meta:
        model = RearPort
        fields = [*COMPONENT_FIELDS, "type", "positions"]


class FrontPortFilterSet(CableTerminationFilters, ComponentFilterSet):
    rear_port_id = MultiValueUUIDFilter(field_name="rear_port_id", lookup_expr="exact")

    class Meta:
        model = FrontPort
        fields = [*COMPONENT_FIELDS, "type", "rear_port", "rear_port_position"]


class DeviceBayFilterSet(ComponentFilterSet):
    class Meta:
        model = DeviceBay
        fields = [*COMPONENT_FIELDS, "installed_device"]


class InventoryItemFilterSet(SoftwareFilters, ComponentFilterSet):
    search_fields = ("name", "label", "description", "part_id", "serial", "asset_tag")
    relations = {"children": "children"}
    has_relations = relations

    class Meta:
        model = InventoryItem
        fields = [*COMPONENT_FIELDS, "parent", "manufacturer", "part_id", "serial", "asset_tag", "discovered"]


# --------------------------------------------------------------------------------------------- cables


class TerminationTypeFilter(ListFilter):
    """`termination_a_type=dcim.interface`: content types by `app_label.model`."""

    def filter(self, qs: models.QuerySet[Any], value: Any) -> models.QuerySet[Any]:
        kinds = [str(v).lower() for v in (value or []) if v not in ("", None)]
        if not kinds:
            return qs
        condition = Q()
        for kind in kinds:
            app_label, _, model = kind.partition(".")
            condition |= Q(app_label=app_label, model=model)
        types = ContentType.objects.filter(condition).values("pk")
        return qs.filter(**{f"{self.field_name}__in": types})


class CableFilterSet(TenancyFilterSet):
    search_fields = ("label",)

    termination_a_type = TerminationTypeFilter(field_name="termination_a_type")
    termination_b_type = TerminationTypeFilter(field_name="termination_b_type")
    termination_a_id = MultiValueUUIDFilter(field_name="termination_a_id", lookup_expr="exact")
    termination_b_id = MultiValueUUIDFilter(field_name="termination_b_id", lookup_expr="exact")
    device = ListFilter(method="filter_device", label="Device (name or id) at either end")
    device_id = MultiValueUUIDFilter(method="filter_device", label="Device id at either end")
    # As Nautobot: a device at either end in that rack or location (a location takes the ones below it).
    rack = ListFilter(method="filter_rack", label="Rack (name or id) of a device at either end")
    rack_id = MultiValueUUIDFilter(method="filter_rack", label="Rack id of a device at either end")
    location = ListFilter(method="filter_location", label="Location (name or id) of a device at either end")
    location_id = MultiValueUUIDFilter(method="filter_location", label="Location id of a device at either end")
    termination_type = TerminationTypeFilter(method="filter_termination_type", label="Kind of either end")
    termination_id = MultiValueUUIDFilter(method="filter_termination_id", label="Id of either end")
    is_disconnected = django_filters.BooleanFilter(
        method="filter_is_disconnected", label="Is disconnected (missing one or both side terminations)"
    )

    class Meta:
        model = Cable
        fields = ["status", "type", "label", "color", "length", "length_unit", "tenant"]

    def filter_device(self, queryset: models.QuerySet[Any], name: str, value: Any) -> models.QuerySet[Any]:
        values = [str(v) for v in (value or []) if v not in ("", None)]
        if not values:
            return queryset
        return self._ends_on(queryset, Device.objects.filter(_ids_or_names(Device, values)).values("pk"))

    def filter_is_disconnected(self, queryset: models.QuerySet[Any], name: str, value: bool | None) -> Any:
        """Nautobot's cables missing an end. A cable here is made with both ends and keeps them (deleting an
        end deletes its cable), so none is disconnected."""
        if value is None:
            return queryset
        return queryset.none() if value else queryset

    def filter_rack(self, queryset: models.QuerySet[Any], name: str, value: Any) -> models.QuerySet[Any]:
        values = [str(v) for v in (value or []) if v not in ("", None)]
        if not values:
            return queryset
        racks = Rack.objects.filter(_ids_or_names(Rack, values)).values("pk")
        return self._ends_on(queryset, Device.objects.filter(rack__in=racks).values("pk"))

    def filter_location(self, queryset: models.QuerySet[Any], name: str, value: Any) -> models.QuerySet[Any]:
        values = [str(v) for v in (value or []) if v not in ("", None)]
        if not values:
            return queryset
        roots = Location.objects.filter(_ids_or_names(Location, values)).values_list("pk", flat=True)
        below = Location.descendant_ids(list(roots))
        return self._ends_on(queryset, Device.objects.filter(location_id__in=below).values("pk"))

    def filter_termination_type(self, queryset: models.QuerySet[Any], name: str, value: Any) -> models.QuerySet[Any]:
        ends = TerminationTypeFilter(field_name="termination_a_type")
        either = ends.filter(queryset, value).values("pk")
        ends.field_name = "termination_b_type"
        return queryset.filter(Q(pk__in=either) | Q(pk__in=ends.filter(queryset, value).values("pk")))

    def filter_termination_id(self, queryset: models.QuerySet[Any], name: str, value: Any) -> models.QuerySet[Any]:
        if not value:
            return queryset
        return queryset.filter(Q(termination_a_id__in=value) | Q(termination_b_id__in=value))

    @staticmethod
    def _ends_on(queryset: models.QuerySet[Any], devices: models.QuerySet[Any]) -> models.QuerySet[Any]:
        """Cables with either end on one of `devices`."""
        condition = Q()
        for model in installed_termination_models().values():
            if not any(field.name == "device" for field in model._meta.concrete_fields):
                continue
            content_type = ContentType.objects.get_for_model(model)
            ends = model._default_manager.filter(device__in=devices).values("pk")
            condition |= Q(termination_a_type=content_type, termination_a_id__in=ends)
            condition |= Q(termination_b_type=content_type, termination_b_id__in=ends)
        return queryset.filter(condition)


class ConnectionFilters(django_filters.FilterSet):
    """`location` of the `…-connections` lists: the device's location (or one below it), by name or id."""

    location = RelatedFilter(field_name="device__location", related=Location, to_field="name")


class ConsoleConnectionFilterSet(ConnectionFilters, ConsolePortFilterSet):
    pass


class PowerConnectionFilterSet(ConnectionFilters, PowerPortFilterSet):
    pass


class InterfaceConnectionFilterSet(ConnectionFilters, InterfaceFilterSet):
    pass
