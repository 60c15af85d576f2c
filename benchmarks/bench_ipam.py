"""Benchmark netkeel's database-backed IPAM against the naive netaddr way, on SQLite, PostgreSQL or MySQL.

    python benchmarks/bench_ipam.py [--db sqlite|postgresql|mysql] [--runs N] [--seed N] [--explain] [--check]

A fresh netkeel root (and for PostgreSQL or MySQL/MariaDB a fresh `netkeel_bench_ipam_<pid>` database on 127.0.0.1) is
migrated and filled with bulk_create, parents set by hand: a 10.0.0.0/8 container with 10,000 child /24s, an
11.0.0.0/8 network with 100,000 addresses, a 12.0.0.0/16 network with 60,000 addresses, and a 172.0.0.0/8
container with 10,000 /26s inside 172.16.0.0/12 (a /12 holds only 4,096 /24s) and no /12 above them yet. Then:

A. `queries.utilization` of the container /8 and of the network /8;
B. `queries.available_addresses` of the /16, first 100;
C. `services.create_prefix("172.16.0.0/12")`, which must re-parent the 10,000 /26s (checked after every run;
   `services.delete_prefix` hands them back between runs).

Each is timed (median of --runs, query count from CaptureQueriesContext) next to a naive version that reads the
same rows and answers with netaddr IPSets, or for C re-parents row by row with `save()`: that one is timed on a
sample of rows inside a rolled-back transaction and extrapolated linearly to all of them. Both answers are checked
equal. PostgreSQL and MySQL tables are ANALYZEd after loading, as their autovacuum / persistent statistics would
do; SQLite is left without statistics, as a netkeel SQLite database is. Results go to
benchmarks/results/ipam-<engine>.json. Goal: each netkeel case under 100 ms and at least 20 times faster than the
naive version (`--check` exits 1 if missed).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any, TypeVar

import netaddr

# Runnable from a checkout without installing netkeel: the repository root holds the package.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

RESULTS = Path(__file__).resolve().parent / "results"
BENCH_DATABASE = f"netkeel_bench_ipam_{os.getpid()}"  # this run's own
GOAL_MS = 100.0
GOAL_RATIO = 20.0
BATCH_SIZE = 2000
CONTAINER_CHILDREN = 10_000
NETWORK8_ADDRESSES = 100_000
NETWORK16_ADDRESSES = 60_000
REPARENTED_CHILDREN = 10_000
NAIVE_REPARENT_SAMPLE = 500

Answer = TypeVar("Answer")


@dataclass(frozen=True)
class Fixtures:
    """Primary keys of the prefixes the cases work on (fetched afresh by each case)."""

    container8: Any
    network8: Any
    network16: Any
    container172: Any
    active_status: Any
    load_seconds: float
    first_free16: list[str]  # the answer B must give, worked out from the generated hosts


@dataclass(frozen=True)
class Timing:
    median_ms: float
    queries: int
    samples_ms: list[float]


@dataclass(frozen=True)
class CaseResult:
    name: str
    rows: int
    netkeel: Timing
    naive: Timing
    naive_note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def ratio(self) -> float:
        return self.naive.median_ms / self.netkeel.median_ms

    @property
    def meets_goal(self) -> bool:
        return self.netkeel.median_ms < GOAL_MS and self.ratio >= GOAL_RATIO


class _Rollback(Exception):
    """Raised to undo the naive re-parenting sample."""


# Setup ---------------------------------------------------------------------------------------------
def configure_environment(root: Path, engine: str) -> dict[str, str]:
    """NETKEEL_* for a throwaway root and database; a developer's own configuration is never read."""
    for key in [key for key in os.environ if key.startswith("NETKEEL_")] + ["DJANGO_SETTINGS_MODULE"]:
        os.environ.pop(key, None)
    os.environ["NETKEEL_ROOT"] = str(root)
    os.environ["NETKEEL_SECRET_KEY"] = "netkeel-benchmark-key"
    os.environ["NETKEEL_DB_ENGINE"] = engine
    if engine == "sqlite":
        os.environ["NETKEEL_DB_NAME"] = str(root / "netkeel.sqlite3")
    else:
        os.environ["NETKEEL_DB_NAME"] = BENCH_DATABASE
        os.environ["NETKEEL_DB_HOST"] = "127.0.0.1"
        os.environ["NETKEEL_DB_USER"] = "postgres" if engine == "postgresql" else "root"
    return {key: value for key, value in os.environ.items() if key.startswith("NETKEEL_DB_")}


