"""Filters of the location, rack, device family and type, device, redundancy group, virtual chassis and power
endpoints.

Related objects are named by id or name (a device type by its model); a `location` filter includes the
locations below it, while `parent` means the direct parent only, as in Nautobot (`subtree` takes a whole
branch).
"""

from __future__ import annotations

import operator
import zoneinfo
from collections.abc import Callable
from typing import Any

import django_filters
from django.db import models
from django.db.models import Q

from netkeel.core.api.filters import (
    BaseFilterSet,
    HasRelatedFilter,
    MultipleCharField,
    MultipleNumberField,
    MultiValueCharFilter,
    NumberChoiceFilter,
    RelatedFilter,
    as_text_lookups,
    documented_as,
)
from netkeel.dcim.api.filters_cabling import MACAddressFilter, PathEndpointFilters
from netkeel.dcim.api.filters_controllers import ManagedDeviceFilters
from netkeel.dcim.api.filters_software import SoftwareFilters, image_files
from netkeel.dcim.models import (
    ConsolePortTemplate,
    ConsoleServerPortTemplate,
    Device,
    DeviceBayTemplate,
    DeviceFamily,
    DeviceRedundancyGroup,
    DeviceType,
    FrontPortTemplate,
    InterfaceTemplate,
    Location,
    LocationType,
    Manufacturer,
    Platform,
    PowerFeed,
    PowerOutletTemplate,
    PowerPanel,
    PowerPortTemplate,
    Rack,
    RackGroup,
    RackReservation,
    RearPortTemplate,
    VirtualChassis,
)
from netkeel.tenancy.api.filters import TenancyFilterSet


class ContentTypeFilter(django_filters.Filter):
    """Rows whose `content_types` include any of the given object types (`?content_types=dcim.device`)."""

    field_class = MultipleCharField

    def __init__(self, *args: Any, negate: bool = False, **kwargs: Any) -> None:
        self.negate = negate  # `__n`: rows whose content types include none of them
        super().__init__(*args, **kwargs)

    def filter(self, qs: models.QuerySet[Any], value: Any) -> models.QuerySet[Any]:
        condition = Q()
        for item in [v for v in (value or []) if v]:
            app_label, _, model = str(item).lower().partition(".")
            condition |= Q(**{f"{self.field_name}__app_label": app_label, f"{self.field_name}__model": model})
        if not condition:
            return qs
        matching = Q(pk__in=qs.model._base_manager.filter(condition).values("pk"))
        return qs.exclude(matching) if self.negate else qs.filter(matching)


# --------------------------------------------------------------------------------------------- locations


class LocationTypeFilterSet(BaseFilterSet):
    search_fields = ("name", "description")
    parent = RelatedFilter(field_name="parent", related=LocationType, descendants=False)
    content_types = ContentTypeFilter(field_name="content_types")
    content_types__n = ContentTypeFilter(field_name="content_types", negate=True)

    class Meta:
        model = LocationType
        fields = ["name", "description", "nestable"]


# The zones a location's `time_zone` filter takes, as Nautobot lists them (the tz database but its "Factory").
TIME_ZONE_CHOICES = [(zone, zone) for zone in sorted(zoneinfo.available_timezones() - {"Factory"})]


class TreeRelationFilter(RelatedFilter):
    """Objects of `tree_model` named by name or id, whose rows a subclass selects its own way (`matching`)."""

    tree_model: type[models.Model]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.update(related=self.tree_model, descendants=False)
        super().__init__(*args, **kwargs)

    def matching(self, ids: set[Any]) -> Q:
        raise NotImplementedError

    def filter(self, qs: models.QuerySet[Any], value: Any) -> models.QuerySet[Any]:
        values = [v for v in (value or []) if v not in ("", None)]
        return qs.filter(self.matching(self.resolve(values)[0])) if values else qs


class ChildLocationTypeFilter(TreeRelationFilter):
    """Locations that may hold a location of the given types, as Nautobot's `child_location_type`: their type
    is a parent of one, or is one that nests."""

    tree_model = LocationType

    def matching(self, ids: set[Any]) -> Q:
        condition = Q(location_type__children__in=ids) | Q(location_type__in=ids, location_type__nestable=True)
        return Q(pk__in=Location.objects.filter(condition).values("pk"))


