"""The plugin's one model: a named widget of some size, with netkeel's base fields (UUID key, created,
last updated, custom fields, notes) and tags."""

from __future__ import annotations

from django.db import models

from netkeel.core.models import NamedModel
from netkeel.extras.fields import TagsField


class Widget(NamedModel):
    size = models.PositiveIntegerField(default=1)
    tags = TagsField()

    class Meta(NamedModel.Meta):
        pass
