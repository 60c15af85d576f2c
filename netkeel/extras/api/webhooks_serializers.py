"""Webhooks in the API: `content_types` as ["dcim.device"], `secret` write-only (never returned), and the
templates checked on save (syntax, the URL's form) so that a broken webhook is a 400, not a silent
failure at its first delivery."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from netkeel.core.api.fields import ContentTypeField
from netkeel.core.api.serializers import BaseModelSerializer
from netkeel.extras.choices import WebhookHttpMethodChoices
from netkeel.extras.models import Webhook
from netkeel.extras.webhooks.validation import headers_problem, template_problem, url_problem


class WebhookSerializer(BaseModelSerializer):
    content_types = ContentTypeField(many=True)
    secret = serializers.CharField(
        write_only=True,
        required=False,
        allow_blank=True,
        max_length=255,
        style={"input_type": "password"},
        help_text="Signs each body (X-Hook-Signature, HMAC-SHA512); write-only.",
    )

    # A plain string, as Nautobot sends it (not a `{value, label}` choice).
    http_method = serializers.ChoiceField(choices=WebhookHttpMethodChoices.flat(), required=False)

    class Meta(BaseModelSerializer.Meta):
        model = Webhook

    def validate_payload_url(self, value: str) -> str:
        return _checked(value, url_problem(value))

    def validate_additional_headers(self, value: str) -> str:
        return _checked(value, headers_problem(value))

    def validate_body_template(self, value: str) -> str:
        return _checked(value, template_problem(value))

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs = super().validate(attrs)
        kinds = ("type_create", "type_update", "type_delete")
        chosen = [attrs.get(kind, getattr(self.instance, kind, False)) for kind in kinds]
        if not any(chosen):
            raise serializers.ValidationError(
                {"type_create": ["Choose at least one of type_create, type_update and type_delete."]}
            )
        return attrs


def _checked(value: str, problem: str | None) -> str:
    if problem:
        raise serializers.ValidationError(problem)
    return value
