"""graphql-core's executor, told that a nested list's arguments were used already.

The executor coerces every declared argument of a field each time it resolves it: for a nested list
(`interfaces(…)`, ~150 filter arguments) that is once per parent object, most of a large query's time.
`loading` reads those arguments once per level, and the list's resolver only reads what was loaded, so
the executor here sees nested lists without arguments (the query was validated against the real schema)."""

from __future__ import annotations

from typing import Any

from graphql import GraphQLField, GraphQLObjectType, GraphQLSchema
from graphql.execution.executor import Executor

from netkeel.core.graphql.schema import SPEC


class _ListsWithoutArguments:
    """The schema as the executor reads it: a nested list field without its arguments."""

    def __init__(self, schema: GraphQLSchema) -> None:
        self._schema = schema
        self._fields: dict[tuple[str, str], GraphQLField | None] = {}

    def get_field(self, parent_type: GraphQLObjectType, field_name: str) -> GraphQLField | None:
        key = (parent_type.name, field_name)
        if key not in self._fields:
            field = self._schema.get_field(parent_type, field_name)
            spec = field.extensions.get(SPEC) if field is not None else None
            if field is not None and spec is not None and spec.kind == "many":
                field = GraphQLField(field.type, args={}, resolve=field.resolve, extensions=field.extensions)
            self._fields[key] = field
        return self._fields[key]

    def __getattr__(self, name: str) -> Any:
        return getattr(self._schema, name)


class LevelExecutor(Executor[Any]):
    def __init__(self, schema: GraphQLSchema, *args: Any, **kwargs: Any) -> None:
        super().__init__(schema, *args, **kwargs)
        self.schema = _ListsWithoutArguments(schema)  # type: ignore[assignment]
