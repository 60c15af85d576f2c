"""`netkeel-server post_upgrade` as an operator runs it, on a real SQLite file database."""

from __future__ import annotations

import json
import sqlite3
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from netkeel.core.upgrade.preflight import downgrade_problem, requirement_problems

Run = Callable[..., subprocess.CompletedProcess[str]]

pytestmark = pytest.mark.slow

STEPS = [
    "preflight",
    "release-notes",
    "backup",
    "lock",
    "migrate",
    "cable-paths",
    "static-files",
    "stale-content-types",
    "sessions",
    "cache",
    "record",
]


def report(result: subprocess.CompletedProcess[str]) -> dict[str, Any]:
    return json.loads(result.stdout)


def dump(database: Path) -> list[str]:
    with sqlite3.connect(database) as connection:
        return list(connection.iterdump())


def test_fresh_install_then_a_rerun_that_has_nothing_to_do(netkeel_server: Run, clean_env: dict[str, str]) -> None:
    first = netkeel_server("post_upgrade", "--json", "--no-input", timeout=180)
    assert first.returncode == 0, first.stderr
    fresh = report(first)
    assert [step["name"] for step in fresh["steps"]] == STEPS
    assert all("seconds" in step for step in fresh["steps"])
    by_name = {step["name"]: step for step in fresh["steps"]}
    assert by_name["migrate"]["status"] == "done" and len(by_name["migrate"]["data"]["applied"]) > 20
    assert by_name["static-files"]["status"] == "done"
    assert by_name["record"]["status"] == "done"
    assert fresh["previous_version"] is None
    migration_line = "dcim.0001_squashed_0003_device_tenant_location_tenant_rack_tenant ("
    assert migration_line in first.stderr, "one line per migration, with its time, goes to stderr"

    again = report(netkeel_server("post_upgrade", "--json", "--no-input", timeout=180))
    assert again["exit_code"] == 0
    assert {step["name"]: step["status"] for step in again["steps"]} == dict.fromkeys(STEPS, "nothing to do")
    assert again["previous_version"] == fresh["version"]


def test_a_newer_database_is_refused_and_nothing_changes(netkeel_server: Run, clean_env: dict[str, str]) -> None:
    assert netkeel_server("post_upgrade", "--no-input", timeout=180).returncode == 0
    marked = netkeel_server(
        "shell",
        "--no-imports",
        "-c",
        "from django.utils import timezone; from netkeel.core.models import Installation; "
        "now = timezone.now(); "
        "Installation.objects.create(version='99.0.0', started=now, finished=now, succeeded=True)",
    )
    assert marked.returncode == 0, marked.stderr
    database = Path(clean_env["NETKEEL_ROOT"]) / "netkeel.sqlite3"
    before = dump(database)
    refused = netkeel_server("post_upgrade", "--json", "--no-input", timeout=180)
    assert refused.returncode == 1
    body = report(refused)
    assert body["steps"][0]["status"] == "refused"
    assert "upgraded by netkeel 99.0.0, newer than this netkeel" in refused.stderr
    assert dump(database) == before
    # The web and worker services refuse to start on it too, in one sentence.
    started = netkeel_server("start", "--bind", "127.0.0.1:1")
    assert started.returncode == 1
    assert "newer than this netkeel" in started.stderr and "Traceback" not in started.stderr


def test_a_missing_local_requirement_is_refused(netkeel_server: Run, clean_env: dict[str, str]) -> None:
    root = Path(clean_env["NETKEEL_ROOT"])
    root.mkdir(parents=True, exist_ok=True)
    (root / "local_requirements.txt").write_text("# site packages\nnetkeel-no-such-package>=1.0\n")
    refused = netkeel_server("post_upgrade", "--no-input", timeout=180)
    assert refused.returncode == 1
    assert "netkeel-no-such-package (from local_requirements.txt line 2) is not installed" in refused.stdout
    # Connecting created an empty file at most: no table, no row.
    database = root / "netkeel.sqlite3"
    assert not database.exists() or dump(database) == ["BEGIN TRANSACTION;", "COMMIT;"]


def test_requirement_and_version_rules(tmp_path: Path) -> None:
    requirements = tmp_path / "local_requirements.txt"
    requirements.write_text("Django>=99\npytest\nnot a requirement!\n-r other.txt\n")
    problems = requirement_problems(requirements)
    assert any("Django" in problem and "asks for Django>=99" in problem for problem in problems)
    assert any("line 3" in problem and "not a valid requirement" in problem for problem in problems)
    assert len(problems) == 2
    assert downgrade_problem(None, "0.1.0") is None
    assert downgrade_problem("0.1.0", "0.2.0") is None
    assert downgrade_problem("0.2.0", "0.2.0.dev0") is not None


def test_a_fresh_install_shows_no_release_notes(netkeel_server: Any) -> None:
    """A new installation upgrades from nothing: post_upgrade says so in one line instead of a page of notes."""
    result = netkeel_server("post_upgrade", "--no-input", "--no-backup")
    assert result.returncode == 0, result.stderr
    assert "Release notes: a fresh install of" in result.stdout
    assert "What is new" not in result.stdout and "Upgrade notes" not in result.stdout