def recreate_database(engine: str, *, drop_only: bool = False) -> None:
    """Drop (and unless `drop_only`, create) the benchmark database, through the server's admin database."""
    if engine == "postgresql":
        import psycopg
        from psycopg import sql

        with psycopg.connect(host="127.0.0.1", user="postgres", dbname="postgres", autocommit=True) as admin:
            name = sql.Identifier(BENCH_DATABASE)
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
            if not drop_only:
                admin.execute(sql.SQL("CREATE DATABASE {}").format(name))
    elif engine == "mysql":
        import MySQLdb

        admin = MySQLdb.connect(host="127.0.0.1", user="root")
        try:
            cursor = admin.cursor()
            # The name is this module's constant, never input; DDL takes no bound parameters.
            cursor.execute(f"DROP DATABASE IF EXISTS `{BENCH_DATABASE}`")
            if not drop_only:
                cursor.execute(f"CREATE DATABASE `{BENCH_DATABASE}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci")
        finally:
            admin.close()


def load_fixtures(seed: int) -> Fixtures:
    """Create the four top prefixes with the service, then bulk-insert the rows below them."""
    from django.db import transaction

    from netkeel.extras.models import Status
    from netkeel.ipam import services
    from netkeel.ipam.fields import address_to_bytes
    from netkeel.ipam.models import IPAddress, Prefix

    started = time.perf_counter()
    rng = random.Random(seed)
    active = Status.objects.get(name="Active")
    container8 = services.create_prefix("10.0.0.0/8", type="container", status=active)
    network8 = services.create_prefix("11.0.0.0/8", type="network", status=active)
    network16 = services.create_prefix("12.0.0.0/16", type="network", status=active)
    container172 = services.create_prefix("172.0.0.0/8", type="container", status=active)

    def prefix_rows(parent: Prefix, firsts: list[int], length: int) -> Iterator[Prefix]:
        size = 1 << (32 - length)
        for first in firsts:
            yield Prefix(
                network=address_to_bytes(first, 4),
                broadcast=address_to_bytes(first + size - 1, 4),
                prefix_length=length,
                ip_version=4,
                namespace_id=parent.namespace_id,
                parent=parent,
                type="network",
                status=active,
            )

    def address_rows(parent: Prefix, hosts: list[int]) -> Iterator[IPAddress]:
        assert parent.namespace_id is not None  # every prefix is in a namespace
        for host in hosts:
            yield IPAddress(
                host=address_to_bytes(host, 4),
                mask_length=parent.prefix_length,
                ip_version=4,
                parent=parent,
                namespace_id=parent.namespace_id,
                status=active,
            )

    def bulk_insert(model: type[Prefix] | type[IPAddress], rows: Iterator[Any]) -> None:
        while batch := list(islice(rows, BATCH_SIZE * 5)):
            model.objects.bulk_create(batch, batch_size=BATCH_SIZE)

    with transaction.atomic():
        slash24s = sorted(rng.sample(range(1 << 16), CONTAINER_CHILDREN))
        bulk_insert(Prefix, prefix_rows(container8, [container8.first + (index << 8) for index in slash24s], 24))
        hosts8 = sorted(rng.sample(range(1, (1 << 24) - 1), NETWORK8_ADDRESSES))
        bulk_insert(IPAddress, address_rows(network8, [network8.first + offset for offset in hosts8]))
        # Edges included: both sides must leave the network and broadcast addresses out on their own.
        hosts16 = sorted(rng.sample(range(1 << 16), NETWORK16_ADDRESSES))
        bulk_insert(IPAddress, address_rows(network16, [network16.first + offset for offset in hosts16]))
        slash26s = sorted(rng.sample(range(1 << 14), REPARENTED_CHILDREN))
        base = int(netaddr.IPAddress("172.16.0.0"))
        bulk_insert(Prefix, prefix_rows(container172, [base + (index << 6) for index in slash26s], 26))
    maintain_tables()
    used16 = set(hosts16)
    free16 = (offset for offset in range(1, (1 << 16) - 1) if offset not in used16)
    return Fixtures(
        container8=container8.pk,
        network8=network8.pk,
        network16=network16.pk,
        container172=container172.pk,
        active_status=active.pk,
        load_seconds=time.perf_counter() - started,
        first_free16=[f"{netaddr.IPAddress(network16.first + offset, 4)}/16" for offset in islice(free16, 100)],
    )


