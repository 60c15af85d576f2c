"""`GraphQLEndpointTests`: what every REST endpoint's model owes in GraphQL, mixed into `APIEndpointTests`
(so every endpoint's test class gets it, as it gets the REST permission tests).

- A user who may view only this model lists it through its GraphQL list field with every relation of its
  type selected (foreign keys, reverse relations, the unions apps add such as `connected_endpoint`), and
  sees this model's objects and nothing of any other model: each relation is null or an empty list,
  unless it leads back to this model.
- A query nested deeper than GRAPHQL_MAX_DEPTH is refused with a 400 before any SQL runs for it (no query
  beyond those a request that does not even parse makes: its token, the custom fields' fingerprint).

A model without a GraphQL list field (no REST endpoint, or a name Nautobot gives to another field) skips.
"""

from __future__ import annotations

from typing import Any, cast

import pytest
from django.db import connection, models
from django.test.utils import CaptureQueriesContext, override_settings
from graphql import GraphQLList, GraphQLObjectType, GraphQLUnionType, get_named_type, get_nullable_type

VIEW_ONLY_TOKEN = "9a8b7c6d5e4f30211203f4e5d6c7b8a9f0e1d2c3"


def list_field(model: type[models.Model]) -> tuple[str, GraphQLObjectType] | None:
    """The query field listing `model` and its object type (None when the schema has none)."""
    from netkeel.core.graphql.schema import current_schema, var_name

    name = var_name(str(model._meta.verbose_name_plural))
    query_type = current_schema().query_type
    field = query_type.fields.get(name) if query_type is not None else None
    if field is None:
        return None
    kind = get_nullable_type(field.type)
    if not isinstance(kind, GraphQLList):
        return None
    item = get_named_type(kind)
    if not isinstance(item, GraphQLObjectType) or item.name != f"{model.__name__}Type":
        return None
    return name, item


def relation_fields(kind: GraphQLObjectType) -> list[str]:
    """The fields of `kind` that lead to objects (one or a list, of a type or a union)."""
    return [
        name
        for name, field in kind.fields.items()
        if isinstance(get_named_type(field.type), GraphQLObjectType | GraphQLUnionType)
    ]


class GraphQLEndpointTests:
    """Mixed into `APIEndpointTests`; uses its `model` and `make`."""

    def make(self, index: int) -> models.Model:
        raise NotImplementedError

    @property
    def _model(self) -> type[models.Model]:
        model: type[models.Model] = cast(Any, self).model  # APIEndpointTests' class attribute
        return model

    def test_graphql_view_only_user_sees_no_object_of_another_model(self, db: Any) -> None:
        from netkeel.core.testing.api import APIClient, make_user, perm

        found = list_field(self._model)
        if found is None:
            pytest.skip(f"{self._model.__name__} has no GraphQL list field")
        name, kind = found
        obj = self.make(0)
        relations = relation_fields(kind)
        selection = " ".join(["id", *(f"{field} {{ __typename }}" for field in relations)])
        make_user("graphql-viewer", perms=(perm(self._model, "view"),), token=VIEW_ONLY_TOKEN)
        response = APIClient(token=VIEW_ONLY_TOKEN).send(
            "POST", "/api/graphql/", {"query": f"{{ {name} {{ {selection} }} }}"}
        )
        assert response.status_code == 200, response.content[:2000]
        body = response.json()
        assert "errors" not in body, body["errors"][:3]
        rows = body["data"][name]
        assert str(obj.pk) in {str(row["id"]) for row in rows}
        for row in rows:
            for field in relations:
                value = row[field]
                found_objects = value if isinstance(value, list) else [value] if value is not None else []
                others = [item["__typename"] for item in found_objects if item["__typename"] != kind.name]
                assert not others, f"{name}.{field} revealed {others} to a user who may view only {kind.name}"

    def test_graphql_too_deep_is_refused_before_any_sql(self, db: Any) -> None:
        from netkeel.core.testing.api import APIClient, make_user

        found = list_field(self._model)
        if found is None:
            pytest.skip(f"{self._model.__name__} has no GraphQL list field")
        name, kind = found
        self.make(0)
        relations = relation_fields(kind)
        # One level more than allowed: through a relation where the type has one, else the list itself.
        query, limit = (
            (f"{{ {name} {{ {relations[0]} {{ __typename }} }} }}", 1) if relations else (f"{{ {name} {{ id }} }}", 0)
        )
        make_user("graphql-deep", superuser=True, token=VIEW_ONLY_TOKEN)
        client = APIClient(token=VIEW_ONLY_TOKEN)
        client.send("POST", "/api/graphql/", {"query": "{ __typename }"})  # the token's last use, recorded once
        with override_settings(GRAPHQL_MAX_DEPTH=limit):
            # What every request reads before its query is looked at (the token, the custom fields' fingerprint):
            # a query that does not even parse reads the same.
            with CaptureQueriesContext(connection) as before_parsing:
                assert client.send("POST", "/api/graphql/", {"query": "{"}).status_code == 400
            with CaptureQueriesContext(connection) as captured:
                response = client.send("POST", "/api/graphql/", {"query": query})
        assert response.status_code == 400, response.content[:2000]
        assert "levels deep" in response.json()["errors"][0]["message"]
        assert len(captured.captured_queries) == len(before_parsing.captured_queries), captured.captured_queries
