"""Write traced paths: `CablePath` rows and their node index, in batches.

`replace_paths` is the one writer: it deletes the old paths of the given origins and inserts the new
ones, so a retrace and a rebuild go through the same code.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Sequence

from netkeel.dcim.cabling.graph import Ref
from netkeel.dcim.cabling.kinds import content_type_id
from netkeel.dcim.cabling.trace import TracedPath
from netkeel.dcim.models import CablePath, CablePathNode

# Rows per INSERT. Large enough that a rebuild of a big network is a few dozen statements, small enough
# to stay under every backend's limit on query parameters and packet size.
BATCH_SIZE = 2000


def path_row(path: TracedPath) -> CablePath:
    destination = path.destination
    return CablePath(
        origin_type_id=content_type_id(path.origin.kind),
        origin_id=path.origin.id,
        destination_type_id=content_type_id(destination.kind) if destination else None,
        destination_id=destination.id if destination else None,
        path=[str(node) for node in path.nodes],
        is_active=path.is_active,
        is_split=path.is_split,
    )


def delete_paths(origin_ids: Iterable[uuid.UUID]) -> int:
    """Delete the paths that start at these origins (and their node rows)."""
    ids = list(origin_ids)
    deleted = 0
    for start in range(0, len(ids), BATCH_SIZE):
        chunk = ids[start : start + BATCH_SIZE]
        # Ids first: "nodes of these paths" by primary key uses the index whatever the planner's statistics.
        # Locked in primary-key order, so two writers retracing overlapping origins queue instead of
        # deadlocking on each other's rows (a plain DELETE locks rows in whatever order it scans them).
        locked = CablePath.objects.select_for_update().filter(origin_id__in=chunk).order_by("pk")
        path_ids = list(locked.values_list("id", flat=True))
        if path_ids:
            CablePathNode.objects.filter(cable_path_id__in=path_ids).delete()
            deleted += CablePath.objects.filter(id__in=path_ids).delete()[0]
    return deleted


def delete_all_paths() -> None:
    CablePathNode.objects.all().delete()
    CablePath.objects.all().delete()


def insert_paths(paths: Sequence[TracedPath], progress: Callable[[int], None] | None = None) -> int:
    """Insert new paths with their node rows; the origins must have no path yet."""
    for start in range(0, len(paths), BATCH_SIZE):
        batch = paths[start : start + BATCH_SIZE]
        rows = [path_row(path) for path in batch]
        CablePath.objects.bulk_create(rows, batch_size=BATCH_SIZE)
        nodes = [
            CablePathNode(cable_path_id=row.pk, node_id=node.id, node_kind=node.kind, step=step)
            for row, path in zip(rows, batch, strict=True)
            for step, node in enumerate(path.nodes, start=1)
        ]
        CablePathNode.objects.bulk_create(nodes, batch_size=BATCH_SIZE)
        if progress is not None:
            progress(len(batch))
    return len(paths)


def replace_paths(origins: Iterable[Ref], paths: Sequence[TracedPath]) -> None:
    """Make the stored paths of `origins` exactly `paths` (an origin with no new path loses its path)."""
    delete_paths(origin.id for origin in origins)
    insert_paths(paths)


def origins_through(node_ids: Iterable[uuid.UUID]) -> set[Ref]:
    """The origins of every stored path that passes (or ends at) one of these nodes."""
    from netkeel.dcim.cabling.kinds import kind_of_content_type

    ids = list(node_ids)
    if not ids:
        return set()
    rows = CablePath.objects.filter(nodes__node_id__in=ids).values_list("origin_type_id", "origin_id").distinct()
    return {Ref(kind_of_content_type(type_id), origin_id) for type_id, origin_id in rows}
