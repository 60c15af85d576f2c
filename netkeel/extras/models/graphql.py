"""Saved GraphQL queries (Nautobot's `extras.GraphQLQuery`): a named query, run by name or id through
`/api/extras/graphql-queries/<id>/run/`. Its `variables` are the query's own variable definitions with
their defaults, worked out on save, as Nautobot does. As in Nautobot 3, a query may belong to an object
(`owner_content_type` + `owner_object_id`: there, the Git repository it was synced from); a query without
an owner is the user's own."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from graphql import GraphQLError, OperationDefinitionNode, parse
from graphql.utilities import value_from_ast_untyped

from netkeel.core.models import BaseModel


def query_variables(query: str) -> dict[str, Any]:
    """`{name: default or None}` for every variable the query's operations declare; a syntax error raises."""
    variables: dict[str, Any] = {}
    for definition in parse(query).definitions:
        if isinstance(definition, OperationDefinitionNode):
            for variable in definition.variable_definitions or ():
                default = variable.default_value
                variables[variable.variable.name.value] = (
                    value_from_ast_untyped(default) if default is not None else None
                )
    return variables


class GraphQLQuery(BaseModel):
    name = models.CharField(max_length=255, unique=True)
    query = models.TextField()
    variables = models.JSONField(default=dict, blank=True, null=True, editable=False)
    owner_content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    owner_object_id = models.UUIDField(null=True, blank=True)
    owner = GenericForeignKey("owner_content_type", "owner_object_id")

    natural_key_field_names: ClassVar[tuple[str, ...]] = ("name",)

    class Meta:
        ordering = ["name"]
        verbose_name = "GraphQL query"
        verbose_name_plural = "GraphQL queries"

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        if (self.owner_content_type_id is None) != (self.owner_object_id is None):
            missing = "owner_object_id" if self.owner_object_id is None else "owner_content_type"
            raise ValidationError({missing: "An owner needs both its object type and its id, or neither."})
        try:
            self.variables = query_variables(self.query)
        except GraphQLError as error:
            raise ValidationError({"query": [error.message]}) from None

    def save(self, *args: Any, **kwargs: Any) -> None:
        try:
            self.variables = query_variables(self.query)
        except GraphQLError:
            self.variables = {}
        super().save(*args, **kwargs)
