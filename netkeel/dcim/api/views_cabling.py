"""The device part and cable endpoints, with `trace` (path endpoints) and `paths` (front and rear ports).

`TraceMixin` and `PathsMixin` work on any viewset whose objects are path endpoints or pass-through
ports: the power feed endpoint takes `TraceMixin` too.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from drf_spectacular.utils import extend_schema, extend_schema_field, inline_serializer
from rest_framework import serializers as drf_serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from netkeel.core.api import registry
from netkeel.core.api.counts import RowCountsMixin
from netkeel.core.api.fields import brief
from netkeel.core.api.permissions import may_view_object, note_nested
from netkeel.core.api.schema import answers_a_reference, reference_schema
from netkeel.core.api.views import NetkeelModelViewSet, related_paths
from netkeel.dcim import services
from netkeel.dcim.api import filters_cabling as filters
from netkeel.dcim.api import serializers_cabling_components as components
from netkeel.dcim.api.serializers_cabling import CableSerializer, cabling_info
from netkeel.dcim.cabling import service as cabling
from netkeel.dcim.cabling.graph import Ref
from netkeel.dcim.cabling.kinds import model_of
from netkeel.dcim.cabling.read import decode_path, load_objects, one_cable, segments
from netkeel.dcim.models import (
    Cable,
    CablePath,
    CablePathNode,
    ConsolePort,
    ConsoleServerPort,
    DeviceBay,
    FrontPort,
    Interface,
    InventoryItem,
    PowerOutlet,
    PowerPort,
    RearPort,
)

# --------------------------------------------------------------------------------------------- trace


def trace_refs(origin: models.Model) -> list[Ref]:
    """The origin and every node of its stored path, in order; an uncabled origin gives []."""
    row = CablePath.objects.filter(origin_id=origin.pk).first()
    if row is not None:
        return decode_path(row).refs
    # A cable without a stored path (not traced yet): the one segment that is known.
    return one_cable(origin)


class ObjectRenderer:
    """Objects of any model in their endpoint's full serializer at depth 0, loaded a query per model."""

    def __init__(self, request: Request) -> None:
        self.request = request
        self.context: dict[str, Any] = {"request": request, "depth": 0}
        self.serializers: dict[type[models.Model], Any] = {}
        self.objects: dict[Ref, models.Model] = {}

    def load(self, refs: list[Ref]) -> None:
        self.objects.update(load_objects(refs, related=self._related))
        by_model: dict[type[models.Model], list[Any]] = {}
        for obj in self.objects.values():
            by_model.setdefault(type(obj), []).append(obj.pk)
        for model, ids in by_model.items():
            note_nested(self.context, model, ids)  # one query per kind for whether each may be shown
        cabling_info(self.context).prepare(self.objects.values(), 0)

    @staticmethod
    def _related(model: type[models.Model], kind: str, queryset: models.QuerySet[Any]) -> models.QuerySet[Any]:
        select, prefetch = related_paths(registry.serializer_for(model), 0)
        if select:
            queryset = queryset.select_related(*select)
        if prefetch:
            queryset = queryset.prefetch_related(*prefetch)
        return queryset

    def render(self, ref: Ref | None) -> dict[str, Any] | None:
        if ref is None:
            return None
        model = model_of(ref.kind)
        obj = self.objects.get(ref)
        if model is None or obj is None:
            return None
        if not may_view_object(self.context, model, ref.id):
            return brief(model, ref.id, self.request)  # not even its name
        serializer_class = registry.serializer_for(model)
        if serializer_class is None:
            return {**brief(model, ref.id, self.request), "display": str(obj)}
        serializer = self.serializers.get(model)
        if serializer is None:
            serializer = self.serializers[model] = serializer_class(context=self.context)
        return dict(serializer.to_representation(obj))


