"""Saved GraphQL queries in the API (`/api/extras/graphql-queries/`), and `POST …/<id>/run/` with
`{"variables": {...}}`, answered as `/api/graphql/` answers the same query. Running is reading: a user who
may view the saved query may run it (what it returns is still filtered by their permissions)."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from drf_spectacular.utils import extend_schema, inline_serializer
from graphql import GraphQLError, parse, validate
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response

from netkeel.core.api.fields import ContentTypeField, brief
from netkeel.core.api.filters import BaseFilterSet
from netkeel.core.api.permissions import may_view
from netkeel.core.api.schema import answers_a_reference
from netkeel.core.api.serializers import BaseModelSerializer
from netkeel.core.api.views import NetkeelModelViewSet
from netkeel.core.graphql.schema import current_schema
from netkeel.core.graphql.view import run_query
from netkeel.extras.models import GraphQLQuery


class GraphQLQuerySerializer(BaseModelSerializer):
    variables = serializers.DictField(read_only=True)
    owner_content_type = ContentTypeField(required=False, allow_null=True)
    owner_object_id = serializers.UUIDField(required=False, allow_null=True)
    owner = serializers.SerializerMethodField()

    class Meta(BaseModelSerializer.Meta):
        model = GraphQLQuery

    @answers_a_reference
    def get_owner(self, obj: GraphQLQuery) -> dict[str, Any] | None:
        if obj.owner_content_type_id is None or obj.owner_object_id is None:
            return None
        model = ContentType.objects.get_for_id(obj.owner_content_type_id).model_class()
        return brief(model, obj.owner_object_id, self.context.get("request")) if model is not None else None

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        """An owner is an object type and the id of an object of that type, both or neither."""
        attrs = super().validate(attrs)
        instance = self.instance
        content_type = attrs.get("owner_content_type", getattr(instance, "owner_content_type", None))
        object_id = attrs.get("owner_object_id", getattr(instance, "owner_object_id", None))
        if (content_type is None) != (object_id is None):
            missing = "owner_object_id" if object_id is None else "owner_content_type"
            raise serializers.ValidationError({missing: "An owner needs both its object type and its id, or neither."})
        if content_type is not None:
            model = content_type.model_class()
            if model is None or not model._default_manager.filter(pk=object_id).exists():
                raise serializers.ValidationError(
                    {"owner_object_id": f"There is no {content_type.app_label}.{content_type.model} with this id."}
                )
        return attrs

    def validate_query(self, value: str) -> str:
        """The query must parse and validate against the schema, so a saved query never fails on a typo
        when it is run: the error names the line and column, or the field that does not exist."""
        try:
            document = parse(value)
        except GraphQLError as error:
            raise serializers.ValidationError(located(error)) from None
        errors = validate(current_schema(), document)
        if errors:
            raise serializers.ValidationError([located(error) for error in errors])
        return value


def located(error: GraphQLError) -> str:
    """The message with where it is in the query (`line 2, column 5`), as a person reads it in a form."""
    if error.locations:
        where = error.locations[0]
        return f"{error.message} (line {where.line}, column {where.column})"
    return error.message


class GraphQLQueryFilterSet(BaseFilterSet):
    search_fields = ("name", "query")

    class Meta:
        model = GraphQLQuery
        fields = ["name"]


class MayRunQuery(BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        return may_view(request, GraphQLQuery)


class GraphQLQueryViewSet(NetkeelModelViewSet):
    queryset = GraphQLQuery.objects.all()
    serializer_class = GraphQLQuerySerializer
    filterset_class = GraphQLQueryFilterSet

    @extend_schema(
        request=inline_serializer("GraphQLQueryInput", {"variables": serializers.DictField(required=False)}),
        responses={
            200: inline_serializer(
                "GraphQLQueryOutput", {"data": serializers.DictField(), "errors": serializers.ListField()}
            )
        },
    )
    @action(detail=True, methods=["post"], url_path="run", permission_classes=[MayRunQuery], http_method_names=["post"])
    def run(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        saved = self.get_object()
        body = request.data if isinstance(request.data, dict) else {}
        body_out, code = run_query(request, saved.query, body.get("variables") or None)
        return Response(body_out, status=code)
