"""Benchmark what object permissions cost: the device list for a user with constraints against a superuser's.

    python benchmarks/bench_permissions.py [--size small|medium|large] [--db sqlite|postgresql] [--repeats N]

A throwaway root gets the demo network of `--size` (for PostgreSQL a database of its own). Three readers:

- `superuser`: the admin, who is never asked about permissions;
- `constrained (all devices)`: a team that may view the devices of every location that holds devices, the
  permission written as an operator writes a team's (`{"location__name__in": [...]}` on devices and racks,
  `{"name__in": [...]}` on locations), and everything else without constraints. They read exactly the rows
  the superuser reads, so the difference is the price of the constraints alone. Goal: within 10 %;
- `constrained (one location)`: the same team's permission for one location, for reference (fewer rows).

Each reader fetches, in this process through Django's test client against the same database, the device
list of the API at depth 0 and depth 1 (`?limit=1000`) and of the UI (`?per_page=1000`). The runs are
interleaved (each round fetches every reader's page once) so that a busy machine weighs on all readers
alike, with garbage collected before each fetch (a full collection otherwise falls on the same reader
round after round); the median wall time over `--repeats` rounds (default 7) and the SQL queries of one
fetch are reported, with this process's CPU time beside it. Wall time includes the database's own time,
which is where a constraint's join is paid; CPU time is what a busy machine disturbs least. Both are judged.
Results are printed and written to `benchmarks/results/permissions-<size>-<engine>.json`.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import time
from dataclasses import dataclass, field
from typing import Any

import throwaway

TOKEN = "0123456789abcdef0123456789abcdef01234567"
PAGES = (
    ("api depth 0", "/api/dcim/devices/?limit=1000", True),
    ("api depth 1", "/api/dcim/devices/?limit=1000&depth=1", True),
    ("ui list", "/dcim/devices/?per_page=1000", False),
)
GOAL = 1.10


@dataclass
class Results:
    size: str
    engine: str
    environment: dict[str, str]
    setup_seconds: dict[str, float] = field(default_factory=dict)
    # figures[page][reader] = {"median_ms", "samples_ms", "queries", "rows"}
    figures: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    ratios: dict[str, float] = field(default_factory=dict)
    cpu_ratios: dict[str, float] = field(default_factory=dict)


def make_readers() -> dict[str, Any]:
    """The two constrained users and their permissions; the admin. Username per reader."""
    from django.contrib.auth import get_user_model
    from django.contrib.contenttypes.models import ContentType

    from netkeel.dcim.models import Device, Location, Rack
    from netkeel.users.models import ObjectPermission

    user_model = get_user_model()
    with_devices = sorted(set(Device.objects.values_list("location__name", flat=True)))
    constrained_types = [ContentType.objects.get_for_model(model) for model in (Device, Location, Rack)]
    everything_else = ContentType.objects.exclude(pk__in=[content_type.pk for content_type in constrained_types])
    readers = {"superuser": user_model.objects.get(username="admin")}
    teams = (("constrained (all devices)", with_devices), ("constrained (one location)", with_devices[:1]))
    for reader, names in teams:
        user = user_model.objects.create_user(username=f"bench-{len(readers)}", password=None)
        readers[reader] = user
        unconstrained = ObjectPermission.objects.create(name=f"{user.username}: view the rest", actions=["view"])
        unconstrained.object_types.set(everything_else)
        unconstrained.users.add(user)
        by_location = ObjectPermission.objects.create(
            name=f"{user.username}: the team's devices and racks",
            actions=["view"],
            constraints={"location__name__in": names},
        )
        by_location.object_types.set([ContentType.objects.get_for_model(model) for model in (Device, Rack)])
        by_location.users.add(user)
        locations = ObjectPermission.objects.create(
            name=f"{user.username}: the team's locations", actions=["view"], constraints={"name__in": names}
        )
        locations.object_types.set([ContentType.objects.get_for_model(Location)])
        locations.users.add(user)
    return readers


def client_for(user: Any, api: bool) -> tuple[Any, dict[str, str]]:
    from django.test import Client

    from netkeel.users.models import Token

    client = Client(HTTP_HOST="127.0.0.1")
    if not api:
        client.force_login(user)
        return client, {}
    token = Token.objects.filter(user=user).first() or Token.objects.create(user=user)
    return client, {"Authorization": f"Token {token.key}", "Accept": "application/json"}


def measure(readers: dict[str, Any], repeats: int, results: Results) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for page, path, api in PAGES:
        clients = {reader: client_for(user, api) for reader, user in readers.items()}
        figures = results.figures.setdefault(page, {})
        for reader, (client, headers) in clients.items():
            client.get(path, headers=headers)  # warm: caches, the token's last use, templates
            with CaptureQueriesContext(connection) as captured:
                response = client.get(path, headers=headers)
            if response.status_code != 200:
                raise SystemExit(f"{reader}: GET {path} answered {response.status_code}")
            rows = response.json()["count"] if api else response.content.count(b'name="pk"')
            figures[reader] = {
                "queries": len(captured.captured_queries),
                "rows": rows,
                "samples_ms": [],
                "cpu_samples_ms": [],
            }
        for _ in range(repeats):
            for reader, (client, headers) in clients.items():
                gc.collect()  # else a full collection lands on the same reader each round (they alternate)
                started, cpu = time.perf_counter(), time.process_time()
                client.get(path, headers=headers)
                figures[reader]["cpu_samples_ms"].append(round((time.process_time() - cpu) * 1000, 1))
                figures[reader]["samples_ms"].append(round((time.perf_counter() - started) * 1000, 1))
        for figure in figures.values():
            figure["median_ms"] = statistics.median(figure["samples_ms"])
            figure["cpu_median_ms"] = statistics.median(figure["cpu_samples_ms"])
        constrained, superuser = figures["constrained (all devices)"], figures["superuser"]
        results.ratios[page] = constrained["median_ms"] / superuser["median_ms"]
        results.cpu_ratios[page] = constrained["cpu_median_ms"] / superuser["cpu_median_ms"]


def print_table(results: Results) -> None:
    print(f"\nDevice list by reader, demo network {results.size} on {results.engine} (in-process medians)")
    for page, figures in results.figures.items():
        print(f"  {page}")
        for reader, figure in figures.items():
            print(
                f"    {reader:<28} wall {figure['median_ms']:8.1f} ms  cpu {figure['cpu_median_ms']:8.1f} ms"
                f"  {figure['rows']:5d} rows  {figure['queries']:3d} SQL"
            )
        wall, cpu = results.ratios[page], results.cpu_ratios[page]
        met = max(wall, cpu) <= GOAL
        print(f"    constrained / superuser: wall {wall:.3f}, cpu {cpu:.3f}  (goal <= {GOAL:.2f}: {met})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", choices=("small", "medium", "large"), default="medium")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--db", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--keep", action="store_true")
    options = parser.parse_args(argv)
    with throwaway.demo_root("permissions", options.size, options.seed, options.db, TOKEN, keep=options.keep) as (
        _,
        setup,
    ):
        results = Results(options.size, options.db, throwaway.environment("in-process, Django test client"))
        results.setup_seconds = setup
        measure(make_readers(), options.repeats, results)
        print_table(results)
        throwaway.write_results(results, f"permissions-{options.size}-{options.db}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