class TraceMixin:
    """`GET …/<id>/trace/`: the path from this endpoint as `[near_end, cable, far_end]` segments, each
    element the full object at depth 0 (or null); `[]` when uncabled. For interfaces, console, power
    ports and outlets, and power feeds."""

    @action(detail=True, methods=["get"], url_path="trace")
    def trace(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        origin = self.get_object()  # type: ignore[attr-defined]
        refs = trace_refs(origin)
        renderer = ObjectRenderer(request)
        renderer.load(refs)
        return Response([[renderer.render(ref) for ref in segment] for segment in segments(refs)])


@extend_schema_field(reference_schema(nullable=False))
class PathReference(drf_serializers.JSONField):
    """An object of a path (its origin, a node) as a brief reference."""


@answers_a_reference
class PathEndReference(drf_serializers.JSONField):
    """A path's destination: a brief reference, or null while the path ends nowhere."""


# One cable path as `…/paths/` answers it, in the fields of Nautobot's CablePath. Without breakout cables a
# path leaves its origin by its one connector and fans out at neither end (Nautobot's values for such a path).
CABLE_PATH_SCHEMA = inline_serializer(
    "CablePath",
    fields={
        "id": drf_serializers.UUIDField(),
        "origin_type": drf_serializers.CharField(),
        "origin_id": drf_serializers.UUIDField(),
        "origin": PathReference(),
        "destination_type": drf_serializers.CharField(allow_null=True),
        "destination_id": drf_serializers.UUIDField(allow_null=True),
        "destination": PathEndReference(),
        "path": drf_serializers.ListField(child=PathReference()),
        "is_active": drf_serializers.BooleanField(),
        "is_split": drf_serializers.BooleanField(),
        "origin_fans_out": drf_serializers.BooleanField(),
        "destination_fans_out": drf_serializers.BooleanField(),
        "peer_connector": drf_serializers.IntegerField(min_value=1),
    },
    many=True,
)


class PathsMixin:
    """`GET …/<id>/paths/`: every cable path that passes this front or rear port (a list, as Nautobot
    answers it)."""

    @extend_schema(filters=False, responses={200: CABLE_PATH_SCHEMA})
    @action(detail=True, methods=["get"], url_path="paths", pagination_class=None)
    def paths(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        port = self.get_object()  # type: ignore[attr-defined]
        passing = CablePathNode.objects.filter(node_id=port.pk).values("cable_path_id")
        rows = CablePath.objects.filter(pk__in=passing).order_by("id")
        return Response([render_path(path, request) for path in rows])


def _brief_ref(ref: Ref, request: Request) -> dict[str, Any] | None:
    model = model_of(ref.kind)
    return brief(model, ref.id, request) if model is not None else None


def render_path(row: CablePath, request: Request) -> dict[str, Any]:
    path = decode_path(row)
    origin, destination = path.origin, path.destination
    # Nautobot's `path` runs between its ends: the destination (the last node stored, for `trace`) is not in it.
    nodes = path.nodes[:-1] if destination is not None and path.nodes[-1:] == [destination] else path.nodes
    return {
        "id": row.pk,
        "origin_type": origin.kind,
        "origin_id": origin.id,
        "origin": _brief_ref(origin, request),
        "destination_type": destination.kind if destination else None,
        "destination_id": destination.id if destination else None,
        "destination": _brief_ref(destination, request) if destination else None,
        "path": [_brief_ref(node, request) for node in nodes],
        "is_active": path.is_active,
        "is_split": path.is_split,
        "origin_fans_out": False,
        "destination_fans_out": False,
        "peer_connector": 1,
    }


# --------------------------------------------------------------------------------------------- viewsets


class ComponentViewSet(NetkeelModelViewSet):
    """Deleting a part goes through the DCIM service: its cable goes with it and paths are retraced."""

    def delete_instance(self, instance: Any) -> None:
        services.delete_component(instance)


class ConsolePortViewSet(TraceMixin, ComponentViewSet):
    queryset = ConsolePort.objects.all()
    serializer_class = components.ConsolePortSerializer
    filterset_class = filters.ConsolePortFilterSet


class ConsoleServerPortViewSet(TraceMixin, ComponentViewSet):
    queryset = ConsoleServerPort.objects.all()
    serializer_class = components.ConsoleServerPortSerializer
    filterset_class = filters.ConsoleServerPortFilterSet


class PowerPortViewSet(TraceMixin, ComponentViewSet):
    queryset = PowerPort.objects.all()
    serializer_class = components.PowerPortSerializer
    filterset_class = filters.PowerPortFilterSet


class PowerOutletViewSet(TraceMixin, ComponentViewSet):
    queryset = PowerOutlet.objects.all()
    serializer_class = components.PowerOutletSerializer
    filterset_class = filters.PowerOutletFilterSet


class InterfaceViewSet(RowCountsMixin, TraceMixin, ComponentViewSet):
    queryset = Interface.objects.all()
    serializer_class = components.InterfaceSerializer
    filterset_class = filters.InterfaceFilterSet


class FrontPortViewSet(PathsMixin, ComponentViewSet):
    queryset = FrontPort.objects.all()
    serializer_class = components.FrontPortSerializer
    filterset_class = filters.FrontPortFilterSet


class RearPortViewSet(PathsMixin, ComponentViewSet):
    queryset = RearPort.objects.all()
    serializer_class = components.RearPortSerializer
    filterset_class = filters.RearPortFilterSet


class DeviceBayViewSet(ComponentViewSet):
    queryset = DeviceBay.objects.all()
    serializer_class = components.DeviceBaySerializer
    filterset_class = filters.DeviceBayFilterSet


class InventoryItemViewSet(NetkeelModelViewSet):
    queryset = InventoryItem.objects.all()
    serializer_class = components.InventoryItemSerializer
    filterset_class = filters.InventoryItemFilterSet


class CableViewSet(NetkeelModelViewSet):
    queryset = Cable.objects.all()
    serializer_class = CableSerializer
    filterset_class = filters.CableFilterSet

    def delete_instance(self, instance: Any) -> None:
        cabling.disconnect(instance)
