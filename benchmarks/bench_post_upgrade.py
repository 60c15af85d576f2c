"""Benchmark `netkeel-server post_upgrade` and the CLI's start-up, each in a subprocess.

    python benchmarks/bench_post_upgrade.py [--db sqlite|postgresql|both] [--medium-pg] [--no-medium] [--keep]

Every figure is a `netkeel-server` child in a throwaway NETKEEL_ROOT (for PostgreSQL also a scratch
`netkeel_bench_upgrade_<pid>` database), timed from spawn to exit; its peak RSS comes from `os.wait4`.

1. `post_upgrade --no-input --json` on an empty database, a fresh install (median of 3 fresh databases),
   with the step times from its JSON report and the slowest migrations from its progress lines;
2. the same command again on the now current database (median of 5); every step must say "nothing to do";
3. `netkeel-server --help` and `netkeel-server version` (median of 10 each);
4. `post_upgrade` on the medium demo network after every cable path was deleted (SQLite; `--medium-pg`
   adds PostgreSQL), with the time of its cable-paths step;
5. beside the fresh install, the same fresh install by the last recorded release (0.1.0, from
   netkeel/releases/releases.json) run by its own code, from the virtualenv the upgrade suite builds for it
   ($NETKEEL_UPGRADE_VENVS, default ~/.cache/netkeel/upgrade-venvs; `--no-release` skips it; a missing one
   is said).

Every time is also given as the child's CPU time (user + system), which a busy machine inflates far less
than wall time; the load average is printed with the figures. A user's Python caches bytecode (pip compiles
it at install, else the first run writes it), so the children keep theirs in `benchmarks/results/pycache`
(PYTHONPYCACHEPREFIX, warmed by an untimed run) even where PYTHONDONTWRITEBYTECODE is set, as it is in some
sandboxes; `--no-bytecode-cache` leaves that variable alone and every child compiles every module it
imports. The table sets the goals next to the figures.
A missed time goal is profiled with `-X importtime` (the log goes next to the results). Results go to
`benchmarks/results/post_upgrade-<engine>.json`, and the fresh installs of every engine, with the release's,
to `benchmarks/results/post_upgrade-fresh.json`.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).resolve().parent / "results"
REPOSITORY = Path(__file__).resolve().parent.parent
RELEASES_FILE = REPOSITORY / "netkeel" / "releases" / "releases.json"
PG_DATABASE = f"netkeel_bench_upgrade_{os.getpid()}"  # this run's own
BYTECODE_CACHE: Path | None = RESULTS / "pycache"  # None: the children inherit PYTHONDONTWRITEBYTECODE
FRESH_RUNS = 3
NOOP_RUNS = 5
CLI_RUNS = 10
NOTHING_TO_DO = "nothing to do"  # netkeel.core.upgrade.report.NOTHING_TO_DO; not imported, Django stays out
POST_UPGRADE = ("post_upgrade", "--no-input", "--json")
DELETE_PATHS = (
    "from netkeel.dcim.models import CablePath, CablePathNode; "
    "CablePathNode.objects.all().delete(); CablePath.objects.all().delete()"
)
MIGRATION_LINE = re.compile(r"^\s+(\w+\.\w+) \((\d+(?:\.\d+)?)s\)\s*$")  # "    dcim.0001_initial (1.23s)"
IMPORT_LINE = re.compile(r"^import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)")


@dataclass(frozen=True)
class Goal:
    seconds: float
    peer_seconds: float
    peer: str


GOALS = {
    "fresh": Goal(8.0, 160.0, "peer ~160 s for 471 migrations"),
    "noop": Goal(1.0, 5.0, "peer 5 s"),
    "cli": Goal(0.5, 3.2, "peer 3.2 s"),
}


@dataclass(frozen=True)
class ChildRun:
    seconds: float
    cpu_seconds: float  # user + system, the child's own
    peak_rss_mib: float
    returncode: int
    stdout: str
    stderr: str


@dataclass(frozen=True)
class UpgradeRun:
    child: ChildRun
    report: dict[str, Any]

    def step(self, name: str) -> dict[str, Any]:
        return next(step for step in self.report["steps"] if step["name"] == name)


@dataclass
class Results:
    engine: str
    environment: dict[str, str]
    goals: dict[str, dict[str, Any]] = field(default_factory=dict)
    fresh: dict[str, Any] = field(default_factory=dict)
    noop: dict[str, Any] = field(default_factory=dict)
    cli: dict[str, dict[str, Any]] = field(default_factory=dict)
    medium: dict[str, Any] | None = None
    profiles: dict[str, dict[str, Any]] = field(default_factory=dict)
    release_fresh: dict[str, Any] = field(default_factory=dict)  # the last recorded release's fresh install
    load_average: dict[str, list[float]] = field(default_factory=dict)  # 1, 5 and 15 minutes, at start and end


# Children ------------------------------------------------------------------------------------------
def server_command() -> list[str]:
    """The installed `netkeel-server` script, as a user runs it; `python -m netkeel` when there is none."""
    script = Path(sys.executable).with_name("netkeel-server")
    return [str(script)] if script.exists() else [sys.executable, "-m", "netkeel"]


def spawn(args: list[str], env: Mapping[str, str], command: list[str] | None = None) -> ChildRun:
    """Run netkeel-server (or `command`) to its end: wall seconds from spawn to exit, the child's CPU seconds
    and peak RSS."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:  # files: no pipe to drain
        started = time.perf_counter()
        argv = [*(command or server_command()), *args]
        # In the scratch root: `python -m netkeel` puts its working directory first on sys.path, and a checkout's
        # netkeel there would stand in for the release's own.
        cwd = env.get("NETKEEL_ROOT")
        child = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=out, stderr=err, env=env, cwd=cwd)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)  # reaped here; Popen must not wait again
        out.seek(0)
        err.seek(0)
        # ru_maxrss is in KiB on Linux and bytes on macOS.
        rss = usage.ru_maxrss / (1024 * 1024) if sys.platform == "darwin" else usage.ru_maxrss / 1024
        cpu = usage.ru_utime + usage.ru_stime
        return ChildRun(seconds, cpu, rss, child.returncode, out.read().decode(), err.read().decode())


