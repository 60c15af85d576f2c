from __future__ import annotations

from django.apps import AppConfig


class IpamConfig(AppConfig):
    name = "netkeel.ipam"
    label = "ipam"
    verbose_name = "IPAM"
    default_auto_field = "django.db.models.BigAutoField"
