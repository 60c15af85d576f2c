"""The connection lists and the connected-device lookup Nautobot serves, read from the stored cable paths.

`/api/dcim/console-connections/` and `…/power-connections/`: console and power ports whose path reaches a
far end, each as its port endpoint shows it. `…/interface-connections/`: each pair of interfaces joined
by a path once (from the one with the lower id), as `interface_a`, `interface_b` and whether the path is
active. `…/connected-device/?peer_device=&peer_interface=`: the device at the far end of a named
interface (what a booting device finds with LLDP). A page costs the same queries whatever its length.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Exists, OuterRef
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, serializers, viewsets
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from netkeel.core.api.views import APIVersionMixin, related_paths, requested_depth
from netkeel.core.permissions import restrict
from netkeel.dcim.api import filters_cabling as filters
from netkeel.dcim.api import serializers_cabling_components as components
from netkeel.dcim.api import serializers_devices
from netkeel.dcim.cabling.read import destination_of_row
from netkeel.dcim.models import CablePath, ConsolePort, Device, Interface, PowerPort


def reaching_a_far_end(**more: Any) -> Exists:
    """The row's cable path (origin = the row) has a far end (`more` narrows the path rows)."""
    return Exists(CablePath.objects.filter(origin_id=OuterRef("pk"), destination_id__isnull=False, **more))


class ConnectionListViewSet(APIVersionMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """A read-only list of connected endpoints of `model`. (No class-level `queryset`: the model's own
    endpoint is the one references to it point at.)"""

    model: type[models.Model]

    def connected(self) -> Any:
        return reaching_a_far_end()

    def get_queryset(self) -> models.QuerySet[Any]:
        queryset = restrict(self.model._default_manager.filter(self.connected()), self.request.user, "view")
        select, prefetch = related_paths(self.serializer_class, requested_depth(self.request))
        return queryset.select_related(*select).prefetch_related(*prefetch)

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "depth": requested_depth(self.request)}


class ConsoleConnectionViewSet(ConnectionListViewSet):
    model = ConsolePort
    serializer_class = components.ConsolePortSerializer
    filterset_class = filters.ConsoleConnectionFilterSet


class PowerConnectionViewSet(ConnectionListViewSet):
    model = PowerPort
    serializer_class = components.PowerPortSerializer
    filterset_class = filters.PowerConnectionFilterSet


class InterfaceConnectionSerializer(serializers.Serializer):
    """A row of `interface-connections` as documented (Nautobot's `InterfaceConnection`); `list` renders the
    rows from two pages of interfaces."""

    id = serializers.UUIDField(read_only=True)
    object_type = serializers.CharField(read_only=True)
    display = serializers.CharField(read_only=True)
    interface_a = components.InterfaceSerializer(read_only=True)
    interface_b = components.InterfaceSerializer(read_only=True)
    connected_endpoint_reachable = serializers.BooleanField(read_only=True, allow_null=True)


@extend_schema_view(list=extend_schema(responses=InterfaceConnectionSerializer(many=True)))
class InterfaceConnectionViewSet(ConnectionListViewSet):
    model = Interface
    serializer_class = components.InterfaceSerializer
    filterset_class = filters.InterfaceConnectionFilterSet

    def connected(self) -> Any:
        # Each pair once, from its interface with the lower id (as Nautobot).
        interface = ContentType.objects.get_for_model(Interface)
        return reaching_a_far_end(destination_type=interface, destination_id__gt=OuterRef("pk"))

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        rows = list(page) if page is not None else []
        # The far interface of each row's path (the queryset holds only rows whose path ends at one).
        paths = {
            origin: (far, active)
            for origin, far, active in CablePath.objects.filter(origin_id__in=[row.pk for row in rows])
            .order_by()
            .values_list("origin_id", "destination_id", "is_active")
        }
        far_rows = {row.pk: row for row in self.far_interfaces([far for far, _ in paths.values()])}
        context = self.get_serializer_context()
        near = components.InterfaceSerializer(rows, many=True, context=context).data
        far = components.InterfaceSerializer([far_rows[paths[row.pk][0]] for row in rows], many=True, context=context)
        results = [
            {
                "id": a["id"],
                "object_type": a["object_type"],
                "display": a["display"],
                "interface_a": a,
                "interface_b": b,
                "connected_endpoint_reachable": paths[row.pk][1],
            }
            for row, a, b in zip(rows, near, far.data, strict=True)
        ]
        return self.get_paginated_response(results)

    def far_interfaces(self, ids: Iterable[Any]) -> models.QuerySet[Any]:
        select, prefetch = related_paths(self.serializer_class, requested_depth(self.request))
        return Interface.objects.filter(pk__in=list(ids)).select_related(*select).prefetch_related(*prefetch)


class ConnectedDeviceView(APIVersionMixin, APIView):
    """`GET /api/dcim/connected-device/?peer_device=<name>&peer_interface=<name>`: as Nautobot, the device
    whose interface the named one is connected to, as one object; an empty answer when nothing is, a 404
    when there is no such interface, a 400 without both parameters."""

    permission_classes = [IsAuthenticated]

    def get_view_name(self) -> str:
        return "Connected Device Locator"

    @extend_schema(
        parameters=[
            OpenApiParameter("peer_device", OpenApiTypes.STR, required=True),
            OpenApiParameter("peer_interface", OpenApiTypes.STR, required=True),
        ],
        responses={200: serializers_devices.DeviceSerializer},
    )
    def get(self, request: Request) -> Response:
        device_name = request.query_params.get("peer_device")
        interface_name = request.query_params.get("peer_interface")
        if not device_name or not interface_name:
            raise exceptions.ValidationError(
                {"detail": 'Request must include "peer_device" and "peer_interface" filters.'}
            )
        interfaces = restrict(Interface.objects.all(), request.user, "view")
        peer = interfaces.filter(device__name=device_name, name=interface_name).values_list("pk", flat=True)
        if not peer:
            raise exceptions.NotFound("No interface of that name on a device of that name.")
        row = CablePath.objects.filter(origin_id=peer[0]).values_list("destination_type_id", "destination_id").first()
        far = destination_of_row(*row) if row is not None else None
        devices = restrict(Device.objects.all(), request.user, "view")
        device = devices.filter(interfaces__pk=far.id).first() if far is not None else None
        if device is None:
            return Response()  # reaches no interface (or no far end): Nautobot answers with nothing
        context = {"request": request, "depth": requested_depth(request)}
        return Response(serializers_devices.DeviceSerializer(device, context=context).data)
