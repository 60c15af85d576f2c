"""Location, rack, device type, device, virtual chassis and power endpoints.

Counts shown on rows are annotated here as subqueries (one per count, whatever the page holds); a device
is deleted by the device service, which takes its cables and retraces the paths that crossed them, and a
power feed, a cable endpoint, by the component service for the same reason.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from netkeel.core.api.counts import RowCountsMixin, count_of, register_row_count
from netkeel.core.api.views import NetkeelModelViewSet
from netkeel.dcim import device_type_images, services
from netkeel.dcim.api import filters_devices as filters
from netkeel.dcim.api import serializers_devices as serializers
from netkeel.dcim.api.napalm import NAPALM_PARAMETERS, NAPALM_RESULTS_SCHEMA, run_napalm
from netkeel.dcim.api.views_cabling import TraceMixin
from netkeel.dcim.elevation import contents, rack_devices, rack_units
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
    InventoryItem,
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
from netkeel.dcim.ui import svg
from netkeel.dcim.ui.elevation import draw_face

# --------------------------------------------------------------------------------------------- locations


class LocationTypeViewSet(NetkeelModelViewSet):
    queryset = LocationType.objects.all()
    serializer_class = serializers.LocationTypeSerializer
    filterset_class = filters.LocationTypeFilterSet


register_row_count(Location, "device_count", lambda: count_of(Device, "location"))
register_row_count(Location, "rack_count", lambda: count_of(Rack, "location"))
# A location's `virtual_machine_count` is registered by virtualization (through its clusters' locations).


class LocationViewSet(RowCountsMixin, NetkeelModelViewSet):
    queryset = Location.objects.all()
    serializer_class = serializers.LocationSerializer
    filterset_class = filters.LocationFilterSet


class RackGroupViewSet(NetkeelModelViewSet):
    queryset = RackGroup.objects.annotate(rack_count=count_of(Rack, "rack_group"))
    serializer_class = serializers.RackGroupSerializer
    filterset_class = filters.RackGroupFilterSet


class RackViewSet(NetkeelModelViewSet):
    queryset = Rack.objects.annotate(
        device_count=count_of(Device, "rack"), power_feed_count=count_of(PowerFeed, "rack")
    )
    serializer_class = serializers.RackSerializer
    filterset_class = filters.RackFilterSet

    @extend_schema(
        filters=False,
        parameters=[serializers.RackElevationQuerySerializer],
        responses={200: serializers.RackUnitSerializer(many=True)},
    )
    @action(detail=True, methods=["get"], url_path="elevation", filterset_class=None)
    def elevation(self, request: Request, *args: Any, **kwargs: Any) -> HttpResponse:
        """A face's units from the top, paginated (`?render=svg`: the face drawn, as the rack's page shows it).
        The rack's devices are read in one query, whatever their number."""
        rack = self.get_object()
        query = serializers.RackElevationQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        if data["render"] == "svg":
            drawing = draw_face(rack, data["face"], contents(rack))
            return svg.file_response(drawing)
        mounted, _ = rack_devices(rack)
        units = rack_units(rack, mounted, data["face"], data["exclude"], data["expand_devices"])
        if data["is_occupied"] is not None:
            units = [unit for unit in units if unit["occupied"] == data["is_occupied"]]
        if data["q"]:
            units = [unit for unit in units if data["q"] in str(unit["id"]) or data["q"] in unit["name"]]
        page: list[dict[str, Any]] | None = self.paginate_queryset(units)  # type: ignore[arg-type]  # a list pages too
        return self.get_paginated_response(serializers.RackUnitSerializer(page, many=True).data)


class RackReservationViewSet(NetkeelModelViewSet):
    queryset = RackReservation.objects.all()
    serializer_class = serializers.RackReservationSerializer
    filterset_class = filters.RackReservationFilterSet


# --------------------------------------------------------------------------------------------- device types


class ManufacturerViewSet(NetkeelModelViewSet):
    queryset = Manufacturer.objects.annotate(
        device_type_count=count_of(DeviceType, "manufacturer"),
        platform_count=count_of(Platform, "manufacturer"),
        inventory_item_count=count_of(InventoryItem, "manufacturer"),
    )
    serializer_class = serializers.ManufacturerSerializer
    filterset_class = filters.ManufacturerFilterSet


class PlatformViewSet(RowCountsMixin, NetkeelModelViewSet):
    queryset = Platform.objects.annotate(device_count=count_of(Device, "platform"))
    serializer_class = serializers.PlatformSerializer
    filterset_class = filters.PlatformFilterSet


class DeviceFamilyViewSet(NetkeelModelViewSet):
    queryset = DeviceFamily.objects.annotate(device_type_count=count_of(DeviceType, "device_family"))
    serializer_class = serializers.DeviceFamilySerializer
    filterset_class = filters.DeviceFamilyFilterSet


