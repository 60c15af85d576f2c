"""DCIM's jobs: `trace_paths` as a job, so the cable paths can be rebuilt from the API or the worker."""

from __future__ import annotations

from typing import Any

from netkeel.dcim.cabling.rebuild import rebuild_paths
from netkeel.extras.jobs import BooleanVar, Job


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