def maintain_tables() -> None:
    """Statistics and a vacuumed heap, as PostgreSQL's autovacuum and InnoDB's persistent stats keep them.

    Without it PostgreSQL would time the benchmark's own leftovers: every create/delete pair of case C leaves
    20,000 dead row versions behind, which autovacuum would have cleared between two such rare operations.
    """
    from django.db import connection

    from netkeel.ipam.models import IPAddress, Prefix

    # Table names come from the models, not from input; maintenance statements take no parameters.
    tables = [connection.ops.quote_name(model._meta.db_table) for model in (Prefix, IPAddress)]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"VACUUM ANALYZE {', '.join(tables)}")
        elif connection.vendor == "mysql":
            cursor.execute(f"ANALYZE TABLE {', '.join(tables)}")
            cursor.fetchall()


# Measuring -----------------------------------------------------------------------------------------
@contextmanager
def captured_queries() -> Iterator[Any]:
    """CaptureQueriesContext on a cleared log: Django keeps only the last 9,000 queries, so counts need a fresh one."""
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    reset_queries()
    with CaptureQueriesContext(connection) as context:
        yield context


def timed(function: Callable[[], Answer], runs: int) -> tuple[Timing, Answer]:
    """Median wall time of `runs` calls after one warm-up call, and the query count of the last one."""
    result = function()
    samples = []
    queries = 0
    for _ in range(runs):
        with captured_queries() as context:
            started = time.perf_counter()
            result = function()
            samples.append((time.perf_counter() - started) * 1000)
        queries = len(context)
    return Timing(statistics.median(samples), queries, [round(sample, 3) for sample in samples]), result


def check_equal(name: str, netkeel_answer: object, naive_answer: object) -> None:
    if netkeel_answer != naive_answer:
        raise SystemExit(f"netkeel and the naive version disagree on {name!r}: {netkeel_answer!r} != {naive_answer!r}")


def ipv4_network(network: bytes, length: int) -> netaddr.IPNetwork:
    from netkeel.ipam.fields import bytes_to_address

    return netaddr.IPNetwork((bytes_to_address(network), length), version=4)


# Naive versions: the same rows, answered by netaddr as Nautobot does ----------------------------------
def naive_container_utilization(prefix: Any) -> tuple[int, int]:
    parent = ipv4_network(prefix.network, prefix.prefix_length)
    rows = prefix.children.values_list("network", "prefix_length")
    children = netaddr.IPSet(ipv4_network(network, length) for network, length in rows)
    return (children & netaddr.IPSet([parent])).size, parent.size


