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
from django.db.models import Count, Exists, OuterRef, Q

from netkeel.dcim.cabling.graph import ENDPOINT_KINDS, Ref
from netkeel.dcim.cabling.kinds import installed_termination_models, kind_of
from netkeel.dcim.cabling.loader import DatabaseGraph, load_full_graph
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


# Below this many missing origins, tracing node by node beats loading the whole graph.
LAZY_TRACE_LIMIT = 200


def _cabled_endpoint_querysets() -> list[Any]:
    models = installed_termination_models()
    return [
        models[kind]._default_manager.order_by().filter(cable__isnull=False)
        for kind in sorted(ENDPOINT_KINDS)
        if kind in models
    ]


def missing_origins() -> tuple[list[Ref], int]:
    """Cabled endpoints that have no path, and how many cabled endpoints there are: a few indexed queries,
    with no graph loaded, so an up-to-date database answers at once whatever its size."""
    missing: list[Ref] = []
    cabled = 0
    for queryset in _cabled_endpoint_querysets():
        has_path = Exists(CablePath.objects.filter(origin_id=OuterRef("pk")))
        counts = queryset.aggregate(cabled=Count("pk"), missing=Count("pk", filter=~Q(has_path)))
        cabled += counts["cabled"]
        if counts["missing"]:
            kind = kind_of(queryset.model)
            missing.extend(Ref(kind, pk) for pk in queryset.exclude(has_path).values_list("pk", flat=True))
    return missing, cabled


def rebuild_paths(*, force: bool = False, progress: bool = False, write: Any = print) -> RebuildReport:
    """Trace the origins that lack a path (all of them with `force`) and store the paths."""
    with transaction.atomic():
        if force:
            graph: Any = load_full_graph()
            origins = graph.cabled_endpoints()
            delete_all_paths()
        else:
            origins, cabled = missing_origins()
            stored = CablePath.objects.count()
            if stored != cabled - len(origins):
                # Some path starts where there is no longer a cable (data changed behind the services).
                endpoints = {
                    pk for queryset in _cabled_endpoint_querysets() for pk in queryset.values_list("pk", flat=True)
                }
                existing = set(CablePath.objects.order_by().values_list("origin_id", flat=True))
                delete_paths(existing - endpoints)
            if not origins:
                return RebuildReport(0, 0, ())
            graph = DatabaseGraph() if len(origins) <= LAZY_TRACE_LIMIT else load_full_graph()
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