class LocationAncestorsFilter(TreeRelationFilter):
    """Rows at the given locations or at any location above them, as Nautobot's rack group `ancestors`."""

    tree_model = Location

    def matching(self, ids: set[Any]) -> Q:
        return Q(**{f"{self.field_name}__in": Location.ancestor_ids(ids)})


class LocationFilterSet(TenancyFilterSet):
    search_fields = ("name", "description", "facility", "physical_address", "shipping_address", "comments")
    relations = {
        name: name
        for name in (
            "devices",
            "power_panels",
            "prefixes",
            "rack_groups",
            "racks",
            "vlan_groups",
            "vlans",
        )
    }
    relations_by_id = frozenset({"prefixes"})
    has_relations = relations
    parent = RelatedFilter(field_name="parent", related=Location, descendants=False)
    subtree = RelatedFilter(field_name="id", related=Location)
    content_type = ContentTypeFilter(field_name="location_type__content_types")
    content_type__n = ContentTypeFilter(field_name="location_type__content_types", negate=True)
    child_location_type = ChildLocationTypeFilter(field_name="location_type", label="Child location type (name or ID)")
    max_depth = documented_as(
        {"type": "number"},
        django_filters.NumberFilter(method="filter_max_depth", label="Maximum nesting depth within parent Locations"),
    )
    time_zone = django_filters.MultipleChoiceFilter(choices=TIME_ZONE_CHOICES, label="Time zone")

    class Meta:
        model = Location
        fields = [
            "name",
            "description",
            "location_type",
            "status",
            "tenant",
            "facility",
            "asn",
            "time_zone",
            "contact_name",
            "contact_phone",
            "contact_email",
            "comments",
            "latitude",
            "longitude",
            "physical_address",
            "shipping_address",
        ]

    def filter_max_depth(self, queryset: models.QuerySet[Any], name: str, value: float | None) -> Any:
        """Nautobot's `max_depth`: the locations with fewer than `value` locations above them (1: the roots);
        below 1, all. A chain of parents is joined only as deep as the tree goes."""
        if value is None or value < 1:
            return queryset
        for level in range(1, int(value) + 1):
            deeper = Q(**{f"{'parent__' * level}isnull": False})
            if not Location.objects.filter(deeper).exists():
                return queryset
        return queryset.exclude(deeper)


# As Nautobot: a location's time zone, one of a list, also by its text lookups.
LocationFilterSet.add_filters(**as_text_lookups("time_zone"))


class RackGroupFilterSet(BaseFilterSet):
    search_fields = ("name", "description")
    relations = {"children": "children", "power_panels": "power_panels", "racks": "racks"}
    relations_by_id = frozenset({"racks"})
    has_relations = relations
    parent = RelatedFilter(field_name="parent", related=RackGroup, descendants=False)
    ancestors = LocationAncestorsFilter(field_name="location", label="Location(s) and ancestors thereof (name or ID)")

    class Meta:
        model = RackGroup
        fields = ["name", "description", "location"]


class RackFilterSet(TenancyFilterSet):
    search_fields = ("name", "facility_id", "serial", "asset_tag", "comments")
    relations = {"devices": "devices", "power_feeds": "power_feeds", "rack_reservations": "reservations"}
    relations_by_id = frozenset({"devices", "rack_reservations"})
    has_relations = relations

    class Meta:
        model = Rack
        fields = [
            "name",
            "facility_id",
            "location",
            "rack_group",
            "status",
            "role",
            "tenant",
            "serial",
            "asset_tag",
            "type",
            "width",
            "u_height",
            "desc_units",
            "outer_width",
            "outer_depth",
            "outer_unit",
            "comments",
        ]


# As Nautobot: a rack's width (a number chosen from a list) also by its text lookups.
RackFilterSet.add_filters(**as_text_lookups("width", NumberChoiceFilter))


