from __future__ import annotations

from django.apps import AppConfig


class IpamConfig(AppConfig):
    name = "netkeel.ipam"
    label = "ipam"
    verbose_name = "IPAM"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The API routes first: the pages derive from them (the URL map only reads these registries).
        from netkeel.ipam.api import routes
        from netkeel.ipam.ui import pages

        routes.register()
        pages.register()
