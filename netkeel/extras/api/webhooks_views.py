"""/api/extras/webhooks/: filters and the viewset."""

from __future__ import annotations

from netkeel.core.api.filters import BaseFilterSet, ObjectTypeFilter
from netkeel.core.api.views import NetkeelModelViewSet
from netkeel.extras.api.webhooks_serializers import WebhookSerializer
from netkeel.extras.models import Webhook


class WebhookFilterSet(BaseFilterSet):
    search_fields = ("name", "payload_url")

    content_types = ObjectTypeFilter(field_name="content_types")
    content_types__n = ObjectTypeFilter(field_name="content_types", negate=True)

    class Meta:
        model = Webhook
        fields = [
            "name",
            "enabled",
            "type_create",
            "type_update",
            "type_delete",
            "payload_url",
            "http_method",
            "http_content_type",
            "ssl_verification",
        ]


class WebhookViewSet(NetkeelModelViewSet):
    queryset = Webhook.objects.all()
    serializer_class = WebhookSerializer
    filterset_class = WebhookFilterSet
