"""Clearing netkeel's cache without touching anything else in a shared Redis (the queue lives there too)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache

from netkeel.conf.defaults import DEFAULT_CACHE_SITE, cache_key_prefix

BATCH = 500


@dataclass(frozen=True)
class Cleared:
    keys: int
    detail: str

    def __bool__(self) -> bool:
        return self.keys > 0


def clear_netkeel_cache() -> Cleared:
    """Delete every key of every release under this netkeel's prefix (`<CACHE_KEY_PREFIX>.<version>:…`),
    and only those: another netkeel or test run sharing the Redis database keeps its own."""
    client = _redis_client()
    if client is None:
        # A local-memory cache lives inside each web process and goes with its restart; this process's
        # own is empty. There is nothing shared to clear.
        return Cleared(0, "local-memory cache: each process starts empty")
    # The prefix of every release starts the same way; older releases' keys go too.
    pattern = cache_key_prefix("", getattr(settings, "CACHE_KEY_PREFIX", DEFAULT_CACHE_SITE)) + "*"
    deleted = 0
    batch: list[bytes] = []
    for key in client.scan_iter(match=pattern, count=BATCH):
        batch.append(key)
        if len(batch) >= BATCH:
            deleted += client.delete(*batch)
            batch = []
    if batch:
        deleted += client.delete(*batch)
    return Cleared(deleted, f"deleted {deleted} key(s) matching {pattern}" if deleted else "no cached keys")


def _redis_client() -> Any:
    backend = getattr(cache, "_cache", None)
    get_client = getattr(backend, "get_client", None)
    if get_client is None:
        return None
    return get_client(write=True)
