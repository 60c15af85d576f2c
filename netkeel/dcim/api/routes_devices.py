"""The dcim endpoints registered by this module."""

from __future__ import annotations

from netkeel.core.api.routers import APIRouter


def register(router: APIRouter) -> None:
    """Add this module's endpoints to the dcim router."""
