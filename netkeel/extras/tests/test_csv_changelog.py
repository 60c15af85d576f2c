"""CSV imports in the change log: each written row is recorded, under the job run (with its user) or the
command line that imported it; a refused import leaves no record, as it leaves no object."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command

from netkeel.core.testing.api import APIClient
from netkeel.dcim.models import Device, Interface
from netkeel.dcim.tests import factories as f
from netkeel.extras.jobs.sync import sync_jobs
from netkeel.extras.models import Job, JobResult, ObjectChange

pytestmark = pytest.mark.django_db

GOOD = "name,device_type,role,status,location\nleaf01,qfx;Acme,Leaf,Active,DC1;\nleaf02,qfx;Acme,Leaf,Active,DC1;\n"


@pytest.fixture
def site() -> None:
    f.location("DC1")
    f.device_type("qfx", interfaces=2)
    f.role("Leaf")


def device_changes() -> list[ObjectChange]:
    device_type = ContentType.objects.get_for_model(Device)
    return list(ObjectChange.objects.filter(changed_object_type=device_type).order_by("time", "id"))


def test_a_command_line_import_is_recorded_as_that_command(site: None, tmp_path: Path) -> None:
    path = tmp_path / "devices.csv"
    path.write_text(GOOD)
    call_command("import_csv", "dcim.device", str(path), stdout=io.StringIO())
    changes = device_changes()
    assert [(c.object_repr, c.action, c.change_context) for c in changes] == [
        ("leaf01", "create", "orm"),
        ("leaf02", "create", "orm"),
    ]
    assert {c.change_context_detail for c in changes} == {f"netkeel-server import_csv dcim.device {path}"}
    assert len({c.request_id for c in changes}) == 1  # one import, one id to find its changes by
    # The interfaces the device service made are recorded too, under the same import.
    interface_type = ContentType.objects.get_for_model(Interface)
    assert (
        ObjectChange.objects.filter(changed_object_type=interface_type, request_id=changes[0].request_id).count() == 4
    )


def test_a_refused_import_records_nothing(site: None, tmp_path: Path) -> None:
    path = tmp_path / "devices.csv"
    path.write_text(GOOD + "bad,qfx;Acme,Leaf,Nope,DC1;\n")
    with pytest.raises(CommandError):
        call_command("import_csv", "dcim.device", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    assert device_changes() == [] and Device.objects.count() == 0


def test_an_import_job_is_recorded_under_its_run_and_user(
    api: APIClient, site: None, django_capture_on_commit_callbacks: Any
) -> None:
    sync_jobs()
    job = Job.objects.get(name="Import CSV")
    with django_capture_on_commit_callbacks(execute=True):
        response = api.send(
            "POST", f"/api/extras/jobs/{job.pk}/run/", {"data": {"content_type": "dcim.device", "csv_data": GOOD}}
        )
    assert response.status_code == 201, response.content
    run = JobResult.objects.get(pk=response.json()["job_result"]["id"])
    assert run.status == "SUCCESS", run.traceback
    changes = device_changes()
    assert [(c.object_repr, c.change_context, c.request_id, c.user_name) for c in changes] == [
        ("leaf01", "job", run.pk, "api-admin"),
        ("leaf02", "job", run.pk, "api-admin"),
    ]
    assert {c.change_context_detail for c in changes} == {"Import CSV"}
