"""Fixtures shared by every test: real services, or a clear skip (a failure in CI) when one is missing."""

from __future__ import annotations

import os
import socket
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from netkeel.core.testing.commands import run_netkeel_server

# `api` (a superuser token client) for every app's API tests; `live_netkeel` (a real gunicorn service);
# `chromium`/`page` (headless Chromium signed in to `live_netkeel`) for browser tests.
pytest_plugins = ["netkeel.core.testing.api", "netkeel.core.testing.live", "netkeel.core.testing.browser"]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A transactional test empties every table when it ends, the rows the migrations seed (statuses, roles,
    content types, the Global namespace) with them. In one process pytest-django runs those tests after all
    the others; `make test`'s pytest-xdist workers take whole files in any order, so a test after one would
    find no "Active". Such tests get serialized_rollback (the database is serialized once, when created, and
    the flush leaves content types to it), and `pytest_runtest_teardown` puts the seeded rows back."""
    for item in items:
        marker = item.get_closest_marker("django_db")
        if marker is not None and marker.kwargs.get("transaction") and not marker.kwargs.get("serialized_rollback"):
            item.add_marker(
                pytest.mark.django_db(*marker.args, **{**marker.kwargs, "serialized_rollback": True}), False
            )


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    yield
    marker = item.get_closest_marker("django_db")
    if marker is None or not marker.kwargs.get("transaction"):
        return
    if nextitem is None:
        # The last test's teardown also ends the session: the test databases are gone and the connections point
        # at the configured database again (on a developer's machine, the one `make run` serves). Nothing to
        # put back, and nothing may be written there.
        return
    from django.db import connections
    from pytest_django.plugin import blocking_manager_key

    with item.config.stash[blocking_manager_key].unblock():
        for connection in connections.all(initialized_only=True):
            contents = getattr(connection, "_test_serialized_contents", None)
            if contents:
                connection.creation.deserialize_db_from_string(contents)


SERVICES = {"postgresql": ("127.0.0.1", 5432), "mysql": ("127.0.0.1", 3306), "redis": ("127.0.0.1", 6379)}


def _reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


@pytest.fixture
def require_service() -> Callable[[str], None]:
    """Skip when a local service is not running; with NETKEEL_REQUIRE_SERVICES=1 (CI), fail instead."""

    def require(name: str) -> None:
        host, port = SERVICES[name]
        if _reachable(host, port):
            return
        message = f"{name} is not running on {host}:{port}"
        if os.environ.get("NETKEEL_REQUIRE_SERVICES") == "1":
            pytest.fail(message)
        pytest.skip(message)

    return require


@pytest.fixture
def clean_env(tmp_path: Path) -> Iterator[dict[str, str]]:
    """An environment for a `netkeel-server` subprocess: no NETKEEL_* of the developer, a fresh root."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("NETKEEL_")}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env["NETKEEL_ROOT"] = str(tmp_path / "root")
    env["HOME"] = str(tmp_path / "home")
    yield env


@pytest.fixture
def netkeel_server(clean_env: dict[str, str]) -> Callable[..., subprocess.CompletedProcess[str]]:
    """Run `netkeel-server ARGS` in a subprocess; returns the completed process (text output)."""

    # A limit that catches a hang, not a slow machine: `make test` runs a worker per CPU beside these subprocesses.
    def run(*args: str, env: dict[str, str] | None = None, timeout: float = 300) -> subprocess.CompletedProcess[str]:
        return run_netkeel_server(*args, env={**clean_env, **(env or {})}, timeout=timeout)

    return run
