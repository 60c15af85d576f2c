from __future__ import annotations

from django.apps import AppConfig


class DcimConfig(AppConfig):
    name = "netkeel.dcim"
    label = "dcim"
    verbose_name = "DCIM"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from netkeel.dcim import upgrade

        upgrade.register()
