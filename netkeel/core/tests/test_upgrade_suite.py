"""The upgrade suite (issue 5, item 6): `post_upgrade` driven the way an operator drives it, proved lossless.

Every test makes its own database on the engine named by `NETKEEL_UPGRADE_DB` (`sqlite`, the default,
`postgresql` or `mysql`): a file under a temporary NETKEEL_ROOT, or a scratch database on 127.0.0.1 that
the test creates and drops (users postgres / root, no password). netkeel itself is only ever run as
`netkeel-server` subprocesses configured by NETKEEL_DB_* variables. What the database holds is compared
through a *fingerprint* taken in another subprocess (`FINGERPRINT_SCRIPT`): per model, the row count and
a SHA-256 of every row's fields, plus a check that every cabled endpoint has a path whose nodes exist.
The fingerprint, the scratch databases and the subprocesses are in `upgrade_support/`.

Run it with `.venv/bin/pytest -m upgrade netkeel/core/tests/test_upgrade_suite.py`; `.ci/run` runs it
once per engine. The releases to upgrade from are read from `netkeel/releases/releases.json`
(`{"0.1.0": "<commit sha>"}`); `NETKEEL_UPGRADE_RELEASES` (the same JSON) tries other commits instead.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import tomllib
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from netkeel.core.tests.upgrade_support.databases import ScratchDatabase
from netkeel.core.tests.upgrade_support.fingerprint import Fingerprint, assert_same, upgrade_losses
from netkeel.core.tests.upgrade_support.processes import RUN_TIMEOUT, Netkeel, output_tail, statuses

pytestmark = pytest.mark.upgrade

ENGINES = ("sqlite", "postgresql", "mysql")
_ALIASES = {"sqlite3": "sqlite", "postgres": "postgresql", "mariadb": "mysql"}
_requested = os.environ.get("NETKEEL_UPGRADE_DB", "sqlite").strip().lower() or "sqlite"
ENGINE = _ALIASES.get(_requested, _requested)
if ENGINE not in ENGINES:
    raise pytest.UsageError(f"NETKEEL_UPGRADE_DB must be one of {', '.join(ENGINES)}, not {_requested!r}.")

REPOSITORY = Path(__file__).resolve().parents[3]
RELEASES_FILE = REPOSITORY / "netkeel" / "releases" / "releases.json"

# Installing an old release's virtualenv: generous for a slow CI machine, short enough that a hang fails.
INSTALL_TIMEOUT = 900.0
# The migration a kill during migrate interrupts: the biggest schema migration, dozens of tables (a fresh
# install applies dcim's squash of 0001-0003, netkeel/core/migrations/_batched.py).
KILLED_MIGRATION = "dcim.0001_squashed_0003_device_tenant_location_tenant_rack_tenant"


def recorded_as(label: str) -> set[str]:
    """The rows of django_migrations that applying `label` writes: a squash writes those of the migrations it
    replaces (its own name only once a later run finds them all applied)."""
    from django.db.migrations.loader import MigrationLoader

    app_label, name = label.split(".")
    migration = MigrationLoader(None, ignore_no_migrations=True).disk_migrations[(app_label, name)]
    return {f"{app}.{replaced}" for app, replaced in migration.replaces} or {label}


# ------------------------------------------------------------------------------------------- fixtures


@pytest.fixture
def databases(
    tmp_path: Path, clean_env: dict[str, str], require_service: Callable[[str], None]
) -> Iterator[Callable[[str], Netkeel]]:
    """A factory: a fresh database (with its own NETKEEL_ROOT) and the current `netkeel-server` on it.
    Whatever the test started is killed and every database dropped when it ends, pass or fail."""
    if ENGINE != "sqlite":
        require_service(ENGINE)
    made: list[Netkeel] = []

    def make(name: str) -> Netkeel:
        database = ScratchDatabase(ENGINE, tmp_path / name)
        netkeel = Netkeel({**clean_env, **database.env}, tmp_path, database)
        made.append(netkeel)
        return netkeel

    try:
        yield make
    finally:
        for netkeel in made:
            try:
                netkeel.stop_all()
            finally:
                assert netkeel.database is not None
                netkeel.database.drop()


@dataclass(frozen=True)
class Reference:
    """A database built the plain way (no kill, no race), fingerprinted for comparison across databases."""

    fingerprint: Fingerprint
    applied: list[str]  # the migrations its post_upgrade applied, in order


class References:
    """Reference databases, built on first use and kept for the session (several tests compare with the
    same build); dropped at the end of the session."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._fresh: Reference | None = None
        self._databases: list[ScratchDatabase] = []

    def fresh(self, base_env: dict[str, str]) -> Reference:
        """A fresh install: one `post_upgrade --no-input --no-backup` on an empty database."""
        if self._fresh is None:
            database = ScratchDatabase(ENGINE, self.root / "fresh")
            self._databases.append(database)
            netkeel = Netkeel({**base_env, **database.env}, self.root, database)
            report = netkeel.post_upgrade_json("--no-backup")
            applied = next(step for step in report["steps"] if step["name"] == "migrate")["data"]["applied"]
            self._fresh = Reference(netkeel.fingerprint(portable=True), applied)
        return self._fresh

    def drop(self) -> None:
        for database in self._databases:
            database.drop()


