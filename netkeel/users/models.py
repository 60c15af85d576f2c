"""netkeel's user: Django's, with a UUID key like every other netkeel object and a place for preferences."""

from __future__ import annotations

import secrets
import uuid
from typing import ClassVar

from django.contrib.auth.models import AbstractUser, Group
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone

from netkeel.core.models.base import BaseModel


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


class ObjectPermission(BaseModel):
    """Nautobot's object permission: `actions` (view, add, change, delete, or a custom one such as `run`) on
    objects of `object_types`, for `users` and the members of `groups`; `constraints` (a JSON object of
    ORM lookups, or a list of them, ORed; `"$user"` stands for the requesting user) narrow it to some
    objects. An unconstrained permission grants the model permission today (`ObjectPermissionBackend`);
    a constrained one grants nothing until constraints are enforced on every path."""

    name = models.CharField(max_length=255, unique=True)
    description = models.CharField(max_length=200, blank=True)
    enabled = models.BooleanField(default=True)
    object_types = models.ManyToManyField(ContentType, related_name="object_permissions")
    groups = models.ManyToManyField(Group, blank=True, related_name="object_permissions")
    users = models.ManyToManyField(User, blank=True, related_name="object_permissions")
    actions = models.JSONField(help_text='The actions granted, such as ["view", "change"].')
    constraints = models.JSONField(
        blank=True, null=True, help_text="ORM lookups an object must match (a JSON object, or a list of them, ORed)."
    )

    natural_key_field_names: ClassVar[tuple[str, ...]] = ("name",)

    class Meta:
        ordering = ["name"]
        verbose_name = "object permission"

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        from netkeel.users.permissions import actions_problem, constraints_shape_problem

        problems = {}
        if problem := actions_problem(self.actions):
            problems["actions"] = [problem]
        if problem := constraints_shape_problem(self.constraints):
            problems["constraints"] = [problem]
        if problems:
            raise ValidationError(problems)
