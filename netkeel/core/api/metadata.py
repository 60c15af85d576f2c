"""OPTIONS answers in Nautobot 2.4+'s shape: `actions.POST.<field>` with `type` on every field and
`choices` as `[{"value", "display"}]` (pynautobot's `choices()` and Ansible's choice mapping read this)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers
from rest_framework.metadata import SimpleMetadata

from netkeel.core.api.fields import ContentTypeField, RelatedObjectField


class NetkeelMetadata(SimpleMetadata):
    def get_field_info(self, field: serializers.Field) -> dict[str, Any]:
        info: dict[str, Any] = super().get_field_info(field)
        if "choices" in info:
            info["choices"] = [{"value": c["value"], "display": c["display_name"]} for c in info["choices"]]
        if isinstance(field, RelatedObjectField | ContentTypeField):
            info["type"] = "related object" if isinstance(field, RelatedObjectField) else "object type"
        elif isinstance(field, serializers.ManyRelatedField):
            info["type"] = "list"
            info["child"] = {"type": "related object"}
        return info
