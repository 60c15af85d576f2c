"""Filters of the location, rack, device type, device, virtual chassis and power endpoints.

Related objects are named by id or name (a device type by its model); a `location` filter includes the
locations below it, while `parent` means the direct parent only, as in Nautobot (`subtree` takes a whole
branch).
"""

from __future__ import annotations

from typing import Any

import django_filters
from django.db import models
from django.db.models import Q

from netkeel.core.api.filters import BaseFilterSet, MultipleCharField, NumberChoiceFilter, RelatedFilter
from netkeel.dcim.api.filters_cabling import PathEndpointFilters
from netkeel.dcim.models import (
    ConsolePortTemplate,
    ConsoleServerPortTemplate,
    Device,
    DeviceBayTemplate,
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

    def filter(self, qs: models.QuerySet[Any], value: Any) -> models.QuerySet[Any]:
        condition = Q()
        for item in [v for v in (value or []) if v]:
            app_label, _, model = str(item).lower().partition(".")
            condition |= Q(**{f"{self.field_name}__app_label": app_label, f"{self.field_name}__model": model})
        if not condition:
            return qs
        return qs.filter(condition).distinct()


# --------------------------------------------------------------------------------------------- locations


class LocationTypeFilterSet(BaseFilterSet):
    search_fields = ("name", "description")
    parent = RelatedFilter(field_name="parent", related=LocationType, descendants=False)
    content_types = ContentTypeFilter(field_name="content_types")

    class Meta:
        model = LocationType
        fields = ["name", "description", "nestable"]


class LocationFilterSet(TenancyFilterSet):
    search_fields = ("name", "description", "facility", "physical_address", "shipping_address", "comments")
    parent = RelatedFilter(field_name="parent", related=Location, descendants=False)
    subtree = RelatedFilter(field_name="id", related=Location)
    content_type = ContentTypeFilter(field_name="location_type__content_types")

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


class RackGroupFilterSet(BaseFilterSet):
    search_fields = ("name", "description")
    parent = RelatedFilter(field_name="parent", related=RackGroup, descendants=False)

    class Meta:
        model = RackGroup
        fields = ["name", "description", "location"]


class RackFilterSet(TenancyFilterSet):
    search_fields = ("name", "facility_id", "serial", "asset_tag", "comments")

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


class RackReservationFilterSet(BaseFilterSet):
    search_fields = ("description", "rack__name", "user__username")
    location = RelatedFilter(field_name="rack__location", related=Location)

    class Meta:
        model = RackReservation
        fields = ["rack", "user", "description"]


# --------------------------------------------------------------------------------------------- device types


class ManufacturerFilterSet(BaseFilterSet):
    search_fields = ("name", "description")

    class Meta:
        model = Manufacturer
        fields = ["name", "description"]


class PlatformFilterSet(BaseFilterSet):
    search_fields = ("name", "description", "network_driver", "napalm_driver")

    class Meta:
        model = Platform
        fields = ["name", "manufacturer", "network_driver", "napalm_driver", "description"]


class DeviceTypeFilterSet(BaseFilterSet):
    search_fields = ("model", "part_number", "comments")

    class Meta:
        model = DeviceType
        fields = ["manufacturer", "model", "part_number", "u_height", "is_full_depth", "subdevice_role", "comments"]


TEMPLATE_FIELDS = ["device_type", "name", "label", "description"]


class ComponentTemplateFilterSet(BaseFilterSet):
    search_fields = ("name", "label", "description")
    manufacturer = RelatedFilter(field_name="device_type__manufacturer", related=Manufacturer)


class ConsolePortTemplateFilterSet(ComponentTemplateFilterSet):
    class Meta:
        model = ConsolePortTemplate
        fields = [*TEMPLATE_FIELDS, "type"]


class ConsoleServerPortTemplateFilterSet(ComponentTemplateFilterSet):
    class Meta:
        model = ConsoleServerPortTemplate
        fields = [*TEMPLATE_FIELDS, "type"]


class PowerPortTemplateFilterSet(ComponentTemplateFilterSet):
    class Meta:
        model = PowerPortTemplate
        fields = [*TEMPLATE_FIELDS, "type", "maximum_draw", "allocated_draw"]


class PowerOutletTemplateFilterSet(ComponentTemplateFilterSet):
    class Meta:
        model = PowerOutletTemplate
        fields = [*TEMPLATE_FIELDS, "type", "power_port_template", "feed_leg"]


class InterfaceTemplateFilterSet(ComponentTemplateFilterSet):
    class Meta:
        model = InterfaceTemplate
        fields = [*TEMPLATE_FIELDS, "type", "mgmt_only"]


class RearPortTemplateFilterSet(ComponentTemplateFilterSet):
    class Meta:
        model = RearPortTemplate
        fields = [*TEMPLATE_FIELDS, "type", "positions"]


class FrontPortTemplateFilterSet(ComponentTemplateFilterSet):
    class Meta:
        model = FrontPortTemplate
        fields = [*TEMPLATE_FIELDS, "type", "rear_port_template", "rear_port_position"]


class DeviceBayTemplateFilterSet(ComponentTemplateFilterSet):
    class Meta:
        model = DeviceBayTemplate
        fields = TEMPLATE_FIELDS


# --------------------------------------------------------------------------------------------- devices


class DeviceFilterSet(TenancyFilterSet):
    search_fields = ("name", "serial", "asset_tag")
    manufacturer = RelatedFilter(field_name="device_type__manufacturer", related=Manufacturer)
    rack_group = RelatedFilter(field_name="rack__rack_group", related=RackGroup)
    has_primary_ip = django_filters.BooleanFilter(method="filter_has_primary_ip", label="Has a primary IP")

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
            "face",
            "position",
        ]

    def filter_has_primary_ip(self, queryset: models.QuerySet[Any], name: str, value: bool | None) -> Any:
        if value is None:
            return queryset
        condition = Q(primary_ip4__isnull=False) | Q(primary_ip6__isnull=False)
        return queryset.filter(condition) if value else queryset.exclude(condition)


class VirtualChassisFilterSet(BaseFilterSet):
    search_fields = ("name", "domain")
    location = RelatedFilter(field_name="master__location", related=Location)

    class Meta:
        model = VirtualChassis
        fields = ["name", "domain", "master"]


# --------------------------------------------------------------------------------------------- power


class PowerPanelFilterSet(BaseFilterSet):
    search_fields = ("name",)

    class Meta:
        model = PowerPanel
        fields = ["name", "location", "rack_group", "panel_type", "breaker_position_count", "power_path"]


class PowerFeedFilterSet(PathEndpointFilters):
    """Besides its own fields, `cable`, `has_cable`, `cabled` and `connected` as on power ports."""

    search_fields = ("name", "comments")
    location = RelatedFilter(field_name="power_panel__location", related=Location)
    # As Nautobot: a pole count is filtered as a choice, with the text lookups.
    breaker_pole_count = NumberChoiceFilter(field_name="breaker_pole_count")

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
