"""Running a job in process: STARTED then SUCCESS or FAILURE, the run's writes undone when it raises, its
log kept either way, what it returns stored as JSON, and runs whose process died marked failed."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from typing import Any

import pytest

from netkeel import __version__
from netkeel.core.worker.liveness import runner_label
from netkeel.extras import changelog
from netkeel.extras.jobs import Job as JobClass
from netkeel.extras.jobs import runner
from netkeel.extras.jobs.runner import ABANDONED, NEVER_STARTED, fail_queued_run, reap_abandoned, run_job_result
from netkeel.extras.jobs.service import JobNotRunnable, create_job_result, enqueue_job
from netkeel.extras.jobs.variables import JobInputError
from netkeel.extras.models import Job, JobLogEntry, JobResult, Status, Tag
from netkeel.extras.tests import sample_jobs

pytestmark = pytest.mark.django_db


def job_row(job_class: type[JobClass], **fields: Any) -> Job:
    meta = job_class.meta()
    return Job.objects.create(
        module_name=job_class.__module__, job_class_name=job_class.__name__, name=meta.name, **fields
    )


def run(job_class: type[JobClass], data: dict[str, Any], user: Any = None) -> JobResult:
    job_result = create_job_result(job_row(job_class), user, data)
    assert job_result.status == "PENDING"
    run_job_result(job_result.pk)
    job_result.refresh_from_db()
    return job_result


def entries(job_result: JobResult) -> list[tuple[str, str]]:
    rows = JobLogEntry.objects.filter(job_result=job_result).order_by("created", "pk")
    return [(entry.log_level, entry.message) for entry in rows]


def test_a_run_succeeds_with_its_log_and_result() -> None:
    job_result = run(sample_jobs.Greet, {"who": "Ann", "times": 2})
    assert job_result.status == "SUCCESS"
    assert job_result.result == {"greeting": "Hello Ann", "times": 2}
    assert job_result.task_kwargs == {"who": "Ann", "times": 2}
    assert job_result.netkeel_version == __version__
    assert job_result.date_started and job_result.date_done and job_result.date_done >= job_result.date_started
    assert job_result.worker == runner_label()
    assert job_result.traceback == ""
    assert entries(job_result) == [("info", "Hello Ann"), ("info", "Hello Ann")]


def test_what_a_job_returns_is_stored_as_json() -> None:
    active = Status.objects.get(name="Active")
    job_result = run(
        sample_jobs.EveryType,
        {"text": "abc", "number": 3, "flag": "yes", "colour": "Green", "status": "Active", "blob": '{"k": [1]}'},
    )
    assert job_result.status == "SUCCESS", job_result.traceback
    assert job_result.result == {
        "text": "abc",
        "number": 3,
        "flag": True,
        "colour": "green",
        "status": "Active",
        "blob": {"k": [1]},
        "when": "2024-01-02",
        "id": "00000000-0000-0000-0000-000000000001",
    }
    [entry] = JobLogEntry.objects.filter(job_result=job_result)
    assert (entry.log_level, entry.log_object) == ("success", "Active")
    assert entry.absolute_url == f"/api/extras/statuses/{active.pk}/"


def test_a_job_that_raises_undoes_its_writes_and_keeps_its_log() -> None:
    job_result = run(sample_jobs.MakeTag, {"tag": "rolled-back", "fail": True})
    assert job_result.status == "FAILURE"
    assert not Tag.objects.filter(name="rolled-back").exists()
    assert "RuntimeError: asked to fail after making rolled-back" in job_result.traceback
    assert job_result.result is None and job_result.date_done is not None
    assert entries(job_result) == [
        ("info", "Made the tag"),
        ("error", "RuntimeError: asked to fail after making rolled-back"),  # one line
    ]
    made = JobLogEntry.objects.get(job_result=job_result, log_level="info")
    assert made.log_object == "rolled-back" and made.absolute_url.startswith("/api/extras/tags/")


def test_a_job_that_succeeds_keeps_its_writes() -> None:
    job_result = run(sample_jobs.MakeTag, {"tag": "kept"})
    assert job_result.status == "SUCCESS"
    assert job_result.result == {"tag": str(Tag.objects.get(name="kept").pk)}


def test_a_non_atomic_job_keeps_what_it_wrote_before_failing() -> None:
    job_result = run(sample_jobs.MakeTagNotAtomic, {"tag": "half-done", "fail": True})
    assert job_result.status == "FAILURE"
    assert Tag.objects.filter(name="half-done").exists()
    assert [level for level, _ in entries(job_result)] == ["info", "error"]


def test_a_run_is_run_once() -> None:
    job_result = run(sample_jobs.MakeTag, {"tag": "once"})
    assert run_job_result(job_result.pk).status == "SUCCESS"  # type: ignore[union-attr]
    assert Tag.objects.filter(name="once").count() == 1
    assert run_job_result("00000000-0000-0000-0000-000000000000") is None


def test_a_run_whose_code_is_gone_fails_with_a_sentence() -> None:
    job_result = create_job_result(job_row(sample_jobs.Greet), None, {"who": "Bob"})
    Job.objects.filter(pk=job_result.job_model_id).update(job_class_name="Vanished")
    run_job_result(job_result.pk)
    job_result.refresh_from_db()
    assert job_result.status == "FAILURE"
    assert entries(job_result) == [
        ("error", "The job 'Greet' cannot be loaded (netkeel.extras.tests.sample_jobs.Vanished); is its code "
                  "still installed?"),
    ]  # fmt: skip


def test_an_object_deleted_before_the_run_fails_it() -> None:
    status = Status.objects.create(name="Short-lived")
    data = {"text": "a", "number": 1, "colour": "red", "status": "Short-lived"}
    job_result = create_job_result(job_row(sample_jobs.EveryType), None, data)
    status.delete()
    run_job_result(job_result.pk)
    job_result.refresh_from_db()
    assert job_result.status == "FAILURE"
    assert "no longer exists" in entries(job_result)[-1][1]


def test_disabled_and_uninstalled_jobs_do_not_run() -> None:
    with pytest.raises(JobNotRunnable, match="disabled; enable it"):
        create_job_result(job_row(sample_jobs.Greet, enabled=False), None, {"who": "Ann"})
    with pytest.raises(JobNotRunnable, match="no longer installed"):
        create_job_result(job_row(sample_jobs.MakeTag, installed=False), None, {"tag": "x"})
    with pytest.raises(JobInputError):
        create_job_result(job_row(sample_jobs.Sleeper), None, {"seconds": "x"})
    assert not JobResult.objects.exists()


def test_the_user_is_recorded(django_user_model: Any) -> None:
    user = django_user_model.objects.create(username="runner")
    job_result = run(sample_jobs.Greet, {"who": "Ann"}, user=user)
    assert (job_result.user_id, job_result.user_name) == (user.pk, "runner")


def test_the_change_log_context_wraps_the_run(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[tuple[str, Any]] = []

    @contextlib.contextmanager
    def job_context(job_result: JobResult) -> Iterator[None]:
        seen.append(("enter", job_result.pk))
        yield
        seen.append(("exit", Tag.objects.filter(name="in-context").exists()))

    monkeypatch.setattr(changelog, "job_context", job_context, raising=False)
    job_result = run(sample_jobs.MakeTag, {"tag": "in-context"})
    assert seen == [("enter", job_result.pk), ("exit", True)]


def test_enqueue_runs_inline_after_commit(django_capture_on_commit_callbacks: Any) -> None:
    job_model = job_row(sample_jobs.Greet)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        job_result = enqueue_job(job_model, None, {"who": "Cy"})
        assert JobResult.objects.get(pk=job_result.pk).status == "PENDING"  # nothing runs before commit
    assert len(callbacks) == 1
    job_result.refresh_from_db()
    assert job_result.status == "SUCCESS" and job_result.queue_job_id == ""


# ---------------------------------------------------------------------------------------------- dead runs


def dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_runs_whose_process_died_are_marked_failed() -> None:
    job_model = job_row(sample_jobs.Greet)
    host = runner_label().split(":")[0]
    dead = JobResult.objects.create(job_model=job_model, name="dead", status="STARTED", worker=f"{host}:{dead_pid()}")
    alive = JobResult.objects.create(job_model=job_model, name="alive", status="STARTED", worker=runner_label())
    elsewhere = JobResult.objects.create(job_model=job_model, name="far", status="STARTED", worker="otherhost:1")
    never = JobResult.objects.create(job_model=job_model, name="never", status="PENDING", worker=f"{host}:{dead_pid()}")
    waiting = JobResult.objects.create(job_model=job_model, name="waiting", status="PENDING", worker=runner_label())
    assert reap_abandoned() == 2
    statuses = dict(JobResult.objects.values_list("name", "status"))
    assert statuses == {"dead": "FAILURE", "alive": "STARTED", "far": "STARTED", "never": "FAILURE",
                        "waiting": "PENDING"}  # fmt: skip
    assert entries(dead) == [("error", ABANDONED)] and entries(never) == [("error", NEVER_STARTED)]
    dead.refresh_from_db()
    assert dead.date_done is not None and dead.traceback == ABANDONED
    assert reap_abandoned() == 0
    del alive, elsewhere, waiting


def test_a_reused_pid_does_not_keep_a_run_alive() -> None:
    # This process began long before the run "started" in the future: it cannot be the run's process.
    from datetime import timedelta

    from django.utils import timezone

    if not os.path.exists(f"/proc/{os.getpid()}/stat"):
        pytest.skip("process start times come from /proc")
    job_result = JobResult.objects.create(name="reused", status="STARTED", worker=runner_label())
    JobResult.objects.filter(pk=job_result.pk).update(date_started=timezone.now() - timedelta(days=3650))
    assert reap_abandoned() == 1


def test_the_worker_hook_fails_a_queued_run() -> None:
    job_result = JobResult.objects.create(name="queued", status="PENDING", queue_job_id="q-1")
    assert fail_queued_run("q-1", "Refused.") is True
    assert fail_queued_run("not-a-run", "Refused.") is False
    job_result.refresh_from_db()
    assert job_result.status == "FAILURE" and entries(job_result) == [("error", "Refused.")]


@pytest.mark.django_db(transaction=True)
def test_without_redis_a_run_goes_to_a_thread(settings: Any) -> None:
    settings.JOBS_RUN_INLINE = False
    settings.RQ_QUEUES = {}
    job_result = enqueue_job(job_row(sample_jobs.MakeTag), None, {"tag": "threaded"})
    # Joined rather than polled: the test database is SQLite's shared-cache memory database, whose table
    # locks fail a write at once (no busy timeout) while another connection reads the same table.
    for thread in [t for t in threading.enumerate() if t.name == f"netkeel-job-{job_result.pk}"]:
        thread.join(timeout=20)
        assert not thread.is_alive(), "the run's thread did not finish"
    job_result.refresh_from_db()
    assert job_result.status == "SUCCESS", job_result.traceback
    assert Tag.objects.filter(name="threaded").exists()


@pytest.mark.django_db(transaction=True)
def test_a_run_redis_refuses_is_failed_with_a_sentence(settings: Any) -> None:
    settings.JOBS_RUN_INLINE = False
    settings.RQ_QUEUES = {"default": {"URL": "redis://127.0.0.1:9/0", "SOCKET_CONNECT_TIMEOUT": 1}}
    job_result = enqueue_job(job_row(sample_jobs.Greet), None, {"who": "Di"})
    job_result.refresh_from_db()
    assert job_result.status == "FAILURE"
    assert job_result.queue_job_id == str(job_result.pk)
    assert entries(job_result)[0][1].startswith("This job could not be queued: Redis did not take it")


def test_results_are_json_safe() -> None:
    assert runner.json_safe({"a": {1, 2}}) in ({"a": "{1, 2}"}, {"a": "{2, 1}"})