class RackReservationFilterSet(TenancyFilterSet):
    search_fields = ("description", "rack__name", "user__username")
    location = RelatedFilter(field_name="rack__location", related=Location)
    rack_group = RelatedFilter(field_name="rack__rack_group", related=RackGroup)

    class Meta:
        model = RackReservation
        fields = ["rack", "user", "description", "tenant"]


# --------------------------------------------------------------------------------------------- device types


class ManufacturerFilterSet(BaseFilterSet):
    search_fields = ("name", "description")
    relations = {"device_types": "device_types", "inventory_items": "inventory_items", "platforms": "platforms"}
    has_relations = relations

    class Meta:
        model = Manufacturer
        fields = ["name", "description"]


class PlatformFilterSet(BaseFilterSet):
    search_fields = ("name", "description", "network_driver", "napalm_driver")
    relations = {"devices": "devices"}
    relations_by_id = frozenset({"devices"})
    has_relations = relations

    # Nautobot's: a text the arguments' JSON contains, any case (`?napalm_args=secret` finds {"secret": …}).
    napalm_args = documented_as(
        {"type": "string"}, MultiValueCharFilter(field_name="napalm_args", lookup_expr="icontains")
    )

    class Meta:
        model = Platform
        fields = ["name", "manufacturer", "network_driver", "napalm_driver", "description"]


TEMPLATE_RELATIONS = (
    "console_port_templates",
    "console_server_port_templates",
    "device_bay_templates",
    "front_port_templates",
    "interface_templates",
    "power_outlet_templates",
    "power_port_templates",
    "rear_port_templates",
)


class DeviceFamilyFilterSet(BaseFilterSet):
    search_fields = ("name", "description")
    relations = {"device_types": "device_types"}
    has_relations = relations

    class Meta:
        model = DeviceFamily
        fields = ["name", "description"]


class DeviceTypeFilterSet(BaseFilterSet):
    search_fields = ("model", "part_number", "comments")
    # A device type's templates by their API names; the relation is the model's name (`consoleporttemplates`).
    relations = {
        **{name: name.replace("_", "") for name in TEMPLATE_RELATIONS},
        "devices": "devices",
    }
    relations_by_id = frozenset({"devices"})
    has_relations = relations
    # Nautobot's older names for "has … templates".
    console_ports = HasRelatedFilter(field_name="consoleporttemplates")
    console_server_ports = HasRelatedFilter(field_name="consoleserverporttemplates")
    device_bays = HasRelatedFilter(field_name="devicebaytemplates")
    interfaces = HasRelatedFilter(field_name="interfacetemplates")
    power_outlets = HasRelatedFilter(field_name="poweroutlettemplates")
    power_ports = HasRelatedFilter(field_name="powerporttemplates")
    pass_through_ports = django_filters.BooleanFilter(method="filter_pass_through_ports")
    software_image_files = image_files("software_image_files")
    has_software_image_files = HasRelatedFilter(field_name="software_image_files", label="Has software image files")

    class Meta:
        model = DeviceType
        fields = [
            "manufacturer",
            "device_family",
            "model",
            "part_number",
            "u_height",
            "is_full_depth",
            "subdevice_role",
            "comments",
        ]

    def filter_pass_through_ports(self, queryset: models.QuerySet[Any], name: str, value: bool | None) -> Any:
        """Device types with front or rear port templates (Nautobot's `pass_through_ports`)."""
        if value is None:
            return queryset
        with_ports = DeviceType._base_manager.filter(
            Q(frontporttemplates__isnull=False) | Q(rearporttemplates__isnull=False)
        ).values("pk")
        return queryset.filter(pk__in=with_ports) if value else queryset.exclude(pk__in=with_ports)


TEMPLATE_FIELDS = ["device_type", "name", "label", "description"]


class ComponentTemplateFilterSet(BaseFilterSet):
    search_fields = ("name", "label", "description")
    manufacturer = RelatedFilter(field_name="device_type__manufacturer", related=Manufacturer)
    has_relations = {"device_type": "device_type"}


