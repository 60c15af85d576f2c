"""Webhooks: matched against each change event and delivered by the worker (see the worker issue)."""

from __future__ import annotations


def connect() -> None:
    """Subscribe to change events; called once from ExtrasConfig.ready()."""
