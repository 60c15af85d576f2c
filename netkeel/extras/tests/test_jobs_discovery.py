"""Finding jobs (apps, plugins, `$NETKEEL_ROOT/jobs/*.py`), reporting the files that break, and keeping the
Job rows in step with the classes found."""

from __future__ import annotations

import shutil
import sys
import uuid
from collections.abc import Iterator
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.apps import AppConfig
from django.core.management import call_command

from netkeel.extras.jobs import discovery
from netkeel.extras.jobs.checks import job_modules_import
from netkeel.extras.jobs.discovery import discover, load_job_class
from netkeel.extras.jobs.sync import sync_jobs
from netkeel.extras.models import Job, JobResult
from netkeel.extras.tests import sample_jobs

SAMPLE = Path(sample_jobs.__file__)
SAMPLE_CLASSES = ["Greet", "EveryType", "MakeTag", "MakeTagNotAtomic", "Sleeper"]


@pytest.fixture
def jobs_dir(tmp_path: Path, settings: Any) -> Iterator[Path]:
    """An empty `$NETKEEL_ROOT/jobs/` of a fresh root."""
    settings.NETKEEL_ROOT = tmp_path
    folder = tmp_path / "jobs"
    folder.mkdir()
    yield folder
    for name in [name for name in sys.modules if name.startswith("local_jobs")]:
        del sys.modules[name]


def found_paths() -> list[str]:
    return [job.class_path for job in discover().jobs]


def test_app_jobs_are_found_without_a_jobs_folder(settings: Any, tmp_path: Path) -> None:
    settings.NETKEEL_ROOT = tmp_path / "nowhere"
    found = discover()
    assert found.errors == {}
    paths = [job.class_path for job in found.jobs]
    assert paths == [
        "netkeel.extras.csv_io.jobs.CSVImport",
        "netkeel.extras.csv_io.jobs.CSVExport",
        "netkeel.dcim.jobs.TracePaths",
        "netkeel.demo.jobs.GenerateDemoData",
    ]
    assert [job.default_grouping for job in found.jobs] == ["Extras", "Extras", "DCIM", "Demo data"]


def test_local_files_are_found_with_their_grouping(jobs_dir: Path) -> None:
    shutil.copy(SAMPLE, jobs_dir / "sample.py")
    (jobs_dir / "_private.py").write_text("raise RuntimeError('never imported')\n")
    (jobs_dir / "not-a-module.py").write_text("raise RuntimeError('never imported')\n")
    (jobs_dir / "notes.txt").write_text("not python\n")
    found = discover()
    assert found.errors == {}
    local = [job for job in found.jobs if job.module_name == "local_jobs.sample"]
    assert [job.class_name for job in local] == SAMPLE_CLASSES  # not _Helper, not the abstract Base
    assert {job.default_grouping for job in local} == {"Samples"}  # the module's `name`


def test_a_broken_file_is_reported_and_the_others_still_load(jobs_dir: Path, caplog: Any) -> None:
    shutil.copy(SAMPLE, jobs_dir / "sample.py")
    (jobs_dir / "missing.py").write_text("import os\nimport no_such_module_for_netkeel\n")
    (jobs_dir / "typo.py").write_text("from netkeel.extras.jobs import Job\n\nclass Oops(Job)\n    pass\n")
    found = discover()
    assert set(found.errors) == {"local_jobs.missing", "local_jobs.typo"}
    assert found.errors["local_jobs.missing"] == (
        "ModuleNotFoundError: No module named 'no_such_module_for_netkeel' (missing.py, line 2)"
    )
    assert found.errors["local_jobs.typo"].startswith("SyntaxError: ")
    assert found.errors["local_jobs.typo"].endswith("(typo.py, line 3)")
    assert "local_jobs.sample.Greet" in [job.class_path for job in found.jobs]
    assert "Jobs in local_jobs.missing were skipped" in caplog.text
    messages = job_modules_import(None)
    assert [message.id for message in messages] == ["netkeel.W101", "netkeel.W101"]
    assert "local_jobs.missing" in messages[0].msg


def test_check_lists_a_broken_job_file(jobs_dir: Path) -> None:
    (jobs_dir / "broken.py").write_text("1/0\n")
    out, err = StringIO(), StringIO()
    call_command("check", "--no-services", stdout=out, stderr=err)
    text = out.getvalue() + err.getvalue()
    assert "netkeel.W101" in text and "local_jobs.broken" in text and "ZeroDivisionError" in text


def test_an_edited_file_is_read_again(jobs_dir: Path) -> None:
    path = jobs_dir / "edited.py"
    path.write_text("from netkeel.extras.jobs import Job\n\nclass First(Job):\n    def run(self):\n        return 1\n")
    assert "local_jobs.edited.First" in found_paths()
    path.write_text("from netkeel.extras.jobs import Job\n\nclass Second(Job):\n    def run(self):\n        return 2\n")
    paths = found_paths()
    assert "local_jobs.edited.Second" in paths and "local_jobs.edited.First" not in paths
    second = load_job_class("local_jobs.edited", "Second", fresh=True)
    assert second is not None and second().run() == 2
    assert load_job_class("local_jobs.edited", "First") is None
    assert load_job_class("local_jobs.gone", "Second") is None
    assert load_job_class("netkeel.dcim.jobs", "TracePaths") is not None


