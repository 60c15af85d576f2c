"""`netkeel-server trace_paths`: create every missing cable path (or, with --force, rebuild them all).

The work is `netkeel.dcim.cabling.rebuild.rebuild_paths`; this module asks, draws and reports. The rebuild
names stay importable from here for older callers.
"""

from __future__ import annotations

import sys
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from netkeel.dcim.cabling.rebuild import LAZY_TRACE_LIMIT, RebuildReport, missing_origins, rebuild_paths

__all__ = ["LAZY_TRACE_LIMIT", "Command", "RebuildReport", "missing_origins", "rebuild_paths"]


class Command(BaseCommand):
    help = "Generate any missing cable paths among all cable termination objects (--force rebuilds all)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--force", action="store_true", help="Delete every path and trace all origins again.")
        parser.add_argument(
            "--no-input",
            "--noinput",
            action="store_false",
            dest="interactive",
            help="Do not ask before deleting paths with --force.",
        )
        parser.add_argument("--no-progress", action="store_true", help="Do not draw a progress bar.")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        force = options["force"]
        if force and options["interactive"]:
            if not sys.stdin.isatty():
                raise CommandError(
                    "--force deletes every cable path and asks first, but there is no terminal to ask on; "
                    "add --no-input to rebuild without asking. Nothing changed."
                )
            try:
                answer = input("Delete every cable path and trace them all again? [y/N] ")
            except EOFError:
                answer = ""
            if answer.strip().lower() not in {"y", "yes"}:
                raise CommandError("Nothing changed.")
        report = rebuild_paths(force=force, progress=not options["no_progress"] and self.stdout.isatty())
        for origin, reason in report.untraced:
            self.stderr.write(f"skipped {origin}: {reason}")
        elapsed = time.perf_counter() - started
        verb = "Rebuilt" if force else "Created"
        self.stdout.write(
            f"{verb} {report.created} cable path(s) from {report.origins} origin(s) in {elapsed:.2f}s"
            + (f"; {len(report.untraced)} origin(s) could not be traced (listed above)." if report.untraced else ".")
        )
