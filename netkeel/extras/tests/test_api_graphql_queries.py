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
    bad_payloads = [
        ({"name": "broken", "query": "{ tenants { "}, "query"),
        ({"name": "unknown field", "query": "{ tenants { no_such_field } }"}, "query"),
        ({"query": "{ tenants { id } }"}, "name"),
        (
            {"name": "half an owner", "query": "{ tenants { id } }", "owner_content_type": "tenancy.tenant"},
            "owner_object_id",
        ),
        (
            {"name": "bad owner type", "query": "{ tenants { id } }", "owner_content_type": "no.such"},
            "owner_content_type",
        ),
    ]
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


@pytest.mark.django_db
def test_a_query_may_belong_to_an_object(api: APIClient) -> None:
    owner = Tenant.objects.create(name="owner")
    payload = {
        "name": "owned",
        "query": QUERY,
        "owner_content_type": "tenancy.tenant",
        "owner_object_id": str(owner.pk),
    }
    created = api.send("POST", "/api/extras/graphql-queries/", payload)
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["owner_content_type"] == "tenancy.tenant" and body["owner_object_id"] == str(owner.pk)
    assert body["owner"]["id"] == str(owner.pk) and body["owner"]["object_type"] == "tenancy.tenant"
    missing = {**payload, "name": "nobody's", "owner_object_id": "00000000-0000-0000-0000-000000000000"}
    refused = api.send("POST", "/api/extras/graphql-queries/", missing)
    assert refused.status_code == 400 and "There is no tenancy.tenant" in refused.json()["owner_object_id"][0]
    unowned = api.send("POST", "/api/extras/graphql-queries/", {"name": "mine", "query": QUERY}).json()
    assert unowned["owner"] is None and unowned["owner_content_type"] is None and unowned["owner_object_id"] is None
    answer = api.send("POST", "/api/graphql/", {"query": '{ graphql_queries(name: "owned") { owner_object_id } }'})
    assert answer.json() == {"data": {"graphql_queries": [{"owner_object_id": str(owner.pk)}]}}