class ConsolePortTemplateFilterSet(ComponentTemplateFilterSet):
    class Meta:
        model = ConsolePortTemplate
        fields = [*TEMPLATE_FIELDS, "type"]


class ConsoleServerPortTemplateFilterSet(ComponentTemplateFilterSet):
    class Meta:
        model = ConsoleServerPortTemplate
        fields = [*TEMPLATE_FIELDS, "type"]


class PowerPortTemplateFilterSet(ComponentTemplateFilterSet):
    relations = {"power_outlet_templates": "power_outlet_templates"}
    has_relations = {**ComponentTemplateFilterSet.has_relations, **relations}

    class Meta:
        model = PowerPortTemplate
        fields = [*TEMPLATE_FIELDS, "type", "maximum_draw", "allocated_draw", "power_factor"]


class PowerOutletTemplateFilterSet(ComponentTemplateFilterSet):
    class Meta:
        model = PowerOutletTemplate
        fields = [*TEMPLATE_FIELDS, "type", "power_port_template", "feed_leg"]


class InterfaceTemplateFilterSet(ComponentTemplateFilterSet):
    class Meta:
        model = InterfaceTemplate
        fields = [*TEMPLATE_FIELDS, "type", "mgmt_only", "speed", "duplex", "port_type"]


class RearPortTemplateFilterSet(ComponentTemplateFilterSet):
    relations = {"front_port_templates": "front_port_templates"}
    relations_by_id = frozenset(relations)
    has_relations = {**ComponentTemplateFilterSet.has_relations, **relations}

    class Meta:
        model = RearPortTemplate
        fields = [*TEMPLATE_FIELDS, "type", "positions"]


class FrontPortTemplateFilterSet(ComponentTemplateFilterSet):
    # By id, as Nautobot takes it (a template's name is not unique).
    rear_port_template = RelatedFilter(
        field_name="rear_port_template", related=RearPortTemplate, to_field="pk", descendants=False
    )

    class Meta:
        model = FrontPortTemplate
        fields = [*TEMPLATE_FIELDS, "type", "rear_port_template", "rear_port_position"]


class DeviceBayTemplateFilterSet(ComponentTemplateFilterSet):
    class Meta:
        model = DeviceBayTemplate
        fields = TEMPLATE_FIELDS


# --------------------------------------------------------------------------------------------- devices


class DeviceFilterSet(ManagedDeviceFilters, SoftwareFilters, TenancyFilterSet):
    search_fields = ("name", "serial", "asset_tag")
    manufacturer = RelatedFilter(field_name="device_type__manufacturer", related=Manufacturer)
    device_family = RelatedFilter(field_name="device_type__device_family", related=DeviceFamily)
    rack_group = RelatedFilter(field_name="rack__rack_group", related=RackGroup)
    has_primary_ip = django_filters.BooleanFilter(method="filter_has_primary_ip", label="Has a primary IP")
    relations = {
        "console_ports": "consoleports",
        "console_server_ports": "consoleserverports",
        "device_bays": "devicebays",
        "front_ports": "frontports",
        "interfaces": "interfaces",
        "power_outlets": "poweroutlets",
        "power_ports": "powerports",
        "rear_ports": "rearports",
    }
    relations_by_id = frozenset({"device_bays"})
    has_relations = {**relations, "ip_addresses": "interfaces__ip_address_assignments"}
    is_full_depth = django_filters.BooleanFilter(field_name="device_type__is_full_depth")
    mac_address = MACAddressFilter(field_name="interfaces__mac_address", lookup_expr="exact")
    is_virtual_chassis_member = HasRelatedFilter(field_name="virtual_chassis")
    virtual_chassis_member = HasRelatedFilter(field_name="virtual_chassis")
    # Nautobot's: devices with local config context data (true) or none (false), as virtual machines filter.
    local_config_context_data = HasRelatedFilter(
        field_name="local_config_context_data", label="Has local config context data"
    )

    class Meta:
        model = Device
        fields = [
            "name",
            "serial",
            "asset_tag",
            "location",
            "rack",
            "role",
            "status",
            "tenant",
            "device_type",
            "platform",
            "virtual_chassis",
            "vc_position",
            "vc_priority",
            "device_redundancy_group",
            "device_redundancy_group_priority",
            "face",
            "position",
        ]

    def filter_has_primary_ip(self, queryset: models.QuerySet[Any], name: str, value: bool | None) -> Any:
        if value is None:
            return queryset
        condition = Q(primary_ip4__isnull=False) | Q(primary_ip6__isnull=False)
        return queryset.filter(condition) if value else queryset.exclude(condition)