def naive_addresses(prefix: Any) -> netaddr.IPSet:
    from netkeel.ipam.fields import bytes_to_address
    from netkeel.ipam.models import IPAddress
    from netkeel.ipam.queries import within_filter

    hosts = IPAddress.objects.filter(**within_filter(prefix)).values_list("host", flat=True)
    return netaddr.IPSet(netaddr.IPAddress(bytes_to_address(host), 4) for host in hosts)


def naive_network_utilization(prefix: Any) -> tuple[int, int]:
    parent = ipv4_network(prefix.network, prefix.prefix_length)
    used = naive_addresses(prefix) & netaddr.IPSet([parent])
    used -= netaddr.IPSet([parent.network, parent.broadcast])
    return used.size, parent.size - 2


def naive_available_addresses(prefix: Any, count: int) -> list[str]:
    parent = ipv4_network(prefix.network, prefix.prefix_length)
    free = netaddr.IPSet([parent]) - naive_addresses(prefix)
    free -= netaddr.IPSet([parent.network, parent.broadcast])
    return [f"{address}/{parent.prefixlen}" for address in islice(free, count)]


@dataclass(frozen=True)
class NaiveReparent:
    """One naive re-parenting run: a fixed part, then a per-row cost measured on a sample of the rows."""

    fixed_ms: float
    per_row_ms: float
    fixed_queries: int
    per_row_queries: float
    rows: int

    @property
    def extrapolated_ms(self) -> float:
        return self.fixed_ms + self.per_row_ms * self.rows

    @property
    def extrapolated_queries(self) -> int:
        return round(self.fixed_queries + self.per_row_queries * self.rows)


def naive_reparent_sample(text: str, status_id: Any, sample: int) -> NaiveReparent:
    """Create the prefix, then give each prefix inside it its closest parent with one `save()` per row.

    The closest parent is found in Python: the child's supernets, longest first, looked up among every prefix of
    the namespace (loaded once). Only `sample` rows are saved; everything is rolled back afterwards.
    """
    from django.db import transaction

    from netkeel.ipam.fields import address_to_bytes
    from netkeel.ipam.models import Namespace, Prefix
    from netkeel.ipam.models.namespaces import GLOBAL_NAMESPACE

    new = netaddr.IPNetwork(text)
    outcome: NaiveReparent | None = None
    try:
        with transaction.atomic(), captured_queries() as context:
            started = time.perf_counter()
            namespace = Namespace.objects.get(name=GLOBAL_NAMESPACE)
            rows = Prefix.objects.filter(namespace=namespace, ip_version=4).values_list(
                "pk", "network", "prefix_length"
            )
            known = {ipv4_network(network, length): pk for pk, network, length in rows}
            created = Prefix(
                network=address_to_bytes(new.first, 4),
                broadcast=address_to_bytes(new.last, 4),
                prefix_length=new.prefixlen,
                ip_version=4,
                namespace=namespace,
                parent_id=closest_known(new, known),
                type="container",
                status_id=status_id,
            )
            created.save(force_insert=True)
            known[new] = created.pk
            inside = list(
                Prefix.objects.filter(
                    namespace=namespace,
                    ip_version=4,
                    network__gte=created.network,
                    broadcast__lte=created.broadcast,
                    prefix_length__gt=new.prefixlen,
                )
            )
            fixed_ms = (time.perf_counter() - started) * 1000
            fixed_queries = len(context)
            measured = inside[:sample]
            started = time.perf_counter()
            for child in measured:
                child.parent_id = closest_known(ipv4_network(child.network, child.prefix_length), known)
                child.save()
            per_row_ms = (time.perf_counter() - started) * 1000 / len(measured)
            per_row_queries = (len(context) - fixed_queries) / len(measured)
            outcome = NaiveReparent(fixed_ms, per_row_ms, fixed_queries, per_row_queries, len(inside))
            raise _Rollback
    except _Rollback:
        pass
    assert outcome is not None
    return outcome