def run_ok(args: list[str], env: Mapping[str, str], command: list[str] | None = None) -> ChildRun:
    """`spawn`, stopping the benchmark with the child's output when it fails."""
    run = spawn(args, env, command)
    if run.returncode != 0:
        sys.exit(f"netkeel-server {' '.join(args)} exited {run.returncode}:\n{run.stderr[-3000:] or run.stdout}")
    return run


def post_upgrade(env: Mapping[str, str], command: list[str] | None = None) -> UpgradeRun:
    child = run_ok(list(POST_UPGRADE), env, command)
    return UpgradeRun(child, json.loads(child.stdout))


# Scratch roots and databases -----------------------------------------------------------------------
def child_environment(root: Path, engine: str) -> dict[str, str]:
    """This environment without any NETKEEL_* of the developer's (so no config of theirs is read), plus a
    throwaway root; for PostgreSQL the scratch database, with NETKEEL_DB_USER/HOST/... kept if set."""
    inherited = {key: value for key, value in os.environ.items() if not key.startswith("NETKEEL_")}
    inherited.pop("DJANGO_SETTINGS_MODULE", None)
    env = {
        **inherited,
        "NETKEEL_ROOT": str(root),
        "NETKEEL_SECRET_KEY": "netkeel-benchmark-key",
        "NETKEEL_DB_ENGINE": engine,
    }
    if BYTECODE_CACHE is not None:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(BYTECODE_CACHE)
    if engine == "postgresql":
        env["NETKEEL_DB_NAME"] = PG_DATABASE
        env["NETKEEL_DB_USER"] = os.environ.get("NETKEEL_DB_USER", "postgres")
        env["NETKEEL_DB_HOST"] = os.environ.get("NETKEEL_DB_HOST", "127.0.0.1")
        for key in ("NETKEEL_DB_PORT", "NETKEEL_DB_PASSWORD"):
            if key in os.environ:
                env[key] = os.environ[key]
    return env


def pg_admin(env: Mapping[str, str]) -> Any:
    import psycopg

    return psycopg.connect(
        host=env["NETKEEL_DB_HOST"],
        port=int(env.get("NETKEEL_DB_PORT", "5432")),
        user=env["NETKEEL_DB_USER"],
        password=env.get("NETKEEL_DB_PASSWORD", ""),
        dbname="postgres",
        autocommit=True,
    )


