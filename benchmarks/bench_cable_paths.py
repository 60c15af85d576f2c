"""Benchmark the cable path engine on generated demo data.

    python benchmarks/bench_cable_paths.py [--size small|medium|large] [--db sqlite|postgresql] [--seed N]

A fresh netkeel root (and, for PostgreSQL, a fresh `netkeel_bench_<pid>` database of its own) is migrated and filled by
`netkeel-server generate_demo_data` in a subprocess, so that this process's peak RSS is the engine's.
Then, in this process:

1. full rebuild: every path deleted, then `trace_paths --force` (seconds, paths/s, peak RSS, queries);
2. `trace_paths` on an up-to-date database (seconds, queries);
3. disconnect and reconnect a multi-position trunk through `cabling.service` (ms, queries, each);
4. connect a new cable between two free interfaces (ms, queries).

Single-cable operations run on several cables and report the median. Results are printed with the goals
next to them and written to `benchmarks/results/cable_paths-<size>-<engine>.json`.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from io import StringIO
from pathlib import Path
from typing import Any

from throwaway import configure_environment, netkeel_server, recreate_pg_database

RESULTS = Path(__file__).resolve().parent / "results"
PG_DATABASE = f"netkeel_bench_{os.getpid()}"  # this run's own: other runs share the server
PEER_PATHS_PER_SECOND = 220  # what the peer platform's rebuild manages
REPEATS = 5  # single-cable operations: cables measured, median reported


@dataclass
class Measurement:
    seconds: float = 0.0
    queries: int = 0


@dataclass
class Results:
    size: str
    engine: str
    seed: int
    environment: dict[str, str]
    dataset: dict[str, int] = field(default_factory=dict)
    generate_seconds: float = 0.0
    rebuild: dict[str, float] = field(default_factory=dict)
    up_to_date: dict[str, float] = field(default_factory=dict)
    trunk_disconnect: dict[str, Any] = field(default_factory=dict)
    trunk_reconnect: dict[str, Any] = field(default_factory=dict)
    connect_new: dict[str, Any] = field(default_factory=dict)


# Setup ---------------------------------------------------------------------------------------------
# Measuring -----------------------------------------------------------------------------------------
@contextmanager
def measure() -> Iterator[Measurement]:
    """Wall time and the number of statements sent to the database inside the block."""
    from django.db import connection

    result = Measurement()
    count = 0

    def counter(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        nonlocal count
        count += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counter):
        started = time.perf_counter()
        yield result
        result.seconds = time.perf_counter() - started
    result.queries = count


def peak_rss_mib() -> float:
    # ru_maxrss is in KiB on Linux and bytes on macOS.
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def summarize(samples: list[Measurement]) -> dict[str, Any]:
    ms = [sample.seconds * 1000 for sample in samples]
    return {
        "median_ms": statistics.median(ms),
        "max_ms": max(ms),
        "median_queries": statistics.median([sample.queries for sample in samples]),
        "samples_ms": [round(value, 2) for value in ms],
        "samples_queries": [sample.queries for sample in samples],
    }


def bench_rebuild(results: Results) -> None:
    from django.core.management import call_command
    from django.db import transaction

    from netkeel.dcim.cabling.store import delete_all_paths
    from netkeel.dcim.models import CablePath

    with transaction.atomic():
        delete_all_paths()
    rss_before = peak_rss_mib()
    with measure() as full:
        call_command("trace_paths", "--force", "--no-input", "--no-progress", stdout=StringIO())
    paths = CablePath.objects.count()
    results.rebuild = {
        "seconds": full.seconds,
        "paths": paths,
        "paths_per_second": paths / full.seconds,
        "queries": full.queries,
        "peak_rss_mib_before": rss_before,
        "peak_rss_mib": peak_rss_mib(),
    }
    with measure() as idle:
        call_command("trace_paths", "--no-progress", stdout=StringIO())
    results.up_to_date = {"seconds": idle.seconds, "queries": idle.queries}


def bench_trunks(results: Results) -> None:
    """Disconnect, then reconnect, the trunks on the first few 12-position rear ports."""
    from netkeel.dcim.cabling import service
    from netkeel.dcim.models import Cable, RearPort

    rears = list(RearPort.objects.filter(positions=12, cable__isnull=False).order_by("device__name", "name"))
    cables = Cable.objects.in_bulk([rear.cable_id for rear in rears])
    seen: set[Any] = set()
    disconnects: list[Measurement] = []
    reconnects: list[Measurement] = []
    for rear in rears:
        cable = cables[rear.cable_id]
        if cable.pk in seen:
            continue
        seen.add(cable.pk)
        a, b = cable.termination_a, cable.termination_b
        with measure() as gone:
            service.disconnect(cable)
        a.refresh_from_db()
        b.refresh_from_db()
        with measure() as back:
            service.connect(a, b, type=cable.type, id=cable.pk)
        disconnects.append(gone)
        reconnects.append(back)
        if len(disconnects) == REPEATS:
            break
    results.trunk_disconnect = summarize(disconnects)
    results.trunk_reconnect = summarize(reconnects)


def bench_connect_new(results: Results) -> None:
    """Cable spare leaf ports together, each pair on two different leaves."""
    from netkeel.dcim.cabling import service
    from netkeel.dcim.models import Interface

    free = list(
        Interface.objects.filter(cable__isnull=True, mgmt_only=False, device__role__name="Leaf")
        .select_related("device")
        .order_by("device__name", "name")[:2000]
    )
    by_device: dict[Any, Interface] = {}
    for interface in free:
        by_device.setdefault(interface.device_id, interface)
    spare = list(by_device.values())
    samples: list[Measurement] = []
    for a, b in zip(spare[0 : 2 * REPEATS : 2], spare[1 : 2 * REPEATS : 2], strict=False):
        with measure() as connected:
            service.connect(a, b, type="cat6")
        samples.append(connected)
    if samples:
        results.connect_new = summarize(samples)


def analyze_postgresql() -> None:
    """Give the planner statistics, as autovacuum would soon after a bulk load. Without them PostgreSQL
    plans the path-node delete of every retrace as a scan of the whole node table (see README)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def dataset_counts() -> dict[str, int]:
    from netkeel.dcim.models import Cable, CablePath, CablePathNode, Device, FrontPort, Interface, RearPort

    models = (Device, Interface, FrontPort, RearPort, Cable, CablePath, CablePathNode)
    return {model.__name__: model._default_manager.count() for model in models}