@pytest.fixture(scope="session")
def references(tmp_path_factory: pytest.TempPathFactory) -> Iterator[References]:
    made = References(tmp_path_factory.mktemp("references"))
    try:
        yield made
    finally:
        made.drop()


# What the demo network leaves empty, so that the fingerprints cover those tables too: tenancy, tags, and
# IPAM (packed binary columns, derived parents, many-to-many links), beside the demo's own (which holds
# 10.0.0.0/8 and the RIR "Private (RFC 1918)", so this takes 172.16.0.0/12). Run by `netkeel-server shell` with the
# current code and with each release's; written against the models and services of 0.1.0 onwards.
FILL_SCRIPT = """
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from netkeel.dcim.models import Device, Interface, Location
from netkeel.extras.models import Status, Tag
from netkeel.ipam import services as ipam
from netkeel.ipam.models import RIR, VLAN, VRF, RouteTarget, VLANGroup
from netkeel.tenancy.models import Tenant, TenantGroup

with transaction.atomic():
    active = Status.objects.get(name="Active")
    site = Location.objects.filter(devices__isnull=False).order_by("name").first()
    customers = TenantGroup.objects.create(name="Customers")
    tenant = Tenant.objects.create(name="Acme", tenant_group=customers)
    tag = Tag.objects.create(name="upgrade-suite", color="ff5722")
    tag.content_types.add(ContentType.objects.get_for_model(Device))
    target = RouteTarget.objects.create(name="65000:100", tenant=tenant)
    vrf = VRF.objects.create(name="customers", rd="65000:100", status=active, tenant=tenant)
    vrf.import_targets.add(target)
    vrf.export_targets.add(target)
    rir = RIR.objects.create(name="RFC 1918", is_private=True)
    group = VLANGroup.objects.create(name="upgrade-suite", location=site)
    vlan = VLAN.objects.create(vid=100, name="servers", vlan_group=group, status=active, tenant=tenant)
    vlan.locations.add(site)
    ipam.create_prefix("172.16.0.0/12", status=active, rir=rir, date_allocated=timezone.now())
    servers = ipam.create_prefix("172.16.0.0/16", status=active, tenant=tenant, vlan=vlan)
    servers.locations.add(site)
    ipam.create_prefix("3fff::/20", status=active)  # RFC 9637: the demo holds 2001:db8::/32
    interface = Interface.objects.filter(device__location=site).order_by("device__name", "name").first()
    for address in ("172.16.0.1/16", "172.16.0.2/16", "3fff::1/64"):
        ipam.assign_ip_address(ipam.create_ip_address(address, status=active, tenant=tenant), interface)
"""


def prepare_demo(netkeel: Netkeel, size: str) -> None:
    """A database an operator has been using: installed by `post_upgrade`, then the demo network and a few
    objects of every other kind (`FILL_SCRIPT`)."""
    netkeel.ok("post_upgrade", "--no-input", "--no-backup")
    netkeel.ok("generate_demo_data", "--size", size)
    netkeel.shell(FILL_SCRIPT)


