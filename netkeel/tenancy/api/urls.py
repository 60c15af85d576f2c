"""/api/tenancy/: tenant groups and tenants."""

from __future__ import annotations

from netkeel.core.api.routers import APIRouter
from netkeel.tenancy.api import views

router = APIRouter("tenancy")
router.register("tenant-groups", views.TenantGroupViewSet)
router.register("tenants", views.TenantViewSet)
