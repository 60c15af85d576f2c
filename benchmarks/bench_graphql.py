"""Benchmark GraphQL (`POST /api/graphql/`) against REST for the same data, on a real gunicorn.

    python benchmarks/bench_graphql.py [--size small|medium|large] [--db sqlite|postgresql] [--keep]

A throwaway root gets the demo network of `--size`; `netkeel-server start` serves it with one worker.
Timed over loopback, client side, median of `--repeat` runs (default 5):

1. the query the Ansible collection's `gql_inventory` plugin sends by default (devices and virtual
   machines with their primary addresses and platform); goal < 1 s on medium;
2. every device with its location, interfaces and each interface's IP addresses, in one query;
3. for reference, the same data through REST: devices at `limit=0&depth=1`, interfaces at `limit=0`,
   IP addresses at `limit=0` (what a client joins itself). Goal: GraphQL faster than REST.

Beside each wall time: the SQL queries it runs (counted in this process against the same database) and the
gunicorn worker's peak memory while it ran (VmHWM from /proc/<worker>/status, reset before each figure by
writing 5 to /proc/<worker>/clear_refs; where the kernel refuses the reset, the peak since the worker began).

Results are printed and written to `benchmarks/results/graphql-<size>-<engine>.json`.
"""

from __future__ import annotations

import argparse
import functools
import http.client
import json
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import throwaway
from throwaway import start_server, stop_server

TOKEN = "0123456789abcdef0123456789abcdef01234567"
INVENTORY = """query {
  devices { id name primary_ip4 { host } primary_ip6 { host } platform { napalm_driver } }
  virtual_machines { id name primary_ip4 { host } primary_ip6 { host } platform { name } }
}"""
DEVICES = """query {
  devices { id name location { name } interfaces { name ip_addresses { address } } }
}"""
REST = ("/api/dcim/devices/?limit=0&depth=1", "/api/dcim/interfaces/?limit=0", "/api/ipam/ip-addresses/?limit=0")


@dataclass
class Results:
    size: str
    engine: str
    environment: dict[str, str]
    setup_seconds: dict[str, float] = field(default_factory=dict)
    figures: dict[str, dict[str, Any]] = field(default_factory=dict)


def request(url: str, method: str, path: str, body: dict[str, Any] | None = None) -> tuple[int, int, float]:
    """(status, bytes, milliseconds) of one request on a fresh connection."""
    parts = urlsplit(url)
    started = time.perf_counter()
    connection = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=600)
    headers = {"Authorization": f"Token {TOKEN}", "Accept": "application/json", "Content-Type": "application/json"}
    connection.request(method, path, body=json.dumps(body) if body is not None else None, headers=headers)
    response = connection.getresponse()
    payload = response.read()
    connection.close()
    if response.status != 200:
        raise SystemExit(f"{method} {path} answered {response.status}: {payload[:500]!r}")
    return response.status, len(payload), (time.perf_counter() - started) * 1000


