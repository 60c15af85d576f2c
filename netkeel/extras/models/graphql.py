"""Saved GraphQL queries (Nautobot's `extras.GraphQLQuery`): a named query, run by name or id through
`/api/extras/graphql-queries/<id>/run/`. Its `variables` are the query's own variable definitions with
their defaults, worked out on save, as Nautobot does."""

from __future__ import annotations

from typing import Any, ClassVar

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

    natural_key_field_names: ClassVar[tuple[str, ...]] = ("name",)

    class Meta:
        ordering = ["name"]
        verbose_name = "GraphQL query"
        verbose_name_plural = "GraphQL queries"

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
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
