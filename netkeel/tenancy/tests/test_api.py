"""The tenancy endpoints: the shared endpoint contract, and tree behaviour."""

from __future__ import annotations

from typing import Any

import pytest

from netkeel.core.testing.api import APIClient, APIEndpointTests
from netkeel.tenancy.models import Tenant, TenantGroup

pytestmark = pytest.mark.django_db


class TestTenantGroups(APIEndpointTests):
    endpoint = "/api/tenancy/tenant-groups/"
    model = TenantGroup
    update_payload = {"description": "changed"}
    bad_payloads = [({"name": ""}, "name"), ({"name": "x", "parent": "no-such-group"}, "parent")]
    filter_cases = [("name", "group-1", 1), ("name__ic", "GROUP", 3), ("name__n", "group-1", 2), ("q", "group-2", 1)]

    def make(self, index: int) -> Any:
        return TenantGroup.objects.create(name=f"group-{index}")

    def create_payloads(self) -> list[dict[str, Any]]:
        top = TenantGroup.objects.get_or_create(name="top")[0]
        return [
            {"name": "new-1"},
            {"name": "new-2", "parent": {"name": "top"}},
            {"name": "new-3", "parent": str(top.pk)},
        ]


class TestTenants(APIEndpointTests):
    endpoint = "/api/tenancy/tenants/"
    model = Tenant
    update_payload = {"description": "changed"}
    bad_payloads = [({"name": ""}, "name"), ({"name": "x", "tenant_group": "nope"}, "tenant_group")]
    filter_cases = [("name", "tenant-1", 1), ("name", "tenant-1&name=tenant-2", 2), ("tenant_group", "g", 3)]

    def make(self, index: int) -> Any:
        group, _ = TenantGroup.objects.get_or_create(name="g")
        return Tenant.objects.create(name=f"tenant-{index}", tenant_group=group)

    def create_payloads(self) -> list[dict[str, Any]]:
        return [{"name": "new-1"}, {"name": "new-2"}, {"name": "new-3"}]


def test_a_group_filter_includes_groups_below_it(api: APIClient) -> None:
    top = TenantGroup.objects.create(name="top")
    below = TenantGroup.objects.create(name="below", parent=top)
    Tenant.objects.create(name="t1", tenant_group=below)
    Tenant.objects.create(name="t2")
    body = api.send("GET", "/api/tenancy/tenants/?tenant_group=top").json()
    assert [row["name"] for row in body["results"]] == ["t1"]
    detail = api.send("GET", f"/api/tenancy/tenant-groups/{below.pk}/").json()
    assert detail["display"] == "top → below"
