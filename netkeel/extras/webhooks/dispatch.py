"""Getting a delivery done after commit, with retries and backoff.

- With Redis (`RQ_QUEUES` has the `WEBHOOKS_QUEUE`, `webhooks` unless set): one RQ job per (webhook, change)
  on that queue, run by `netkeel-server rqworker` (which serves every configured queue; a warning is logged
  when a delivery is queued and no worker listens there), retried by RQ with
  `Retry(max=len(RETRY_INTERVALS), interval=RETRY_INTERVALS)` when the receiver is down or answers 5xx.
  The job carries the webhook's id and the event, not the webhook: the worker reads the webhook when it
  runs (so its secret never sits in Redis, and a webhook deleted or disabled meanwhile sends nothing).
  A delivery that cannot succeed (refused target, template error, 4xx) fails the job without retries.
- Without Redis: a single daemon thread in the web process delivers in order and schedules retries with
  the same backoff. Deliveries still waiting when the process exits are lost (configure Redis when that
  matters). The setting `WEBHOOK_DELIVER_INLINE = True` (for tests) delivers in the commit callback itself.
- If Redis is configured but unreachable at commit time, the delivery falls back to the thread, with a
  warning: the write has committed, and a webhook is not a reason to fail it.
"""

from __future__ import annotations

import heapq
import itertools
import logging
import threading
import time
from typing import Any

from django.conf import settings
from django.db import close_old_connections

from netkeel.core.worker.liveness import queue_configured
from netkeel.extras.webhooks.delivery import WebhookSpec, deliver

logger = logging.getLogger("netkeel.webhooks")


def webhooks_queue() -> str:
    """The RQ queue deliveries go to: `settings.WEBHOOKS_QUEUE`, `webhooks` unless set."""
    return str(getattr(settings, "WEBHOOKS_QUEUE", "webhooks"))


RETRY_INTERVALS: tuple[int, ...] = (15, 60, 300)  # seconds before the 2nd, 3rd and 4th attempts
JOB_TIMEOUT = 120  # seconds: redirects x (connect + read) timeouts, with room for the templates


class DeliveryFailed(Exception):
    """Raised by the RQ job so that RQ records the attempt as failed (and retries it when it may)."""


def dispatch(spec: WebhookSpec, event: dict[str, Any]) -> None:
    """Send one delivery on its way; called after commit, never raises."""
    if getattr(settings, "WEBHOOK_DELIVER_INLINE", False):
        deliver_with_retries(spec, event, sleep=time.sleep)
        return
    if queue_configured(webhooks_queue()):
        try:
            enqueue(spec, event)
            return
        except Exception as exc:  # noqa: BLE001 - Redis down must not fail a committed write
            logger.warning(
                "webhook %r: could not queue the delivery on Redis (%s); delivering from this process instead",
                spec.name,
                exc,
            )
    BACKGROUND.submit(spec, event)


def enqueue(spec: WebhookSpec, event: dict[str, Any]) -> Any:
    import django_rq
    from rq import Retry

    # "auto": enqueue now; this already runs after commit (django-rq would otherwise defer it again).
    queue = django_rq.get_queue(webhooks_queue(), commit_mode="auto")
    job = queue.enqueue(
        deliver_job,
        spec.id,
        event,
        retry=Retry(max=len(RETRY_INTERVALS), interval=list(RETRY_INTERVALS)),
        job_timeout=JOB_TIMEOUT,
        description=f"webhook {spec.name}: {event.get('model')} {event.get('event')}",
    )
    warn_when_nobody_listens(queue)
    return job


IDLE_QUEUE_CHECK_INTERVAL = 300.0  # seconds between two looks of one process for a listening worker
_last_idle_check = -IDLE_QUEUE_CHECK_INTERVAL