def recreate_pg_database(env: Mapping[str, str], *, drop_only: bool = False) -> None:
    from psycopg import sql

    with pg_admin(env) as admin:
        name = sql.Identifier(PG_DATABASE)
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        if not drop_only:
            admin.execute(sql.SQL("CREATE DATABASE {}").format(name))


@contextmanager
def scratch(engine: str, *, keep: bool = False) -> Iterator[dict[str, str]]:
    """A new empty root (and database); the environment that points a child at it."""
    root = Path(tempfile.mkdtemp(prefix="netkeel-bench-upgrade-"))
    env = child_environment(root, engine)
    if engine == "postgresql":
        recreate_pg_database(env)
    try:
        yield env
    finally:
        if keep:
            print(f"Kept {root}" + (f" and database {PG_DATABASE}" if engine == "postgresql" else ""))
        else:
            if engine == "postgresql":
                recreate_pg_database(env, drop_only=True)
            shutil.rmtree(root, ignore_errors=True)


# Measuring -----------------------------------------------------------------------------------------
def summarize_upgrades(runs: list[UpgradeRun]) -> dict[str, Any]:
    """Medians over the runs: wall, what the steps took, and what is left (start-up and shut-down)."""
    walls = [run.child.seconds for run in runs]
    names = [step["name"] for step in runs[0].report["steps"]]
    return {
        "median_s": statistics.median(walls),
        "samples_s": [round(wall, 4) for wall in walls],
        "cpu_median_s": statistics.median(run.child.cpu_seconds for run in runs),
        "samples_cpu_s": [round(run.child.cpu_seconds, 4) for run in runs],
        "peak_rss_mib": max(run.child.peak_rss_mib for run in runs),
        "samples_rss_mib": [round(run.child.peak_rss_mib, 1) for run in runs],
        "in_steps_median_s": statistics.median(run.report["seconds"] for run in runs),
        "outside_steps_median_s": statistics.median(run.child.seconds - run.report["seconds"] for run in runs),
        "steps_median_s": {name: statistics.median(run.step(name)["seconds"] for run in runs) for name in names},
        "steps": runs[-1].report["steps"],
    }


def slowest_migrations(runs: list[UpgradeRun], count: int = 5) -> list[tuple[str, float]]:
    """The migrations that took longest, median over the runs, from post_upgrade's progress lines."""
    seconds: dict[str, list[float]] = {}
    for run in runs:
        for line in run.child.stderr.splitlines():
            match = MIGRATION_LINE.match(line)
            if match:
                seconds.setdefault(match[1], []).append(float(match[2]))
    medians = {name: statistics.median(values) for name, values in seconds.items()}
    return sorted(medians.items(), key=lambda item: item[1], reverse=True)[:count]


def bench_fresh_and_noop(engine: str, results: Results, *, keep: bool) -> None:
    """Fresh installs, each in a new root and database; the last one then takes the no-op runs."""
    fresh: list[UpgradeRun] = []
    noop: list[UpgradeRun] = []
    for index in range(FRESH_RUNS):
        last = index == FRESH_RUNS - 1
        print(f"  fresh install {index + 1}/{FRESH_RUNS} ...", flush=True)
        with scratch(engine, keep=keep and last) as env:
            fresh.append(post_upgrade(env))
            if last:
                print(f"  no-op re-run x{NOOP_RUNS}, CLI start-up x{CLI_RUNS} ...", flush=True)
                noop = [post_upgrade(env) for _ in range(NOOP_RUNS)]
                results.cli = bench_cli(env)
                results.profiles = profile_missed(engine, env, fresh, noop, results.cli)
    results.fresh = {
        **summarize_upgrades(fresh),
        "migrations_applied": len(fresh[-1].step("migrate")["data"].get("applied", [])),
        "slowest_migrations": slowest_migrations(fresh),
    }
    busy = sorted(
        {f"{step['name']}: {step['status']} ({step['detail']})" for run in noop for step in run.report["steps"]
         if step["status"] != NOTHING_TO_DO}
    )  # fmt: skip
    results.noop = {**summarize_upgrades(noop), "all_nothing_to_do": not busy, "not_idle": busy}


