"""Retention: change records older than `CHANGELOG_RETENTION` days (0 keeps them forever) are deleted in
batches of ids, each batch its own short transaction, so pruning a large log never holds long locks."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from netkeel.extras.models import ObjectChange

BATCH_SIZE = 5_000
MAX_DAYS = 100_000


@dataclass(frozen=True)
class PruneReport:
    cutoff: datetime.datetime
    deleted: int  # or, in a dry run, how many would be
    batches: int


def prune_changes(
    days: int,
    *,
    batch_size: int = BATCH_SIZE,
    dry_run: bool = False,
    progress: Callable[[int], None] | None = None,
) -> PruneReport:
    """Delete the records older than `days` days (at least 1), `batch_size` ids per DELETE."""
    if not 1 <= days <= MAX_DAYS:
        raise ValueError(f"Keep change records for 1 to {MAX_DAYS} days, not {days}.")
    if batch_size < 1:
        raise ValueError(f"Delete at least one record per batch, not {batch_size}.")
    cutoff = timezone.now() - datetime.timedelta(days=days)
    old = ObjectChange.objects.filter(time__lt=cutoff)
    if dry_run:
        return PruneReport(cutoff, old.count(), 0)
    deleted = batches = 0
    while True:
        ids = list(old.order_by("time").values_list("pk", flat=True)[:batch_size])
        if not ids:
            break
        with transaction.atomic():
            count, _ = ObjectChange.objects.filter(pk__in=ids).delete()
        deleted += count
        batches += 1
        if progress is not None:
            progress(deleted)
    return PruneReport(cutoff, deleted, batches)
