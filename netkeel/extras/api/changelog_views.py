"""/api/extras/object-changes/: the change log, read-only (records are written by the change log itself
and removed only by `prune_changelog`)."""

from __future__ import annotations

from typing import Any

from django.db import models

from netkeel.core.api.permissions import register_attached, restrict_attached
from netkeel.core.api.views import NetkeelModelViewSet
from netkeel.extras.api.changelog_filters import ObjectChangeFilterSet
from netkeel.extras.api.changelog_serializers import ObjectChangeSerializer
from netkeel.extras.models import ObjectChange

# How a change record names the object it belongs to: it is read only with that object (or its whole kind).
CHANGED_OBJECT = ("changed_object_type", "changed_object_id")
register_attached(ObjectChange, *CHANGED_OBJECT)


class ObjectChangeViewSet(NetkeelModelViewSet):
    queryset = ObjectChange.objects.all()
    serializer_class = ObjectChangeSerializer
    filterset_class = ObjectChangeFilterSet
    http_method_names = ["get", "head", "options"]
    notes = None  # type: ignore[assignment]  # a change record carries no notes

    def get_queryset(self) -> models.QuerySet[Any]:
        """Changes of the objects the requester may view; a deleted object's, to those who may view its whole
        kind (see `restrict_attached`)."""
        queryset = super().get_queryset()
        if self.request is None:
            return queryset
        return restrict_attached(queryset, self.request.user, *CHANGED_OBJECT)
