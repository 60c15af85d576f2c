from __future__ import annotations

from django.apps import AppConfig


class UsersConfig(AppConfig):
    name = "netkeel.users"
    label = "users"
    verbose_name = "Users"
    default_auto_field = "django.db.models.BigAutoField"