def warn_when_nobody_listens(queue: Any) -> None:
    """Say so in the log when no worker listens on the webhooks queue: the delivery waits there, and a
    deployment whose worker serves other queues only would never send one. Redis is asked at most once
    every few minutes per process, not for every delivery."""
    from rq.worker import Worker

    global _last_idle_check
    now = time.monotonic()
    if now - _last_idle_check < IDLE_QUEUE_CHECK_INTERVAL:
        return
    _last_idle_check = now
    if Worker.count(queue=queue):
        return
    logger.warning(
        "webhook deliveries wait on the %s queue, where no worker listens; start 'netkeel-server rqworker' "
        "(it serves every configured queue).",
        queue.name,
    )


def deliver_job(webhook_id: str, event: dict[str, Any]) -> str:
    """The RQ job: one attempt. Raises DeliveryFailed on failure; RQ retries only what may succeed later."""
    from rq import get_current_job

    from netkeel.extras.models import Webhook

    webhook = Webhook.objects.filter(pk=webhook_id).first()
    if webhook is None or not webhook.enabled:
        state = "deleted" if webhook is None else "disabled"
        logger.info("webhook %s is %s; its queued delivery is dropped", webhook_id, state)
        return f"skipped: the webhook is {state}"
    job = get_current_job()
    total = len(RETRY_INTERVALS) + 1
    left = job.retries_left if job is not None and job.retries_left is not None else 0
    attempt = total - left if job is not None and job.retry_intervals is not None else 1
    spec = WebhookSpec.from_model(webhook, content_type_ids=frozenset())  # matched already: types not needed
    outcome = deliver(spec, event, attempt=f"attempt {attempt} of {total}")
    if outcome.delivered:
        return outcome.detail
    if not outcome.retryable and job is not None:
        job.retries_left = 0  # the worker's own job object (RQ 3): fail now, no retry can help
    raise DeliveryFailed(outcome.detail)


def deliver_with_retries(spec: WebhookSpec, event: dict[str, Any], sleep: Any) -> bool:
    """Attempt after attempt with the backoff, in the calling thread; True when delivered."""
    total = len(RETRY_INTERVALS) + 1
    for attempt in range(1, total + 1):
        outcome = deliver(spec, event, attempt=f"attempt {attempt} of {total}")
        if outcome.delivered or not outcome.retryable:
            return outcome.delivered
        if attempt < total:
            sleep(RETRY_INTERVALS[attempt - 1])
    return False


class BackgroundDeliveries:
    """One daemon thread delivering in order of due time; a retry waits its backoff without blocking others."""

    def __init__(self) -> None:
        self._condition = threading.Condition()
        self._heap: list[tuple[float, int, int, WebhookSpec, dict[str, Any]]] = []
        self._counter = itertools.count()
        self._thread: threading.Thread | None = None

    def submit(self, spec: WebhookSpec, event: dict[str, Any], attempt: int = 1, delay: float = 0.0) -> None:
        with self._condition:
            heapq.heappush(self._heap, (time.monotonic() + delay, next(self._counter), attempt, spec, event))
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="netkeel-webhooks", daemon=True)
                self._thread.start()
            self._condition.notify()

    def pending(self) -> int:
        with self._condition:
            return len(self._heap)

    def _next(self) -> tuple[int, WebhookSpec, dict[str, Any]]:
        with self._condition:
            while True:
                if self._heap:
                    due = self._heap[0][0]
                    wait = due - time.monotonic()
                    if wait <= 0:
                        _due, _order, attempt, spec, event = heapq.heappop(self._heap)
                        return attempt, spec, event
                    self._condition.wait(wait)
                else:
                    self._condition.wait()

    def _run(self) -> None:
        total = len(RETRY_INTERVALS) + 1
        while True:
            attempt, spec, event = self._next()
            try:
                outcome = deliver(spec, event, attempt=f"attempt {attempt} of {total}")
            except Exception:
                logger.exception("webhook %r: delivery crashed", spec.name)
                continue
            finally:
                close_old_connections()
            if not outcome.delivered and outcome.retryable and attempt < total:
                self.submit(spec, event, attempt + 1, delay=RETRY_INTERVALS[attempt - 1])


BACKGROUND = BackgroundDeliveries()
