"""A throwaway netkeel for a benchmark: the NETKEEL_* environment of a temporary root (and, on PostgreSQL,
a database of the benchmark's own on postgres@127.0.0.1), and `netkeel-server` run in it. A developer's own
config and database are never read: their NETKEEL_CONFIG, NETKEEL_DATABASE_URL and NETKEEL_DB_NAME are
dropped from this process's environment, which every subprocess inherits."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any


def configure_environment(root: Path, engine: str, pg_database: str) -> dict[str, str]:
    """Point this process and its children at `root` and a database of `engine`; the NETKEEL_DB_* set."""
    for key in ("NETKEEL_CONFIG", "NETKEEL_DATABASE_URL", "NETKEEL_DB_NAME", "DJANGO_SETTINGS_MODULE"):
        os.environ.pop(key, None)
    os.environ["NETKEEL_ROOT"] = str(root)
    os.environ["NETKEEL_SECRET_KEY"] = "netkeel-benchmark-key"
    os.environ["NETKEEL_DB_ENGINE"] = engine
    if engine == "postgresql":
        os.environ["NETKEEL_DB_NAME"] = pg_database
        os.environ.setdefault("NETKEEL_DB_USER", "postgres")
        os.environ.setdefault("NETKEEL_DB_HOST", "127.0.0.1")
    return {key: value for key, value in os.environ.items() if key.startswith("NETKEEL_DB_")}


def recreate_pg_database(name: str, *, drop_only: bool = False) -> None:
    """Drop the PostgreSQL database `name` (sessions still on it ended) and, unless `drop_only`, create it."""
    import psycopg
    from psycopg import sql

    with psycopg.connect(
        host=os.environ["NETKEEL_DB_HOST"],
        port=int(os.environ.get("NETKEEL_DB_PORT", "5432")),
        user=os.environ["NETKEEL_DB_USER"],
        password=os.environ.get("NETKEEL_DB_PASSWORD", ""),
        dbname="postgres",
        autocommit=True,
    ) as admin:
        identifier = sql.Identifier(name)
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(identifier))
        if not drop_only:
            admin.execute(sql.SQL("CREATE DATABASE {}").format(identifier))


def netkeel_server(*args: str) -> float:
    """Run a netkeel-server command in a subprocess; its wall seconds. Stops the benchmark on failure."""
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "netkeel", *args], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.exit(f"netkeel-server {' '.join(args)} failed:\n{done.stderr or done.stdout}")
    return time.perf_counter() - started


def install_demo(size: str, seed: int, token: str) -> dict[str, float]:
    """Install the configured root as an operator does: `post_upgrade`, the demo network of `size`, the
    superuser (NETKEEL_SUPERUSER_PASSWORD) and an API token `token` of it. Seconds of the two long steps."""
    seconds = {"post_upgrade": netkeel_server("post_upgrade", "--no-input", "--no-backup")}
    print(f"Generating the {size} demo network in {os.environ['NETKEEL_ROOT']} ...", flush=True)
    seconds["generate_demo_data"] = netkeel_server("generate_demo_data", "--size", size, "--seed", str(seed))
    netkeel_server("ensure_superuser")
    netkeel_server("create_token", "admin", "--key", token)
    return seconds


def load_average() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def environment(server: str) -> dict[str, str]:
    """Versions, the machine and its load average now (after `netkeel.setup()`), for a results file."""
    import platform

    import django

    import netkeel

    return {
        "netkeel": netkeel.__version__,
        "django": django.get_version(),
        "python": platform.python_version(),
        "machine": f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs",
        "server": server,
        "load_average_before": load_average(),
    }


def write_results(results: Any, name: str) -> None:
    """A dataclass of results as `benchmarks/results/<name>.json`."""
    import dataclasses
    import json

    output = Path(__file__).resolve().parent / "results" / f"{name}.json"
    output.parent.mkdir(exist_ok=True)
    output.write_text(json.dumps(dataclasses.asdict(results), indent=2) + "\n")
    print(f"\nWrote {output}")


def tear_down(root: Path, engine: str, pg_database: str, *, keep: bool) -> None:
    """Close this process's connections, then remove the root and the PostgreSQL database (unless `keep`)."""
    if "django" in sys.modules:
        from django.db import connections

        connections.close_all()
    if keep:
        print(f"Kept {root}" + (f" and database {pg_database}" if engine == "postgresql" else ""))
        return
    if engine == "postgresql":
        recreate_pg_database(pg_database, drop_only=True)
    shutil.rmtree(root, ignore_errors=True)


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(root: Path, workers: int) -> tuple[subprocess.Popen[bytes], str]:
    """`netkeel-server start` with `workers` workers on a free loopback port (its log in `root`/server.log);
    returns the process and its URL once /health/ answers."""
    import urllib.request

    port = free_port()
    log = open(root / "server.log", "wb")  # closed when the process is stopped
    process = subprocess.Popen(
        [sys.executable, "-m", "netkeel", "start", "--bind", f"127.0.0.1:{port}", "--workers", str(workers)],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while True:
        try:
            with urllib.request.urlopen(f"{url}/health/", timeout=5) as response:
                if response.status == 200:
                    return process, url
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            sys.exit(f"netkeel did not start:\n{(root / 'server.log').read_text()[-3000:]}")
        time.sleep(0.2)


def stop_server(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextmanager
def demo_root(name: str, size: str, seed: int, engine: str, token: str, *, keep: bool) -> Iterator[tuple[Path, Any]]:
    """A throwaway root (and, on PostgreSQL, a database `netkeel_bench_<name>_<pid>`) installed with the demo
    network of `size` and set up in this process; yields the root and the install's seconds, then removes
    both (unless `keep`)."""
    root = Path(tempfile.mkdtemp(prefix=f"netkeel-bench-{name}-"))
    pg_database = f"netkeel_bench_{name}_{os.getpid()}"
    configure_environment(root, engine, pg_database)
    if engine == "postgresql":
        recreate_pg_database(pg_database)
    try:
        seconds = install_demo(size, seed, token)
        import netkeel

        netkeel.setup()
        yield root, seconds
    finally:
        tear_down(root, engine, pg_database, keep=keep)
