"""/api/tenancy/: tenant groups and tenants; registered from TenancyConfig.ready()."""

from __future__ import annotations

from netkeel.core.api import registry
from netkeel.core.api.routers import APIRouter
from netkeel.tenancy.api import views


def register() -> None:
    views.register_counts()
    router = APIRouter("tenancy")
    router.register("tenant-groups", views.TenantGroupViewSet)
    router.register("tenants", views.TenantViewSet)
    registry.add_router(router)
