"""`netkeel-server trace_paths`: create every missing cable path (or, with --force, rebuild them all).

The whole cable graph is read in a few queries, every origin is traced in memory, and paths are written
in batches, so the number of queries does not grow with the number of origins. An origin that cannot be
traced (a loop, a front port with no rear port) is listed and skipped; the run carries on.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from netkeel.dcim.cabling.graph import Ref
from netkeel.dcim.cabling.loader import load_full_graph
from netkeel.dcim.cabling.store import delete_all_paths, delete_paths, insert_paths
from netkeel.dcim.cabling.trace import trace_paths
from netkeel.dcim.models import CablePath


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
            answer = input("Delete every cable path and trace them all again? [y/N] ")
            if answer.strip().lower() not in {"y", "yes"}:
                raise CommandError("Nothing changed.")
        report = rebuild_paths(
            force=force, progress=not options["no_progress"] and self.stdout.isatty(), write=self.stdout.write
        )
        for origin, reason in report.untraced:
            self.stderr.write(f"skipped {origin}: {reason}")
        elapsed = time.perf_counter() - started
        verb = "Rebuilt" if force else "Created"
        self.stdout.write(
            f"{verb} {report.created} cable path(s) from {report.origins} origin(s) in {elapsed:.2f}s"
            + (f"; {len(report.untraced)} origin(s) could not be traced (listed above)." if report.untraced else ".")
        )


class RebuildReport:
    def __init__(self, origins: int, created: int, untraced: tuple[tuple[Ref, str], ...]) -> None:
        self.origins = origins
        self.created = created
        self.untraced = untraced


def rebuild_paths(*, force: bool = False, progress: bool = False, write: Any = print) -> RebuildReport:
    """Trace the origins that lack a path (all of them with `force`) and store the paths."""
    graph = load_full_graph()
    origins = graph.cabled_endpoints()
    with transaction.atomic():
        if force:
            delete_all_paths()
            stale: set[Any] = set()
        else:
            existing = set(CablePath.objects.values_list("origin_id", flat=True))
            # A path whose origin lost its cable outside the service (bad data) is stale.
            stale = existing - {origin.id for origin in origins}
            origins = [origin for origin in origins if origin.id not in existing]
        if stale:
            delete_paths(stale)
        result = trace_paths(graph, origins)
        paths = list(result.paths)
        if progress and paths:
            from rich.progress import Progress

            with Progress(transient=True) as bar:
                task = bar.add_task("Writing cable paths", total=len(paths))
                insert_paths(paths, progress=lambda n: bar.advance(task, n))
        else:
            insert_paths(paths)
    return RebuildReport(len(origins), len(paths), result.untraced)
