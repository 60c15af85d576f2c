"""Compare the GraphQL schema netkeel serves with Nautobot 3.2.7's SDL (`/work/shared/reference`).

A difference is a short key: `query <field>: missing`, `query <field>(<arg>): missing|type <theirs> != <ours>`,
`type <Type>.<field>: missing|type …`, `type <Type>.<field>(<arg>): …`. Only what netkeel serves is
compared: a query field or a type netkeel lacks entirely is not a difference, a field or an argument of
one it serves is."""

from __future__ import annotations

import gzip

from graphql import GraphQLField, GraphQLObjectType, GraphQLSchema, build_schema

from netkeel.core.testing.reference import REFERENCE

SDL = "nautobot-3.2.7-schema.facts.graphql.gz"


def nautobot_schema() -> GraphQLSchema:
    with gzip.open(REFERENCE / SDL, "rt") as handle:
        return build_schema(handle.read())


def _arguments(prefix: str, theirs: GraphQLField, ours: GraphQLField) -> dict[str, str]:
    found = {}
    for name, argument in theirs.args.items():
        mine = ours.args.get(name)
        if mine is None:
            found[f"{prefix}({name})"] = "missing"
        elif str(mine.type) != str(argument.type):
            found[f"{prefix}({name})"] = f"type {argument.type} != {mine.type}"
    for name in ours.args:
        if name not in theirs.args:
            found[f"{prefix}({name})"] = "extra"
    return found


def differences(ours: GraphQLSchema, theirs: GraphQLSchema) -> dict[str, str]:
    found: dict[str, str] = {}
    our_query, their_query = ours.query_type, theirs.query_type
    assert our_query is not None and their_query is not None
    for name, field in our_query.fields.items():
        their_field = their_query.fields.get(name)
        if their_field is None:
            found[f"query {name}"] = "extra"
            continue
        if str(field.type) != str(their_field.type):
            found[f"query {name}"] = f"type {their_field.type} != {field.type}"
        found.update(_arguments(f"query {name}", their_field, field))
    for type_name, kind in ours.type_map.items():
        if type_name.startswith("__") or not isinstance(kind, GraphQLObjectType) or kind is our_query:
            continue
        their_kind = theirs.type_map.get(type_name)
        if not isinstance(their_kind, GraphQLObjectType):
            found[f"type {type_name}"] = "extra"
            continue
        for name, their_field in their_kind.fields.items():
            field = kind.fields.get(name)
            key = f"type {type_name}.{name}"
            if field is None:
                found[key] = "missing"
                continue
            if str(field.type) != str(their_field.type):
                found[key] = f"type {their_field.type} != {field.type}"
            found.update(_arguments(key, their_field, field))
        for name in kind.fields:
            if name not in their_kind.fields:
                found[f"type {type_name}.{name}"] = "extra"
    return found
