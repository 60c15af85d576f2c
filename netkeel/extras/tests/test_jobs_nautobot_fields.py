"""Nautobot's job and job-result fields: what a job's code says (hidden, singleton, time limits) and the
administrator's overrides of it, the filters on them, the run's task name and log counts, and the time
limit handed to RQ as the run's timeout."""

from __future__ import annotations

import sys
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType

from netkeel.core.testing.api import APIClient
from netkeel.extras.models import Job, JobLogEntry, JobResult, Tag

LIMITED_JOBS = '''
from netkeel.extras.jobs import Job, StringVar

name = "Limited"


class Quiet(Job):
    """Runs alone, briefly, out of sight."""

    class Meta:
        name = "Quiet"
        hidden = True
        is_singleton = True
        time_limit = 30
        soft_time_limit = 20.5
        has_sensitive_variables = False

    who = StringVar(required=False)

    def run(self, who=""):
        self.logger.warning("careful")
        self.logger.info("one")
        self.logger.info("two")
        return who


class Loud(Job):
    class Meta:
        name = "Loud"

    def run(self):
        return None
'''


@pytest.fixture
def limited_jobs(tmp_path: Path, settings: Any) -> Iterator[Path]:
    settings.NETKEEL_ROOT = tmp_path
    (tmp_path / "jobs").mkdir()
    (tmp_path / "jobs" / "limited.py").write_text(textwrap.dedent(LIMITED_JOBS))
    yield tmp_path / "jobs"
    for name in [name for name in sys.modules if name.startswith("local_jobs")]:
        del sys.modules[name]


def job_url(api: APIClient, name: str) -> str:
    return str(api.send("GET", f"/api/extras/jobs/{name}/").json()["url"])


def test_the_codes_meta_options_are_stored_and_shown(api: APIClient, limited_jobs: Path) -> None:
    quiet = api.send("GET", "/api/extras/jobs/Quiet/").json()
    assert {key: quiet[key] for key in ("hidden", "is_singleton", "time_limit", "soft_time_limit")} == {
        "hidden": True,
        "is_singleton": True,
        "time_limit": 30.0,
        "soft_time_limit": 20.5,
    }
    assert quiet["has_sensitive_variables"] is False and quiet["dryrun_default"] is False
    assert quiet["name_override"] is False and quiet["hidden_override"] is False
    assert quiet["task_queues"] == ["default"] and quiet["task_queues_override"] is False
    assert quiet["is_job_hook_receiver"] is False and quiet["supports_dryrun"] is False
    assert quiet["variables"][0] == {
        "name": "who", "type": "StringVar", "label": "Who", "help_text": "", "required": False, "default": None,
        "min_length": None, "max_length": None, "min_value": None, "max_value": None, "choices": None,
        "model": None, "description": "", "regex": None,
    }  # fmt: skip
    loud = api.send("GET", "/api/extras/jobs/Loud/").json()
    assert loud["hidden"] is False and loud["time_limit"] == 0 and loud["has_sensitive_variables"] is True


def test_a_written_field_is_overridden_and_kept_until_handed_back(api: APIClient, limited_jobs: Path) -> None:
    url = job_url(api, "Quiet")
    response = api.send("PATCH", url, {"name": "Quiet (ops)", "time_limit": 5, "hidden": False})
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["name"], body["time_limit"], body["hidden"]) == ("Quiet (ops)", 5.0, False)
    assert body["name_override"] and body["time_limit_override"] and body["hidden_override"]
    assert not body["grouping_override"] and not body["is_singleton_override"]
    # The code is read again on every list: the overridden values stay.
    again = api.send("GET", url).json()
    assert (again["name"], again["time_limit"], again["hidden"]) == ("Quiet (ops)", 5.0, False)
    # Handing the fields back to the code restores the code's values at the next look at the code.
    assert api.send("PATCH", url, {"name_override": False, "time_limit_override": False}).status_code == 200
    restored = api.send("GET", url).json()
    assert (restored["name"], restored["time_limit"], restored["hidden"]) == ("Quiet", 30.0, False)
    # A value written with its flag explicitly false is the code's to change back.
    api.send("PATCH", url, {"grouping": "Elsewhere", "grouping_override": False})
    assert api.send("GET", url).json()["grouping"] == "Limited"


def test_bad_job_fields_are_a_400(api: APIClient, limited_jobs: Path) -> None:
    url = job_url(api, "Quiet")
    response = api.send("PATCH", url, {"time_limit": -1, "hidden": "sometimes"})
    assert response.status_code == 400
    assert set(response.json()) == {"time_limit", "hidden"}
    assert Job.objects.get(name="Quiet").time_limit == 30


def test_the_job_filters_narrow_the_list(api: APIClient, limited_jobs: Path) -> None:
    tag = Tag.objects.create(name="nightly")
    tag.content_types.add(ContentType.objects.get_for_model(Job))
    url = job_url(api, "Loud")
    assert api.send("PATCH", url, {"tags": [{"name": "nightly"}], "description": "noisy"}).status_code == 200

    def names(query: str) -> list[str]:
        response = api.send("GET", f"/api/extras/jobs/?grouping=Limited&{query}")  # not the shipped jobs
        assert response.status_code == 200, response.content
        return sorted(row["name"] for row in response.json()["results"])

    assert names("hidden=true") == ["Quiet"]
    assert names("is_singleton=false") == ["Loud"]
    assert names("time_limit__gte=10") == ["Quiet"]
    assert names("soft_time_limit=20.5") == ["Quiet"]
    assert names("time_limit__n=30") == ["Loud"]
    assert names("description_override=true") == ["Loud"]
    assert names("name_override=true") == []
    assert names("tags=nightly") == ["Loud"]
    assert names("tags__n=nightly") == ["Quiet"]
    assert names("has_sensitive_variables=false") == ["Quiet"]
    assert names("is_job_hook_receiver=false") == ["Loud", "Quiet"]
    assert api.send("GET", "/api/extras/jobs/?time_limit__gte=soon").status_code == 400