def closest_known(network: netaddr.IPNetwork, known: dict[netaddr.IPNetwork, Any]) -> Any:
    """The pk of the longest known prefix that strictly contains `network`, or None."""
    return next((known[supernet] for supernet in reversed(network.supernet()) if supernet in known), None)


# Cases -----------------------------------------------------------------------------------------------
def bench_utilization(fixtures: Fixtures, runs: int, naive_runs: int) -> list[CaseResult]:
    from netkeel.ipam import queries
    from netkeel.ipam.models import Prefix

    results = []
    container = Prefix.objects.get(pk=fixtures.container8)
    name = f"A. container /8, {CONTAINER_CHILDREN:,} child /24s: utilization"
    netkeel_timing, answer = timed(lambda: queries.utilization(container), runs)
    naive_timing, naive_answer = timed(lambda: naive_container_utilization(container), naive_runs)
    check_equal(name, (answer.used, answer.total), naive_answer)
    check_equal(name, naive_answer, (CONTAINER_CHILDREN * 256, 1 << 24))
    results.append(CaseResult(name, CONTAINER_CHILDREN, netkeel_timing, naive_timing))

    network = Prefix.objects.get(pk=fixtures.network8)
    name = f"A. network /8, {NETWORK8_ADDRESSES:,} addresses: utilization"
    netkeel_timing, answer = timed(lambda: queries.utilization(network), runs)
    naive_timing, naive_answer = timed(lambda: naive_network_utilization(network), naive_runs)
    check_equal(name, (answer.used, answer.total), naive_answer)
    check_equal(name, naive_answer, (NETWORK8_ADDRESSES, (1 << 24) - 2))
    results.append(CaseResult(name, NETWORK8_ADDRESSES, netkeel_timing, naive_timing))
    return results


def bench_available_addresses(fixtures: Fixtures, runs: int, naive_runs: int) -> CaseResult:
    from netkeel.ipam import queries
    from netkeel.ipam.models import Prefix

    network = Prefix.objects.get(pk=fixtures.network16)
    name = f"B. network /16, {NETWORK16_ADDRESSES:,} used: first 100 free"
    netkeel_timing, answer = timed(lambda: queries.available_addresses(network, 100), runs)
    naive_timing, naive_answer = timed(lambda: naive_available_addresses(network, 100), naive_runs)
    check_equal(name, answer, naive_answer)
    check_equal(name, naive_answer, fixtures.first_free16)
    return CaseResult(name, NETWORK16_ADDRESSES, netkeel_timing, naive_timing)


