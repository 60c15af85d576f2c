"""Benchmark the API's render budget (core.api.budget) against a real gunicorn: a read far over it is
refused at once, and `/health/` stays quick while two clients hammer the server with such reads.

    python benchmarks/bench_api_budget.py [--size small|medium|large] [--root PATH] [--seconds N]

A throwaway root is installed with the demo network of `--size` (or `--root` names one already installed,
with the token below, which is used as it is and kept), then `netkeel-server start` serves it with two
workers on a free loopback port. Timed over loopback, client side:

1. `GET /api/dcim/interfaces/?limit=1000&depth=3` (the issue's example): 20 times; goal < 100 ms;
2. `/health/` alone, 50 times; then `/health/` while two clients send over-budget reads
   (`limit=1000&depth=3` of interfaces, `limit=50&depth=10` of devices) for `--seconds` (default 15);
   goal: every health answer < 100 ms;
3. for reference, what is served: interfaces at `limit=0&depth=1` (the Ansible inventory's read) and
   the largest page the budget allows at depth 2 and 3.

Results are printed and written to `benchmarks/results/api_budget-<size>.json`.
"""

from __future__ import annotations

import argparse
import http.client
import statistics
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import throwaway
from throwaway import start_server, stop_server

TOKEN = "0123456789abcdef0123456789abcdef01234567"
OVER_BUDGET = ("/api/dcim/interfaces/?limit=1000&depth=3", "/api/dcim/devices/?limit=50&depth=10")
GOAL_MS = 100.0


@dataclass
class Results:
    size: str
    environment: dict[str, str]
    setup_seconds: dict[str, float] = field(default_factory=dict)
    refused_ms: list[float] = field(default_factory=list)
    health_alone_ms: list[float] = field(default_factory=list)
    health_hammered_ms: list[float] = field(default_factory=list)
    hammer_requests: int = 0
    hammer_statuses: dict[str, int] = field(default_factory=dict)
    served: dict[str, dict[str, Any]] = field(default_factory=dict)


def fetch(url: str, path: str, token: bool = True) -> tuple[int, int, float]:
    """(status, bytes, milliseconds) of one GET on a fresh connection."""
    parts = urlsplit(url)
    started = time.perf_counter()
    connection = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=300)
    headers = {"Authorization": f"Token {TOKEN}", "Accept": "application/json"} if token else {}
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, len(body), (time.perf_counter() - started) * 1000


def summary(values: list[float]) -> str:
    if not values:
        return "-"
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return f"median {statistics.median(ordered):7.1f}  p95 {p95:7.1f}  max {ordered[-1]:7.1f} ms (n={len(ordered)})"


def measure(url: str, seconds: float, results: Results) -> None:
    for _ in range(2):
        fetch(url, OVER_BUDGET[0])  # warm both workers
    results.refused_ms = [fetch(url, OVER_BUDGET[0])[2] for _ in range(20)]
    results.health_alone_ms = [fetch(url, "/health/", token=False)[2] for _ in range(50)]
    stop = threading.Event()
    statuses: list[int] = []

    def hammer() -> None:
        while not stop.is_set():
            for path in OVER_BUDGET:
                statuses.append(fetch(url, path)[0])

    clients = [threading.Thread(target=hammer) for _ in range(2)]
    for client in clients:
        client.start()
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        results.health_hammered_ms.append(fetch(url, "/health/", token=False)[2])
        time.sleep(0.05)
    stop.set()
    for client in clients:
        client.join()
    results.hammer_requests = len(statuses)
    results.hammer_statuses = {str(status): statuses.count(status) for status in sorted(set(statuses))}
    for label, path in (
        ("interfaces limit=0 depth=1", "/api/dcim/interfaces/?limit=0&depth=1"),
        # The largest pages the default budget serves (25,000 objects; an interface renders 61 at depth 2,
        # 253 at depth 3).
        ("interfaces limit=409 depth=2", "/api/dcim/interfaces/?limit=409&depth=2"),
        ("interfaces limit=98 depth=3", "/api/dcim/interfaces/?limit=98&depth=3"),
    ):
        status, size, ms = fetch(url, path)
        results.served[label] = {"status": status, "bytes": size, "ms": ms}


def print_table(results: Results) -> None:
    worst = max(results.health_hammered_ms or [0.0])
    print(f"\nAPI render budget, demo network {results.size}")
    print(f"  limit=1000&depth=3 refused   {summary(results.refused_ms)}   goal < {GOAL_MS:.0f} ms")
    print(f"  /health/ alone               {summary(results.health_alone_ms)}")
    print(f"  /health/ under two hammerers {summary(results.health_hammered_ms)}   goal < {GOAL_MS:.0f} ms")
    print(f"  hammer requests              {results.hammer_requests} {results.hammer_statuses}")
    for label, figures in results.served.items():
        print(f"  served: {label:<27} {figures['status']} {figures['ms']:8.0f} ms {figures['bytes']:>10} B")
    print(f"  goal met: {worst < GOAL_MS and max(results.refused_ms or [0.0]) < GOAL_MS}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", choices=("small", "medium", "large"), default="medium")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--root", type=Path, help="an installed root to serve as it is (kept)")
    parser.add_argument("--seconds", type=float, default=15.0)
    options = parser.parse_args(argv)
    root = options.root or Path(tempfile.mkdtemp(prefix="netkeel-bench-budget-"))
    throwaway.configure_environment(root, "sqlite", "")
    server = None
    try:
        setup = {} if options.root else throwaway.install_demo(options.size, options.seed, TOKEN)
        results = Results(options.size, throwaway.environment("netkeel-server start (gunicorn), 2 workers"), setup)
        server, url = start_server(root, workers=2)
        measure(url, options.seconds, results)
        results.environment["load_average_after"] = throwaway.load_average()
        print_table(results)
        throwaway.write_results(results, f"api_budget-{options.size}")
    finally:
        if server is not None:
            stop_server(server)
        if not options.root:
            throwaway.tear_down(root, "sqlite", "", keep=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
