from __future__ import annotations

from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "netkeel.demo"
    label = "demo"
    verbose_name = "Demo data"

    def ready(self) -> None:
        from netkeel.extras.jobs.discovery import register_job_module

        register_job_module("netkeel.demo.jobs", str(self.verbose_name))
