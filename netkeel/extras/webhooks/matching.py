"""Which webhooks a change fires, and queuing their deliveries after commit.

Inside the change's transaction the subscriber only leaves a commit callback on the change (no query),
so webhooks cost the transaction nothing and a rolled-back change leaves nothing behind. At commit the
callback matches the change against the enabled webhooks, held per process (two queries to load), so a
bulk write of thousands of objects costs no query per object. The table is dropped when a webhook is
saved, deleted or re-typed in this process (at once, and again when that transaction commits), and it is
checked against the database at most once a second (one aggregate) so that edits made by another process
show within a second. While a thread's open transaction holds webhook edits, that thread reads the
webhooks fresh and never stores them, so an edit that is rolled back never reaches the table. Only
Django's public transaction API is used (`changelog.context.in_transaction`, `on_commit`).
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Count, Max

from netkeel.extras.changelog.context import in_transaction
from netkeel.extras.models import ObjectChange, Webhook
from netkeel.extras.webhooks.delivery import WebhookSpec
from netkeel.extras.webhooks.dispatch import dispatch
from netkeel.extras.webhooks.payload import event_payload

RECHECK_SECONDS = 1.0
logger = logging.getLogger("netkeel.webhooks")


@dataclass(frozen=True)
class _Table:
    specs: tuple[WebhookSpec, ...]
    fingerprint: tuple[Any, ...]
    checked_at: float


class WebhookTable:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._table: _Table | None = None
        self._generation = 0
        # .editing: this thread's transaction edited webhooks and has not been seen to end.
        self._local = threading.local()

    def invalidate(self) -> None:
        """Forget the table (and this thread's note that its transaction holds webhook edits: whoever
        invalidates after a commit or in a fresh test knows the edits are no longer pending)."""
        with self._lock:
            self._table = None
            self._generation += 1
        self._local.editing = False

    def mark_written(self) -> None:
        """A webhook changed: forget the table now, and again when the change commits. Until then this
        thread's transaction holds an edit other threads must not see through the table."""
        self.invalidate()
        if in_transaction():
            transaction.on_commit(self.invalidate)
            self._local.editing = True

    def _editing(self) -> bool:
        """Whether this thread may be inside a transaction holding webhook edits: marked by `mark_written`,
        cleared when that transaction commits (its callback) or once this thread is seen outside any
        transaction (after a rollback, which drops the callback). Erring towards True costs a fresh read,
        never a wrong table."""
        if not getattr(self._local, "editing", False):
            return False
        if in_transaction():
            return True
        self._local.editing = False
        return False

    def enabled(self) -> tuple[WebhookSpec, ...]:
        if self._editing():
            return self._load()
        now = time.monotonic()
        with self._lock:
            table, generation = self._table, self._generation
        if table is not None and now - table.checked_at < RECHECK_SECONDS:
            return table.specs
        fingerprint = _fingerprint()
        if table is not None and fingerprint == table.fingerprint:
            fresh = _Table(table.specs, fingerprint, now)
        else:
            fresh = _Table(self._load(), fingerprint, now)
        with self._lock:
            if self._generation == generation:  # no invalidation raced with the load
                self._table = fresh
        return fresh.specs

    @staticmethod
    def _load() -> tuple[WebhookSpec, ...]:
        webhooks = list(Webhook.objects.filter(enabled=True).prefetch_related("content_types"))
        return tuple(
            WebhookSpec.from_model(webhook, frozenset(ct.pk for ct in webhook.content_types.all()))
            for webhook in webhooks
        )


def _fingerprint() -> tuple[Any, ...]:
    summary = Webhook.objects.aggregate(
        webhooks=Count("id", distinct=True), links=Count("content_types"), latest=Max("last_updated")
    )
    return (summary["webhooks"], summary["links"], summary["latest"])


TABLE = WebhookTable()


def matching_webhooks(change: ObjectChange) -> list[WebhookSpec]:
    return [spec for spec in TABLE.enabled() if spec.wants(change.changed_object_type_id, change.action)]


_QUEUED = "_webhooks_queued"  # set on a change once its commit callback is in place


def on_change(change: ObjectChange) -> None:
    """The change-event subscriber: one delivery per (matching webhook, change record), sent only if the
    change commits. The change log publishes a record again when a later change of the same object in the
    same transaction folds into it (same instance, data brought up to date): the callback is left once,
    and matches and builds the event at commit from the record as it then stands."""
    if getattr(change, _QUEUED, False):
        return
    setattr(change, _QUEUED, True)
    transaction.on_commit(_deferred(change), robust=True)


def _deferred(change: ObjectChange) -> Any:
    def send_after_commit() -> None:
        specs = matching_webhooks(change)
        if not specs:
            return
        event = event_payload(change)
        for spec in specs:
            try:
                dispatch(spec, event)
            except Exception:  # one webhook's failure must not cost the others their delivery
                logger.exception("webhook %r: the delivery could not be started", spec.name)

    return send_after_commit