class DeviceRedundancyGroupFilterSet(BaseFilterSet):
    search_fields = ("name", "description", "comments")

    class Meta:
        model = DeviceRedundancyGroup
        fields = ["name", "status", "failover_strategy"]


class VirtualChassisFilterSet(TenancyFilterSet):
    search_fields = ("name", "domain")
    location = RelatedFilter(field_name="master__location", related=Location)
    relations = {"members": "members"}
    has_relations = relations

    class Meta:
        model = VirtualChassis
        fields = ["name", "domain", "master", "tenant"]


# --------------------------------------------------------------------------------------------- power


class PowerPanelFilterSet(BaseFilterSet):
    search_fields = ("name",)
    relations = {"power_feeds": "power_feeds"}
    has_relations = {"power_feeds": "power_feeds", "feeders": "power_feeds"}

    class Meta:
        model = PowerPanel
        fields = ["name", "location", "rack_group", "panel_type", "breaker_position_count", "power_path"]


COMPARISONS: dict[str, Callable[[Any, Any], bool]] = {
    "exact": operator.eq,
    "gt": operator.gt,
    "gte": operator.ge,
    "lt": operator.lt,
    "lte": operator.le,
}


class AvailablePowerFilter(django_filters.Filter):
    """Feeds by the watts they may deliver (`?available_power__gte=5000`; repeated values are alternatives).
    Nautobot stores that number; here it is the feed's own `available_power`, worked out from its voltage,
    amperage, utilisation and phase, so the feeds are read (one query) and matched by the same arithmetic
    the API shows."""

    field_class = MultipleNumberField

    def __init__(self, *args: Any, negate: bool = False, **kwargs: Any) -> None:
        self.negate = negate
        self.schema_type = {"type": "array", "items": {"type": "integer"}}
        super().__init__(*args, **kwargs)

    def filter(self, qs: models.QuerySet[Any], value: Any) -> models.QuerySet[Any]:
        wanted = list(value or [])
        if not wanted:
            return qs
        compare = COMPARISONS[self.lookup_expr]
        feeds = PowerFeed.objects.only("voltage", "amperage", "max_utilization", "phase")
        ids = [feed.pk for feed in feeds if any(compare(feed.available_power, watts) for watts in wanted)]
        return qs.exclude(pk__in=ids) if self.negate else qs.filter(pk__in=ids)


class PowerFeedFilterSet(PathEndpointFilters):
    """Besides its own fields, `cable`, `has_cable`, `cabled` and `connected` as on power ports."""

    search_fields = ("name", "comments")
    location = RelatedFilter(field_name="power_panel__location", related=Location)
    # As Nautobot: a pole count is filtered as a choice, with the text lookups.
    breaker_pole_count = NumberChoiceFilter(field_name="breaker_pole_count")
    available_power = AvailablePowerFilter(lookup_expr="exact")
    available_power__n = AvailablePowerFilter(lookup_expr="exact", negate=True)
    available_power__gt = AvailablePowerFilter(lookup_expr="gt")
    available_power__gte = AvailablePowerFilter(lookup_expr="gte")
    available_power__lt = AvailablePowerFilter(lookup_expr="lt")
    available_power__lte = AvailablePowerFilter(lookup_expr="lte")

    class Meta:
        model = PowerFeed
        fields = [
            "name",
            "power_panel",
            "destination_panel",
            "power_path",
            "breaker_position",
            "rack",
            "status",
            "type",
            "supply",
            "phase",
            "voltage",
            "amperage",
            "max_utilization",
            "comments",
        ]
