from __future__ import annotations

from django.apps import AppConfig


class CircuitsConfig(AppConfig):
    name = "netkeel.circuits"
    label = "circuits"
    verbose_name = "Circuits"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The API routes first: the pages derive from them (the URL map only reads these registries).
        from netkeel.circuits.api import routes
        from netkeel.circuits.ui import pages

        routes.register()
        pages.register()
