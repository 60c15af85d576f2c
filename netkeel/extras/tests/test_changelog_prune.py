"""Retention: `netkeel-server prune_changelog` deletes records older than CHANGELOG_RETENTION days in
batches; a dry run only counts; a bad --days is one sentence and exit status 1."""

from __future__ import annotations

import datetime
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from netkeel.conf.defaults import environment_settings
from netkeel.extras.models import ObjectChange
from netkeel.tenancy.models import Tenant

pytestmark = pytest.mark.django_db


def age_records(days: int, count: int) -> list[ObjectChange]:
    """`count` records, each `days` days old."""
    made = [Tenant.objects.create(name=f"t{days}-{i}") for i in range(count)]
    records = list(ObjectChange.objects.filter(changed_object_id__in=[t.pk for t in made]))
    ObjectChange.objects.filter(pk__in=[r.pk for r in records]).update(
        time=timezone.now() - datetime.timedelta(days=days)
    )
    return records


def prune(*args: str) -> str:
    out = StringIO()
    call_command("prune_changelog", *args, stdout=out)
    return out.getvalue()


def test_old_records_are_deleted_in_batches_and_recent_ones_kept(settings: Any) -> None:
    settings.CHANGELOG_RETENTION = 30
    old = age_records(40, 5)
    recent = age_records(10, 2)
    with CaptureQueriesContext(connection) as ctx:
        output = prune("--batch-size", "2")
    deletes = [q["sql"] for q in ctx.captured_queries if q["sql"].upper().startswith("DELETE")]
    assert len(deletes) == 3  # 2 + 2 + 1
    assert "Deleted 5 change record(s) older than 30 days" in output and "in 3 batch(es)" in output
    assert not ObjectChange.objects.filter(pk__in=[r.pk for r in old]).exists()
    assert ObjectChange.objects.filter(pk__in=[r.pk for r in recent]).count() == 2


def test_days_overrides_the_setting_and_dry_run_deletes_nothing(settings: Any) -> None:
    settings.CHANGELOG_RETENTION = 90
    age_records(40, 3)
    before = ObjectChange.objects.count()
    assert "Would delete 3 change record(s) older than 30 days" in prune("--days", "30", "--dry-run")
    assert ObjectChange.objects.count() == before
    assert "Deleted 0 change record(s)" in prune()  # 90 days: none is that old
    assert "Deleted 3 change record(s)" in prune("--days", "30")
    assert ObjectChange.objects.count() == before - 3


def test_zero_keeps_everything(settings: Any) -> None:
    age_records(4000, 1)
    settings.CHANGELOG_RETENTION = 0
    before = ObjectChange.objects.count()
    assert "kept forever" in prune()
    assert "kept forever" in prune("--days", "0")
    assert ObjectChange.objects.count() == before


@pytest.mark.parametrize("days", ["-1", "ten", "1.5", "", "100001"])
def test_a_bad_days_is_one_sentence(days: str) -> None:
    with pytest.raises(CommandError, match=r"^--days must be a whole number from 0 to 100000, not '.*'\.$"):
        prune("--days", days)


def test_a_bad_days_exits_1_through_netkeel_server(netkeel_server: Any) -> None:
    result = netkeel_server("prune_changelog", "--days", "soon")
    assert result.returncode == 1
    assert "--days must be a whole number from 0 to 100000, not 'soon'." in result.stderr


def test_the_retention_setting_reads_its_variable(tmp_path: Any) -> None:
    assert environment_settings({"NETKEEL_ROOT": str(tmp_path)})["CHANGELOG_RETENTION"] == 90
    environ = {"NETKEEL_ROOT": str(tmp_path), "NETKEEL_CHANGELOG_RETENTION": "0"}
    assert environment_settings(environ)["CHANGELOG_RETENTION"] == 0
    from netkeel.conf import ConfigError

    with pytest.raises(ConfigError, match="NETKEEL_CHANGELOG_RETENTION must be at least 0"):
        environment_settings({"NETKEEL_ROOT": str(tmp_path), "NETKEEL_CHANGELOG_RETENTION": "-5"})