# Report --------------------------------------------------------------------------------------------
def verdict(value: float, goal: float, applies: bool) -> str:
    if not applies:
        return "(n/a at this size)"
    return "ok" if value < goal else "MISSED"


def print_table(results: Results) -> None:
    r, size = results, results.size
    rows: list[tuple[str, str, str, str]] = [
        ("generate_demo_data (subprocess)", f"{r.generate_seconds:.1f} s", "", ""),
        ("full rebuild: wall", f"{r.rebuild['seconds']:.2f} s", "< 10 s on medium",
         verdict(r.rebuild["seconds"], 10, size == "medium")),
        ("full rebuild: paths", f"{r.rebuild['paths']:,}", "", ""),
        ("full rebuild: paths/s", f"{r.rebuild['paths_per_second']:,.0f}", f"peer ~{PEER_PATHS_PER_SECOND}/s",
         f"{r.rebuild['paths_per_second'] / PEER_PATHS_PER_SECOND:.0f}x peer"),
        ("full rebuild: queries", f"{r.rebuild['queries']:,}", "", ""),
        ("full rebuild: peak RSS", f"{r.rebuild['peak_rss_mib']:.0f} MiB",
         f"(before: {r.rebuild['peak_rss_mib_before']:.0f} MiB)", ""),
        ("trace_paths, up to date: wall", f"{r.up_to_date['seconds']:.2f} s", "< 1 s",
         verdict(r.up_to_date["seconds"], 1, True)),
        ("trace_paths, up to date: queries", f"{r.up_to_date['queries']:,}", "", ""),
    ]  # fmt: skip
    for label, data in (("disconnect 12-pos trunk", r.trunk_disconnect), ("reconnect 12-pos trunk", r.trunk_reconnect),
                        ("connect new cable", r.connect_new)):  # fmt: skip
        if not data:
            continue
        goal, check = "", ""
        if label == "connect new cable":
            goal, check = "< 50 ms on large", verdict(data["median_ms"], 50, size == "large")
        wall = f"{label}: wall (median of {len(data['samples_ms'])})"
        rows.append((wall, f"{data['median_ms']:.1f} ms", goal, check))
        rows.append((f"{label}: queries", f"{data['median_queries']:.0f}", "", ""))
    counts = ", ".join(f"{name} {count:,}" for name, count in r.dataset.items())
    print(f"\ncable paths benchmark: size {size}, {r.engine}, seed {r.seed}\n{counts}\n")
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    for row in rows:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", choices=("small", "medium", "large"), default="medium")
    parser.add_argument("--db", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", action="store_true", help="Keep the temporary root (and PostgreSQL database).")
    parser.add_argument("--no-analyze", action="store_true", help="PostgreSQL: skip ANALYZE after loading the data.")
    options = parser.parse_args(argv)

    root = Path(tempfile.mkdtemp(prefix="netkeel-bench-"))
    environment = configure_environment(root, options.db, PG_DATABASE)
    if options.db == "postgresql":
        recreate_pg_database(PG_DATABASE)
    try:
        netkeel_server("migrate", "--no-input")
        print(f"Generating the {options.size} demo network in {root} ...", flush=True)
        generate_seconds = netkeel_server("generate_demo_data", "--size", options.size, "--seed", str(options.seed))

        import django

        import netkeel

        netkeel.setup()
        results = Results(
            size=options.size,
            engine=options.db,
            seed=options.seed,
            environment={
                "netkeel": netkeel.__version__,
                "django": django.get_version(),
                "python": platform.python_version(),
                "machine": f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs",
                **{key: value for key, value in environment.items() if "PASSWORD" not in key},
            },
            generate_seconds=generate_seconds,
        )
        results.dataset = dataset_counts()
        if options.db == "postgresql" and not options.no_analyze:
            analyze_postgresql()
        results.environment["analyzed"] = str(options.db == "postgresql" and not options.no_analyze)
        bench_rebuild(results)
        bench_trunks(results)
        bench_connect_new(results)
        print_table(results)
        RESULTS.mkdir(exist_ok=True)
        target = RESULTS / f"cable_paths-{options.size}-{options.db}.json"
        target.write_text(json.dumps(asdict(results), indent=2) + "\n")
        print(f"\nWrote {target}")
    finally:
        from django.db import connections

        connections.close_all()
        if not options.keep:
            if options.db == "postgresql":
                recreate_pg_database(PG_DATABASE, drop_only=True)
            shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
