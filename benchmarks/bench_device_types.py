"""Benchmark importing the whole community device-type library (`netkeel-server import_device_types`).

    python benchmarks/bench_device_types.py [--db sqlite|postgresql] [--keep]

In a throwaway root (and, on PostgreSQL, a scratch `netkeel_bench_device_types_<pid>` database), after `migrate`:
the library of ../shared/data/devicetype-library.tar.gz (2,984 device types; its README says where it comes
from) unpacked into the root, then `import_files` over its `device-types/` twice in this process, as the
command runs it: the first import creates everything (one transaction per file), the second finds nothing to
change. Each is timed in wall and CPU seconds (CPU is what a busy machine inflates least) with its query
count; the files refused are listed with their reasons. Results go to
`benchmarks/results/device_types-<engine>.json`.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tarfile
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from throwaway import (
    configure_environment,
    environment,
    load_average,
    netkeel_server,
    recreate_pg_database,
    write_results,
)

LIBRARY = Path(__file__).resolve().parents[2] / "shared" / "data" / "devicetype-library.tar.gz"
PG_DATABASE = f"netkeel_bench_device_types_{os.getpid()}"  # this run's own


@dataclass
class Run:
    files: int = 0
    created: int = 0
    unchanged: int = 0
    failed: int = 0
    wall_seconds: float = 0.0
    cpu_seconds: float = 0.0
    queries: int = 0


@dataclass
class Results:
    engine: str
    environment: dict[str, str]
    first_import: Run = field(default_factory=Run)
    second_import: Run = field(default_factory=Run)
    templates: dict[str, int] = field(default_factory=dict)
    refused: list[str] = field(default_factory=list)


@contextmanager
def counted_queries() -> Iterator[Callable[[], int]]:
    from django.db import connection

    count = 0

    def counter(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        nonlocal count
        count += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counter):
        yield lambda: count


def timed_import(folder: Path) -> tuple[Run, Any]:
    from netkeel.dcim.device_type_library import import_files

    with counted_queries() as queries:
        wall, cpu = time.perf_counter(), time.process_time()
        report = import_files([folder])
        run = Run(
            files=len(report.imported) + len(report.failed),
            created=report.count("created"),
            unchanged=report.count("unchanged"),
            failed=len(report.failed),
            wall_seconds=round(time.perf_counter() - wall, 2),
            cpu_seconds=round(time.process_time() - cpu, 2),
            queries=queries(),
        )
    return run, report


def print_table(results: Results) -> None:
    print(f"\ndevice-type library import, {results.engine} (load average {load_average()})\n")
    print(f"{'run':<16}{'files':>7}{'created':>9}{'unchanged':>11}{'failed':>8}{'wall s':>9}{'cpu s':>8}{'queries':>9}")
    for name, run in (("first import", results.first_import), ("second import", results.second_import)):
        print(
            f"{name:<16}{run.files:>7}{run.created:>9}{run.unchanged:>11}{run.failed:>8}"
            f"{run.wall_seconds:>9.1f}{run.cpu_seconds:>8.1f}{run.queries:>9}"
        )
    for name, run in (("first", results.first_import), ("second", results.second_import)):
        per_file = 1000 * run.cpu_seconds / max(run.files, 1)
        print(f"{name} import per file: {per_file:.1f} ms CPU, {run.queries / max(run.files, 1):.1f} queries")
    print(f"templates: {results.templates}")
    print(f"refused ({len(results.refused)}, each refused by Nautobot too):")
    for line in results.refused:
        print(f"  {line}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--keep", action="store_true", help="Keep the temporary root (and PostgreSQL database).")
    options = parser.parse_args(argv)
    if not LIBRARY.exists():
        sys.exit(f"The device-type library is not at {LIBRARY}; see ../shared/data/README.md.")

    root = Path(tempfile.mkdtemp(prefix="netkeel-bench-device-types-"))
    configure_environment(root, options.db, PG_DATABASE)
    if options.db == "postgresql":
        recreate_pg_database(PG_DATABASE)
    try:
        netkeel_server("migrate", "--no-input")
        with tarfile.open(LIBRARY) as archive:
            archive.extractall(root / "library", filter="data")
        folder = root / "library" / "device-types"

        import netkeel

        netkeel.setup()
        from netkeel.dcim.models import TEMPLATE_MODELS

        results = Results(engine=options.db, environment=environment(options.db))
        print(f"Importing {folder} ...", flush=True)
        results.first_import, report = timed_import(folder)
        results.refused = [str(failed).replace(f"{folder}/", "") for failed in report.failed]
        results.second_import, _ = timed_import(folder)
        results.templates = {model.__name__: model.objects.count() for model in TEMPLATE_MODELS}
        print_table(results)
        write_results(results, f"device_types-{options.db}")
    finally:
        from django.db import connections

        connections.close_all()
        if not options.keep:
            if options.db == "postgresql":
                recreate_pg_database(PG_DATABASE, drop_only=True)
            shutil.rmtree(root, ignore_errors=True)
        else:
            print(f"Kept {root}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
