"""The test suite's own settings (netkeel.conf.testing) under pytest-xdist: each worker caches under a key
prefix of its own, which the processes it starts inherit unchanged."""

from __future__ import annotations

import os
import subprocess
import sys

PRINT_PREFIX = (
    "import os; from django.conf import settings; "
    "print(settings.CACHE_KEY_PREFIX, os.environ['NETKEEL_CACHE_KEY_PREFIX'])"
)


def _prefixes(**env: str) -> list[str]:
    environment = {key: value for key, value in os.environ.items() if key != "PYTEST_XDIST_WORKER"}
    environment.update({"DJANGO_SETTINGS_MODULE": "netkeel.conf.testing", **env})
    done = subprocess.run(
        [sys.executable, "-c", PRINT_PREFIX], env=environment, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


def test_each_xdist_worker_caches_under_a_prefix_of_its_own() -> None:
    gw0 = _prefixes(NETKEEL_CACHE_KEY_PREFIX="netkeel-test-run1", PYTEST_XDIST_WORKER="gw0")
    gw1 = _prefixes(NETKEEL_CACHE_KEY_PREFIX="netkeel-test-run1", PYTEST_XDIST_WORKER="gw1")
    assert gw0 == ["netkeel-test-run1-gw0", "netkeel-test-run1-gw0"]
    assert gw1 == ["netkeel-test-run1-gw1", "netkeel-test-run1-gw1"]
    # A process a worker starts inherits the worker's prefix and keeps it as it is.
    assert _prefixes(NETKEEL_CACHE_KEY_PREFIX="netkeel-test-run1-gw1", PYTEST_XDIST_WORKER="gw1") == gw1
    # Without xdist the session's prefix is used as given.
    assert _prefixes(NETKEEL_CACHE_KEY_PREFIX="netkeel-test-run1") == ["netkeel-test-run1"] * 2
