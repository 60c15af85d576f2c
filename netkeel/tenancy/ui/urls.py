"""/tenancy/: tenant groups and tenants, each with the generic pages (list, detail, add, edit, delete,
bulk edit, bulk delete, import, notes, change log)."""

from __future__ import annotations

from netkeel.core.ui import UIRouter
from netkeel.tenancy.api.urls import router as api_router  # noqa: F401 - the endpoints the pages derive from
from netkeel.tenancy.models import Tenant, TenantGroup
from netkeel.tenancy.ui.tables import TenantGroupTable, TenantTable

router = UIRouter("tenancy", label="Tenancy", weight=20)
router.register(TenantGroup, table=TenantGroupTable, menu_group="Tenancy")
router.register(Tenant, table=TenantTable, menu_group="Tenancy")

urlpatterns = router.urls
