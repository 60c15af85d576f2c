"""Extras endpoints: statuses, roles, tags, content types (read-only) and notes."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from rest_framework.permissions import IsAuthenticated

from netkeel.core.api.views import NetkeelModelViewSet
from netkeel.extras.api import filters, serializers
from netkeel.extras.models import Note, Role, Status, Tag


class StatusViewSet(NetkeelModelViewSet):
    queryset = Status.objects.all()
    serializer_class = serializers.StatusSerializer
    filterset_class = filters.StatusFilterSet


class RoleViewSet(NetkeelModelViewSet):
    queryset = Role.objects.all()
    serializer_class = serializers.RoleSerializer
    filterset_class = filters.RoleFilterSet


class TagViewSet(NetkeelModelViewSet):
    queryset = Tag.objects.all()
    serializer_class = serializers.TagSerializer
    filterset_class = filters.TagFilterSet


class ContentTypeViewSet(NetkeelModelViewSet):
    """Every kind of object netkeel knows; any signed-in user may read them (they name no data)."""

    queryset = ContentType.objects.order_by("app_label", "model")
    serializer_class = serializers.ContentTypeSerializer
    filterset_class = filters.ContentTypeFilterSet
    permission_classes = [IsAuthenticated]
    http_method_names = ["get", "head", "options"]


class NoteViewSet(NetkeelModelViewSet):
    queryset = Note.objects.all()
    serializer_class = serializers.NoteSerializer
    filterset_class = filters.NoteFilterSet

    def perform_create(self, serializer: Any) -> None:
        serializer.save(user=self.request.user)
