"""Benchmark the web UI's server time on the demo network, with the REST API beside it for comparison.

    python benchmarks/bench_ui.py [--size small|medium|large] [--db sqlite|postgresql] [--repeats N]

A throwaway netkeel root (for PostgreSQL also a fresh `netkeel_bench_ui_<pid>` database) is installed as an
operator does it (`post_upgrade`, `generate_demo_data`, a superuser and a token, each a `netkeel-server`
subprocess), then `netkeel-server start` serves it with one gunicorn worker on a free loopback port. This
process signs in with a session (the login form, CSRF and all) and times, over loopback only:

1. the device list with 1,000 rows per page (`/dcim/devices/?per_page=1000`);
2. a leaf switch's interfaces tab (48 access ports, 6 uplinks and a management port: 55 rows, most cabled,
   each showing its cable, peer and connected endpoint);
3. the device's own page, and the trace page of an interface whose path runs through two patch panels
   (a server port: cable, front, rear, trunk, rear, front, cable, leaf port);
4. for comparison, `/api/dcim/devices/?limit=1000` at depth 0 and depth 1 (token);
5. the virtual machine list of the API, `/api/virtualization/virtual-machines/?limit=1000` at depth 0 and
   depth 1 (the demo's medium network has 1,008 virtual machines, each with a primary IPv4).

Each URL is fetched once to warm up, then `--repeats` times (default 5); the median and the slowest
client-side wall times are reported (over loopback this is the server's time plus microseconds). Each page
is then rendered `--repeats` more times in this process through Django's test client (same database, same
code): the median CPU time of those renders is the server time the goals are judged on, since wall time
on a shared, busy machine mostly measures the others' work; the SQL queries of one render are counted
under CaptureQueriesContext. Results are printed with the goals next to them and written to
`benchmarks/results/ui-<engine>.json`.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import throwaway
from throwaway import recreate_pg_database, start_server, stop_server

PG_DATABASE = f"netkeel_bench_ui_{os.getpid()}"  # this run's own
PASSWORD = "netkeel-bench-ui"
TOKEN = "be7c4b1e0000000000000000000000000000beef"
REPEATS = 5
API_DEVICES = "/api/dcim/devices/?limit=1000"
API_VMS = "/api/virtualization/virtual-machines/?limit=1000"


@dataclass(frozen=True)
class Target:
    key: str
    label: str
    path: str
    goal_ms: float | None  # None: measured for comparison only
    api: bool = False


@dataclass
class Timing:
    label: str
    path: str
    status: int
    goal_ms: float | None
    median_ms: float = 0.0
    max_ms: float = 0.0
    bytes: int = 0
    queries: int | None = None
    in_process_ms: float | None = None
    cpu_ms: float | None = None  # median CPU time of an in-process render: the figure judged against the goal
    samples_ms: list[float] = field(default_factory=list)


@dataclass
class Results:
    size: str
    engine: str
    seed: int
    repeats: int
    environment: dict[str, str]
    dataset: dict[str, int] = field(default_factory=dict)
    subjects: dict[str, str] = field(default_factory=dict)
    setup_seconds: dict[str, float] = field(default_factory=dict)
    timings: dict[str, Timing] = field(default_factory=dict)


# Setup ---------------------------------------------------------------------------------------------
def configure_environment(root: Path, engine: str) -> None:
    throwaway.configure_environment(root, engine, PG_DATABASE)
    os.environ["NETKEEL_SUPERUSER_PASSWORD"] = PASSWORD


# Subjects ------------------------------------------------------------------------------------------
def find_subjects() -> dict[str, str]:
    """The leaf with the most interfaces near 48, and a leaf port whose path crosses two patch panels."""
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import Count

    from netkeel.dcim.models import CablePath, Device, Interface

    leaf = (
        Device.objects.annotate(interface_count=Count("interfaces"))
        .filter(interface_count__gte=48)
        .order_by("interface_count", "name")
        .first()
    )
    if leaf is None:
        sys.exit("The demo network has no device with 48 interfaces or more.")
    interface_type = ContentType.objects.get_for_model(Interface)
    candidates = CablePath.objects.filter(
        origin_type=interface_type, destination_type=interface_type, is_active=True
    ).only("origin_id", "path")
    for cable_path in candidates.iterator(chunk_size=500):
        kinds = [node.split(":", 1)[0] for node in cable_path.path]
        if kinds.count("dcim.frontport") == 2 and kinds.count("dcim.rearport") == 2:
            origin = Interface.objects.select_related("device").get(pk=cable_path.origin_id)
            return {
                "device_id": str(leaf.pk),
                "device": f"{leaf.name} ({leaf.interface_count} interfaces)",
                "trace_interface_id": str(origin.pk),
                "trace": f"{origin.device.name} {origin.name}: {len(cable_path.path)} nodes after the origin",
            }
    sys.exit("The demo network has no interface path through two patch panels.")


def targets(subjects: dict[str, str]) -> list[Target]:
    device, interface = subjects["device_id"], subjects["trace_interface_id"]
    return [
        Target("device_list", "device list, 1,000 rows per page", "/dcim/devices/?per_page=1000", 1000),
        Target("device_interfaces", "device interfaces tab (leaf)", f"/dcim/devices/{device}/interfaces/", 500),
        Target("device_detail", "device detail (leaf)", f"/dcim/devices/{device}/", 500),
        Target("trace", "trace through two patch panels", f"/dcim/interfaces/{interface}/trace/", 500),
        Target("api_depth0", "API device list, limit 1000, depth 0", f"{API_DEVICES}", None, api=True),
        Target("api_depth1", "API device list, limit 1000, depth 1", f"{API_DEVICES}&depth=1", None, api=True),
        Target("api_vms_depth0", "API VM list, limit 1000, depth 0", f"{API_VMS}", None, api=True),
        Target("api_vms_depth1", "API VM list, limit 1000, depth 1", f"{API_VMS}&depth=1", None, api=True),
    ]  # fmt: skip


# Measuring -----------------------------------------------------------------------------------------
class Session:
    """A signed-in browser-like client: the session cookie from the login form, or the API token."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def login(self, username: str, password: str) -> None:
        with self.opener.open(f"{self.url}/login/", timeout=30) as response:
            html = response.read().decode()
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        if match is None:
            sys.exit("The login page has no CSRF token.")
        form = urllib.parse.urlencode({"username": username, "password": password, "csrfmiddlewaretoken": match[1]})
        with self.opener.open(f"{self.url}/login/", data=form.encode(), timeout=30) as response:
            if response.url.rstrip("/").endswith("/login"):
                sys.exit("Signing in failed.")

    def fetch(self, path: str, api: bool) -> tuple[int, int, float]:
        """Status, body bytes and wall seconds of one GET."""
        headers = {"Authorization": f"Token {TOKEN}", "Accept": "application/json"} if api else {}
        request = urllib.request.Request(f"{self.url}{path}", headers=headers)
        started = time.perf_counter()
        try:
            with self.opener.open(request, timeout=300) as response:
                body = response.read()
                status = response.status
        except urllib.error.HTTPError as exc:
            body, status = exc.read(), exc.code
        return status, len(body), time.perf_counter() - started


