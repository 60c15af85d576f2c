"""`/health/`: 200 when the database and cache answer, 503 naming the one that does not."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable

import pytest
from django.core.cache import caches
from django.test import Client, override_settings

pytestmark = pytest.mark.django_db

UNREACHABLE_REDIS = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
}


def test_health_up(client: Client) -> None:
    response = client.get("/health/")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"]["ok"] is True
    assert body["checks"]["cache"]["ok"] is True
    assert "failing" not in body
    assert "no-cache" in response["Cache-Control"]


def test_health_with_unreachable_cache_is_503_naming_it(client: Client) -> None:
    with override_settings(CACHES=UNREACHABLE_REDIS):
        try:
            response = client.get("/health/")
        finally:
            del caches["default"]
    assert response.status_code == 503
    body = response.json()
    assert body["failing"] == ["cache"]
    assert body["checks"]["database"]["ok"] is True
    assert "problem" not in body["checks"]["cache"], "anonymous callers are not told hosts and ports"


def test_health_reason_is_shown_to_staff(admin_client: Client) -> None:
    with override_settings(CACHES=UNREACHABLE_REDIS):
        try:
            response = admin_client.get("/health/")
        finally:
            del caches["default"]
    assert response.status_code == 503
    assert response.json()["checks"]["cache"]["problem"] == (
        "cannot connect to Redis at 127.0.0.1:1: connection refused"
    )


def test_health_only_answers_get(client: Client) -> None:
    assert client.post("/health/").status_code == 405


def test_health_with_redis_cache_up(client: Client, require_service: Callable[[str], None]) -> None:
    require_service("redis")
    redis_cache = {"default": {**UNREACHABLE_REDIS["default"], "LOCATION": "redis://127.0.0.1:6379/15"}}
    with override_settings(CACHES=redis_cache):
        try:
            response = client.get("/health/")
        finally:
            del caches["default"]
    assert response.status_code == 200
    assert response.json()["checks"]["cache"]["backend"] == "Redis"


SCRIPT = """
import json, netkeel
netkeel.setup()
from django.test import Client
response = Client(HTTP_HOST="localhost").get("/health/")
print(json.dumps({"status": response.status_code, "body": response.json()}))
"""


@pytest.mark.slow
def test_health_with_unreachable_database_is_503(clean_env: dict[str, str]) -> None:
    env = {**clean_env, "NETKEEL_DB_ENGINE": "postgresql", "NETKEEL_DB_HOST": "127.0.0.1", "NETKEEL_DB_PORT": "1"}
    result = subprocess.run([sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout.strip().splitlines()[-1])
    assert answer["status"] == 503
    assert answer["body"]["failing"] == ["database"]
    assert answer["body"]["checks"]["cache"]["ok"] is True
