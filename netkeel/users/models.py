"""netkeel's user: Django's, with a UUID key like every other netkeel object and a place for preferences."""

from __future__ import annotations

import uuid

from django.contrib.auth.models import AbstractUser
from django.db import models


class User(AbstractUser):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    config_data = models.JSONField(default=dict, blank=True)

    class Meta:
        db_table = "users_user"
        ordering = ["username"]

    def __str__(self) -> str:
        return self.username
