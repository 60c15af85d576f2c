"""`netkeel-server import_device_types PATH...`: import device types from the community library's YAML.

Files, or folders of them (a vendor folder of `device-types/`, or the whole library: `module-types/` is
left out until netkeel has modules). The work is `netkeel.dcim.device_type_library.import_files`; this
module draws the progress, lists what failed and sums up.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from netkeel.dcim.device_type_library import ImportReport, import_files, library_files


class Command(BaseCommand):
    help = "Create or update device types (with their manufacturers and component templates) from YAML files."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", metavar="PATH", help="A device type YAML file or a folder of them.")
        parser.add_argument("--no-progress", action="store_true", help="Do not draw a progress bar.")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        missing = [path for path in options["paths"] if not Path(path).exists()]
        if missing:
            raise CommandError(f"No such file or folder: {', '.join(missing)}. Nothing was imported.")
        files = list(library_files(options["paths"]))
        if not files:
            raise CommandError("No .yaml or .yml file found in the paths given. Nothing was imported.")
        report = self._import(files, progress=not options["no_progress"] and self.stdout.isatty())
        for failed in report.failed:
            self.stderr.write(f"failed {failed}")
        if options["verbosity"] > 1:
            for path, outcome in report.imported:
                self.stdout.write(f"{outcome.action} {outcome.device_type} ({path})")
                for note in outcome.notes:
                    self.stdout.write(f"  {note}")
        elapsed = time.perf_counter() - started
        self.stdout.write(f"{report.summary()[:-1]} in {elapsed:.1f}s.")
        if report.failed:
            raise CommandError(
                f"{len(report.failed)} of {len(files)} file(s) could not be imported (listed above with their "
                "line and reason); fix them and run the import again: what was imported stays."
            )

    def _import(self, files: list[Path], *, progress: bool) -> ImportReport:
        if not progress:
            return import_files(files)
        from rich.progress import Progress

        with Progress() as bar:
            task = bar.add_task("Importing device types", total=len(files))
            return import_files(files, on_file=lambda _path: bar.advance(task))
