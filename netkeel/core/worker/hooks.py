"""What the worker asks of the apps above core, registered from their AppConfig.ready().

- `fail_run(queue_job_id, sentence) -> bool`: a queued run will not finish (refused, or its process was
  killed); record it as failed with that sentence. True when the queue job was such a run.
- `on_start()`: work a worker does once before taking jobs (extras records the job classes it can run
  and fails the runs whose process died).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

log = logging.getLogger("netkeel.worker")

FailRun = Callable[[str, str], bool]
OnStart = Callable[[], None]

_fail_run: list[FailRun] = []
_on_start: list[OnStart] = []


def register_worker_hooks(*, fail_run: FailRun | None = None, on_start: OnStart | None = None) -> None:
    if fail_run is not None and fail_run not in _fail_run:
        _fail_run.append(fail_run)
    if on_start is not None and on_start not in _on_start:
        _on_start.append(on_start)


def fail_run(queue_job_id: str, sentence: str) -> bool:
    """Whether a hook recorded the queue job as a failed run."""
    recorded = False
    for hook in _fail_run:
        try:
            recorded = hook(queue_job_id, sentence) or recorded
        except Exception:
            log.exception("Could not record the failure of queued job %s", queue_job_id)
    return recorded


def worker_started() -> None:
    for hook in _on_start:
        try:
            hook()
        except Exception:
            log.exception("A worker start-up task failed")
