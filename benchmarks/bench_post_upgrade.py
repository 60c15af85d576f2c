"""Benchmark `netkeel-server post_upgrade` and the CLI's start-up, each in a subprocess.

    python benchmarks/bench_post_upgrade.py [--db sqlite|postgresql|both] [--medium-pg] [--no-medium] [--keep]

Every figure is a `netkeel-server` child in a throwaway NETKEEL_ROOT (for PostgreSQL also a scratch
`netkeel_bench_upgrade` database), timed from spawn to exit; its peak RSS comes from `os.wait4`.

1. `post_upgrade --no-input --json` on an empty database, a fresh install (median of 3 fresh databases),
   with the step times from its JSON report and the slowest migrations from its progress lines;
2. the same command again on the now current database (median of 5); every step must say "nothing to do";
3. `netkeel-server --help` and `netkeel-server version` (median of 10 each);
4. `post_upgrade` on the medium demo network after every cable path was deleted (SQLite; `--medium-pg`
   adds PostgreSQL), with the time of its cable-paths step.

The table sets the goals next to the figures. A missed time goal is profiled with `-X importtime` (the log
goes next to the results). Results go to `benchmarks/results/post_upgrade-<engine>.json`.
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
PG_DATABASE = "netkeel_bench_upgrade"
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


# Children ------------------------------------------------------------------------------------------
def server_command() -> list[str]:
    """The installed `netkeel-server` script, as a user runs it; `python -m netkeel` when there is none."""
    script = Path(sys.executable).with_name("netkeel-server")
    return [str(script)] if script.exists() else [sys.executable, "-m", "netkeel"]


def spawn(args: list[str], env: Mapping[str, str]) -> ChildRun:
    """Run netkeel-server to its end: wall seconds from spawn to exit, and the child's own peak RSS."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:  # files: no pipe to drain
        started = time.perf_counter()
        child = subprocess.Popen([*server_command(), *args], stdin=subprocess.DEVNULL, stdout=out, stderr=err, env=env)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)  # reaped here; Popen must not wait again
        out.seek(0)
        err.seek(0)
        # ru_maxrss is in KiB on Linux and bytes on macOS.
        rss = usage.ru_maxrss / (1024 * 1024) if sys.platform == "darwin" else usage.ru_maxrss / 1024
        return ChildRun(seconds, rss, child.returncode, out.read().decode(), err.read().decode())


def run_ok(args: list[str], env: Mapping[str, str]) -> ChildRun:
    """`spawn`, stopping the benchmark with the child's output when it fails."""
    run = spawn(args, env)
    if run.returncode != 0:
        sys.exit(f"netkeel-server {' '.join(args)} exited {run.returncode}:\n{run.stderr[-3000:] or run.stdout}")
    return run


def post_upgrade(env: Mapping[str, str]) -> UpgradeRun:
    child = run_ok(list(POST_UPGRADE), env)
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


def step_rows(steps: Mapping[str, float]) -> list[tuple[str, str, str, str]]:
    return [(f"    step {name}", f"{seconds * 1000:,.0f} ms", "", "") for name, seconds in steps.items()]


def print_table(results: Results) -> None:
    r, fresh, noop = results, results.fresh, results.noop
    rows: list[tuple[str, str, str, str]] = [
        (f"fresh install: wall (median of {FRESH_RUNS})", f"{fresh['median_s']:.2f} s", goal_cell("fresh"),
         verdict(fresh["median_s"], GOALS["fresh"])),
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
    print(f"netkeel {env['netkeel']}, Django {env['django']}, Python {env['python']}, {env['machine']}\n")
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
    results = Results(engine=engine, environment=environment_figures(engine))
    results.goals = {name: asdict(goal) for name, goal in GOALS.items()}
    bench_fresh_and_noop(engine, results, keep=options.keep)
    if not options.no_medium and (engine == "sqlite" or options.medium_pg):
        results.medium = bench_medium(engine, keep=options.keep)
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
    options = parser.parse_args(argv)
    engines = ("sqlite", "postgresql") if options.db == "both" else (options.db,)
    for engine in engines:
        bench_engine(engine, options)
    return 0


if __name__ == "__main__":
    sys.exit(main())
