"""Saved GraphQL queries: the endpoint's CRUD contract, `variables` worked out from the query, and
`…/<id>/run/` answering as `/api/graphql/` does (by id or by name, as the Ansible collection reads them)."""

from __future__ import annotations

from typing import Any

import pytest

from netkeel.core.testing.api import APIClient, APIEndpointTests, make_user, perm
from netkeel.extras.models import GraphQLQuery
from netkeel.tenancy.models import Tenant

QUERY = 'query ($names: [String] = ["t-1"]) { tenants(name: $names) { name } }'


class TestGraphQLQueries(APIEndpointTests):
    endpoint = "/api/extras/graphql-queries/"
    model = GraphQLQuery
    update_payload = {"query": "{ tenants { id } }"}
    bad_payloads = [({"name": "broken", "query": "{ tenants { "}, "query"), ({"query": "{ tenants { id } }"}, "name")]
    filter_cases = [("name", "query-1", 1), ("q", "query-2", 1)]

    def make(self, index: int) -> Any:
        return GraphQLQuery.objects.create(name=f"query-{index}", query="{ tenants { name } }")

    def create_payloads(self) -> list[dict[str, Any]]:
        return [{"name": f"new-{index}", "query": QUERY} for index in range(3)]


@pytest.mark.django_db
def test_variables_from_the_query_and_run(api: APIClient) -> None:
    Tenant.objects.create(name="t-1")
    Tenant.objects.create(name="t-2")
    created = api.send("POST", "/api/extras/graphql-queries/", {"name": "tenants", "query": QUERY})
    assert created.status_code == 201, created.content
    assert created.json()["variables"] == {"names": ["t-1"]}
    saved = created.json()["id"]
    ran = api.send("POST", f"/api/extras/graphql-queries/{saved}/run/", {"variables": {"names": ["t-2"]}})
    assert ran.status_code == 200 and ran.json() == {"data": {"tenants": [{"name": "t-2"}]}}
    ran = api.send("POST", f"/api/extras/graphql-queries/{saved}/run/", {})
    assert ran.json() == {"data": {"tenants": [{"name": "t-1"}]}}
    assert api.send("GET", "/api/extras/graphql-queries/tenants/").json()["query"] == QUERY


@pytest.mark.django_db
def test_running_needs_view_permission_and_answers_within_the_users_own() -> None:
    Tenant.objects.create(name="t-1")
    saved = GraphQLQuery.objects.create(name="tenants", query=QUERY)
    make_user("runner", perms=(perm(GraphQLQuery, "view"),), token="e" * 40)
    ran = APIClient(token="e" * 40).send("POST", f"/api/extras/graphql-queries/{saved.pk}/run/", {})
    assert ran.status_code == 200 and ran.json() == {"data": {"tenants": []}}
    make_user("stranger", token="d" * 40)
    assert APIClient(token="d" * 40).send("POST", f"/api/extras/graphql-queries/{saved.pk}/run/", {}).status_code == 403