def bench_cli(env: Mapping[str, str]) -> dict[str, dict[str, Any]]:
    figures = {}
    for label, args in (("--help", ["--help"]), ("version", ["version"])):
        runs = [run_ok(args, env) for _ in range(CLI_RUNS)]
        walls = [run.seconds for run in runs]
        figures[label] = {
            "median_s": statistics.median(walls),
            "samples_s": [round(wall, 4) for wall in walls],
            "peak_rss_mib": max(run.peak_rss_mib for run in runs),
        }
    return figures


def bench_medium(engine: str, *, keep: bool) -> dict[str, Any]:
    """post_upgrade on the medium demo network with no cable paths: what an upgrade that drops them costs."""
    print(f"  medium demo network ({engine}) ...", flush=True)
    with scratch(engine, keep=keep) as env:
        post_upgrade(env)
        generate = run_ok(["generate_demo_data", "--size", "medium"], env)
        delete = run_ok(["shell", "--no-imports", "-c", DELETE_PATHS], env)
        run = post_upgrade(env)
    cable_paths = run.step("cable-paths")
    return {
        "wall_s": run.child.seconds,
        "peak_rss_mib": run.child.peak_rss_mib,
        "cable_paths_s": cable_paths["seconds"],
        "cable_paths_status": cable_paths["status"],
        "cable_paths_detail": cable_paths["detail"],
        "paths_created": cable_paths["data"].get("created", 0),
        "outside_steps_s": run.child.seconds - run.report["seconds"],
        "steps_s": {step["name"]: step["seconds"] for step in run.report["steps"]},
        "generate_s": generate.seconds,
        "delete_paths_s": delete.seconds,
    }


# The last recorded release, for comparison ---------------------------------------------------------
def last_release() -> tuple[str, str] | None:
    """(version, commit) of the newest release in releases.json, or None when none is recorded."""
    from packaging.version import Version

    releases: dict[str, str] = json.loads(RELEASES_FILE.read_text()) if RELEASES_FILE.exists() else {}
    if not releases:
        return None
    version = max(releases, key=Version)
    return version, releases[version]


def release_venv(version: str, commit: str) -> Path | None:
    """The newest complete virtualenv of the release for this Python that the upgrade suite built
    (test_upgrade_suite.release_python names them `<version>-<commit>-py<XY>[-<lock hash>]`)."""
    cache = Path(os.environ.get("NETKEEL_UPGRADE_VENVS") or Path.home() / ".cache" / "netkeel" / "upgrade-venvs")
    stem = f"{re.sub(r'[^A-Za-z0-9.+-]', '_', version)}-{commit[:12]}-py{sys.version_info[0]}{sys.version_info[1]}"
    complete = [path.parent for path in cache.glob(f"{stem}*/.complete")]
    return max(complete, key=lambda path: path.stat().st_mtime, default=None)


def bench_release_fresh(engine: str) -> dict[str, Any]:
    """The fresh install as the last release does it, by its own code: the figure this code is set beside."""
    found = last_release()
    if found is None:
        return {"missing": f"no release recorded in {RELEASES_FILE.relative_to(REPOSITORY)}"}
    version, commit = found
    venv = release_venv(version, commit)
    if venv is None:
        return {
            "version": version,
            "missing": f"no virtualenv of {version} built by the upgrade suite; it builds one in "
            "pytest -m upgrade netkeel/core/tests/test_upgrade_suite.py -k recorded_release",
        }
    print(f"  fresh install by release {version} (its own code) x{FRESH_RUNS} ...", flush=True)
    runs = []
    for index in range(FRESH_RUNS + (BYTECODE_CACHE is not None)):
        with scratch(engine) as env:
            own = {key: value for key, value in env.items() if key != "PYTHONPATH"}  # its code, not ours
            run = post_upgrade(own, [str(venv / "bin" / "python"), "-m", "netkeel"])
            if index or BYTECODE_CACHE is None:  # with a bytecode cache the first run only warms it
                runs.append(run)
    migrate = [step for run in runs for step in run.report["steps"] if step["name"] == "migrate"]
    return {
        "version": version,
        "commit": commit,
        "median_s": statistics.median(run.child.seconds for run in runs),
        "samples_s": [round(run.child.seconds, 4) for run in runs],
        "cpu_median_s": statistics.median(run.child.cpu_seconds for run in runs),
        "migrate_median_s": statistics.median(step["seconds"] for step in migrate) if migrate else None,
        "migrations_applied": len(migrate[-1]["data"].get("applied", [])) if migrate else None,
    }


