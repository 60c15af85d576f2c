from __future__ import annotations

from django.apps import AppConfig


class ExtrasConfig(AppConfig):
    name = "netkeel.extras"
    label = "extras"
    verbose_name = "Extras"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from netkeel.extras import changelog, customfields, jobs, webhooks
        from netkeel.extras.api import routes
        from netkeel.extras.jobs.discovery import register_job_module
        from netkeel.extras.ui import pages

        changelog.connect()
        webhooks.connect()
        customfields.connect()
        jobs.connect()
        register_job_module("netkeel.extras.csv_io.jobs", str(self.verbose_name))
        # The API routes first: the pages derive from them. Extras is ready before the domain apps, so the
        # tabs it lends every model are registered before any router is read.
        routes.register()
        pages.register()
