"""Statuses, roles, tags, content types and notes in the API."""

from __future__ import annotations

from typing import Any, cast

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import prefetch_related_objects
from rest_framework import serializers

from netkeel.core.api.counts import RowCountsSerializerMixin
from netkeel.core.api.fields import ContentTypeField, brief, render_nested
from netkeel.core.api.permissions import may_view_object
from netkeel.core.api.schema import answers_a_reference
from netkeel.core.api.serializers import BaseModelSerializer
from netkeel.core.permissions import allowed_ids
from netkeel.extras.models import Note, Role, Status, Tag


class StatusSerializer(BaseModelSerializer):
    content_types = ContentTypeField(many=True, required=False)

    class Meta(BaseModelSerializer.Meta):
        model = Status


class RoleSerializer(BaseModelSerializer):
    content_types = ContentTypeField(many=True, required=False)

    class Meta(BaseModelSerializer.Meta):
        model = Role


class TagSerializer(RowCountsSerializerMixin, BaseModelSerializer):
    """A tag, with Nautobot's `tagged_items` (registered in `ExtrasConfig.ready`)."""

    content_types = ContentTypeField(many=True, required=False)

    class Meta(BaseModelSerializer.Meta):
        model = Tag


class ContentTypeSerializer(BaseModelSerializer):
    """A kind of object (`dcim | device`), with Django's integer id; read-only, and carries no notes."""

    # Integer keys: such objects carry no notes and no custom fields.
    notes_url = None  # type: ignore[assignment]
    custom_fields = None  # type: ignore[assignment]

    class Meta(BaseModelSerializer.Meta):
        model = ContentType
        fields = ["id", "object_type", "display", "url", "natural_slug", "app_label", "model"]

    def get_display(self, obj: models.Model) -> str:
        assert isinstance(obj, ContentType)
        return f"{obj.app_label} | {obj.model}"

    def get_natural_slug(self, obj: models.Model) -> str:
        assert isinstance(obj, ContentType)
        return f"{obj.app_label}_{obj.model}"


class NoteSerializer(BaseModelSerializer):
    """A note; its author is the requester, set by the view, never by the client."""

    assigned_object_type = ContentTypeField()
    assigned_object = serializers.SerializerMethodField()
    user = serializers.SerializerMethodField()

    class Meta(BaseModelSerializer.Meta):
        model = Note
        fields = [
            "id",
            "object_type",
            "display",
            "url",
            "natural_slug",
            "assigned_object_type",
            "assigned_object_id",
            "assigned_object",
            "user",
            "user_name",
            "note",
            "created",
            "last_updated",
            "notes_url",
            "custom_fields",
        ]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        """A note goes only on an object the requester may view (checked by the one enforcement point): one
        they may not is answered as one that does not exist, naming neither."""
        content_type = attrs.get("assigned_object_type", getattr(self.instance, "assigned_object_type", None))
        object_id = attrs.get("assigned_object_id", getattr(self.instance, "assigned_object_id", None))
        request = self.context.get("request")
        model = content_type.model_class() if isinstance(content_type, ContentType) else None
        if request is not None and model is not None and object_id is not None:
            user = getattr(request, "user", None)
            if object_id not in allowed_ids(user, model, [object_id]):
                raise serializers.ValidationError(
                    {
                        "assigned_object_id": [
                            f"There is no {model._meta.verbose_name} with the id {object_id} that you may view."
                        ]
                    }
                )
        return super().validate(attrs)

    @answers_a_reference
    def get_assigned_object(self, obj: Note) -> dict[str, Any] | None:
        model = ContentType.objects.get_for_id(obj.assigned_object_type_id).model_class()
        if model is None:
            return None
        return brief(model, obj.assigned_object_id, self.context.get("request"))

    @answers_a_reference
    def get_user(self, obj: Note) -> dict[str, Any] | None:
        if obj.user_id is None:
            return None
        request = self.context.get("request")
        user_model = get_user_model()
        if self.depth_level == 0 or not may_view_object(self.context, user_model, obj.user_id):
            return brief(user_model, obj.user_id, request)
        return render_nested(cast(models.Model, obj.user), self.depth_level - 1, self.context)

    def prepare_rows(self, rows: list[models.Model]) -> None:
        super().prepare_rows(rows)
        if self.depth_level > 0:
            prefetch_related_objects(rows, "user")  # the authors of a page in one query
