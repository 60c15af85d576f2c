"""The extras endpoints of this feature (webhooks)."""

from __future__ import annotations

from netkeel.core.api.routers import APIRouter
from netkeel.extras.api.webhooks_views import WebhookViewSet


def register(router: APIRouter) -> None:
    """Add this feature's endpoints to the extras router."""
    router.register("webhooks", WebhookViewSet)
