"""The extras endpoints of this feature (saved GraphQL queries)."""

from __future__ import annotations

from netkeel.core.api.routers import APIRouter
from netkeel.extras.api.graphql_views import GraphQLQueryViewSet


def register(router: APIRouter) -> None:
    """Add this feature's endpoints to the extras router."""
    router.register("graphql-queries", GraphQLQueryViewSet)
