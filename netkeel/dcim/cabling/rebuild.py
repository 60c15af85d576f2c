"""Rebuild the stored cable paths: every missing one, or (with `force`) all of them.

The whole cable graph is read in a few queries, every origin is traced in memory, and paths are written
in batches, so the number of queries does not grow with the number of origins. An origin that cannot be
traced (a loop, a front port with no rear port) is reported and skipped; the run carries on.

Called by the `trace_paths` command, its job, the upgrade hook in `apps.py` and the demo data.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q

from netkeel.dcim.cabling.graph import ENDPOINT_KINDS, Ref
from netkeel.dcim.cabling.kinds import installed_termination_models, kind_of
from netkeel.dcim.cabling.loader import DatabaseGraph, load_full_graph
from netkeel.dcim.cabling.store import delete_all_paths, delete_paths, insert_paths
from netkeel.dcim.cabling.trace import trace_paths
from netkeel.dcim.models import CablePath


@dataclass(frozen=True)
class RebuildReport:
    origins: int
    created: int
    untraced: tuple[tuple[Ref, str], ...]


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


def rebuild_paths(*, force: bool = False, progress: bool = False) -> RebuildReport:
    """Trace the origins that lack a path (all of them with `force`) and store the paths; `progress`
    draws a bar on the terminal while they are written."""
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
