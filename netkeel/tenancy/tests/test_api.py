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


def test_tags_are_written_by_name_shown_as_references_and_filtered(api: APIClient) -> None:
    from django.contrib.contenttypes.models import ContentType

    from netkeel.extras.models import Tag

    gold = Tag.objects.create(name="gold")
    gold.content_types.add(ContentType.objects.get_for_model(Tenant))
    Tag.objects.create(name="device-only")
    response = api.send("POST", "/api/tenancy/tenants/", {"name": "t1", "tags": ["gold"]})
    assert response.status_code == 201, response.content
    [tag] = response.json()["tags"]
    assert tag["id"] == str(gold.pk) and tag["object_type"] == "extras.tag" and tag["url"].endswith(f"/{gold.pk}/")
    Tenant.objects.create(name="t2")
    assert [r["name"] for r in api.send("GET", "/api/tenancy/tenants/?tags=gold").json()["results"]] == ["t1"]
    assert api.send("GET", "/api/tenancy/tenants/?tags__n=gold").json()["count"] == 1
    refused = api.send("POST", "/api/tenancy/tenants/", {"name": "t3", "tags": ["device-only"]})
    assert refused.status_code == 400 and "tags" in refused.json(), refused.content
    assert not Tenant.objects.filter(name="t3").exists()
    assert "tags" not in api.send("GET", "/api/tenancy/tenants/?exclude_m2m=true").json()["results"][0]


def test_notes_go_with_their_object(api: APIClient) -> None:
    from netkeel.extras.models import Note

    tenant = Tenant.objects.create(name="noted")
    assert api.send("POST", f"/api/tenancy/tenants/{tenant.pk}/notes/", {"note": "hello"}).status_code == 201
    assert Note.objects.count() == 1
    assert api.send("DELETE", f"/api/tenancy/tenants/{tenant.pk}/").status_code == 204
    assert Note.objects.count() == 0