def load_average() -> list[float]:
    return [round(load, 2) for load in os.getloadavg()]


# Profiling a missed goal ---------------------------------------------------------------------------
def profile_imports(args: list[str], env: Mapping[str, str], log: Path) -> dict[str, Any]:
    """Run once under `-X importtime`: the summed self time, and where it goes by top-level package and
    by what was imported first-hand (depth 0). The tool's own overhead inflates the figures ~20-30 %."""
    run = run_ok(args, {**env, "PYTHONPROFILEIMPORTTIME": "1"})
    lines = [line for line in run.stderr.splitlines() if line.startswith("import time:")]
    log.write_text("\n".join(lines) + "\n")
    by_package: defaultdict[str, float] = defaultdict(float)
    first_hand: list[tuple[str, float]] = []
    for line in lines:
        match = IMPORT_LINE.match(line)
        if not match:
            continue
        own, cumulative, name = int(match[1]) / 1e6, int(match[2]) / 1e6, match[4]
        by_package[name.split(".")[0]] += own
        if len(match[3]) == 1:  # one space after the bar: imported by no other module
            first_hand.append((name, cumulative))
    return {
        "command": " ".join(args),
        "wall_s": run.seconds,
        "imports_s": sum(by_package.values()),
        "modules": len(lines),
        "by_package_s": largest(by_package.items()),
        "first_hand_s": largest(first_hand),
        "log": str(log),
    }


def largest(figures: Iterable[tuple[str, float]], count: int = 10) -> list[tuple[str, float]]:
    return [(name, round(seconds, 4)) for name, seconds in sorted(figures, key=lambda item: -item[1])[:count]]


def profile_missed(
    engine: str, env: Mapping[str, str], fresh: list[UpgradeRun], noop: list[UpgradeRun], cli: dict[str, Any]
) -> dict[str, dict[str, Any]]:
    """Import profiles of whatever missed its goal (a fresh install's own time is in its steps)."""
    RESULTS.mkdir(exist_ok=True)
    profiles = {}
    if statistics.median(run.child.seconds for run in noop) >= GOALS["noop"].seconds:
        log = RESULTS / f"post_upgrade-{engine}-importtime-noop.log"
        profiles["no-op re-run"] = profile_imports(list(POST_UPGRADE), env, log)
    for label, figures in cli.items():
        if figures["median_s"] >= GOALS["cli"].seconds:
            log = RESULTS / f"post_upgrade-{engine}-importtime-{label.strip('-')}.log"
            profiles[f"netkeel-server {label}"] = profile_imports([label], env, log)
    return profiles


# Report --------------------------------------------------------------------------------------------
def verdict(seconds: float, goal: Goal) -> str:
    mark = "ok" if seconds < goal.seconds else "MISSED"
    return f"{mark} ({goal.peer_seconds / seconds:.0f}x faster than peer)"


def goal_cell(name: str) -> str:
    return f"< {GOALS[name].seconds:g} s ({GOALS[name].peer})"


def release_rows(release: Mapping[str, Any], fresh: Mapping[str, Any]) -> list[tuple[str, str, str, str]]:
    """The fresh install of the last release beside this code's (wall, CPU, its migrate step)."""
    if not release:
        return []
    if "missing" in release:
        return [("  beside release " + release.get("version", "?"), "not measured", release["missing"], "")]
    label = f"  beside release {release['version']} (its code, median of {FRESH_RUNS})"
    migrate = f", migrate {release['migrate_median_s']:.2f} s" if release["migrate_median_s"] is not None else ""
    ratio = fresh["median_s"] / release["median_s"]
    return [(label, f"{release['median_s']:.2f} s", f"CPU {release['cpu_median_s']:.2f} s{migrate}",
             f"this code takes {ratio:.0%} of its time")]  # fmt: skip


def load_cell(load: list[float]) -> str:
    return ", ".join(f"{value:.2f}" for value in load)


def step_rows(steps: Mapping[str, float]) -> list[tuple[str, str, str, str]]:
    return [(f"    step {name}", f"{seconds * 1000:,.0f} ms", "", "") for name, seconds in steps.items()]