class RerunFailed(AssertionError):
    """`post_upgrade` run again after a kill did not finish the job."""


# ---------------------------------------------------------------------------------------------- tests


def test_killed_during_migrate_then_run_again_finishes_the_install(
    databases: Callable[[str], Netkeel], references: References, clean_env: dict[str, str]
) -> None:
    """SIGKILL in the middle of a migration (the biggest, `KILLED_MIGRATION`), then `post_upgrade` again:
    it exits 0 and the database equals a fresh install that was never interrupted.

    The kill is placed by the per-migration progress lines: once the migration before the target is
    reported, the target is running; on MySQL/MariaDB, whose DDL is visible at once, we also wait until
    its first table exists, so it is half applied. Afterwards the target must be unrecorded and its
    predecessor recorded: the kill really landed inside it. On MySQL/MariaDB, which cannot roll DDL back,
    the second run must report that it dropped exactly the (empty) tables the kill left before migrating
    (netkeel/core/upgrade/repair.py); elsewhere the kill rolled the migration back and there is nothing
    to repair.
    """
    reference = references.fresh(clean_env)
    target = KILLED_MIGRATION if KILLED_MIGRATION in reference.applied else reference.applied[-1]
    previous = reference.applied[reference.applied.index(target) - 1]
    netkeel = databases("killed")
    database = netkeel.database
    assert database is not None

    running = netkeel.start("post_upgrade", "--no-input", "--no-backup")
    try:
        running.wait_for(rf"^\s*{re.escape(previous)} \(", timeout=RUN_TIMEOUT)
        if ENGINE == "mysql":
            prefix = target.split(".")[0] + "_"
            deadline = time.monotonic() + 60
            while not any(name.startswith(prefix) for name in database.table_names()):
                assert running.process.poll() is None, f"post_upgrade ended before {target} began:\n{running.output}"
                assert time.monotonic() < deadline, f"{target} created no table within 60 s"
        assert running.process.poll() is None, f"post_upgrade finished before the kill:\n{running.output}"
    finally:
        running.kill()
    recorded = database.applied_migrations()
    landed = recorded_as(previous) <= recorded and not recorded_as(target) & recorded
    assert landed, f"the kill did not land inside {target}: {sorted(recorded)}"
    left = sorted(name for name in database.table_names() if name.startswith(target.split(".")[0] + "_"))

    again = netkeel.run("post_upgrade", "--json", "--no-input", "--no-backup")
    if again.returncode != 0:
        raise RerunFailed(
            f"post_upgrade after a kill inside {target} exited {again.returncode}; the kill left these "
            f"{target.split('.')[0]} tables: {left}\n{output_tail(again)}"
        )
    report = json.loads(again.stdout)
    assert statuses(report)["migrate"] == "done"
    migrate = next(step for step in report["steps"] if step["name"] == "migrate")
    repaired = migrate["data"].get("repaired", [])
    if ENGINE == "mysql":
        assert [half["migration"] for half in repaired] == [target], migrate
        assert sorted(repaired[0]["tables"]) == left, f"dropped {repaired[0]['tables']}, the kill left {left}"
        assert migrate["detail"].startswith(f"repaired half-applied {target}: dropped {len(left)} empty table"), migrate
    else:
        assert not left and not repaired, f"a transactional migration left {left}; repaired {repaired}"
    assert_same(netkeel.fingerprint(portable=True), reference.fingerprint, "killed during migrate, then run again")


