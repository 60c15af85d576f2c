"""Notes: free text that people leave on any object, with who wrote it and when.

A note points at its object through a content type and the object's UUID, so every netkeel model can
carry notes without a column of its own. The author's name is copied onto the note, so a note keeps
saying who wrote it after the user account is gone.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models

from netkeel.core.models import BaseModel

# How much of a note its one-line display shows.
DISPLAY_LENGTH = 50


class Note(BaseModel):
    assigned_object_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    assigned_object_id = models.UUIDField()
    assigned_object = GenericForeignKey("assigned_object_type", "assigned_object_id")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="notes"
    )
    user_name = models.CharField(max_length=150, blank=True, editable=False)
    note = models.TextField()

    class Meta:
        ordering = ["created"]
        indexes = [models.Index(fields=["assigned_object_type", "assigned_object_id"], name="extras_note_object")]

    def __str__(self) -> str:
        first_line = self.note.strip().splitlines()[0] if self.note.strip() else ""
        if len(first_line) > DISPLAY_LENGTH:
            return f"{first_line[: DISPLAY_LENGTH - 1]}…"
        return first_line

    def clean(self) -> None:
        super().clean()
        if self.assigned_object_type_id is None or self.assigned_object_id is None:
            return
        model = self.assigned_object_type.model_class()
        if model is None or not isinstance(model._meta.pk, models.UUIDField):
            raise ValidationError(
                {
                    "assigned_object_type": f"Objects of type {self.assigned_object_type.app_label}."
                    f"{self.assigned_object_type.model} cannot carry notes."
                }
            )
        if not model._base_manager.filter(pk=self.assigned_object_id).exists():
            raise ValidationError(
                {"assigned_object_id": f"There is no {model._meta.verbose_name} with the id {self.assigned_object_id}."}
            )

    def save(self, *args: Any, **kwargs: Any) -> None:
        # The author's name outlives the account (user is SET_NULL when it is deleted).
        if self.user is not None and not self.user_name:
            self.user_name = self.user.get_username()
        super().save(*args, **kwargs)