def test_local_files_import_each_other(jobs_dir: Path) -> None:
    (jobs_dir / "helpers.py").write_text("GREETING = 'hi'\n")
    (jobs_dir / "user.py").write_text(
        "from netkeel.extras.jobs import Job\nfrom local_jobs.helpers import GREETING\n\n"
        "class Hi(Job):\n    def run(self):\n        return GREETING\n"
    )
    job_class = load_job_class("local_jobs.user", "Hi")
    assert job_class is not None and job_class().run() == "hi"


def test_plugin_jobs_are_those_its_config_registers(
    tmp_path: Path, settings: Any, monkeypatch: pytest.MonkeyPatch, jobs_dir: Path
) -> None:
    name = f"jobs_plugin_{uuid.uuid4().hex[:8]}"
    package = tmp_path / "plugins" / name
    package.mkdir(parents=True)
    (package / "__init__.py").write_text(
        "from netkeel.core.plugins import PluginConfig\n"
        "from netkeel.extras.jobs import register_job_module\n\n\n"
        "class Config(PluginConfig):\n"
        f"    name = {name!r}\n"
        "    verbose_name = 'Jobs plugin'\n\n"
        "    def ready(self):\n"
        f"        register_job_module({name + '.jobs'!r}, grouping=str(self.verbose_name))\n\n\n"
        "config = Config\n"
    )
    (package / "jobs.py").write_text(
        "from netkeel.extras.jobs import Job\n\nclass PluginJob(Job):\n    def run(self):\n        return 'p'\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path / "plugins"))
    monkeypatch.setattr(discovery, "_app_modules", dict(discovery._app_modules))  # this registration only here
    settings.PLUGINS = [name]
    paths = found_paths()
    assert not any(path.startswith(name) for path in paths), "its `jobs` module is not looked for by its name"
    config = AppConfig.create(f"{name}.Config")
    config.ready()
    paths = found_paths()
    assert paths.index(f"{name}.jobs.PluginJob") > paths.index("netkeel.demo.jobs.GenerateDemoData")
    assert [path for path in paths if path.startswith(name)] == [f"{name}.jobs.PluginJob"]
    [found] = [job for job in discover().jobs if job.module_name == f"{name}.jobs"]
    assert found.default_grouping == "Jobs plugin"


# ---------------------------------------------------------------------------------------------- sync


@pytest.mark.django_db
def test_sync_records_every_job_once(jobs_dir: Path, django_assert_num_queries: Any) -> None:
    shutil.copy(SAMPLE, jobs_dir / "sample.py")
    report = sync_jobs()
    assert report.created == 9 and report.errors == {}
    rows = {job.name: job for job in Job.objects.all()}
    assert set(rows) == {"Import CSV", "Export CSV", "Trace cable paths", "Generate demo data", "Greet",
                         "Every type", "Make tag", "Make tag (not atomic)", "Sleeper"}  # fmt: skip
    assert (rows["Greet"].module_name, rows["Greet"].job_class_name) == ("local_jobs.sample", "Greet")
    assert rows["Greet"].grouping == "Samples" and rows["Every type"].grouping == "Kinds"
    assert rows["Greet"].description == "Say hello." and rows["Greet"].installed and rows["Greet"].enabled
    assert rows["Trace cable paths"].grouping == "DCIM"
    with django_assert_num_queries(1):  # nothing changed: one read, no transaction
        again = sync_jobs()
    assert not again.changed


@pytest.mark.django_db
def test_gone_jobs_are_kept_uninstalled_and_come_back(jobs_dir: Path) -> None:
    shutil.copy(SAMPLE, jobs_dir / "sample.py")
    sync_jobs()
    greet = Job.objects.get(name="Greet")
    result = JobResult.objects.create(job_model=greet, name="Greet")
    (jobs_dir / "sample.py").unlink()
    report = sync_jobs()
    assert report.uninstalled == 5
    greet.refresh_from_db()
    assert not greet.installed and JobResult.objects.get(pk=result.pk).job_model_id == greet.pk
    # The file comes back under another name: the rows (and their results) follow the classes.
    shutil.copy(SAMPLE, jobs_dir / "renamed.py")
    report = sync_jobs()
    assert report.created == 0 and report.updated == 5
    greet.refresh_from_db()
    assert greet.installed and greet.module_name == "local_jobs.renamed"
    assert Job.objects.count() == 9


@pytest.mark.django_db
def test_a_name_taken_twice_keeps_the_first(jobs_dir: Path) -> None:
    (jobs_dir / "a.py").write_text(
        "from netkeel.extras.jobs import Job\n\nclass One(Job):\n    class Meta:\n        name = 'Same'\n"
    )
    (jobs_dir / "b.py").write_text(
        "from netkeel.extras.jobs import Job\n\nclass Two(Job):\n    class Meta:\n        name = 'Same'\n"
    )
    report = sync_jobs()
    assert Job.objects.get(name="Same").module_name == "local_jobs.a"
    assert "already taken by local_jobs.a.One" in report.errors["local_jobs.b.Two"]


@pytest.mark.django_db
def test_changed_descriptions_are_refreshed(jobs_dir: Path) -> None:
    path = jobs_dir / "desc.py"
    path.write_text("from netkeel.extras.jobs import Job\n\nclass D(Job):\n    '''Old.'''\n")
    sync_jobs()
    path.write_text("from netkeel.extras.jobs import Job\n\nclass D(Job):\n    '''Newer text.'''\n")
    report = sync_jobs()
    assert report.updated == 1 and Job.objects.get(name="D").description == "Newer text."
