"""The extras endpoints of this feature (changelog): /api/extras/object-changes/."""

from __future__ import annotations

from netkeel.core.api.routers import APIRouter
from netkeel.extras.api.changelog_views import ObjectChangeViewSet


def register(router: APIRouter) -> None:
    """Add this feature's endpoints to the extras router."""
    router.register("object-changes", ObjectChangeViewSet)
