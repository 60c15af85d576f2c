from __future__ import annotations

from django.apps import AppConfig


class ExtrasConfig(AppConfig):
    name = "netkeel.extras"
    label = "extras"
    verbose_name = "Extras"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from netkeel.extras import changelog, customfields, jobs, webhooks

        changelog.connect()
        webhooks.connect()
        customfields.connect()
        jobs.connect()
