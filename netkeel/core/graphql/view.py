"""`POST /api/graphql/`: a JSON body `{"query", "variables", "operationName"}`, token or session auth.

As Nautobot answers: a query that cannot run (syntax, validation, too deep or too complex, bad
variables) is a 400 with `{"errors": [...]}` and no data; a query that ran is a 200 with `data`, and
`errors` for the fields that failed (a bad filter value, say)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from graphql import ExecutionResult, GraphQLError, execute, parse, validate
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from netkeel.core.api.views import APIVersionMixin
from netkeel.core.graphql import limits
from netkeel.core.graphql.executor import LevelExecutor
from netkeel.core.graphql.loading import Context
from netkeel.core.graphql.schema import current_schema


def run_query(
    request: Any, query: Any, variables: Any = None, operation_name: Any = None
) -> tuple[dict[str, Any], int]:
    """Run one GraphQL request: (the response body, its status)."""
    if not isinstance(query, str) or not query.strip():
        return {"errors": [{"message": "Must provide query string."}]}, 400
    if variables is not None and not isinstance(variables, dict):
        return {"errors": [{"message": "Variables must be a JSON object."}]}, 400
    if operation_name is not None and not isinstance(operation_name, str):
        return {"errors": [{"message": "operationName must be a string."}]}, 400
    schema = current_schema()
    try:
        document = parse(query)
    except GraphQLError as error:
        return {"errors": [error.formatted]}, 400
    errors = validate(schema, document)
    if errors:
        return {"errors": [error.formatted for error in errors]}, 400
    too_big = limits.problems(document, operation_name)
    if too_big:
        return {"errors": [{"message": message} for message in too_big]}, 400
    result = execute(
        schema,
        document,
        context_value=Context(request),
        variable_values=variables,
        operation_name=operation_name,
        executor_class=LevelExecutor,
    )
    assert isinstance(result, ExecutionResult)
    body: dict[str, Any] = {}
    if result.errors:
        body["errors"] = [error.formatted for error in result.errors]
        if any(not error.path for error in result.errors):
            return body, 400  # the query never ran (bad variables, unknown operation)
    body["data"] = result.data
    return body, 200


class GraphQLAPISerializer(serializers.Serializer):  # the schema's request body, as Nautobot documents it
    query = serializers.CharField()
    variables = serializers.JSONField(required=False)


class GraphQLView(APIVersionMixin, APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=GraphQLAPISerializer,
        responses={
            200: OpenApiResponse(inline_serializer("GraphQLData", {"data": serializers.DictField()})),
            400: OpenApiResponse(inline_serializer("GraphQLErrors", {"errors": serializers.ListField()})),
        },
        tags=["graphql"],
    )
    def post(self, request: Request) -> Response:
        data = request.data if isinstance(request.data, dict) else {}
        body, code = run_query(request, data.get("query"), data.get("variables"), data.get("operationName"))
        return Response(body, status=code)
