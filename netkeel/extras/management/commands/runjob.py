"""`netkeel-server runjob NAME [--data JSON] [--user USERNAME] [--local]`: run a job and print its log and
result. With Redis the run is queued for the worker and waited for; `--local` (or no Redis) runs it in
this process. Exit 0 when it succeeded, 1 (with one sentence) when it failed or its input was refused.
"""

from __future__ import annotations

import json
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from netkeel.core.worker import liveness
from netkeel.extras.choices import JobResultStatusChoices
from netkeel.extras.jobs.runner import jobs_queue, run_job_result
from netkeel.extras.jobs.service import JobNotRunnable, create_job_result, dispatch_mode, enqueue_job, wait_for
from netkeel.extras.jobs.sync import sync_jobs
from netkeel.extras.jobs.variables import JobInputError
from netkeel.extras.models import Job, JobLogEntry, JobResult


class Command(BaseCommand):
    help = "Run a job by name and print its log and result (exit 1 if it fails)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name", help="the job's name (or module.Class)")
        parser.add_argument("--data", default="{}", help="the inputs as a JSON object, e.g. '{\"force\": true}'")
        parser.add_argument("--user", help="run it as this user (by username)")
        parser.add_argument("--local", action="store_true", help="run it in this process, not on the worker")

    def handle(self, *args: Any, **options: Any) -> None:
        sync_jobs()
        job_model = find_job(options["name"])
        try:
            data = json.loads(options["data"])
        except ValueError as exc:
            raise CommandError(f"--data is not valid JSON ({exc}).") from None
        user = find_user(options["user"]) if options["user"] else None
        local = options["local"] or dispatch_mode() != "queue"
        try:
            if local:
                job_result = create_job_result(job_model, user, data)
                run_job_result(job_result.pk, runner=liveness.runner_label())
            else:
                require_worker()
                job_result = enqueue_job(job_model, user, data)
                self.stdout.write(f"Queued run {job_result.pk}; waiting for the worker…")
        except JobNotRunnable as exc:
            raise CommandError(str(exc)) from None
        except JobInputError as exc:
            problems = "; ".join(f"{name}: {' '.join(errors)}" for name, errors in exc.errors.items())
            raise CommandError(f"The job {job_model.name!r} refused its input — {problems}") from None
        try:
            job_result = wait_for(job_result)
        except KeyboardInterrupt:
            raise CommandError(
                f"Stopped waiting; run {job_result.pk} goes on (see /api/extras/job-results/)."
            ) from None
        self.report(job_result)

    def report(self, job_result: JobResult) -> None:
        entries = list(JobLogEntry.objects.filter(job_result=job_result).order_by("created", "pk"))
        for entry in entries:
            about = f" [{entry.log_object}]" if entry.log_object else ""
            self.stdout.write(f"{entry.created:%H:%M:%S} {entry.log_level:<8} {entry.message}{about}")
        if job_result.result is not None:
            self.stdout.write("Result: " + json.dumps(job_result.result, indent=2, sort_keys=True))
        took = ""
        if job_result.date_started and job_result.date_done:
            took = f" in {(job_result.date_done - job_result.date_started).total_seconds():.1f}s"
        if job_result.status == JobResultStatusChoices.SUCCESS:
            self.stdout.write(f"Job {job_result.name!r} completed{took}.")
            return
        # The runner ends a failed run's log with the error on one line.
        errors = [entry.message for entry in entries if entry.log_level == "error"]
        raise CommandError(f"The job {job_result.name!r} failed{took}: {errors[-1] if errors else 'see its log'}")


def find_job(name: str) -> Job:
    job = Job.objects.filter(name=name).first()
    if job is None and "." in name:
        module, _, cls = name.rpartition(".")
        job = Job.objects.filter(module_name=module, job_class_name=cls).first()
    if job is None:
        names = ", ".join(repr(n) for n in Job.objects.filter(installed=True).values_list("name", flat=True))
        raise CommandError(f"There is no job named {name!r}; the jobs are {names or 'none'}.")
    return job


def find_user(username: str) -> Any:
    user = get_user_model()._default_manager.filter(username=username).first()
    if user is None:
        raise CommandError(f"There is no user {username!r}.")
    return user


def require_worker() -> None:
    """Queue only when a worker listens: otherwise the command would wait for ever."""
    import django_rq
    from rq.worker import Worker

    queue = django_rq.get_queue(jobs_queue())
    if not Worker.count(queue=queue):
        raise CommandError(
            f"No worker is listening on the {queue.name} queue; start 'netkeel-server rqworker' or add --local."
        )
