"""Benchmark netkeel's streaming IP interval math against the naive netaddr IPSet way Nautobot computes.

Run `python benchmarks/bench_ipmath.py` (no Django, no database). Inputs are generated from fixed seeds and
sorted before timing, as the database delivers rows sorted by network address; the IPSet side is also handed
ready-made netaddr objects, as Nautobot's ORM fields deliver them, so only the set arithmetic is timed. Each case
prints the median of several runs and both answers are checked equal. Results go to benchmarks/results/ipmath.json.
Goal: every ipmath case under 100 ms and at least 20 times faster than IPSet (`--check` exits 1 if missed).
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from itertools import islice
from pathlib import Path
from typing import Any

import netaddr

# Runnable from a checkout without installing netkeel: the repository root holds the package.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from netkeel.ipam.ipmath import (
    Span,
    available_addresses,
    available_prefixes,
    prefix_span,
    utilization,
)

RESULTS = Path(__file__).resolve().parent / "results" / "ipmath.json"
GOAL_MS = 100.0
GOAL_RATIO = 20.0
CHILD_LENGTHS = (20, 22, 23, 24, 24, 24, 24, 25, 26, 27, 28)


@dataclass(frozen=True)
class CaseResult:
    name: str
    rows: int
    ipmath_ms: float
    ipset_ms: float

    @property
    def ratio(self) -> float:
        return self.ipset_ms / self.ipmath_ms

    @property
    def meets_goal(self) -> bool:
        return self.ipmath_ms < GOAL_MS and self.ratio >= GOAL_RATIO


@dataclass(frozen=True)
class Case:
    """One question answered twice: by ipmath over sorted int spans and by IPSet over netaddr objects."""

    name: str
    rows: int
    ipmath: Callable[[], object]
    ipset: Callable[[], object]


def median_ms(function: Callable[[], object], runs: int) -> tuple[float, object]:
    timings = []
    result: object = None
    for _ in range(runs):
        started = time.perf_counter()
        result = function()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings), result


def ipv4(address: int) -> netaddr.IPAddress:
    return netaddr.IPAddress(address, 4)


def container_utilization_case(seed: int) -> Case:
    """A 10.0.0.0/8 container holding 10,000 child prefixes, mostly /24s, from /20 to /28, some nested.

    Lengths are drawn as an address plan looks (site blocks, then /24 networks and smaller links); a uniform
    draw from /16 would let a few hundred /16s swallow the rest and measure little but IPSet's collapsing.
    """
    rng = random.Random(seed)
    network, length = int(netaddr.IPAddress("10.0.0.0")), 8
    children = []
    for _ in range(10_000):
        child_length = rng.choice(CHILD_LENGTHS)
        host_bits = 32 - child_length
        first = (network + rng.randrange(1 << 24)) >> host_bits << host_bits
        children.append((first, child_length))
    children.sort()
    spans = [prefix_span(first, child_length, 4) for first, child_length in children]
    parent = netaddr.IPNetwork((network, length), version=4)
    child_networks = [netaddr.IPNetwork((first, child_length), version=4) for first, child_length in children]

    def with_ipmath() -> tuple[int, int]:
        result = utilization(network, length, 4, "container", spans)
        return result.used, result.total

    def with_ipset() -> tuple[int, int]:
        used = netaddr.IPSet(child_networks) & netaddr.IPSet([parent])
        return used.size, parent.size

    return Case("container /8, 10,000 child prefixes: utilization", len(spans), with_ipmath, with_ipset)


def network_utilization_case(seed: int) -> Case:
    """A 10.0.0.0/8 network holding 100,000 addresses."""
    rng = random.Random(seed)
    network, length = int(netaddr.IPAddress("10.0.0.0")), 8
    hosts = sorted(network + offset for offset in rng.sample(range(1, (1 << 24) - 1), 100_000))
    spans = [Span(host, host) for host in hosts]
    parent = netaddr.IPNetwork((network, length), version=4)
    addresses = [ipv4(host) for host in hosts]

    def with_ipmath() -> tuple[int, int]:
        result = utilization(network, length, 4, "network", spans)
        return result.used, result.total

    def with_ipset() -> tuple[int, int]:
        used = netaddr.IPSet(addresses) & netaddr.IPSet([parent])
        used -= netaddr.IPSet([parent.network, parent.broadcast])
        return used.size, parent.size - 2

    return Case("network /8, 100,000 addresses: utilization", len(spans), with_ipmath, with_ipset)


def first_free_addresses_case(seed: int) -> Case:
    """The first 100 free addresses of 10.20.0.0/16 with 60,000 of its addresses used."""
    rng = random.Random(seed)
    network, length = int(netaddr.IPAddress("10.20.0.0")), 16
    hosts = sorted(network + offset for offset in rng.sample(range(1 << 16), 60_000))
    spans = [Span(host, host) for host in hosts]
    parent = netaddr.IPNetwork((network, length), version=4)
    addresses = [ipv4(host) for host in hosts]

    def with_ipmath() -> list[int]:
        return available_addresses(network, length, 4, "network", spans, 100)

    def with_ipset() -> list[int]:
        free = netaddr.IPSet([parent]) - netaddr.IPSet(addresses)
        free -= netaddr.IPSet([parent.network, parent.broadcast])
        return [int(address) for address in islice(free, 100)]

    return Case("network /16, 60,000 used: first 100 free addresses", len(spans), with_ipmath, with_ipset)


def first_free_ipv6_blocks_case(seed: int) -> Case:
    """The first 10 free /64s of 2001:db8::/32 with 5,000 /64s used, most of them packed at the bottom."""
    rng = random.Random(seed)
    network, length = int(netaddr.IPAddress("2001:db8::")), 32
    indexes = sorted(
        set(range(4_000)) - set(rng.sample(range(4_000), 10)) | set(rng.sample(range(4_000, 1 << 20), 1_000))
    )
    spans = [prefix_span(network + (index << 64), 64, 6) for index in indexes]
    parent = netaddr.IPNetwork((network, length), version=6)
    used_networks = [netaddr.IPNetwork((first, 64), version=6) for first, _ in spans]

    def with_ipmath() -> list[tuple[int, int]]:
        return available_prefixes(Span(parent.first, parent.last), spans, 64, 6, 10)

    def with_ipset() -> list[tuple[int, int]]:
        free = netaddr.IPSet([parent]) - netaddr.IPSet(used_networks)
        blocks = (block for cidr in free.iter_cidrs() if cidr.prefixlen <= 64 for block in cidr.subnet(64))
        return [(block.first, block.prefixlen) for block in islice(blocks, 10)]

    return Case("IPv6 /32, 5,000 used /64s: first 10 free /64s", len(spans), with_ipmath, with_ipset)


def run(runs: int, seed: int) -> list[CaseResult]:
    builders = [container_utilization_case, network_utilization_case, first_free_addresses_case]
    builders.append(first_free_ipv6_blocks_case)
    results = []
    for builder in builders:
        case = builder(seed)
        ipmath_ms, ipmath_answer = median_ms(case.ipmath, runs)
        # IPSet takes seconds on the large cases; three runs still give a median.
        ipset_ms, ipset_answer = median_ms(case.ipset, max(1, min(runs, 3)))
        if ipmath_answer != ipset_answer:
            raise SystemExit(f"ipmath and IPSet disagree on {case.name!r}: {ipmath_answer!r} != {ipset_answer!r}")
        results.append(CaseResult(case.name, case.rows, ipmath_ms, ipset_ms))
    return results


def print_table(results: list[CaseResult]) -> None:
    header = f"{'case':<54} {'rows':>8} {'ipmath ms':>10} {'IPSet ms':>10} {'faster':>8}  goal"
    print(header)
    print("-" * len(header))
    for result in results:
        goal = "met" if result.meets_goal else f"MISSED (< {GOAL_MS:.0f} ms, >= {GOAL_RATIO:.0f}x)"
        print(
            f"{result.name:<54} {result.rows:>8,} {result.ipmath_ms:>10.2f} {result.ipset_ms:>10.1f}"
            f" {result.ratio:>7.0f}x  {goal}"
        )


def write_json(results: list[CaseResult], runs: int, seed: int) -> None:
    report: dict[str, Any] = {
        "benchmark": "ipmath",
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "netaddr": netaddr.__version__,
        "machine": platform.machine(),
        "runs": runs,
        "seed": seed,
        "goal": {"ipmath_ms_below": GOAL_MS, "ratio_at_least": GOAL_RATIO},
        "cases": [
            {
                **asdict(result),
                "ipmath_ms": round(result.ipmath_ms, 3),
                "ipset_ms": round(result.ipset_ms, 1),
                "ratio": round(result.ratio, 1),
                "meets_goal": result.meets_goal,
            }
            for result in results
        ],
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2) + "\n")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="runs per case; the median is reported (default 7)")
    parser.add_argument("--seed", type=int, default=20240601, help="seed of the generated inputs")
    parser.add_argument("--check", action="store_true", help="exit 1 when a case misses the goal")
    arguments = parser.parse_args()
    if arguments.runs < 1:
        parser.error("--runs must be at least 1")
    results = run(arguments.runs, arguments.seed)
    print_table(results)
    write_json(results, arguments.runs, arguments.seed)
    print(f"\nwritten to {RESULTS}")
    missed = [result.name for result in results if not result.meets_goal]
    if missed:
        print(f"goal missed by: {', '.join(missed)}")
    return 1 if missed and arguments.check else 0


if __name__ == "__main__":
    sys.exit(main())
