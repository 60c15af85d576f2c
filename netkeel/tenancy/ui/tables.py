"""Tables of the tenancy lists: the generated ones, with the columns shown first chosen."""

from __future__ import annotations

from netkeel.core.ui.tables import table_for
from netkeel.tenancy.models import Tenant, TenantGroup

TenantGroupTable = table_for(TenantGroup, default_columns=("name", "parent", "description"))
TenantTable = table_for(Tenant, default_columns=("name", "tenant_group", "description", "tags"))
