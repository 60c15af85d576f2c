"""Saved GraphQL query pages: the shared page contract (list, detail, add, edit, delete, bulk, permissions,
CSRF, XSS), a query checked against the schema on the form, and the detail page's query and Run card."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from netkeel.core.testing.ui import UIModelTests, make_user, signed_in
from netkeel.extras.models import GraphQLQuery

pytestmark = pytest.mark.django_db

QUERY = 'query ($name: [String] = ["t"]) { tenants(name: $name) { name } }'


class TestGraphQLQueryPages(UIModelTests):
    model = GraphQLQuery
    edit_data = {"query": "{ tenant_groups { name } }"}
    bulk_edit_data = {"query": "{ locations { name } }"}
    bad_form_data = [
        ({"name": ""}, "name"),
        ({"query": "{ tenants { name "}, "query"),
        ({"query": "{ tenants { no_such_field } }"}, "query"),
    ]
    filter_cases = [("q", "query-1", 1), ("name", "query-2", 1)]
    xss_fields = ("name",)

    def make(self, index: int) -> Any:
        return GraphQLQuery.objects.create(name=f"query-{index}", query="{ tenants { name } }")

    def form_data(self) -> dict[str, Any]:
        return {"name": "new query", "query": QUERY}


@pytest.fixture
def ui_client_admin(db: Any) -> Client:
    return signed_in(make_user("admin", superuser=True))


def test_a_query_with_an_unknown_field_is_refused_on_the_form_naming_it(ui_client_admin: Client) -> None:
    response = ui_client_admin.post("/extras/graphql-queries/add/", {"name": "bad", "query": "{ tenants { nam } }"})
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "Cannot query field 'nam' on type 'TenantType'" in errors["query"][0]
    assert "line 1, column 13" in errors["query"][0]
    syntax = ui_client_admin.post("/extras/graphql-queries/add/", {"name": "bad", "query": "{ tenants { name "})
    assert "Syntax Error" in syntax.context["form"].errors["query"][0]
    assert not GraphQLQuery.objects.exists()


def test_the_detail_page_shows_the_query_its_variables_and_the_run_card(ui_client_admin: Client) -> None:
    saved = GraphQLQuery.objects.create(name="by name", query=QUERY)
    html = ui_client_admin.get(f"/extras/graphql-queries/{saved.pk}/").content.decode()
    assert "tenants(name: $name)" in html
    assert f'data-run-url="/api/extras/graphql-queries/{saved.pk}/run/"' in html
    assert "&quot;name&quot;: [\n    &quot;t&quot;\n  ]" in html  # the declared default, as JSON to edit
    assert "/static/graphiql/saved-query.js" in html
