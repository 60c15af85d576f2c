"""The change log: one `ObjectChange` per create, update or delete of a netkeel object, written in the same
transaction as the change, with who made it, through what (the API, the web UI, a job, a service call)
and the object's data before and after."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models

from netkeel.extras.choices import ObjectChangeActionChoices, ObjectChangeEventContextChoices


class ObjectChange(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    time = models.DateTimeField(db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="changes"
    )
    user_name = models.CharField(max_length=150, blank=True, editable=False)
    request_id = models.UUIDField(
        null=True, blank=True, db_index=True, help_text="The request or job run that made it."
    )
    change_context = models.CharField(max_length=20, choices=ObjectChangeEventContextChoices.flat(), default="orm")
    change_context_detail = models.CharField(max_length=400, blank=True)
    action = models.CharField(max_length=20, choices=ObjectChangeActionChoices.flat())
    changed_object_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    changed_object_id = models.UUIDField()
    changed_object = GenericForeignKey("changed_object_type", "changed_object_id")
    # The object a change belongs to in people's eyes (an interface's device), for "changes of this device".
    related_object_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    related_object_id = models.UUIDField(null=True, blank=True)
    related_object = GenericForeignKey("related_object_type", "related_object_id")
    object_repr = models.CharField(max_length=200, editable=False)
    prechange_data: models.JSONField[Any, Any | None] = models.JSONField(null=True, blank=True, editable=False)
    postchange_data: models.JSONField[Any, Any | None] = models.JSONField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-time", "-id"]
        indexes = [
            models.Index(fields=["changed_object_type", "changed_object_id"], name="extras_change_object"),
            models.Index(fields=["related_object_type", "related_object_id"], name="extras_change_related"),
        ]

    def __str__(self) -> str:
        return f"{self.object_repr} {self.get_action_display().lower()} by {self.user_name or 'netkeel'}"