def print_table(results: Results) -> None:
    r, fresh, noop = results, results.fresh, results.noop
    rows: list[tuple[str, str, str, str]] = [
        (f"fresh install: wall (median of {FRESH_RUNS})", f"{fresh['median_s']:.2f} s", goal_cell("fresh"),
         verdict(fresh["median_s"], GOALS["fresh"])),
        ("fresh install: CPU time (median)", f"{fresh['cpu_median_s']:.2f} s", "", ""),
        *release_rows(r.release_fresh, fresh),
        ("fresh install: peak RSS", f"{fresh['peak_rss_mib']:.0f} MiB", "", ""),
        ("fresh install: migrations applied", str(fresh["migrations_applied"]), "", ""),
        ("fresh install: outside the steps (start-up)", f"{fresh['outside_steps_median_s']:.2f} s", "", ""),
        *step_rows(fresh["steps_median_s"]),
        (f"no-op re-run: wall (median of {NOOP_RUNS})", f"{noop['median_s']:.2f} s", goal_cell("noop"),
         verdict(noop["median_s"], GOALS["noop"])),
        ("no-op re-run: peak RSS", f"{noop['peak_rss_mib']:.0f} MiB", "", ""),
        ('no-op re-run: every step "nothing to do"', "yes" if noop["all_nothing_to_do"] else "NO",
         "yes", "ok" if noop["all_nothing_to_do"] else "MISSED"),
        ("no-op re-run: outside the steps (start-up)", f"{noop['outside_steps_median_s']:.2f} s", "", ""),
        *step_rows(noop["steps_median_s"]),
    ]  # fmt: skip
    for label, figures in r.cli.items():
        wall = figures["median_s"]
        rows.append((f"netkeel-server {label} (median of {CLI_RUNS})", f"{wall:.3f} s", goal_cell("cli"),
                     verdict(wall, GOALS["cli"])))  # fmt: skip
    if r.medium:
        m = r.medium
        rows += [
            ("medium network, no paths: post_upgrade wall", f"{m['wall_s']:.2f} s", "", ""),
            ("medium network, no paths: cable-paths step", f"{m['cable_paths_s']:.2f} s",
             f"{m['paths_created']:,} paths", f"{m['paths_created'] / m['cable_paths_s']:,.0f} paths/s"),
            ("medium network, no paths: peak RSS", f"{m['peak_rss_mib']:.0f} MiB", "", ""),
        ]  # fmt: skip
    env = r.environment
    print(f"\npost_upgrade benchmark: {r.engine} {env.get('database_server', '')}".rstrip())
    print(f"netkeel {env['netkeel']}, Django {env['django']}, Python {env['python']}, {env['machine']}")
    load = r.load_average
    print(f"load average (1, 5, 15 min) at start {load_cell(load['start'])}, at end {load_cell(load['end'])}\n")
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    for row in rows:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
    if fresh["slowest_migrations"]:
        slowest = ", ".join(f"{name} {seconds:.2f} s" for name, seconds in fresh["slowest_migrations"])
        print(f"\nslowest migrations (fresh install): {slowest}")
    for missed in r.noop["not_idle"]:
        print(f"no-op re-run did work: {missed}")
    for label, profile in r.profiles.items():
        print(
            f"\n{label} missed its goal; under -X importtime it took {profile['wall_s']:.2f} s, "
            f"{profile['imports_s']:.2f} s of it importing {profile['modules']} modules ({profile['log']}):"
        )
        print("  by package:  " + ", ".join(f"{name} {s * 1000:.0f} ms" for name, s in profile["by_package_s"]))
        print("  first-hand:  " + ", ".join(f"{name} {s * 1000:.0f} ms" for name, s in profile["first_hand_s"]))


