"""`/api/extras/jobs/`, `…/run/`, `/api/extras/job-results/` and `/api/extras/job-logs/` in Nautobot's
shapes (API.md T3.3); jobs run inline here (JOBS_RUN_INLINE) once the request's transaction commits."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from netkeel.core.testing.api import READ_ONLY_TOKEN, APIClient, APIEndpointTests, make_user
from netkeel.core.worker.liveness import runner_label
from netkeel.extras.jobs.runner import ABANDONED
from netkeel.extras.models import Job, JobLogEntry, JobResult, Tag
from netkeel.extras.tests import sample_jobs


@pytest.fixture
def local_jobs(tmp_path: Path, settings: Any) -> Iterator[Path]:
    """The sample jobs as `$NETKEEL_ROOT/jobs/sample.py`."""
    settings.NETKEEL_ROOT = tmp_path
    (tmp_path / "jobs").mkdir()
    shutil.copy(sample_jobs.__file__, tmp_path / "jobs" / "sample.py")
    yield tmp_path / "jobs"
    for name in [name for name in sys.modules if name.startswith("local_jobs")]:
        del sys.modules[name]


def run_job(api: APIClient, job: str, data: Any, capture: Any) -> Any:
    with capture(execute=True):
        return api.send("POST", f"/api/extras/jobs/{job}/run/", {"data": data})


# ---------------------------------------------------------------------------------------------- endpoints


class TestJobs(APIEndpointTests):
    endpoint = "/api/extras/jobs/"
    model = Job
    update_payload = {"enabled": False}
    filter_cases = [("name", "job-1", 1), ("installed", "false", 3), ("q", "JOB-", 3), ("grouping", "g", 3)]

    def make(self, index: int) -> Any:
        # No code behind these: not installed (the list's sync would say so anyway).
        return Job.objects.create(module_name="local_jobs.fake", job_class_name=f"J{index}", name=f"job-{index}",
                                  grouping="g", installed=False)  # fmt: skip

    def test_create(self, api: APIClient) -> None:
        response = api.send("POST", self.endpoint, {"name": "new"})
        assert response.status_code == 405

    def test_bulk_create(self, api: APIClient) -> None:
        assert api.send("POST", self.endpoint, [{"name": "new"}]).status_code == 405

    test_create_with_the_clients_id = test_create  # no create here, with an id or without

    def test_options_lists_every_field_with_a_type(self, api: APIClient) -> None:
        response = api.send("OPTIONS", self.detail(self.make(0)))
        assert response.status_code == 200, response.content
        put = response.json()["actions"]["PUT"]
        assert put and all("type" in info for info in put.values())

    def test_bad_input_is_a_400_naming_the_field_and_writes_nothing(self, api: APIClient) -> None:
        job = self.make(0)
        response = api.send("PATCH", self.detail(job), {"enabled": "perhaps"})
        assert response.status_code == 400 and "enabled" in response.json()
        assert Job.objects.get(pk=job.pk).enabled


class TestJobResults(APIEndpointTests):
    endpoint = "/api/extras/job-results/"
    model = JobResult
    filter_cases = [("status", "SUCCESS", 2), ("status", "FAILURE", 1), ("job_model", "results-job", 3),
                    ("name", "run-2", 1), ("status__n", "SUCCESS", 1)]  # fmt: skip

    def make(self, index: int) -> Any:
        job, _ = Job.objects.get_or_create(name="results-job", defaults={"module_name": "m", "job_class_name": "C"})
        status = "FAILURE" if index == 2 else "SUCCESS"
        return JobResult.objects.create(job_model=job, name=f"run-{index}", status=status, result={"n": index})

    def test_create(self, api: APIClient) -> None:
        assert api.send("POST", self.endpoint, {"name": "x"}).status_code == 405

    def test_bulk_create(self, api: APIClient) -> None:
        assert api.send("POST", self.endpoint, [{"name": "x"}]).status_code == 405

    test_create_with_the_clients_id = test_create  # no create here, with an id or without

    def test_update(self, api: APIClient) -> None:
        assert api.send("PATCH", self.detail(self.make(0)), {"name": "y"}).status_code == 405

    def test_bulk_update(self, api: APIClient) -> None:
        run = self.make(0)
        assert api.send("PATCH", self.endpoint, [{"id": str(run.pk), "name": "y"}]).status_code == 405

    def test_options_lists_every_field_with_a_type(self, api: APIClient) -> None:
        response = api.send("OPTIONS", self.endpoint)
        assert response.status_code == 200 and "actions" not in response.json()

    def test_bad_input_is_a_400_naming_the_field_and_writes_nothing(self, api: APIClient) -> None:
        response = api.send("GET", f"{self.endpoint}?date_created__gte=yesterday")
        assert response.status_code == 400 and "date_created__gte" in response.json()


class TestJobLogs(APIEndpointTests):
    endpoint = "/api/extras/job-logs/"
    model = JobLogEntry
    deletable = False
    filter_cases = [("log_level", "warning", 1), ("log_level", "info", 2), ("q", "message 1", 1)]

    def make(self, index: int) -> Any:
        run, _ = JobResult.objects.get_or_create(name="logged")
        level = "warning" if index == 2 else "info"
        return JobLogEntry.objects.create(job_result=run, log_level=level, message=f"message {index}")

    def test_create(self, api: APIClient) -> None:
        assert api.send("POST", self.endpoint, {"message": "x"}).status_code == 405

    def test_bulk_create(self, api: APIClient) -> None:
        assert api.send("POST", self.endpoint, [{"message": "x"}]).status_code == 405

    test_create_with_the_clients_id = test_create  # no create here, with an id or without

    def test_update(self, api: APIClient) -> None:
        assert api.send("PATCH", self.detail(self.make(0)), {"message": "y"}).status_code == 405

    def test_bulk_update(self, api: APIClient) -> None:
        entry = self.make(0)
        assert api.send("PATCH", self.endpoint, [{"id": str(entry.pk), "message": "y"}]).status_code == 405

    def test_options_lists_every_field_with_a_type(self, api: APIClient) -> None:
        response = api.send("OPTIONS", self.endpoint)
        assert response.status_code == 200 and "actions" not in response.json()

    def test_bad_input_is_a_400_naming_the_field_and_writes_nothing(self, api: APIClient) -> None:
        response = api.send("GET", f"{self.endpoint}?job_result=not-a-run&created__gte=never")
        assert response.status_code == 400 and "created__gte" in response.json()


# ---------------------------------------------------------------------------------------------- jobs


def test_jobs_are_listed_from_code_with_their_variables(api: APIClient, local_jobs: Path) -> None:
    response = api.send("GET", "/api/extras/jobs/?grouping=Samples")
    assert response.status_code == 200, response.content
    names = [row["name"] for row in response.json()["results"]]
    assert names == ["Greet", "Make tag", "Make tag (not atomic)", "Sleeper"]
    greet = api.send("GET", "/api/extras/jobs/Greet/").json()  # by name: the natural key
    assert {
        key: greet[key]
        for key in ("name", "grouping", "description", "enabled", "installed", "module_name", "job_class_name")
    } == {
        "name": "Greet",
        "grouping": "Samples",
        "description": "Say hello.",
        "enabled": True,
        "installed": True,
        "module_name": "local_jobs.sample",
        "job_class_name": "Greet",
    }
    assert greet["object_type"] == "extras.job" and greet["url"].endswith(f"/api/extras/jobs/{greet['id']}/")
    assert [variable["name"] for variable in greet["variables"]] == ["who", "times"]
    assert greet["variables"][0]["type"] == "StringVar" and greet["variables"][0]["max_length"] == 20
    variables = api.send("GET", f"/api/extras/jobs/{greet['id']}/variables/").json()
    assert variables == greet["variables"]
    trace = api.send("GET", "/api/extras/jobs/Trace%20cable%20paths/").json()
    assert trace["grouping"] == "DCIM" and trace["variables"][0]["type"] == "BooleanVar"


def test_a_job_is_enabled_and_disabled_not_deleted(api: APIClient, local_jobs: Path) -> None:
    job_id = api.send("GET", "/api/extras/jobs/Greet/").json()["id"]
    response = api.send("PATCH", f"/api/extras/jobs/{job_id}/", {"enabled": False})
    assert response.status_code == 200, response.content
    assert response.json()["enabled"] is False and response.json()["name"] == "Greet"
    refused = api.send("DELETE", f"/api/extras/jobs/{job_id}/")
    assert refused.status_code == 409
    assert refused.json() == {"detail": "The job 'Greet' is installed; remove its code first, or disable it instead."}
    (local_jobs / "sample.py").unlink()
    assert api.send("GET", f"/api/extras/jobs/{job_id}/").json()["installed"] is False
    assert api.send("DELETE", f"/api/extras/jobs/{job_id}/").status_code == 204


def test_run_answers_201_with_the_job_result(
    api: APIClient, local_jobs: Path, django_capture_on_commit_callbacks: Any
) -> None:
    # pynautobot's JobsEndpoint.run sends its own keywords (job_name/job_id) next to data.
    with django_capture_on_commit_callbacks(execute=True):
        response = api.send("POST", "/api/extras/jobs/Greet/run/", {"job_name": "Greet", "data": {"who": "Ann"}})
    assert response.status_code == 201, response.content
    body = response.json()
    assert set(body) == {"scheduled_job", "schedule", "job_result"} and body["scheduled_job"] is None
    job_result = body["job_result"]
    assert job_result["status"] == {"value": "PENDING", "label": "PENDING"}  # rendered before the commit
    assert job_result["task_kwargs"] == {"who": "Ann", "times": 1}
    assert job_result["user"]["url"].endswith("/api/users/users/" + job_result["user"]["id"] + "/")
    assert job_result["job_model"]["object_type"] == "extras.job"
    done = api.send("GET", job_result["url"]).json()
    assert done["status"] == {"value": "SUCCESS", "label": "SUCCESS"}
    assert done["result"] == {"greeting": "Hello Ann", "times": 1}
    assert done["user_name"] == "api-admin" and done["date_done"]
    logs = api.send("GET", f"{job_result['url']}logs/").json()
    assert [entry["message"] for entry in logs["results"]] == ["Hello Ann"]
    assert logs["results"][0]["log_level"] == "info"  # a plain string, as Nautobot sends it
    filtered = api.send("GET", f"/api/extras/job-logs/?job_result={job_result['id']}&log_level=info").json()
    assert filtered["count"] == 1
    by_filter = api.send("GET", "/api/extras/job-results/?job_model=Greet&user=api-admin&status=SUCCESS").json()
    assert [row["id"] for row in by_filter["results"]] == [job_result["id"]]


def test_a_failing_run_through_the_api(
    api: APIClient, local_jobs: Path, django_capture_on_commit_callbacks: Any
) -> None:
    job_id = api.send("GET", "/api/extras/jobs/Make%20tag/").json()["id"]
    response = run_job(api, job_id, {"tag": "api-fail", "fail": True}, django_capture_on_commit_callbacks)
    assert response.status_code == 201, response.content
    done = api.send("GET", response.json()["job_result"]["url"]).json()
    assert done["status"]["value"] == "FAILURE" and "RuntimeError" in done["traceback"]
    assert not Tag.objects.filter(name="api-fail").exists()


def test_every_bad_input_is_a_400(api: APIClient, local_jobs: Path) -> None:
    data = {"text": "far too long", "number": 99, "flag": "perhaps", "colour": "red", "status": "Active"}
    response = api.send("POST", "/api/extras/jobs/Every%20type/run/", {"data": data})
    assert response.status_code == 400, response.content
    body = response.json()
    assert sorted(body) == ["flag", "number", "text"]
    assert "at most 5" in body["text"][0] and "at most 10" in body["number"][0]
    response = api.send("POST", "/api/extras/jobs/Greet/run/", {"data": {"who": "Ann", "whom": "x"}})
    assert response.status_code == 400 and "whom" in response.json()
    response = api.send("POST", "/api/extras/jobs/Greet/run/", {"data": ["who"]})
    assert response.status_code == 400 and "data" in response.json()
    response = api.send("POST", "/api/extras/jobs/Greet/run/", ["data"])
    assert response.status_code == 400
    response = api.send("POST", "/api/extras/jobs/Greet/run/", {"data": {"who": "Ann"}, "schedule": {"x": 1}})
    assert response.status_code == 400 and "schedule" in response.json()
    assert not JobResult.objects.exists()


def test_a_disabled_job_is_refused(api: APIClient, local_jobs: Path) -> None:
    api.send("GET", "/api/extras/jobs/")
    Job.objects.filter(name="Greet").update(enabled=False)
    response = api.send("POST", "/api/extras/jobs/Greet/run/", {"data": {"who": "Ann"}})
    assert response.status_code == 405
    assert response.json() == {"detail": "The job 'Greet' is disabled; enable it before running it."}
    assert api.send("POST", "/api/extras/jobs/No%20such%20job/run/", {"data": {}}).status_code == 404


def test_running_needs_the_run_job_permission(db: Any, local_jobs: Path) -> None:
    make_user("viewer", perms=("extras.view_job",), token="1" * 40)
    viewer = APIClient(token="1" * 40)
    assert viewer.send("GET", "/api/extras/jobs/Greet/").status_code == 200
    refused = viewer.send("POST", "/api/extras/jobs/Greet/run/", {"data": {"who": "Ann"}})
    assert refused.status_code == 403 and "extras.run_job" in refused.json()["detail"]
    make_user("runner", perms=("extras.run_job",), token=READ_ONLY_TOKEN, write_enabled=False)
    read_only = APIClient(token=READ_ONLY_TOKEN).send("POST", "/api/extras/jobs/Greet/run/", {"data": {"who": "A"}})
    assert read_only.status_code == 403 and "read-only" in read_only.json()["detail"]
    make_user("writer", perms=("extras.run_job",), token="2" * 40)
    allowed = APIClient(token="2" * 40).send("POST", "/api/extras/jobs/Greet/run/", {"data": {"who": "Ann"}})
    assert allowed.status_code == 201, allowed.content
    assert APIClient(token=None).send("POST", "/api/extras/jobs/Greet/run/", {"data": {}}).status_code == 403


def test_listing_results_fails_runs_whose_worker_died(api: APIClient) -> None:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    host = runner_label().split(":")[0]
    run = JobResult.objects.create(name="orphan", status="STARTED", worker=f"{host}:{process.pid}")
    row = api.send("GET", "/api/extras/job-results/").json()["results"][0]
    assert row["id"] == str(run.pk) and row["status"]["value"] == "FAILURE"
    logs = api.send("GET", f"/api/extras/job-results/{run.pk}/logs/").json()
    assert [entry["message"] for entry in logs["results"]] == [ABANDONED]


def test_deleting_a_result_deletes_its_log(api: APIClient) -> None:
    run = JobResult.objects.create(name="old", status="SUCCESS")
    JobLogEntry.objects.create(job_result=run, message="x")
    assert api.send("DELETE", f"/api/extras/job-results/{run.pk}/").status_code == 204
    assert not JobLogEntry.objects.exists()


def test_the_openapi_schema_describes_running_a_job(api: APIClient) -> None:
    schema = api.send("GET", "/api/swagger.json").json()
    run = schema["paths"]["/extras/jobs/{id}/run/"]["post"]
    assert run["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith("/JobRunRequest")
    assert list(run["responses"]) == ["201"]
    response = schema["components"]["schemas"]["JobRunResponse"]["properties"]
    assert response["job_result"]["$ref"].endswith("/JobResult")
    assert "/extras/job-results/{id}/logs/" in schema["paths"] and "/extras/job-logs/" in schema["paths"]


def test_a_job_takes_notes_though_jobs_are_not_posted(api: APIClient, local_jobs: Path) -> None:
    """As Nautobot: `POST /api/extras/jobs/<id>/notes/` adds a note by the requester; the list stays closed to
    POST (jobs come from code), and the schema says both."""
    job = api.send("GET", "/api/extras/jobs/?limit=1").json()["results"][0]
    created = api.send("POST", f"/api/extras/jobs/{job['id']}/notes/", {"note": "checked by ops"})
    assert created.status_code == 201, created.content
    assert created.json()["note"] == "checked by ops" and created.json()["assigned_object_id"] == job["id"]
    (listed,) = api.send("GET", f"/api/extras/jobs/{job['id']}/notes/").json()["results"]
    assert listed["id"] == created.json()["id"]
    assert api.send("POST", "/api/extras/jobs/", {"name": "new"}).status_code == 405
    paths = api.send("GET", "/api/swagger.json").json()["paths"]
    assert "post" in paths["/extras/jobs/{id}/notes/"] and "post" not in paths["/extras/jobs/"]
