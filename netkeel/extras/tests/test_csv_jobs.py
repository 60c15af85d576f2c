"""The CSV jobs: `Import CSV` (row errors as log entries with line and field, progress, counts returned)
and `Export CSV` (a filtered list's CSV in the result), run through the jobs API (inline in tests) and,
with Redis, on a real worker process."""

from __future__ import annotations

import csv
import io
import json
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import Permission

from netkeel.core.testing.api import APIClient, make_user
from netkeel.core.testing.live import LiveNetkeel
from netkeel.dcim.models import Device
from netkeel.dcim.tests import factories as f
from netkeel.extras.jobs.sync import sync_jobs
from netkeel.extras.models import Job, JobLogEntry, JobResult
from netkeel.extras.tests.worker_processes import NetkeelProcesses, forget_queue, own_queue_name, wait_for_worker

pytestmark = pytest.mark.django_db

DEVICES_WITH_THREE_BAD_ROWS = "\n".join(
    [
        "name,device_type,role,status,location",
        "good01,qfx;Acme,Leaf,Active,DC1;",
        "bad01,qfx;Acme,Leaf,Nope,DC1;",
        "good02,qfx;Acme,Leaf,Active,DC1;",
        "bad02,,Leaf,Active,DC1;",
        "bad03,qfx;Acme,Leaf,Active,DC9;",
    ]
)


@pytest.fixture
def site() -> None:
    f.location("DC1")
    f.device_type("qfx", interfaces=1)
    f.role("Leaf")


def job_id(name: str) -> str:
    sync_jobs()
    return str(Job.objects.get(name=name).pk)


def run(api: APIClient, name: str, data: dict[str, Any], capture: Any) -> JobResult:
    with capture(execute=True):
        response = api.send("POST", f"/api/extras/jobs/{job_id(name)}/run/", {"data": data})
    assert response.status_code == 201, response.content
    return JobResult.objects.get(pk=response.json()["job_result"]["id"])


def log_of(job_result: JobResult) -> list[tuple[str, str]]:
    entries = JobLogEntry.objects.filter(job_result=job_result).order_by("created", "pk")
    return [(entry.log_level, entry.message) for entry in entries]


def test_both_jobs_are_discovered() -> None:
    sync_jobs()
    jobs = {job.name: job for job in Job.objects.filter(module_name="netkeel.extras.csv_io.jobs")}
    assert set(jobs) == {"Import CSV", "Export CSV"}
    assert all(job.installed and job.grouping == "CSV import and export" for job in jobs.values())


def test_an_import_with_three_bad_rows_logs_each_and_writes_nothing(
    api: APIClient, site: None, django_capture_on_commit_callbacks: Any
) -> None:
    data = {"content_type": "dcim.device", "csv_data": DEVICES_WITH_THREE_BAD_ROWS}
    job_result = run(api, "Import CSV", data, django_capture_on_commit_callbacks)
    assert job_result.status == "SUCCESS", job_result.traceback
    failures = [message for level, message in log_of(job_result) if level == "failure"]
    assert failures[:3] == [
        "line 3: status: No status matches 'Nope'.",
        "line 5: device_type: This field is required.",
        "line 6: location: No location matches 'DC9;'.",
    ]
    assert failures[3] == "3 row(s) failed, so nothing was written."
    assert job_result.result is not None
    assert {key: job_result.result[key] for key in ("rows", "created", "failed_rows", "written")} == {
        "rows": 5,
        "created": 2,
        "failed_rows": 3,
        "written": False,
    }
    assert [(e["line"], e["field"]) for e in job_result.result["errors"]] == [
        (3, "status"),
        (5, "device_type"),
        (6, "location"),
    ]
    assert Device.objects.count() == 0
    # The entries of one bad row are grouped by its line, so a reader can find them.
    assert JobLogEntry.objects.filter(job_result=job_result, grouping="line 5").count() == 1


def test_a_partial_import_writes_the_good_rows_and_reports_progress(
    api: APIClient, site: None, django_capture_on_commit_callbacks: Any
) -> None:
    data = {"content_type": "dcim.device", "csv_data": DEVICES_WITH_THREE_BAD_ROWS, "atomic": False}
    job_result = run(api, "Import CSV", data, django_capture_on_commit_callbacks)
    assert job_result.result is not None and job_result.result["written"] is True
    assert sorted(Device.objects.values_list("name", flat=True)) == ["good01", "good02"]
    progress = [message for level, message in log_of(job_result) if message.startswith("Processed")]
    assert progress == [f"Processed {done} of 5 rows." for done in range(1, 6)]
    summary = log_of(job_result)[-1]
    assert summary == (
        "failure",
        "3 row(s) failed and were skipped; the others were written: 2 created, 0 updated, 0 unchanged.",
    )