# Main ----------------------------------------------------------------------------------------------
def environment_figures(engine: str) -> dict[str, str]:
    """Versions from `netkeel-server version` (which also warms the disk cache before anything is timed)."""
    with scratch(engine) as env:
        lines = run_ok(["version"], env).stdout.splitlines()
        if BYTECODE_CACHE is not None:
            post_upgrade(env)  # untimed: writes the bytecode a user's earlier runs (or pip) would have
        server = f"SQLite {sqlite3.sqlite_version}"  # the children's Python links the same library
        if engine == "postgresql":
            with pg_admin(env) as admin:
                server = f"PostgreSQL {admin.execute('SHOW server_version').fetchone()[0]}"
    versions = dict(line.split(" ", 1) for line in lines[:3] if " " in line)  # "netkeel 0.1.0", "Django 5.2"...
    return {
        "netkeel": versions.get("netkeel", "?"),
        "django": versions.get("Django", "?"),
        "python": versions.get("Python", platform.python_version()),
        "machine": f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs",
        "database_server": server,
        "command": " ".join(server_command()),
    }


def bench_engine(engine: str, options: argparse.Namespace) -> Results:
    print(f"\n{engine}:", flush=True)
    results = Results(engine=engine, environment=environment_figures(engine), load_average={"start": load_average()})
    results.goals = {name: asdict(goal) for name, goal in GOALS.items()}
    bench_fresh_and_noop(engine, results, keep=options.keep)
    if not options.no_release:
        results.release_fresh = bench_release_fresh(engine)
    if not options.no_medium and (engine == "sqlite" or options.medium_pg):
        results.medium = bench_medium(engine, keep=options.keep)
    results.load_average["end"] = load_average()
    print_table(results)
    RESULTS.mkdir(exist_ok=True)
    target = RESULTS / f"post_upgrade-{engine}.json"
    target.write_text(json.dumps(asdict(results), indent=2) + "\n")
    print(f"\nWrote {target}")
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--medium-pg", action="store_true", help="Also time the medium network on PostgreSQL.")
    parser.add_argument("--no-medium", action="store_true", help="Skip the medium network (~30 s on SQLite).")
    parser.add_argument("--keep", action="store_true", help="Keep the last roots (PostgreSQL: the last database).")
    parser.add_argument("--no-release", action="store_true", help="Skip the last release's fresh install.")
    parser.add_argument(
        "--no-bytecode-cache", action="store_true", help="Children compile every module (PYTHONDONTWRITEBYTECODE)."
    )
    options = parser.parse_args(argv)
    if options.no_bytecode_cache:
        global BYTECODE_CACHE
        BYTECODE_CACHE = None
    engines = ("sqlite", "postgresql") if options.db == "both" else (options.db,)
    print_fresh_summary([bench_engine(engine, options) for engine in engines])
    return 0


def print_fresh_summary(results: list[Results]) -> None:
    """Every engine's fresh install against the goal and beside the last release's; written as JSON too."""
    goal = GOALS["fresh"].seconds
    print(f"\nfresh install, an empty database to the current schema (median of {FRESH_RUNS}); goal < {goal:g} s:")
    for r in results:
        fresh, release = r.fresh, r.release_fresh
        beside = ""
        if release and "missing" not in release:
            version, wall, cpu = release["version"], release["median_s"], release["cpu_median_s"]
            beside = f"   release {version}: {wall:.2f} s (CPU {cpu:.2f} s)"
        mark = "ok" if fresh["median_s"] < goal else "MISSED"
        print(f"  {r.engine:<11} {fresh['median_s']:6.2f} s  {mark:<6}  CPU {fresh['cpu_median_s']:.2f} s{beside}"
              f"   load {load_cell(r.load_average['start'])} -> {load_cell(r.load_average['end'])}")  # fmt: skip
    summary = {
        "goal_s": goal,
        "machine": results[0].environment["machine"] if results else platform.machine(),
        "bytecode_cache": BYTECODE_CACHE is not None,
        "engines": {
            r.engine: {
                "median_s": r.fresh["median_s"],
                "samples_s": r.fresh["samples_s"],
                "cpu_median_s": r.fresh["cpu_median_s"],
                "migrate_median_s": r.fresh["steps_median_s"].get("migrate"),
                "migrations_applied": r.fresh["migrations_applied"],
                "met": r.fresh["median_s"] < goal,
                "release": r.release_fresh,
                "load_average": r.load_average,
                "database_server": r.environment.get("database_server", ""),
            }
            for r in results
        },
    }
    RESULTS.mkdir(exist_ok=True)
    target = RESULTS / "post_upgrade-fresh.json"
    target.write_text(json.dumps(summary, indent=2) + "\n")
    print(f"Wrote {target}")


if __name__ == "__main__":
    sys.exit(main())
