"""IPAM endpoints, with the allocation routes clients use to take the next free address, prefix or VLAN.

`…/prefixes/<id>/available-ips/`, `…/available-prefixes/` and `…/vlan-groups/<id>/available-vlans/`:
GET lists free space as a bare list; POST (one object or a list) allocates and answers 201 with what it
created, or 204 with an empty body when there is not room for all of it (nothing is created then).
"""

from __future__ import annotations

from itertools import islice
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import transaction
from rest_framework import exceptions, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from netkeel.core.api.counts import RowCountsMixin, count_of
from netkeel.core.api.permissions import ModelPermissions
from netkeel.core.api.views import NetkeelModelViewSet
from netkeel.ipam import queries, services
from netkeel.ipam.addresses import parse_address
from netkeel.ipam.api import (
    available,
    filters,
    filters_assignments,
    filters_services,
    serializers,
    serializers_assignments,
)
from netkeel.ipam.models import (
    RIR,
    VLAN,
    VRF,
    IPAddress,
    IPAddressToInterface,
    Namespace,
    Prefix,
    PrefixLocationAssignment,
    RouteTarget,
    Service,
    VLANGroup,
    VLANLocationAssignment,
    VRFDeviceAssignment,
    VRFPrefixAssignment,
)

# Nautobot's API versions before prefixes and VLANs had several locations.
LEGACY_LOCATION_VERSIONS = ("2.0", "2.1")


class AllocationPermissions(ModelPermissions):
    """GET needs view on the prefix or group; POST also needs add on what is allocated from it."""

    allocated = ""  # "ipam.ipaddress"

    def needed(self, method: str, model: Any) -> list[tuple[Any, str]]:
        if method == "POST":
            return [(model, "view"), (apps.get_model(self.allocated), "add")]
        return [(model, "view")]


class AllocateIPAddresses(AllocationPermissions):
    allocated = "ipam.ipaddress"


class AllocatePrefixes(AllocationPermissions):
    allocated = "ipam.prefix"


class AllocateVLANs(AllocationPermissions):
    allocated = "ipam.vlan"


def _limit(request: Request) -> int:
    """`?limit=` of a free-space listing: the page size by default, never above the largest page."""
    default = int(getattr(settings, "PAGINATE_COUNT", 50))
    largest = int(getattr(settings, "MAX_PAGE_SIZE", 1000)) or None
    raw = request.query_params.get("limit")
    try:
        limit = default if raw in (None, "") else int(str(raw))
    except ValueError:
        raise exceptions.ValidationError({"limit": ["Give the limit as a whole number."]}) from None
    if limit < 0:
        raise exceptions.ValidationError({"limit": ["The limit cannot be negative."]})
    if limit == 0:
        limit = largest or default
    return min(limit, largest) if largest else limit


def _offset(request: Request) -> int:
    """`?offset=` of a free-space listing: how many free items to pass over first (0 by default)."""
    raw = request.query_params.get("offset")
    try:
        offset = 0 if raw in (None, "") else int(str(raw))
    except ValueError:
        raise exceptions.ValidationError({"offset": ["Give the offset as a whole number."]}) from None
    if offset < 0:
        raise exceptions.ValidationError({"offset": ["The offset cannot be negative."]})
    return offset


def _bound(request: Request, name: str, version: int) -> int | None:
    raw = request.query_params.get(name)
    if raw in (None, ""):
        return None
    try:
        parsed = parse_address(raw, name)
    except Exception:  # noqa: BLE001 - any unreadable text is the client's mistake, said as a 400
        raise exceptions.ValidationError({name: [f"{raw!r} is not an IP address."]}) from None
    if parsed.version != version:
        raise exceptions.ValidationError({name: [f"{raw} is not an IPv{version} address."]})
    return parsed.host


# Objects one POST on an available-* route may allocate: each is validated, saved and logged on its own,
# and a request must end in seconds (5,000 VLANs held a worker for 38 s). More go in further requests.
MAX_ALLOCATIONS = 100