@pytest.mark.skipif(ENGINE != "mysql", reason="only MySQL/MariaDB leave the tables of a killed migration behind")
def test_killed_during_migrate_then_rows_written_to_its_tables_are_never_dropped(
    databases: Callable[[str], Netkeel],
) -> None:
    """SIGKILL inside `KILLED_MIGRATION` once it has created `dcim_manufacturer`, then a row written into
    that table (say, by old code still serving), then `post_upgrade` again: it refuses (exit 1) with one
    sentence naming the migration, the table and the backup to restore, and drops nothing."""
    netkeel = databases("killed-rows")
    database = netkeel.database
    assert database is not None
    running = netkeel.start("post_upgrade", "--no-input", "--no-backup")
    try:
        deadline = time.monotonic() + RUN_TIMEOUT
        while "dcim_manufacturer" not in database.table_names():
            assert running.process.poll() is None, f"post_upgrade ended before the kill:\n{running.output}"
            assert time.monotonic() < deadline, "dcim_manufacturer was never created"
    finally:
        running.kill()
    assert not recorded_as(KILLED_MIGRATION) & database.applied_migrations(), "the kill landed after the migration"
    database.execute(
        "INSERT INTO dcim_manufacturer (id, created, last_updated, name, description) "
        "VALUES (%s, NOW(), NOW(), %s, '')",
        [uuid.uuid4().hex, "Acme"],
    )
    tables = database.table_names()

    again = netkeel.run("post_upgrade", "--json", "--no-input", "--no-backup")
    assert again.returncode == 1, output_tail(again)
    report = json.loads(again.stdout)
    assert statuses(report)["migrate"] == "refused", report
    problem = report["problem"]
    assert problem.startswith(f"Migration {KILLED_MIGRATION} was left half applied by an interrupted upgrade"), problem
    assert "dcim_manufacturer already holds rows" in problem and "'netkeel-server restore FILE'" in problem, problem
    assert database.table_names() == tables
    assert database.count_rows("dcim_manufacturer") == 1


def test_killed_while_writing_cable_paths_then_run_again_restores_every_path(
    databases: Callable[[str], Netkeel],
) -> None:
    """SIGKILL while the cable paths step is writing paths (the medium network, every path deleted), then
    `post_upgrade` again: the kill left no partial path behind, and the second run brings back exactly
    the paths the network had, every one resolving, with nothing else in the database changed.

    The kill is placed by the step's own progress bar (the run has a terminal, as an operator's does):
    when "Writing cable paths" shows more than 0 % and less than 100 %, the step is inside its transaction
    with some batches of paths written and more to come.
    """
    netkeel = databases("paths")
    database = netkeel.database
    assert database is not None
    prepare_demo(netkeel, "medium")
    with_paths = netkeel.fingerprint(paths=True)
    with_paths.assert_paths_resolve()
    netkeel.shell("from netkeel.dcim.cabling.store import delete_all_paths; delete_all_paths()")
    assert database.count_rows("dcim_cablepath") == database.count_rows("dcim_cablepathnode") == 0

    running = netkeel.start("post_upgrade", "--no-input", "--no-backup", terminal=True)
    try:
        running.wait_for(
            r"Writing cable paths\D*?(\d+)%", timeout=RUN_TIMEOUT, accept=lambda match: 0 < int(match.group(1)) < 100
        )
        assert running.process.poll() is None, f"post_upgrade finished before the kill:\n{running.output}"
    finally:
        running.kill()
    assert "Cable paths:" not in running.output, f"the cable paths step finished before the kill:\n{running.output}"
    left = (database.count_rows("dcim_cablepath"), database.count_rows("dcim_cablepathnode"))
    assert left == (0, 0), f"the killed step left {left[0]} path(s) and {left[1]} node row(s) behind"

    report = netkeel.post_upgrade_json("--no-backup")
    assert statuses(report)["cable-paths"] == "done"
    after = netkeel.fingerprint(paths=True)
    assert_same(after, with_paths, "paths rebuilt after the kill must be the network's paths, and nothing else changes")
    after.assert_paths_resolve()


def test_two_runs_started_at_once_never_both_migrate(
    databases: Callable[[str], Netkeel], references: References, clean_env: dict[str, str]
) -> None:
    """Two `post_upgrade` started at the same moment on one fresh database (two replicas booting): both
    exit 0, the lock makes one wait while the other migrates, so exactly one reports `migrate` done and
    the other `nothing to do`, and the database is a normal fresh install."""
    reference = references.fresh(clean_env)
    netkeel = databases("race")
    arguments = ("post_upgrade", "--json", "--no-input", "--no-backup", "--lock-timeout", "120")
    runs = [netkeel.spawn(*arguments), netkeel.spawn(*arguments)]
    reports = []
    for process in runs:
        stdout, stderr = process.communicate(timeout=RUN_TIMEOUT)
        assert process.returncode == 0, f"a concurrent post_upgrade exited {process.returncode}:\n{stdout}\n{stderr}"
        reports.append(json.loads(stdout))
    assert sorted(statuses(report)["migrate"] for report in reports) == ["done", "nothing to do"]
    waited = [step["detail"] for report in reports for step in report["steps"] if step["name"] == "lock"]
    assert sum("after waiting" in detail for detail in waited) == 1, f"the runs did not overlap: {waited}"
    assert_same(netkeel.fingerprint(portable=True), reference.fingerprint, "two concurrent runs")