def children_of(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            # The parent pid is the second field after the command, which is in parentheses.
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def worker_pid(server_pid: int) -> int:
    """The gunicorn worker under `netkeel-server start` (one worker): the process below it with no children."""
    pending, leaves = [server_pid], []
    while pending:
        pid = pending.pop()
        below = children_of(pid)
        if below:
            pending += below
        elif pid != server_pid:
            leaves.append(pid)
    if len(leaves) != 1:
        raise SystemExit(f"expected one gunicorn worker under {server_pid}, found {leaves}")
    return leaves[0]


def memory_kb(pid: int, key: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{key}:"):
            return int(line.split()[1])
    raise SystemExit(f"no {key} in /proc/{pid}/status")


def reset_peak(pid: int) -> bool:
    """Start the worker's high-water mark afresh (Linux: 5 > clear_refs); False where that is refused."""
    try:
        Path(f"/proc/{pid}/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def timed(label: str, runs: int, call: Any, results: Results, worker: int) -> None:
    call()  # warm the worker (schema built, code loaded)
    before = memory_kb(worker, "VmRSS")
    reset = reset_peak(worker)
    samples = [call() for _ in range(runs)]
    results.figures[label] = {
        "median_ms": statistics.median(sample[2] for sample in samples),
        "bytes": samples[0][1],
        "samples_ms": [sample[2] for sample in samples],
        "worker_rss_before_mb": round(before / 1024, 1),
        "worker_peak_rss_mb": round(memory_kb(worker, "VmHWM") / 1024, 1),
        "peak_since": "this figure" if reset else "the worker's start",
    }


def measure(url: str, runs: int, results: Results, worker: int) -> None:
    for label, query in (
        ("graphql: gql_inventory default query", INVENTORY),
        ("graphql: devices+interfaces+IPs", DEVICES),
    ):
        timed(label, runs, functools.partial(request, url, "POST", "/api/graphql/", {"query": query}), results, worker)

    def rest() -> tuple[int, int, float]:
        total_bytes = total_ms = 0.0
        for path in REST:
            _, size, ms = request(url, "GET", path)
            total_bytes, total_ms = total_bytes + size, total_ms + ms
        return 200, int(total_bytes), total_ms

    timed("rest: the same devices+interfaces+IPs (3 lists)", runs, rest, results, worker)


def count_queries(results: Results) -> None:
    """SQL queries of each GraphQL query and of the REST lists, run in this process against the same
    database as the admin."""
    from types import SimpleNamespace

    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from netkeel.core.graphql.view import run_query

    request = SimpleNamespace(user=get_user_model().objects.get(username="admin"))
    for label, query in (
        ("graphql: gql_inventory default query", INVENTORY),
        ("graphql: devices+interfaces+IPs", DEVICES),
    ):
        run_query(request, query)  # the first run in a process builds the schema
        with CaptureQueriesContext(connection) as captured:
            body, status = run_query(request, query)
        assert status == 200 and "errors" not in body, body
        results.figures[label]["sql_queries"] = len(captured.captured_queries)
    client = Client(HTTP_HOST="127.0.0.1", HTTP_AUTHORIZATION=f"Token {TOKEN}", HTTP_ACCEPT="application/json")
    client.get(REST[0])  # the token's last use, recorded once
    total = 0
    for path in REST:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        assert response.status_code == 200, (path, response.status_code, response.content[:500])
        total += len(captured.captured_queries)
    results.figures["rest: the same devices+interfaces+IPs (3 lists)"]["sql_queries"] = total


def print_table(results: Results) -> None:
    print(f"\nGraphQL against REST, demo network {results.size} on {results.engine}")
    for label, figures in results.figures.items():
        queries = f"{figures['sql_queries']:4d} SQL" if "sql_queries" in figures else ""
        memory = f"{figures['worker_peak_rss_mb']:7.0f} MB peak RSS"
        print(f"  {label:<50} {figures['median_ms']:9.0f} ms {figures['bytes']:>12} B {queries} {memory}")
    inventory = results.figures["graphql: gql_inventory default query"]["median_ms"]
    graphql = results.figures["graphql: devices+interfaces+IPs"]["median_ms"]
    rest = results.figures["rest: the same devices+interfaces+IPs (3 lists)"]["median_ms"]
    print(f"  goals: inventory < 1 s: {inventory < 1000}; GraphQL faster than REST: {graphql < rest}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", choices=("small", "medium", "large"), default="medium")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--db", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--keep", action="store_true")
    options = parser.parse_args(argv)
    server = None
    with throwaway.demo_root("graphql", options.size, options.seed, options.db, TOKEN, keep=options.keep) as (
        root,
        setup,
    ):
        try:
            results = Results(
                options.size, options.db, throwaway.environment("netkeel-server start (gunicorn), 1 worker")
            )
            results.setup_seconds = setup
            server, url = start_server(root, workers=1)
            measure(url, options.repeat, results, worker_pid(server.pid))
            count_queries(results)
            print_table(results)
            throwaway.write_results(results, f"graphql-{options.size}-{options.db}")
        finally:
            if server is not None:
                stop_server(server)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
