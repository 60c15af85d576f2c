"""/api/extras/object-changes/: the change log, read-only (records are written by the change log itself
and removed only by `prune_changelog`)."""

from __future__ import annotations

from netkeel.core.api.views import NetkeelModelViewSet
from netkeel.extras.api.changelog_filters import ObjectChangeFilterSet
from netkeel.extras.api.changelog_serializers import ObjectChangeSerializer
from netkeel.extras.models import ObjectChange


class ObjectChangeViewSet(NetkeelModelViewSet):
    queryset = ObjectChange.objects.all()
    serializer_class = ObjectChangeSerializer
    filterset_class = ObjectChangeFilterSet
    http_method_names = ["get", "head", "options"]
    notes = None  # type: ignore[assignment]  # a change record carries no notes
