"""Settings for netkeel's test suite (`DJANGO_SETTINGS_MODULE=netkeel.conf.testing`).

`NETKEEL_TEST_DB` picks the engine: sqlite (default, in memory), postgresql or mysql; the other
`NETKEEL_DB_*` variables still apply, with defaults that fit this project's CI machine (PostgreSQL as
`postgres` and MariaDB as `root` on 127.0.0.1). `NETKEEL_REDIS_URL` puts the cache in Redis, under a key
prefix of the session's own. A developer's own config file and root are never read.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
import uuid

from netkeel.conf import ConfigError
from netkeel.conf.loader import load_settings

TEST_DB = os.environ.get("NETKEEL_TEST_DB", "sqlite").strip().lower() or "sqlite"
_TEST_DB_DEFAULTS: dict[str, dict[str, str]] = {
    "sqlite": {},
    "postgresql": {"NETKEEL_DB_USER": "postgres", "NETKEEL_DB_HOST": "127.0.0.1"},
    "mysql": {"NETKEEL_DB_USER": "root", "NETKEEL_DB_HOST": "127.0.0.1"},
}
if TEST_DB not in _TEST_DB_DEFAULTS:
    raise ConfigError(f"NETKEEL_TEST_DB must be sqlite, postgresql or mysql, not {TEST_DB!r}.")

# A cache key prefix of this session's own, which the processes it starts inherit: test sessions sharing a
# Redis database (CI's PostgreSQL and MariaDB runs, other developers' runs) never read each other's entries,
# so none needs a flush first; what a session leaves expires with CACHE_TIMEOUT.
os.environ.setdefault("NETKEEL_CACHE_KEY_PREFIX", f"netkeel-test-{uuid.uuid4().hex[:16]}")
# pytest-xdist's workers (`make test` runs with -n) inherit the controller's prefix; each takes one of its own,
# as each has a test database of its own.
_xdist_worker = os.environ.get("PYTEST_XDIST_WORKER", "")
if _xdist_worker and not os.environ["NETKEEL_CACHE_KEY_PREFIX"].endswith(f"-{_xdist_worker}"):
    os.environ["NETKEEL_CACHE_KEY_PREFIX"] += f"-{_xdist_worker}"

_environ = {
    key: value
    for key, value in os.environ.items()
    if key not in {"NETKEEL_CONFIG", "NETKEEL_DATABASE_URL", "NETKEEL_SECRET_KEY"}
}
_environ.update({key: value for key, value in _TEST_DB_DEFAULTS[TEST_DB].items() if key not in os.environ})
_environ["NETKEEL_DB_ENGINE"] = TEST_DB
_environ["NETKEEL_ROOT"] = tempfile.mkdtemp(prefix="netkeel-test-root-")
atexit.register(shutil.rmtree, _environ["NETKEEL_ROOT"], ignore_errors=True)
_environ["NETKEEL_SECRET_KEY"] = "netkeel-test-suite-key"
if TEST_DB == "sqlite":
    _environ["NETKEEL_DB_NAME"] = ":memory:"

globals().update(load_settings(_environ))

# Serve static files from the apps, as `runserver` would, without a collectstatic first.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Tests log users in hundreds of times; a fast hasher keeps the suite quick.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# The manifest needs collectstatic; tests render templates without it.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Jobs run eagerly in tests (STYLE 11): in the test's process once its transaction commits, even when
# NETKEEL_REDIS_URL is set; the worker tests start real `rqworker` processes of their own.
JOBS_RUN_INLINE = True
