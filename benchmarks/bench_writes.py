"""Benchmark the REST API's write path (and a large read) on the demo network, served by gunicorn.

    python benchmarks/bench_writes.py [--db postgresql|sqlite] [--size medium] [--repeats 30]

A throwaway netkeel root (on PostgreSQL also a database of this run's own, `netkeel_bench_writes_<pid>`,
on postgres@127.0.0.1) is installed as an operator does it (`post_upgrade`, `generate_demo_data`, a
superuser and a token, each a `netkeel-server` subprocess); this process then adds a device type with 48
interface templates and serves the root with `netkeel-server start` (gunicorn, one worker) on a free
loopback port. Timed over loopback with the token, each after 3 warm-up requests:

1. `POST /api/dcim/devices/` of one device of that type (the server gives it its 48 interfaces);
2. `POST /api/dcim/locations/` of a list of 10 locations;
3. `GET /api/dcim/devices/?limit=1000` (depth 0): a page of 1,000 devices.

Each is repeated `--repeats` times (default 30, the goals' figure); the median and slowest client-side
wall times are reported. The SQL statements of each come from making the same request once more in this
process through Django's test client under CaptureQueriesContext (same database, same code); the queries
are counted without the BEGIN and COMMIT of the request's own transaction, shown apart. The median CPU
time of 10 more such requests is shown too: on a machine others are loading it compares runs (before and
after a change) far better than the wall time does. Figures are
printed beside their goals (issue 12, item 9) and written to `benchmarks/results/writes-<engine>.json`.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import throwaway
from throwaway import recreate_pg_database, start_server, stop_server

TOKEN = "be7c4b1e0000000000000000000000000000f00d"
REPEATS = 30
CPU_REPEATS = 10
WARM_UP = 3
INTERFACES = 48
_names = itertools.count(1)
TRANSACTION_CONTROL = frozenset({"BEGIN", "BEGIN IMMEDIATE", "COMMIT"})


@dataclass(frozen=True)
class Target:
    key: str
    label: str
    method: str
    path: str
    body: Callable[[], Any] | None  # a fresh body per request (new names), or None for a GET
    goal_ms: float | None
    goal_queries: int | None


@dataclass
class Timing:
    label: str
    method: str
    path: str
    status: int
    goal_ms: float | None
    goal_queries: int | None
    median_ms: float = 0.0
    max_ms: float = 0.0
    queries: int | None = None
    transaction_statements: int = 0
    cpu_ms: float | None = None
    samples_ms: list[float] = field(default_factory=list)


@dataclass
class Results:
    size: str
    engine: str
    repeats: int
    environment: dict[str, str]
    dataset: dict[str, int] = field(default_factory=dict)
    setup_seconds: dict[str, float] = field(default_factory=dict)
    timings: dict[str, Timing] = field(default_factory=dict)


# Subjects ------------------------------------------------------------------------------------------
def prepare_subjects() -> dict[str, str]:
    """A device type with 48 interface templates (and nothing else), and what a new device and a new
    location name: an existing site, a role offered on devices, a root location type."""
    from netkeel.dcim.models import Device, DeviceType, InterfaceTemplate, LocationType, Manufacturer
    from netkeel.extras.models import Role

    manufacturer, _ = Manufacturer.objects.get_or_create(name="Bench Networks")
    device_type = DeviceType.objects.create(manufacturer=manufacturer, model=f"bench-{INTERFACES}")
    InterfaceTemplate.objects.bulk_create(
        InterfaceTemplate(device_type=device_type, name=f"eth{index}", type="1000base-t") for index in range(INTERFACES)
    )
    some_device = Device.objects.select_related("location").order_by("name").first()
    role = Role.objects.get_for_model(Device).order_by("name").first()
    location_type = LocationType.objects.filter(parent=None).order_by("name").first()
    if some_device is None or role is None or location_type is None:
        sys.exit("The demo network has no device, device role or root location type.")
    return {
        "device_type": str(device_type.pk),
        "location": str(some_device.location_id),
        "role": role.name,
        "location_type": str(location_type.pk),
    }


def targets(subjects: dict[str, str]) -> list[Target]:
    def device() -> dict[str, Any]:
        return {"name": f"bench-device-{next(_names)}", "device_type": subjects["device_type"],
                "role": subjects["role"], "status": "Active", "location": subjects["location"]}  # fmt: skip

    def locations() -> list[dict[str, Any]]:
        batch = next(_names)
        return [
            {"name": f"bench-{batch}-{index}", "location_type": subjects["location_type"], "status": "Active"}
            for index in range(10)
        ]

    return [
        Target("device_post", f"POST a device ({INTERFACES} interfaces)", "POST", "/api/dcim/devices/", device, 12, 15),
        Target("locations_post", "POST 10 locations (one list)", "POST", "/api/dcim/locations/", locations, None, 15),
        Target("devices_page", "GET 1,000 devices, depth 0", "GET", "/api/dcim/devices/?limit=1000", None, 150, None),
    ]  # fmt: skip


# Measuring -----------------------------------------------------------------------------------------
def send(url: str, target: Target) -> tuple[int, float]:
    """Status and wall seconds of one request with the token."""
    data = json.dumps(target.body()).encode() if target.body is not None else None
    headers = {"Authorization": f"Token {TOKEN}", "Accept": "application/json", "Content-Type": "application/json"}
    request = urllib.request.Request(f"{url}{target.path}", data=data, method=target.method, headers=headers)
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=300) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as exc:
        exc.read()
        status = exc.code
    return status, time.perf_counter() - started


def time_target(url: str, target: Target, repeats: int) -> Timing:
    timing = Timing(target.label, target.method, target.path, 0, target.goal_ms, target.goal_queries)
    for _ in range(WARM_UP):
        timing.status, _ = send(url, target)
    if timing.status not in (200, 201):
        return timing
    samples = []
    for _ in range(repeats):
        status, seconds = send(url, target)
        if status not in (200, 201):
            timing.status = status
            return timing
        samples.append(seconds * 1000)
    timing.samples_ms = [round(value, 2) for value in samples]
    timing.median_ms = statistics.median(samples)
    timing.max_ms = max(samples)
    return timing


def count_queries(target: Target, timing: Timing, show: bool = False) -> None:
    """Make the request once more in this process (Django's test client) and count its SQL statements."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1", HTTP_AUTHORIZATION=f"Token {TOKEN}", HTTP_ACCEPT="application/json")

    def request() -> Any:
        if target.body is None:
            return client.get(target.path)
        return client.generic(target.method, target.path, json.dumps(target.body()), "application/json")

    request()  # warm, as the server was
    with CaptureQueriesContext(connection) as captured:
        response = request()
    # Read now: every later request through the test client clears the connection's query log.
    sql = [query["sql"] for query in captured.captured_queries]
    if response.status_code in (200, 201):
        # BEGIN/COMMIT of the request's own transaction are statements, not queries: counted apart.
        timing.transaction_statements = sum(statement in TRANSACTION_CONTROL for statement in sql)
        timing.queries = len(sql) - timing.transaction_statements
    # CPU time of the same request in this process (the server's code path, without the network), which
    # other people's work on a shared machine disturbs far less than the wall time above.
    cpu = []
    for _ in range(CPU_REPEATS):
        started = time.process_time()
        request()
        cpu.append((time.process_time() - started) * 1000)
    timing.cpu_ms = statistics.median(cpu)
    if show:
        print(f"\n{target.label}: {len(sql)} statements")
        for statement in sql:
            print(f"  {statement[:160]}")


def dataset_counts() -> dict[str, int]:
    from netkeel.dcim.models import Device, Interface, Location

    return {model.__name__: model._default_manager.count() for model in (Location, Device, Interface)}


# Report --------------------------------------------------------------------------------------------
def verdict(value: float | None, goal: float | None) -> str:
    if goal is None or value is None:
        return ""
    return "ok" if value <= goal else "MISSED"


def print_table(results: Results) -> None:
    header = ("request", "median", "slowest", "goal", "", "queries", "goal", "", "CPU in-process")
    rows = [header]
    for timing in results.timings.values():
        if timing.status not in (200, 201):
            rows.append((timing.label, f"HTTP {timing.status}", "", "", "not measured", "", "", "", ""))
            continue
        rows.append((
            timing.label,
            f"{timing.median_ms:,.1f} ms",
            f"{timing.max_ms:,.1f} ms",
            "" if timing.goal_ms is None else f"<= {timing.goal_ms:,.0f} ms",
            verdict(timing.median_ms, timing.goal_ms),
            "" if timing.queries is None else f"{timing.queries} (+{timing.transaction_statements} BEGIN/COMMIT)",
            "" if timing.goal_queries is None else f"<= {timing.goal_queries}",
            verdict(timing.queries, timing.goal_queries),
            "" if timing.cpu_ms is None else f"{timing.cpu_ms:,.1f} ms",
        ))  # fmt: skip
    counts = ", ".join(f"{name} {count:,}" for name, count in results.dataset.items())
    print(f"\nWrite-path benchmark: size {results.size}, {results.engine}, median of {results.repeats} over loopback")
    before, after = results.environment["load_average_before"], results.environment["load_average_after"]
    print(f"{results.environment['machine']}; load average {before} before, {after} after (others' work slows it)")
    print(counts)
    print()
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    for row in rows:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=("sqlite", "postgresql"), default="postgresql")
    parser.add_argument("--size", choices=("small", "medium", "large"), default="medium")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeats", type=int, default=REPEATS)
    parser.add_argument("--keep", action="store_true", help="Keep the temporary root (and PostgreSQL database).")
    parser.add_argument("--sql", action="store_true", help="Print the SQL statements each request made.")
    options = parser.parse_args(argv)

    root = Path(tempfile.mkdtemp(prefix="netkeel-bench-writes-"))
    pg_database = f"netkeel_bench_writes_{os.getpid()}"
    throwaway.configure_environment(root, options.db, pg_database)
    os.environ["NETKEEL_SUPERUSER_PASSWORD"] = "netkeel-bench-writes"
    if options.db == "postgresql":
        recreate_pg_database(pg_database)
    server: subprocess.Popen[bytes] | None = None
    try:
        setup = throwaway.install_demo(options.size, options.seed, TOKEN)

        import netkeel

        netkeel.setup()
        results = Results(
            size=options.size,
            engine=options.db,
            repeats=options.repeats,
            environment=throwaway.environment("netkeel-server start (gunicorn), 1 worker, loopback"),
            setup_seconds=setup,
        )
        subjects = prepare_subjects()
        results.dataset = dataset_counts()
        from django.db import connections

        connections.close_all()  # the server has the database to itself while it is timed

        started = time.perf_counter()
        server, url = start_server(root, workers=1)
        results.setup_seconds["server_start"] = time.perf_counter() - started
        chosen = targets(subjects)
        for target in chosen:
            print(f"  timing {target.label} ...", flush=True)
            results.timings[target.key] = time_target(url, target, options.repeats)
        stop_server(server)
        server = None
        # This process as a server worker is: the WSGI module's start-up done (whatever it leaves behind).
        import netkeel.wsgi

        for target in chosen:
            if results.timings[target.key].status in (200, 201):
                count_queries(target, results.timings[target.key], options.sql)
        results.environment["load_average_after"] = throwaway.load_average()
        print_table(results)
        throwaway.write_results(results, f"writes-{options.db}")
    finally:
        if server is not None:
            stop_server(server)
        throwaway.tear_down(root, options.db, pg_database, keep=options.keep)
    return 0


if __name__ == "__main__":
    sys.exit(main())
