"""Nautobot's tenancy filters (`tenant`, `tenant_id`, `tenant_group`, each with `__n` and `__isnull`) on every
endpoint of a model with a tenant, from one shared filter set (issue 13)."""

from __future__ import annotations

from typing import Any

from netkeel.core.api import registry
from netkeel.core.testing.api import APIClient
from netkeel.dcim.tests import factories
from netkeel.tenancy.api.filters import TenancyFilterSet
from netkeel.tenancy.models import Tenant, TenantGroup


def test_every_tenancy_aware_endpoint_takes_the_tenancy_filters() -> None:
    aware = [
        endpoint
        for model, endpoint in registry._endpoints.items()
        if any(field.name == "tenant" and field.is_relation for field in model._meta.get_fields())
    ]
    assert len(aware) >= 9
    for endpoint in aware:
        filters = endpoint.viewset.filterset_class.get_filters()
        assert issubclass(endpoint.viewset.filterset_class, TenancyFilterSet), endpoint.path
        for name in ("tenant", "tenant__n", "tenant_id", "tenant_id__n", "tenant_id__isnull", "tenant_group"):
            assert name in filters, (endpoint.path, name)


def names(api: APIClient, query: str) -> list[str]:
    response = api.send("GET", f"/api/dcim/locations/?{query}")
    assert response.status_code == 200, response.content
    return sorted(row["name"] for row in response.json()["results"])


def test_locations_filtered_by_tenant_id_name_and_group(api: APIClient) -> None:
    parent = TenantGroup.objects.create(name="Customers")
    child = TenantGroup.objects.create(name="Retail", parent=parent)
    acme = Tenant.objects.create(name="Acme", tenant_group=parent)
    shop = Tenant.objects.create(name="Shop", tenant_group=child)
    for name, tenant in (("a", acme), ("s", shop), ("none", None)):
        site: Any = factories.location(name)
        site.tenant = tenant
        site.save()

    assert names(api, f"tenant_id={acme.pk}") == ["a"]
    assert names(api, f"tenant_id={acme.pk}&tenant_id={shop.pk}") == ["a", "s"]
    assert names(api, f"tenant_id__n={acme.pk}") == ["none", "s"]
    assert names(api, "tenant_id__isnull=true") == ["none"]
    assert names(api, "tenant=Shop") == ["s"]
    assert names(api, "tenant_group=Customers") == ["a", "s"]  # a group takes in the groups below it
    assert names(api, f"tenant_group={child.pk}") == ["s"]
    assert names(api, "tenant_group__n=Retail") == ["a", "none"]
    response = api.send("GET", "/api/dcim/locations/?tenant_id=not-a-uuid")
    assert response.status_code == 400 and "tenant_id" in response.json()


def test_tenant_groups_filtered_by_their_tenants(api: APIClient) -> None:
    group = TenantGroup.objects.create(name="Customers")
    TenantGroup.objects.create(name="Empty")
    Tenant.objects.create(name="Acme", tenant_group=group)
    shop = Tenant.objects.create(name="Shop", tenant_group=group)

    def groups(query: str) -> list[str]:
        response = api.send("GET", f"/api/tenancy/tenant-groups/?{query}")
        assert response.status_code == 200, response.content
        return [row["name"] for row in response.json()["results"]]

    assert groups(f"tenants=Acme&tenants={shop.pk}") == ["Customers"]  # once, though it holds both
    assert groups("tenants__isnull=true") == ["Empty"]
    assert groups("tenants__n=Acme") == ["Empty"]