def test_a_restored_backup_gives_the_database_back(databases: Callable[[str], Netkeel], tmp_path: Path) -> None:
    """A backup made by post_upgrade's backup function, then every cable and path deleted, then
    `netkeel-server restore FILE --yes`: the database is again exactly what it was (ids and timestamps
    included)."""
    netkeel = databases("restore")
    prepare_demo(netkeel, "small")
    before = netkeel.fingerprint()
    backups = tmp_path / "backups"
    made = netkeel.shell(
        "from pathlib import Path; from netkeel import __version__\n"
        "from netkeel.core.upgrade.backup import backup_database\n"
        f"print(backup_database(Path({str(backups)!r}), __version__).path)"
    )
    backup = Path(made.strip().splitlines()[-1])
    assert backup.is_file() and backup.parent == backups
    netkeel.shell(
        "from django.db import transaction\n"
        "from netkeel.dcim.cabling.service import detach_cables\n"
        "from netkeel.dcim.cabling.store import delete_all_paths\n"
        "from netkeel.dcim.models import Cable\n"
        "with transaction.atomic():\n"
        "    delete_all_paths()\n"
        "    detach_cables(list(Cable.objects.all()))"
    )
    damaged = netkeel.fingerprint()
    assert damaged.models["dcim.cable"]["count"] == 0 < before.models["dcim.cable"]["count"]

    netkeel.ok("restore", str(backup), "--yes")
    restored = netkeel.fingerprint(paths=True)
    assert_same(restored, before, "restored from the backup")
    restored.assert_paths_resolve()


def test_a_second_run_has_nothing_to_do_and_changes_nothing(databases: Callable[[str], Netkeel]) -> None:
    """After a full `post_upgrade` and demo data, the plain `post_upgrade --json` again reports every step
    `nothing to do`, and no row changed (`last_updated` included)."""
    netkeel = databases("rerun")
    prepare_demo(netkeel, "small")
    before = netkeel.fingerprint(paths=True)
    before.assert_paths_resolve()
    report = netkeel.post_upgrade_json()
    assert report["exit_code"] == 0
    assert set(statuses(report).values()) == {"nothing to do"}, statuses(report)
    assert_same(netkeel.fingerprint(), before, "a post_upgrade with nothing to do")


# ------------------------------------------------------------------------------------------- releases


def recorded_releases() -> list[Any]:
    """One case per release in releases.json (or NETKEEL_UPGRADE_RELEASES), oldest first."""
    from packaging.version import Version

    raw = os.environ.get("NETKEEL_UPGRADE_RELEASES")
    where = "NETKEEL_UPGRADE_RELEASES" if raw is not None else str(RELEASES_FILE.relative_to(REPOSITORY))
    if raw is None and RELEASES_FILE.exists():
        raw = RELEASES_FILE.read_text()
    releases: dict[str, str] = json.loads(raw) if raw is not None else {}
    if not releases:
        reason = f"no release recorded yet: {where} {'is empty' if raw is not None else 'does not exist'}"
        return [pytest.param("none", "", marks=pytest.mark.skip(reason=reason), id="no-release")]
    return [
        pytest.param(version, commit, id=version)
        for version, commit in sorted(releases.items(), key=lambda item: Version(item[0]))
    ]