class AllocationMixin:
    """POST on an available-* route: validate each object, allocate them all in one transaction."""

    def allocate(
        self,
        request: Request,
        serializer_class: Any,
        render_class: Any,
        context: dict[str, Any],
        free: int | None = None,
    ) -> Response:
        """`free`, when the route can count it cheaply: how many objects there is room for; a request for
        more is answered at once, as Nautobot does, with nothing allocated (204)."""
        many = isinstance(request.data, list)
        if many and not request.data:
            raise exceptions.ValidationError({"non_field_errors": ["Send at least one object."]})
        asked = len(request.data) if many else 1
        if asked > MAX_ALLOCATIONS:
            raise exceptions.ValidationError(
                {
                    "non_field_errors": [
                        f"Allocate at most {MAX_ALLOCATIONS} objects in one request, not {asked}; "
                        f"send the others in further requests."
                    ]
                }
            )
        if free is not None and asked > free:
            return Response(status=status.HTTP_204_NO_CONTENT)
        view: Any = self
        base_context = {**view.get_serializer_context(), **context}
        serializer = serializer_class(data=request.data, many=many, context=base_context)
        serializer.is_valid(raise_exception=True)
        try:
            with transaction.atomic():
                created = serializer.save()
                # The new objects must be ones the user may add (their object permissions' constraints).
                view.check_written(list(created) if many else [created], "add")
        except services.NoRoomError:
            return Response(status=status.HTTP_204_NO_CONTENT)
        rendered = render_class(created, many=many, context={**view.get_serializer_context(), "depth": 0})
        return Response(rendered.data, status=status.HTTP_201_CREATED)


class NamespaceViewSet(NetkeelModelViewSet):
    queryset = Namespace.objects.all()
    serializer_class = serializers.NamespaceSerializer
    filterset_class = filters.NamespaceFilterSet


class RIRViewSet(RowCountsMixin, NetkeelModelViewSet):
    queryset = RIR.objects.all()
    serializer_class = serializers.RIRSerializer
    filterset_class = filters.RIRFilterSet


class RouteTargetViewSet(NetkeelModelViewSet):
    queryset = RouteTarget.objects.all()
    serializer_class = serializers.RouteTargetSerializer
    filterset_class = filters.RouteTargetFilterSet


class VRFViewSet(NetkeelModelViewSet):
    queryset = VRF.objects.all()
    serializer_class = serializers.VRFSerializer
    filterset_class = filters.VRFFilterSet


class LegacyLocationMixin:
    """API versions 2.0 and 2.1 read and write the older shape of Nautobot's prefixes and VLANs (one
    `location`), as Nautobot serves them to clients that ask (the Ansible collection does)."""

    legacy_serializer_class: Any = None

    def get_serializer_class(self) -> Any:
        request = getattr(self, "request", None)
        if getattr(request, "version", None) in LEGACY_LOCATION_VERSIONS:
            return self.legacy_serializer_class
        return super().get_serializer_class()  # type: ignore[misc]


