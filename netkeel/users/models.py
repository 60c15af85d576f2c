"""netkeel's user: Django's, with a UUID key like every other netkeel object and a place for preferences."""

from __future__ import annotations

import secrets
import uuid

from django.contrib.auth.models import AbstractUser
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone


class User(AbstractUser):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    config_data = models.JSONField(default=dict, blank=True)

    class Meta:
        db_table = "users_user"
        ordering = ["username"]

    def __str__(self) -> str:
        return self.username


def generate_key() -> str:
    return secrets.token_hex(20)


class Token(models.Model):
    """An API token: `Authorization: Token <key>`. A token that is not write-enabled may only read."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="tokens")
    created = models.DateTimeField(auto_now_add=True)
    expires = models.DateTimeField(null=True, blank=True)
    last_used = models.DateTimeField(null=True, blank=True)
    key = models.CharField(
        max_length=40,
        unique=True,
        default=generate_key,
        validators=[RegexValidator(r"^[0-9a-f]{40}$", "A token key is 40 lowercase hexadecimal characters.")],
    )
    write_enabled = models.BooleanField(default=True)
    description = models.CharField(max_length=200, blank=True)

    natural_key_field_names = ("key",)

    class Meta:
        db_table = "users_token"
        ordering = ["created"]

    def __str__(self) -> str:
        return f"{self.key[:4]}…{self.key[-4:]} ({self.user})"

    @property
    def is_expired(self) -> bool:
        return self.expires is not None and self.expires <= timezone.now()
