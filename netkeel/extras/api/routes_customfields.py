"""The extras endpoints of this feature (customfields)."""

from __future__ import annotations

from netkeel.core.api.routers import APIRouter


def register(router: APIRouter) -> None:
    """Add this feature's endpoints to the extras router."""
