"""`/api/plugins/example/widgets/`: the widget endpoint, built from netkeel's API base classes."""

from __future__ import annotations

from netkeel.core.api.filters import BaseFilterSet
from netkeel.core.api.routers import APIRouter
from netkeel.core.api.serializers import BaseModelSerializer
from netkeel.core.api.views import NetkeelModelViewSet
from netkeel_example_plugin.models import Widget


class WidgetSerializer(BaseModelSerializer):
    class Meta(BaseModelSerializer.Meta):
        model = Widget


class WidgetFilterSet(BaseFilterSet):
    search_fields = ("name", "description")

    class Meta:
        model = Widget
        fields = ["name", "description", "size"]


class WidgetViewSet(NetkeelModelViewSet):
    queryset = Widget.objects.all()
    serializer_class = WidgetSerializer
    filterset_class = WidgetFilterSet


def register(router: APIRouter) -> None:
    router.register("widgets", WidgetViewSet)
