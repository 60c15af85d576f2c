"""Change records in the API, in Nautobot's shape: `object_data` and `object_data_v2` are the object after
the change as the API shows it (Nautobot's `postchange_data`), `changed_object` a brief reference while the
object still exists."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from rest_framework import serializers

from netkeel.core.api.fields import ContentTypeField, brief
from netkeel.core.api.schema import answers_a_reference
from netkeel.core.api.serializers import BaseModelSerializer
from netkeel.extras.models import ObjectChange

_EXISTING = "_changelog_existing"  # serializer context: {content type id: ids of objects still there}


class ObjectChangeSerializer(BaseModelSerializer):
    notes_url = None  # type: ignore[assignment]
    custom_fields = None  # type: ignore[assignment]

    changed_object_type = ContentTypeField(queryset=None, read_only=True)
    related_object_type = ContentTypeField(queryset=None, read_only=True)
    changed_object = serializers.SerializerMethodField()
    object_data = serializers.SerializerMethodField()
    object_data_v2 = serializers.SerializerMethodField()
    # Plain strings, as Nautobot sends them (not `{value, label}` choices).
    change_context = serializers.CharField(read_only=True)

    class Meta(BaseModelSerializer.Meta):
        model = ObjectChange
        fields = [
            "id",
            "object_type",
            "display",
            "url",
            "natural_slug",
            "time",
            "user",
            "user_name",
            "request_id",
            "action",
            "changed_object_type",
            "changed_object_id",
            "changed_object",
            "related_object_type",
            "related_object_id",
            "object_repr",
            "object_data",
            "object_data_v2",
            "prechange_data",
            "postchange_data",
            "change_context",
            "change_context_detail",
        ]
        read_only_fields = fields

    def get_object_data(self, obj: ObjectChange) -> Any:
        return obj.postchange_data

    def get_object_data_v2(self, obj: ObjectChange) -> Any:
        return obj.postchange_data

    @answers_a_reference
    def get_changed_object(self, obj: ObjectChange) -> dict[str, Any] | None:
        model = ContentType.objects.get_for_id(obj.changed_object_type_id).model_class()
        if model is None:
            return None
        existing = self._existing().get(obj.changed_object_type_id)
        if existing is None:  # not a prepared page (a detail read): one query
            existing = set(model._base_manager.filter(pk=obj.changed_object_id).values_list("pk", flat=True))
        if obj.changed_object_id not in existing:
            return None
        return brief(model, obj.changed_object_id, self.context.get("request"))

    def _existing(self) -> dict[int, set[Any]]:
        existing: dict[int, set[Any]] = self.context.setdefault(_EXISTING, {})
        return existing

    def prepare_rows(self, rows: list[models.Model]) -> None:
        """Which changed objects of the page still exist: one query per kind of object on the page."""
        super().prepare_rows(rows)
        wanted: dict[int, set[Any]] = {}
        for row in rows:
            assert isinstance(row, ObjectChange)
            wanted.setdefault(row.changed_object_type_id, set()).add(row.changed_object_id)
        existing = self._existing()
        for type_id, ids in wanted.items():
            model = ContentType.objects.get_for_id(type_id).model_class()
            if model is None:
                existing[type_id] = set()
                continue
            existing[type_id] = set(model._base_manager.filter(pk__in=ids).order_by().values_list("pk", flat=True))
