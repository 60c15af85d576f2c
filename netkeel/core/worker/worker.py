"""`NetkeelWorker`: RQ's forking worker, with the version handshake before each job and the failure of a
run recorded when its work horse dies.

Before taking a job it compares its code with the release recorded in the database; on a difference the
job is not run — the run is recorded as failed with the sentence, RQ files the queue job under failed
jobs — and the worker stops (`refusal` holds the sentence; the command exits 1 with it). A SIGTERM is
RQ's warm shutdown: the job in hand finishes, queued jobs stay queued.
"""

from __future__ import annotations

import os
from typing import Any

from django.db import connections
from rq.exceptions import StopRequested
from rq.job import Job
from rq.queue import Queue
from rq.worker import Worker

from netkeel.core.worker import hooks
from netkeel.core.worker.handshake import version_problem


class NetkeelWorker(Worker):
    refusal: str | None = None

    def execute_job(self, job: Job, queue: Queue) -> None:
        problem = version_problem()
        # The work horse is a fork: it must not share this process's database connection.
        connections.close_all()
        if problem:
            self.refuse(job, queue, problem)
            raise StopRequested()
        super().execute_job(job, queue)

    def refuse(self, job: Job, queue: Queue, sentence: str) -> None:
        """A job run records the refusal; other queue work (a webhook delivery) goes back to the head of its
        queue for the worker that replaces this one."""
        self.refusal = sentence
        self.log.error("Worker %s: %s", self.name, sentence)
        recorded = hooks.fail_run(job.id, sentence)
        connections.close_all()
        if recorded:
            self.handle_job_failure(job, queue=queue, exc_string=sentence)
        else:
            queue.enqueue_job(job, at_front=True)

    def handle_work_horse_killed(self, job: Job, retpid: Any, ret_val: Any, rusage: Any) -> None:
        super().handle_work_horse_killed(job, retpid, ret_val, rusage)
        signal = f" (signal {os.WTERMSIG(ret_val)})" if isinstance(ret_val, int) and os.WIFSIGNALED(ret_val) else ""
        hooks.fail_run(job.id, f"The process running this job stopped before it finished{signal}.")
        connections.close_all()