def time_target(session: Session, target: Target, repeats: int) -> Timing:
    status, size, _ = session.fetch(target.path, target.api)  # warm-up: caches, imports, templates
    timing = Timing(target.label, target.path, status, target.goal_ms, bytes=size)
    if status != 200:
        return timing
    samples = [session.fetch(target.path, target.api)[2] * 1000 for _ in range(repeats)]
    timing.samples_ms = [round(value, 1) for value in samples]
    timing.median_ms = statistics.median(samples)
    timing.max_ms = max(samples)
    return timing


def count_queries(target: Target, timing: Timing, repeats: int) -> None:
    """Render `target` in this process (Django's test client): the SQL statements of one render, its wall
    time, and the median CPU time of `repeats` renders."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    headers: dict[str, str] = {}
    if target.api:
        headers = {"Authorization": f"Token {TOKEN}", "Accept": "application/json"}
    else:
        client.force_login(get_user_model().objects.get(username="admin"))
    client.get(target.path, headers=headers)  # warm, as the server was
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        response = client.get(target.path, headers=headers)
        elapsed = time.perf_counter() - started
    if response.status_code != 200:
        return
    timing.queries = len(captured.captured_queries)
    timing.in_process_ms = elapsed * 1000
    cpu = []
    for _ in range(repeats):
        started = time.process_time()
        client.get(target.path, headers=headers)
        cpu.append(time.process_time() - started)
    timing.cpu_ms = statistics.median(cpu) * 1000


def dataset_counts() -> dict[str, int]:
    from netkeel.dcim.models import Cable, CablePath, Device, FrontPort, Interface, RearPort
    from netkeel.virtualization.models import VirtualMachine, VMInterface

    models = (Device, Interface, FrontPort, RearPort, Cable, CablePath, VirtualMachine, VMInterface)
    return {model.__name__: model._default_manager.count() for model in models}


# Report --------------------------------------------------------------------------------------------
def print_table(results: Results) -> None:
    header = ("page", "median", "slowest", "CPU in-process", "goal", "", "queries", "in-process", "size")
    rows = [header]
    for timing in results.timings.values():
        if timing.status != 200:
            rows.append((timing.label, f"HTTP {timing.status}", "", "", "", "not measured", "", "", ""))
            continue
        goal = f"< {timing.goal_ms:,.0f} ms" if timing.goal_ms is not None else "(comparison)"
        judged = timing.cpu_ms if timing.cpu_ms is not None else timing.median_ms
        verdict = "" if timing.goal_ms is None else ("ok" if judged < timing.goal_ms else "MISSED")
        rows.append((
            timing.label,
            f"{timing.median_ms:,.0f} ms",
            f"{timing.max_ms:,.0f} ms",
            "" if timing.cpu_ms is None else f"{timing.cpu_ms:,.0f} ms",
            goal,
            verdict,
            "" if timing.queries is None else str(timing.queries),
            "" if timing.in_process_ms is None else f"{timing.in_process_ms:,.0f} ms",
            f"{timing.bytes / 1024:,.0f} KiB",
        ))  # fmt: skip
    counts = ", ".join(f"{name} {count:,}" for name, count in results.dataset.items())
    print(f"\nUI benchmark: size {results.size}, {results.engine}, median of {results.repeats} over loopback;")
    print("goals judged on the median CPU time of in-process renders (wall time beside it, for the record)")
    before, after = results.environment["load_average_before"], results.environment["load_average_after"]
    print(f"{results.environment['machine']}; load average {before} before, {after} after (others' work slows it)")
    print(counts)
    for name, value in results.subjects.items():
        if not name.endswith("_id"):
            print(f"{name}: {value}")
    print()
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    for row in rows:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
    listed = results.timings.get("device_list")
    if listed is not None and listed.cpu_ms is not None and listed.goal_ms is not None:
        verdict = "ok" if listed.cpu_ms < listed.goal_ms else "MISSED"
        print(f"\n{listed.label}: {listed.cpu_ms:,.0f} ms server CPU time, goal < {listed.goal_ms:,.0f} ms: {verdict}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", choices=("small", "medium", "large"), default="medium")
    parser.add_argument("--db", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeats", type=int, default=REPEATS)
    parser.add_argument("--keep", action="store_true", help="Keep the temporary root (and PostgreSQL database).")
    options = parser.parse_args(argv)

    root = Path(tempfile.mkdtemp(prefix="netkeel-bench-ui-"))
    configure_environment(root, options.db)
    if options.db == "postgresql":
        recreate_pg_database(PG_DATABASE)
    server: subprocess.Popen[bytes] | None = None
    try:
        setup = throwaway.install_demo(options.size, options.seed, TOKEN)

        import netkeel

        netkeel.setup()
        results = Results(
            size=options.size,
            engine=options.db,
            seed=options.seed,
            repeats=options.repeats,
            environment=throwaway.environment("netkeel-server start (gunicorn), 1 worker, loopback"),
            setup_seconds=setup,
        )
        results.dataset = dataset_counts()
        results.subjects = find_subjects()
        from django.db import connections

        connections.close_all()  # the server has the database to itself while it is timed

        started = time.perf_counter()
        server, url = start_server(root, workers=1)
        results.setup_seconds["server_start"] = time.perf_counter() - started
        session = Session(url)
        session.login("admin", PASSWORD)
        chosen = targets(results.subjects)
        for target in chosen:
            print(f"  timing {target.label} ...", flush=True)
            results.timings[target.key] = time_target(session, target, options.repeats)
        stop_server(server)
        server = None
        for target in chosen:
            if results.timings[target.key].status == 200:
                count_queries(target, results.timings[target.key], options.repeats)
        results.environment["load_average_after"] = throwaway.load_average()
        print_table(results)
        throwaway.write_results(results, f"ui-{options.db}")
    finally:
        if server is not None:
            stop_server(server)
        throwaway.tear_down(root, options.db, PG_DATABASE, keep=options.keep)
    return 0


if __name__ == "__main__":
    sys.exit(main())
