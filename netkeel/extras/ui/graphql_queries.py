"""Saved GraphQL queries in the UI (`/extras/graphql-queries/`): the generic list, add, edit and delete pages
(the query validated against the schema by the API serializer, so a syntax or field error is a form error),
and a detail page that shows the query and its variables and runs it through `…/<id>/run/` in the page."""

from __future__ import annotations

import json
from typing import Any

from django.urls import reverse

from netkeel.core.ui import UIRouter
from netkeel.core.ui.forms import NetkeelModelForm
from netkeel.core.ui.views import ObjectDetailView
from netkeel.extras.models import GraphQLQuery


class GraphQLQueryForm(NetkeelModelForm):
    """Name and query: an owner is set by what owns the query (through the API), not typed by a person."""

    class Meta:
        model = GraphQLQuery
        fields = ["name", "query"]


class GraphQLQueryDetailView(ObjectDetailView):
    def extra_context(self, obj: Any) -> dict[str, Any]:
        return {
            "run_url": reverse("api:extras-api:graphqlquery-run", kwargs={"pk": obj.pk}),
            "variables_json": json.dumps(obj.variables or {}, indent=2),
        }


def register(router: UIRouter) -> None:
    router.register(
        GraphQLQuery,
        menu_group="Data",
        default_columns=("name", "variables", "last_updated"),
        form=GraphQLQueryForm,
        detail_template="extras/graphqlquery.html",
        detail_view=GraphQLQueryDetailView,
        detail_exclude=("query", "variables", "owner_content_type", "owner_object_id"),
    )
