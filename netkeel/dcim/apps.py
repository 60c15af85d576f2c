from __future__ import annotations

from django.apps import AppConfig


class DcimConfig(AppConfig):
    name = "netkeel.dcim"
    label = "dcim"
    verbose_name = "DCIM"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The API routes first: the pages derive from them (the URL map only reads these registries).
        from netkeel.core.features import register_feature
        from netkeel.dcim import upgrade
        from netkeel.dcim.api import graphql, routes
        from netkeel.dcim.cabling.kinds import installed_termination_models
        from netkeel.dcim.ui import pages
        from netkeel.extras.jobs.discovery import register_job_module

        routes.register()
        graphql.register()
        pages.register()
        upgrade.register()
        register_job_module("netkeel.dcim.jobs", str(self.verbose_name))
        # What a cable may end at, DCIM's kinds and those other apps register (circuit terminations, …).
        register_feature("cable_terminations", lambda model: model in installed_termination_models().values())
