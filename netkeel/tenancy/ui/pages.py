"""/tenancy/: tenant groups and tenants, each with the generic pages (list, detail, add, edit, delete,
bulk edit, bulk delete, import, notes, change log); registered from TenancyConfig.ready()."""

from __future__ import annotations

from netkeel.core.ui import UIRouter
from netkeel.core.ui.registry import add_router
from netkeel.tenancy.models import Tenant, TenantGroup
from netkeel.tenancy.ui.tables import TenantGroupTable, TenantTable


def register() -> None:
    router = UIRouter("tenancy", label="Tenancy", weight=20)
    router.register(TenantGroup, table=TenantGroupTable, menu_group="Tenancy")
    router.register(Tenant, table=TenantTable, menu_group="Tenancy")
    add_router(router)
