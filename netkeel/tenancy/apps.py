from __future__ import annotations

from django.apps import AppConfig


class TenancyConfig(AppConfig):
    name = "netkeel.tenancy"
    label = "tenancy"
    verbose_name = "Tenancy"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The API routes first: the pages derive from them (the URL map only reads these registries).
        from netkeel.tenancy.api import routes
        from netkeel.tenancy.ui import pages

        routes.register()
        pages.register()