def test_a_singleton_job_is_refused_while_a_run_is_unfinished(
    api: APIClient, limited_jobs: Path, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    url = job_url(api, "Quiet")
    job = Job.objects.get(name="Quiet")
    unfinished = JobResult.objects.create(job_model=job, name="Quiet", status="STARTED")
    refused = api.send("POST", f"{url}run/", {"data": {}})
    assert refused.status_code == 405
    assert "runs one at a time" in refused.json()["detail"]
    unfinished.status = "SUCCESS"
    unfinished.save()
    with django_capture_on_commit_callbacks(execute=True):
        accepted = api.send("POST", f"{url}run/", {"data": {}})
    assert accepted.status_code == 201, accepted.content
    # Loud is no singleton: two runs at once are fine.
    loud = job_url(api, "Loud")
    JobResult.objects.create(job_model=Job.objects.get(name="Loud"), name="Loud", status="STARTED")
    assert api.send("POST", f"{loud}run/", {"data": {}}).status_code == 201


def test_a_run_has_its_task_name_and_log_counts(
    api: APIClient, limited_jobs: Path, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    url = job_url(api, "Quiet")
    with django_capture_on_commit_callbacks(execute=True):
        response = api.send("POST", f"{url}run/", {"data": {"who": "x"}, "schedule": {"interval": "immediately"}})
    assert response.status_code == 201, response.content
    assert response.json()["schedule"] is None
    run = api.send("GET", response.json()["job_result"]["url"]).json()
    assert run["task_name"] == "local_jobs.limited.Quiet" and run["task_args"] == [] and run["meta"] is None
    counts = {level: run[f"{level}_log_count"] for level in ("debug", "info", "success", "warning", "error")}
    assert counts == {"debug": 0, "info": 2, "success": 0, "warning": 1, "error": 0}
    assert run["cancel_type"] == "" and run["canceled_by"] is None and run["date_canceled"] is None
    assert run["canceled_by_user_name"] == ""
    scheduled = api.send("POST", f"{url}run/", {"data": {}, "schedule": {"interval": "daily"}})
    assert scheduled.status_code == 400 and "schedule" in scheduled.json()
    elsewhere = api.send("POST", f"{url}run/", {"data": {}, "task_queue": "gpu"})
    assert elsewhere.status_code == 400 and "task_queue" in elsewhere.json()


def test_job_result_filters_on_the_cancel_fields_and_user(api: APIClient, admin_user: Any) -> None:
    job = Job.objects.create(module_name="m", job_class_name="C", name="c", installed=False)
    JobResult.objects.create(job_model=job, name="a", status="FAILURE", cancel_type="reaped")
    JobResult.objects.create(job_model=job, name="b", status="SUCCESS")
    mine = JobResult.objects.create(job_model=job, name="c", status="SUCCESS", user=admin_user)

    def names(query: str) -> list[str]:
        response = api.send("GET", f"/api/extras/job-results/?{query}")
        assert response.status_code == 200, response.content
        return sorted(row["name"] for row in response.json()["results"])

    assert names("cancel_type=reaped") == ["a"]
    assert names("cancel_type__n=reaped") == ["b", "c"]
    assert names("date_canceled__isnull=false") == []
    assert names("canceled_by__isnull=true") == ["a", "b", "c"]
    assert names(f"user={admin_user.pk}") == ["c"] == names(f"user={admin_user.username}")
    assert names(f"user__n={admin_user.pk}") == ["a", "b"]
    logs = api.send("GET", f"/api/extras/job-logs/?job_result={mine.pk}").json()
    assert logs["count"] == 0
    JobLogEntry.objects.create(job_result=mine, message="m")
    assert api.send("GET", f"/api/extras/job-logs/?job_result={mine.pk}").json()["count"] == 1
    assert api.send("GET", "/api/extras/job-logs/?job_result=nope").status_code == 400


def test_the_variables_route_pages_when_asked(api: APIClient, limited_jobs: Path) -> None:
    url = job_url(api, "Quiet")
    plain = api.send("GET", f"{url}variables/").json()
    assert [row["name"] for row in plain] == ["who"]
    paged = api.send("GET", f"{url}variables/?limit=1&offset=0").json()
    assert paged["count"] == 1 and paged["results"] == plain


def test_a_queued_run_carries_its_time_limit_to_rq(
    api: APIClient,
    limited_jobs: Path,
    settings: Any,
    require_service: Callable[[str], None],
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    require_service("redis")
    import django_rq

    from netkeel.extras.tests.worker_processes import forget_queue, own_queue_name

    name = own_queue_name("jobs")
    settings.JOBS_RUN_INLINE = False
    settings.JOBS_QUEUE = name
    settings.RQ_QUEUES = {name: {"URL": "redis://127.0.0.1:6379/12", "DEFAULT_TIMEOUT": 300}}
    queue = django_rq.get_queue(name)
    try:
        for job_name in ("Quiet", "Loud"):
            with django_capture_on_commit_callbacks(execute=True):
                response = api.send("POST", f"{job_url(api, job_name)}run/", {"data": {}})
            assert response.status_code == 201, response.content
        quiet, loud = queue.jobs
        assert quiet.timeout == 30  # the job's time_limit
        assert loud.timeout == 300  # the queue's default
        assert api.send("GET", "/api/extras/jobs/Loud/").json()["task_queues"] == [name]
    finally:
        forget_queue(queue.connection, name)
