"""DCIM's jobs: `trace_paths` as a job, so the cable paths can be rebuilt from the API or the worker, and the
device-type import (the YAML of the community library) for those who import without a shell."""

from __future__ import annotations

from typing import Any

from netkeel.dcim.cabling.rebuild import rebuild_paths
from netkeel.dcim.device_type_library import import_text
from netkeel.extras.jobs import BooleanVar, Job, StringVar


class TracePaths(Job):
    class Meta:
        name = "Trace cable paths"
        description = "Create every missing cable path; with force, delete every path and trace them all again."

    force = BooleanVar(description="Delete every cable path and trace all origins again.")

    def run(self, force: bool = False) -> dict[str, Any]:
        report = rebuild_paths(force=force)
        for origin, reason in report.untraced:
            self.logger.warning("Skipped %s: %s", origin, reason)
        verb = "Rebuilt" if force else "Created"
        self.logger.success("%s %d cable path(s) from %d origin(s).", verb, report.created, report.origins)
        return {
            "origins": report.origins,
            "created": report.created,
            "untraced": [{"origin": str(origin), "reason": reason} for origin, reason in report.untraced],
        }


class ImportDeviceTypes(Job):
    class Meta:
        name = "Import device types"
        description = (
            "Create or update device types, their manufacturers and component templates from the community "
            "device-type library's YAML (several documents separated by ---)."
        )

    yaml = StringVar(description="The YAML of one or more device types, as in the library's device-types/ files.")

    def run(self, yaml: str = "") -> dict[str, Any]:
        report = import_text(yaml, source="the job's YAML")
        for source, outcome in report.imported:
            self.logger.info("%s %s (%s).", outcome.action.capitalize(), outcome.device_type, source)
            for note in outcome.notes:
                self.logger.info("%s: %s", outcome.device_type, note)
        for failed in report.failed:
            self.logger.failure("%s", failed)
        if report.failed:
            self.logger.failure(report.summary())
        else:
            self.logger.success(report.summary())
        return {
            "created": report.count("created"),
            "updated": report.count("updated"),
            "unchanged": report.count("unchanged"),
            "failed": [
                {"source": failed.path, "line": failed.line, "reason": failed.reason} for failed in report.failed
            ],
        }