def bench_create_prefix(fixtures: Fixtures, runs: int, naive_runs: int) -> CaseResult:
    """Create 172.16.0.0/12 above the /26s and delete it again, `runs` times after a warm-up pair."""
    from netkeel.ipam import services
    from netkeel.ipam.models import Prefix

    text = "172.16.0.0/12"
    container = Prefix.objects.get(pk=fixtures.container172)
    create_ms: list[float] = []
    delete_ms: list[float] = []
    create_queries = delete_queries = 0
    for run in range(runs + 1):
        maintain_tables()
        with captured_queries() as context:
            started = time.perf_counter()
            created = services.create_prefix(text, type="container", status_id=fixtures.active_status)
            elapsed = (time.perf_counter() - started) * 1000
        adopted = Prefix.objects.filter(parent=created).count()
        left = Prefix.objects.filter(parent=container).exclude(pk=created.pk).count()
        if adopted != REPARENTED_CHILDREN or left:
            raise SystemExit(f"create_prefix({text}) re-parented {adopted} prefixes and left {left} on {container}.")
        if run:
            create_ms.append(elapsed)
            create_queries = len(context)
        with captured_queries() as context:
            started = time.perf_counter()
            services.delete_prefix(created)
            elapsed = (time.perf_counter() - started) * 1000
        if Prefix.objects.filter(parent=container).count() != REPARENTED_CHILDREN:
            raise SystemExit(f"delete_prefix({text}) did not hand its children back to {container}.")
        if run:
            delete_ms.append(elapsed)
            delete_queries = len(context)
    netkeel_timing = Timing(statistics.median(create_ms), create_queries, [round(ms, 3) for ms in create_ms])

    maintain_tables()
    naive_reparent_sample(text, fixtures.active_status, NAIVE_REPARENT_SAMPLE)  # warm-up
    naive = [naive_reparent_sample(text, fixtures.active_status, NAIVE_REPARENT_SAMPLE) for _ in range(naive_runs)]
    typical = sorted(naive, key=lambda sample: sample.extrapolated_ms)[len(naive) // 2]
    naive_timing = Timing(
        statistics.median(sample.extrapolated_ms for sample in naive),
        typical.extrapolated_queries,
        [round(sample.extrapolated_ms, 1) for sample in naive],
    )
    return CaseResult(
        f"C. create /12 above {REPARENTED_CHILDREN:,} prefixes (re-parent)",
        REPARENTED_CHILDREN,
        netkeel_timing,
        naive_timing,
        naive_note=(
            f"row-by-row save() timed on {NAIVE_REPARENT_SAMPLE} of {typical.rows:,} rows and extrapolated "
            f"linearly: {typical.fixed_ms:.0f} ms fixed + {typical.per_row_ms:.3f} ms/row"
        ),
        extra={
            "delete_prefix_median_ms": round(statistics.median(delete_ms), 3),
            "delete_prefix_samples_ms": [round(ms, 3) for ms in delete_ms],
            "delete_prefix_queries": delete_queries,
            "naive_samples": [asdict(sample) for sample in naive],
        },
    )


def explain_plans(fixtures: Fixtures) -> dict[str, str]:
    """The plans of the statements each case runs (as their SELECT form), to see whether the index is used."""
    from django.db import connection

    from netkeel.ipam.models import IPAddress, Prefix
    from netkeel.ipam.queries import within_filter

    container = Prefix.objects.get(pk=fixtures.container8)
    network8 = Prefix.objects.get(pk=fixtures.network8)
    network16 = Prefix.objects.get(pk=fixtures.network16)
    container172 = Prefix.objects.get(pk=fixtures.container172)
    last = netaddr.IPNetwork("172.16.0.0/12").last
    querysets = {
        "A container: child_prefix_spans": container.children.order_by("network").values_list("network", "broadcast"),
        "A network: address_spans": IPAddress.objects.filter(**within_filter(network8))
        .order_by("host")
        .values_list("host", flat=True),
        "B: address_spans": IPAddress.objects.filter(**within_filter(network16))
        .order_by("host")
        .values_list("host", flat=True),
        "C: adopt_descendants (rows it updates)": Prefix.objects.filter(
            parent=container172,
            namespace_id=container172.namespace_id,
            ip_version=4,
            network__gte=netaddr.IPAddress("172.16.0.0").packed,
            broadcast__lte=netaddr.IPAddress(last, 4).packed,
            prefix_length__gt=12,
        )
        .order_by()
        .values_list("pk", flat=True),
    }
    options: dict[str, Any] = {"analyze": True} if connection.vendor in {"postgresql", "mysql"} else {}
    return {label: queryset.explain(**options) for label, queryset in querysets.items()}


# Report --------------------------------------------------------------------------------------------
def print_table(engine: str, results: list[CaseResult]) -> None:
    header = (
        f"{'case':<56} {'rows':>8} {'netkeel ms':>10} {'queries':>7} {'naive ms':>10} {'queries':>7}"
        f" {'faster':>7}  goal"
    )
    print(f"\nIPAM benchmark on {engine}\n")
    print(header)
    print("-" * len(header))
    for result in results:
        goal = "met" if result.meets_goal else f"MISSED (< {GOAL_MS:.0f} ms, >= {GOAL_RATIO:.0f}x)"
        print(
            f"{result.name:<56} {result.rows:>8,} {result.netkeel.median_ms:>10.2f} {result.netkeel.queries:>7,}"
            f" {result.naive.median_ms:>10.1f} {result.naive.queries:>7,} {result.ratio:>6.0f}x  {goal}"
        )
    for result in results:
        if result.naive_note:
            print(f"\n{result.name[:2]} naive: {result.naive_note}.")
        if "delete_prefix_median_ms" in result.extra:
            print(
                f"{result.name[:2]} delete_prefix of the /12 (children handed back): "
                f"{result.extra['delete_prefix_median_ms']:.1f} ms, {result.extra['delete_prefix_queries']} queries."
            )


def write_json(target: Path, report: dict[str, Any], results: list[CaseResult]) -> None:
    report["cases"] = [
        {
            **asdict(result),
            "ratio": round(result.ratio, 1),
            "meets_goal": result.meets_goal,
        }
        for result in results
    ]
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(report, indent=2, default=str) + "\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=("sqlite", "postgresql", "mysql"), default="sqlite")
    parser.add_argument("--runs", type=int, default=7, help="timed runs of each netkeel case (median; default 7)")
    parser.add_argument("--naive-runs", type=int, default=5, help="timed runs of each naive case (default 5)")
    parser.add_argument("--seed", type=int, default=20240601, help="seed of the generated rows")
    parser.add_argument("--explain", action="store_true", help="print the query plans (always in the JSON)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary root and database")
    parser.add_argument("--check", action="store_true", help="exit 1 when a case misses the goal")
    options = parser.parse_args(argv)
    if options.runs < 1 or options.naive_runs < 1:
        parser.error("--runs and --naive-runs must be at least 1")

    root = Path(tempfile.mkdtemp(prefix="netkeel-bench-ipam-"))
    environment = configure_environment(root, options.db)
    recreate_database(options.db)
    try:
        import django
        from django.core.management import call_command

        import netkeel

        netkeel.setup()
        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        migrate_seconds = time.perf_counter() - started
        print(f"Loading fixtures into {options.db} ({root}) ...", flush=True)
        fixtures = load_fixtures(options.seed)
        print(f"  {fixtures.load_seconds:.1f} s; measuring ...", flush=True)
        results = bench_utilization(fixtures, options.runs, options.naive_runs)
        results.append(bench_available_addresses(fixtures, options.runs, options.naive_runs))
        results.append(bench_create_prefix(fixtures, options.runs, options.naive_runs))
        plans = explain_plans(fixtures)
        print_table(options.db, results)
        if options.explain:
            for label, plan in plans.items():
                print(f"\nEXPLAIN {label}:\n{plan}")
        report: dict[str, Any] = {
            "benchmark": "ipam",
            "engine": options.db,
            "measured_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "environment": {
                "netkeel": netkeel.__version__,
                "django": django.get_version(),
                "python": platform.python_version(),
                "netaddr": netaddr.__version__,
                "machine": f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs",
                **environment,
            },
            "runs": options.runs,
            "naive_runs": options.naive_runs,
            "seed": options.seed,
            "migrate_seconds": round(migrate_seconds, 2),
            "fixture_load_seconds": round(fixtures.load_seconds, 2),
            "goal": {"netkeel_ms_below": GOAL_MS, "ratio_at_least": GOAL_RATIO},
            "explain": plans,
        }
        target = RESULTS / f"ipam-{options.db}.json"
        write_json(target, report, results)
        print(f"\nwritten to {target}")
    finally:
        from django.db import connections

        connections.close_all()
        if not options.keep:
            recreate_database(options.db, drop_only=True)
            shutil.rmtree(root, ignore_errors=True)
    missed = [result.name for result in results if not result.meets_goal]
    if missed:
        print(f"goal missed by: {'; '.join(missed)}")
    return 1 if missed and options.check else 0


if __name__ == "__main__":
    sys.exit(main())
