"""Custom fields and their choices in the API (Nautobot's shapes: `type` and `filter_logic` as
`{value, label}`, `content_types` as `["dcim.device"]`, `default` any JSON). Writes go through
netkeel/extras/customfields/services.py, which renames or removes the values stored on objects."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from netkeel.core.api.fields import ContentTypeField
from netkeel.core.api.serializers import BaseModelSerializer
from netkeel.extras.customfields import services
from netkeel.extras.models import CustomField, CustomFieldChoice


class CustomFieldSerializer(BaseModelSerializer):
    content_types = ContentTypeField(many=True)
    default = serializers.JSONField(required=False, allow_null=True)

    class Meta(BaseModelSerializer.Meta):
        model = CustomField

    def create(self, validated_data: dict[str, Any]) -> CustomField:
        return services.create_custom_field(**validated_data)

    def update(self, instance: CustomField, validated_data: dict[str, Any]) -> CustomField:
        return services.update_custom_field(instance, **validated_data)


class CustomFieldChoiceSerializer(BaseModelSerializer):
    display_related = ("custom_field",)  # the natural slug names the field's key

    class Meta(BaseModelSerializer.Meta):
        model = CustomFieldChoice

    def create(self, validated_data: dict[str, Any]) -> CustomFieldChoice:
        return services.create_choice(**validated_data)

    def update(self, instance: CustomFieldChoice, validated_data: dict[str, Any]) -> CustomFieldChoice:
        return services.update_choice(instance, **validated_data)