class PrefixViewSet(LegacyLocationMixin, AllocationMixin, NetkeelModelViewSet):
    queryset = Prefix.objects.all()
    serializer_class = serializers.PrefixSerializer
    legacy_serializer_class = serializers.PrefixLegacySerializer
    filterset_class = filters.PrefixFilterSet

    def delete_instance(self, instance: Any) -> None:
        services.delete_prefix(instance)

    @available.documented(available.available_ips_schema)
    @action(
        detail=True,
        methods=["get", "post"],
        url_path="available-ips",
        permission_classes=[AllocateIPAddresses],
        filterset_class=None,
        pagination_class=None,
    )
    def available_ips(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        prefix = self.get_object()
        if request.method == "POST":
            return self.allocate(
                request, available.AvailableIPSerializer, serializers.IPAddressSerializer, {"prefix": prefix}
            )
        start = _bound(request, "range_start", prefix.ip_version)
        end = _bound(request, "range_end", prefix.ip_version)
        try:
            free = queries.available_addresses(
                prefix, _limit(request), range_start=start, range_end=end, skip=_offset(request)
            )
        except ValueError as exc:
            raise exceptions.ValidationError({"range_start": [str(exc)]}) from None
        return Response([{"ip_version": prefix.ip_version, "address": address} for address in free])

    @available.documented(available.available_prefixes_schema)
    @action(
        detail=True,
        methods=["get", "post"],
        url_path="available-prefixes",
        permission_classes=[AllocatePrefixes],
        filterset_class=None,
        pagination_class=None,
    )
    def available_prefixes(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        prefix = self.get_object()
        if request.method == "POST":
            return self.allocate(
                request, available.AvailablePrefixSerializer, serializers.PrefixSerializer, {"prefix": prefix}
            )
        offset = _offset(request)
        free = queries.free_prefixes(prefix)[offset : offset + _limit(request)]
        return Response([{"ip_version": prefix.ip_version, "prefix": text} for text in free])


class IPAddressViewSet(NetkeelModelViewSet):
    queryset = IPAddress.objects.all()
    serializer_class = serializers.IPAddressSerializer
    filterset_class = filters.IPAddressFilterSet


class IPAddressToInterfaceViewSet(NetkeelModelViewSet):
    queryset = IPAddressToInterface.objects.all()
    serializer_class = serializers.IPAddressToInterfaceSerializer
    filterset_class = filters.IPAddressToInterfaceFilterSet


class VLANGroupViewSet(AllocationMixin, NetkeelModelViewSet):
    queryset = VLANGroup.objects.annotate(vlan_count=count_of(VLAN, "vlan_group"))
    serializer_class = serializers.VLANGroupSerializer
    filterset_class = filters.VLANGroupFilterSet

    @available.documented(available.available_vlans_schema)
    @action(
        detail=True,
        methods=["get", "post"],
        url_path="available-vlans",
        permission_classes=[AllocateVLANs],
        filterset_class=None,
        pagination_class=None,
    )
    def available_vlans(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        group = self.get_object()
        if request.method == "POST":
            items = request.data if isinstance(request.data, list) else [request.data]
            room = sum(1 for _ in islice(services.free_vids(group), min(len(items), MAX_ALLOCATIONS + 1)))
            # The ids asked for are set aside before the server picks the others (Nautobot's order).
            asked = [item.get("vid") for item in items if isinstance(item, dict)]
            reserved = frozenset(
                int(vid) for vid in asked if type(vid) is int or isinstance(vid, str) and vid.isdigit()
            )
            context = {"vlan_group": group, "reserved_vids": reserved}
            return self.allocate(request, available.AvailableVLANSerializer, serializers.VLANSerializer, context, room)
        offset = _offset(request)
        free = islice(services.free_vids(group), offset, offset + _limit(request))
        return Response([{"vid": vid} for vid in free])


class VLANViewSet(RowCountsMixin, LegacyLocationMixin, NetkeelModelViewSet):
    queryset = VLAN.objects.all()
    serializer_class = serializers.VLANSerializer
    legacy_serializer_class = serializers.VLANLegacySerializer
    filterset_class = filters.VLANFilterSet


class ServiceViewSet(NetkeelModelViewSet):
    queryset = Service.objects.all()
    serializer_class = serializers.ServiceSerializer
    filterset_class = filters_services.ServiceFilterSet

    def delete_instance(self, instance: Any) -> None:
        services.delete_service(instance)


class VRFDeviceAssignmentViewSet(NetkeelModelViewSet):
    queryset = VRFDeviceAssignment.objects.all()
    serializer_class = serializers_assignments.VRFDeviceAssignmentSerializer
    filterset_class = filters_assignments.VRFDeviceAssignmentFilterSet


class VRFPrefixAssignmentViewSet(NetkeelModelViewSet):
    queryset = VRFPrefixAssignment.objects.all()
    serializer_class = serializers_assignments.VRFPrefixAssignmentSerializer
    filterset_class = filters_assignments.VRFPrefixAssignmentFilterSet


class PrefixLocationAssignmentViewSet(NetkeelModelViewSet):
    queryset = PrefixLocationAssignment.objects.all()
    serializer_class = serializers_assignments.PrefixLocationAssignmentSerializer
    filterset_class = filters_assignments.PrefixLocationAssignmentFilterSet


class VLANLocationAssignmentViewSet(NetkeelModelViewSet):
    queryset = VLANLocationAssignment.objects.all()
    serializer_class = serializers_assignments.VLANLocationAssignmentSerializer
    filterset_class = filters_assignments.VLANLocationAssignmentFilterSet
