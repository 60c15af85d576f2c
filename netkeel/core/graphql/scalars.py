"""Nautobot's scalars (graphene's names): UUID, DateTime, Date, Decimal, BigInt, GenericScalar."""

from __future__ import annotations

import datetime
import decimal
import uuid
from typing import Any

from graphql import GraphQLBoolean, GraphQLFloat, GraphQLInt, GraphQLScalarType, GraphQLString, ValueNode
from graphql.utilities import value_from_ast_untyped


def _iso(value: Any) -> str:
    return value.isoformat() if isinstance(value, (datetime.date, datetime.datetime)) else str(value)


def _generic(value: Any) -> Any:
    if isinstance(value, (uuid.UUID, decimal.Decimal)):
        return str(value)
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return value


def _generic_literal(node: ValueNode, variables: Any = None) -> Any:
    return value_from_ast_untyped(node, variables)


UUID = GraphQLScalarType("UUID", serialize=str, parse_value=lambda value: uuid.UUID(str(value)))
DateTime = GraphQLScalarType("DateTime", serialize=_iso)
Date = GraphQLScalarType("Date", serialize=_iso)
Decimal = GraphQLScalarType("Decimal", serialize=str)
BigInt = GraphQLScalarType("BigInt", serialize=int, parse_value=int)
GenericScalar = GraphQLScalarType(
    "GenericScalar", serialize=_generic, parse_value=lambda value: value, parse_literal=_generic_literal
)

# Django's field types (get_internal_type()) → the scalar Nautobot shows them as.
BY_INTERNAL_TYPE: dict[str, GraphQLScalarType] = {
    "UUIDField": UUID,
    "DateTimeField": DateTime,
    "DateField": Date,
    "DecimalField": Decimal,
    "BigIntegerField": BigInt,
    "PositiveBigIntegerField": BigInt,
    "JSONField": GenericScalar,
    "BooleanField": GraphQLBoolean,
    "NullBooleanField": GraphQLBoolean,
    "IntegerField": GraphQLInt,
    "SmallIntegerField": GraphQLInt,
    "PositiveIntegerField": GraphQLInt,
    "PositiveSmallIntegerField": GraphQLInt,
    "AutoField": GraphQLInt,
    "BigAutoField": GraphQLInt,
    "FloatField": GraphQLFloat,
}


def scalar_for(internal_type: str) -> GraphQLScalarType:
    return BY_INTERNAL_TYPE.get(internal_type, GraphQLString)
