from __future__ import annotations

from django.apps import AppConfig


class CircuitsConfig(AppConfig):
    name = "netkeel.circuits"
    label = "circuits"
    verbose_name = "Circuits"
    default_auto_field = "django.db.models.BigAutoField"
