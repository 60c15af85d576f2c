"""The change log: records an ObjectChange for every create, update and delete (see the worker issue)."""

from __future__ import annotations


def connect() -> None:
    """Start recording changes; called once from ExtrasConfig.ready()."""
