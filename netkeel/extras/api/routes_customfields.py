"""The extras endpoints of this feature (customfields)."""

from __future__ import annotations

from netkeel.core.api.routers import APIRouter
from netkeel.extras.api import customfields_views as views


def register(router: APIRouter) -> None:
    """Add this feature's endpoints to the extras router."""
    router.register("custom-fields", views.CustomFieldViewSet)
    router.register("custom-field-choices", views.CustomFieldChoiceViewSet)