def test_an_import_runs_as_the_user_who_ran_it(
    api: APIClient, site: None, django_capture_on_commit_callbacks: Any
) -> None:
    user = make_user("runner", perms=("extras.run_job", "extras.view_job", "extras.view_jobresult"), token="1" * 40)
    client = APIClient(token="1" * 40)
    data = {
        "content_type": "dcim.device",
        "csv_data": "name,device_type,role,status,location\nx,qfx;Acme,Leaf,Active,DC1;",
    }
    job_result = run(client, "Import CSV", data, django_capture_on_commit_callbacks)
    assert log_of(job_result) == [
        ("failure", "line 1: non_field_errors: You may neither create nor change devices."),
        ("failure", "The file was refused (see line 1), so nothing was written."),
    ]
    for codename in ("add_device", "view_devicetype", "view_role", "view_status", "view_location"):
        user.user_permissions.add(Permission.objects.get(codename=codename))
    job_result = run(client, "Import CSV", data, django_capture_on_commit_callbacks)
    assert job_result.result is not None and job_result.result["created"] == 1
    assert Device.objects.get().name == "x"


def test_an_unknown_object_type_fails_the_run_with_a_sentence(
    api: APIClient, django_capture_on_commit_callbacks: Any
) -> None:
    job_result = run(
        api, "Import CSV", {"content_type": "dcim.gadget", "csv_data": "name\nx"}, django_capture_on_commit_callbacks
    )
    assert job_result.status == "FAILURE"
    assert (
        log_of(job_result)[-1][1]
        == "CSVError: There is no object type 'dcim.gadget'; use app.model, such as dcim.device."
    )


def test_the_export_job_returns_a_filtered_lists_csv(api: APIClient, django_capture_on_commit_callbacks: Any) -> None:
    dtype = f.device_type("qfx")
    f.device("a1", dtype, f.location("DC1"))
    f.device("b1", dtype, f.location("DC2"))
    data = {"content_type": "dcim.device", "filters": {"location": ["DC2"]}}
    job_result = run(api, "Export CSV", data, django_capture_on_commit_callbacks)
    assert job_result.status == "SUCCESS", job_result.traceback
    assert job_result.result is not None and job_result.result["rows"] == 1
    rows = list(csv.DictReader(io.StringIO(job_result.result["csv"])))
    assert [(row["name"], row["location"]) for row in rows] == [("b1", "DC2;")]
    bad = run(
        api, "Export CSV", {"content_type": "dcim.device", "filters": {"nmae": "x"}}, django_capture_on_commit_callbacks
    )
    assert bad.status == "FAILURE" and "Bad filters — nmae: " in log_of(bad)[-1][1]


# --------------------------------------------------------------------------------------------- real worker

REDIS_URL = "redis://127.0.0.1:6379/13"


@pytest.mark.slow
def test_on_a_real_worker_three_bad_rows_are_reported_and_nothing_is_written(
    require_service: Callable[[str], None], live_netkeel: LiveNetkeel
) -> None:
    require_service("redis")
    from redis import Redis

    redis = Redis.from_url(REDIS_URL)
    queue = own_queue_name("jobs")  # the runs' queue, of this test alone (Redis db 13 is not flushed)
    env = {**live_netkeel.env, "NETKEEL_REDIS_URL": REDIS_URL, "NETKEEL_JOBS_QUEUE": queue}
    processes = NetkeelProcesses(live_netkeel.url, live_netkeel.token, env)
    server = processes.server
    try:
        wait_for_worker(redis, processes.rqworker(queue), timeout=60)
        tag = uuid.uuid4().hex[:8]  # the live service's database is shared by the session's tests
        names = [f"t{index}-{tag}" for index in range(1, 6)]
        groups = ["", "no-group-1", "no-group-2", "", "no-group-3"]
        tenants = "name,tenant_group\n" + "".join(
            f"{name},{group}\n" for name, group in zip(names, groups, strict=True)
        )
        data = json.dumps({"content_type": "tenancy.tenant", "csv_data": tenants})
        imported = server("runjob", "Import CSV", "--data", data)
        assert imported.returncode == 0, imported.stderr
        assert "Queued run" in imported.stdout  # run by the worker, not in this process
        for line in (3, 4, 6):
            assert f"line {line}: tenant_group: No tenant group matches" in imported.stdout
        assert "3 row(s) failed, so nothing was written." in imported.stdout
        query = json.dumps({"content_type": "tenancy.tenant", "filters": {"name": names}})
        exported = server("runjob", "Export CSV", "--data", query)
        assert exported.returncode == 0, exported.stderr
        assert '"rows": 0' in exported.stdout
    finally:
        processes.stop_workers()
        forget_queue(redis, queue)
