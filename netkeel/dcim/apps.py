from __future__ import annotations

from django.apps import AppConfig


class DcimConfig(AppConfig):
    name = "netkeel.dcim"
    label = "dcim"
    verbose_name = "DCIM"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from netkeel.core.upgrade.hooks import PathRebuild, register_cable_path_rebuild

        def rebuild(progress: bool) -> PathRebuild:
            from netkeel.dcim.cabling.rebuild import rebuild_paths

            report = rebuild_paths(progress=progress)
            untraced = tuple((str(origin), reason) for origin, reason in report.untraced)
            return PathRebuild(report.origins, report.created, untraced)

        register_cable_path_rebuild(rebuild)