def release_python(version: str, commit: str) -> Path:
    """The Python of a virtualenv holding netkeel at `commit` with its postgres and mysql extras.

    Installed from `git archive` (not an editable install: the release as a user gets it) and kept in
    `$NETKEEL_UPGRADE_VENVS` (default ~/.cache/netkeel/upgrade-venvs): a release's commit never changes,
    so later runs reuse it (a new uv.lock makes a new one). A venv is used only once its `.complete` marker
    is written.
    """
    cache = Path(os.environ.get("NETKEEL_UPGRADE_VENVS") or Path.home() / ".cache" / "netkeel" / "upgrade-venvs")
    cache.mkdir(parents=True, exist_ok=True)
    pins = hashlib.sha256(locked_versions().encode()).hexdigest()[:8]  # a new lock makes a new venv
    key = (
        f"{re.sub(r'[^A-Za-z0-9.+-]', '_', version)}-{commit[:12]}-py{sys.version_info[0]}{sys.version_info[1]}-{pins}"
    )
    venv = cache / key
    python = venv / "bin" / "python"
    with open(cache / f"{key}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # another run building the same venv: wait for it
        if (venv / ".complete").exists():
            return python
        shutil.rmtree(venv, ignore_errors=True)  # a build that was interrupted
        with tempfile.TemporaryDirectory() as scratch:
            archive, source = Path(scratch) / "release.tar", Path(scratch) / "netkeel"
            subprocess.run(
                ["git", "-C", str(REPOSITORY), "archive", "--format=tar", "-o", str(archive), commit],
                check=True,
                timeout=120,
                capture_output=True,
            )
            with tarfile.open(archive) as tar:
                tar.extractall(source, filter="data")
            subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120, capture_output=True)
            constraints = Path(scratch) / "constraints.txt"
            constraints.write_text(locked_versions())
            installed = subprocess.run(
                [
                    str(python),
                    "-m",
                    "pip",
                    "install",
                    "--quiet",
                    "--disable-pip-version-check",
                    "--constraint",
                    str(constraints),
                    f"{source}[postgres,mysql]",
                ],
                timeout=INSTALL_TIMEOUT,
                capture_output=True,
                text=True,
                cwd=scratch,
            )
            assert installed.returncode == 0, (
                f"installing netkeel {version} ({commit}) failed:\n{installed.stderr[-3000:]}"
            )
        (venv / ".complete").touch()
    return python


def locked_versions() -> str:
    """uv.lock's versions as pip constraints: a release is installed with the dependencies this code is
    tested with, not whatever the registry serves today."""
    lock = tomllib.loads((REPOSITORY / "uv.lock").read_text())
    return "".join(
        f"{package['name']}=={package['version']}\n"
        for package in lock["package"]
        if "registry" in package.get("source", {})
    )


@pytest.mark.parametrize(("version", "commit"), recorded_releases())
def test_upgrade_from_a_recorded_release_keeps_every_object(
    databases: Callable[[str], Netkeel], version: str, commit: str
) -> None:
    """A database made by a released netkeel (its own `post_upgrade`, the medium demo network and
    `FILL_SCRIPT`, all run with the release's code from its own virtualenv), upgraded by this code's
    `post_upgrade --no-input --yes`: every row the release wrote is still there with the same values in
    the release's fields (per model, row by row; new rows only where `MAY_GAIN_ROWS` allows), every cable
    path resolves, and a second `post_upgrade` has nothing to do and changes no row."""
    current = databases("release")
    env = {name: value for name, value in current.env.items() if name != "PYTHONPATH"}
    released = Netkeel(env, current.cwd, current.database, python=str(release_python(version, commit)))
    try:
        prepare_demo(released, "medium")
        old = released.fingerprint()
    finally:
        released.stop_all()
    assert old.models["dcim.cable"]["count"] > 0, "the release's demo network has no cables"

    current.ok("post_upgrade", "--no-input", "--yes")
    new = current.fingerprint(fields={label: model["fields"] for label, model in old.models.items()})
    losses = upgrade_losses(old, new)
    assert not losses, f"upgrading from netkeel {version} lost or changed data:\n  " + "\n  ".join(losses)

    upgraded = current.fingerprint(paths=True)
    upgraded.assert_paths_resolve()
    again = current.post_upgrade_json()
    assert set(statuses(again).values()) == {"nothing to do"}, statuses(again)
    assert_same(current.fingerprint(), upgraded, f"a second post_upgrade after upgrading from {version}")
