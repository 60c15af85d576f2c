"""The post_upgrade cache step clears this netkeel's keys, every release of them, and leaves the keys of
another netkeel or test run sharing the Redis database (another CACHE_KEY_PREFIX) alone."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator

import pytest
import redis
from django.core.cache import caches
from django.test import override_settings

from netkeel.conf.defaults import cache_key_prefix
from netkeel.core.upgrade.cache import clear_netkeel_cache

REDIS = "redis://127.0.0.1:6379/15"


@pytest.fixture
def client(require_service: Callable[[str], None]) -> Iterator[redis.Redis]:
    require_service("redis")
    connection = redis.Redis.from_url(REDIS)
    yield connection
    connection.close()


def test_only_this_netkeels_keys_are_cleared(client: redis.Redis) -> None:
    mine, theirs = f"mine-{uuid.uuid4().hex}", f"theirs-{uuid.uuid4().hex}"
    redis_cache = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS,
            "KEY_PREFIX": cache_key_prefix(site=mine),
        }
    }
    old_release = f"{cache_key_prefix('0.0.1', mine)}:1:stale"
    others = [f"{cache_key_prefix(site=theirs)}:1:kept", f"{mine}-more.0.0.1:1:kept"]
    try:
        with override_settings(CACHES=redis_cache, CACHE_KEY_PREFIX=mine):
            try:
                caches["default"].set("answer", 42, 60)
                client.set(old_release, b"x", ex=60)
                for key in others:
                    client.set(key, b"y", ex=60)
                cleared = clear_netkeel_cache()
                assert caches["default"].get("answer") is None
            finally:
                del caches["default"]
        assert cleared.keys == 2 and f"matching {mine}.*" in cleared.detail
        assert client.exists(old_release) == 0
        assert client.exists(*others) == len(others)
    finally:
        client.delete(old_release, *others)