class DeviceTypeViewSet(NetkeelModelViewSet):
    queryset = DeviceType.objects.annotate(device_count=count_of(Device, "device_type"))
    serializer_class = serializers.DeviceTypeSerializer
    filterset_class = filters.DeviceTypeFilterSet

    def delete_instance(self, instance: Any) -> None:
        images = device_type_images.stored_images(instance)
        super().delete_instance(instance)
        device_type_images.delete_on_commit(images)


class ConsolePortTemplateViewSet(NetkeelModelViewSet):
    queryset = ConsolePortTemplate.objects.all()
    serializer_class = serializers.ConsolePortTemplateSerializer
    filterset_class = filters.ConsolePortTemplateFilterSet


class ConsoleServerPortTemplateViewSet(NetkeelModelViewSet):
    queryset = ConsoleServerPortTemplate.objects.all()
    serializer_class = serializers.ConsoleServerPortTemplateSerializer
    filterset_class = filters.ConsoleServerPortTemplateFilterSet


class PowerPortTemplateViewSet(NetkeelModelViewSet):
    queryset = PowerPortTemplate.objects.all()
    serializer_class = serializers.PowerPortTemplateSerializer
    filterset_class = filters.PowerPortTemplateFilterSet


class PowerOutletTemplateViewSet(NetkeelModelViewSet):
    queryset = PowerOutletTemplate.objects.all()
    serializer_class = serializers.PowerOutletTemplateSerializer
    filterset_class = filters.PowerOutletTemplateFilterSet


class InterfaceTemplateViewSet(NetkeelModelViewSet):
    queryset = InterfaceTemplate.objects.all()
    serializer_class = serializers.InterfaceTemplateSerializer
    filterset_class = filters.InterfaceTemplateFilterSet


class RearPortTemplateViewSet(NetkeelModelViewSet):
    queryset = RearPortTemplate.objects.all()
    serializer_class = serializers.RearPortTemplateSerializer
    filterset_class = filters.RearPortTemplateFilterSet


class FrontPortTemplateViewSet(NetkeelModelViewSet):
    queryset = FrontPortTemplate.objects.all()
    serializer_class = serializers.FrontPortTemplateSerializer
    filterset_class = filters.FrontPortTemplateFilterSet


class DeviceBayTemplateViewSet(NetkeelModelViewSet):
    queryset = DeviceBayTemplate.objects.all()
    serializer_class = serializers.DeviceBayTemplateSerializer
    filterset_class = filters.DeviceBayTemplateFilterSet


# --------------------------------------------------------------------------------------------- devices


class DeviceViewSet(NetkeelModelViewSet):
    queryset = Device.objects.all()
    serializer_class = serializers.DeviceSerializer
    filterset_class = filters.DeviceFilterSet

    def delete_instance(self, instance: Any) -> None:
        services.delete_device(instance)

    @extend_schema(parameters=NAPALM_PARAMETERS, responses={200: NAPALM_RESULTS_SCHEMA})
    @action(detail=True, methods=["get"], url_path="napalm", filterset_class=None, pagination_class=None)
    def napalm(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """NAPALM getters run on the device (`?method=get_facts`), or a 503 saying what is not configured."""
        return Response(run_napalm(self.get_object(), request))


class DeviceRedundancyGroupViewSet(NetkeelModelViewSet):
    queryset = DeviceRedundancyGroup.objects.all()
    serializer_class = serializers.DeviceRedundancyGroupSerializer
    filterset_class = filters.DeviceRedundancyGroupFilterSet

    def delete_instance(self, instance: Any) -> None:
        services.delete_device_redundancy_group(instance)


class VirtualChassisViewSet(NetkeelModelViewSet):
    queryset = VirtualChassis.objects.annotate(member_count=count_of(Device, "virtual_chassis"))
    serializer_class = serializers.VirtualChassisSerializer
    filterset_class = filters.VirtualChassisFilterSet


# --------------------------------------------------------------------------------------------- power


class PowerPanelViewSet(NetkeelModelViewSet):
    queryset = PowerPanel.objects.annotate(power_feed_count=count_of(PowerFeed, "power_panel"))
    serializer_class = serializers.PowerPanelSerializer
    filterset_class = filters.PowerPanelFilterSet


class PowerFeedViewSet(TraceMixin, NetkeelModelViewSet):
    """`…/<id>/trace/` follows the feed's path, as on power ports."""

    queryset = PowerFeed.objects.all()
    serializer_class = serializers.PowerFeedSerializer
    filterset_class = filters.PowerFeedFilterSet

    def delete_instance(self, instance: Any) -> None:
        services.delete_component(instance)
