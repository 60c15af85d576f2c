"""Depth and complexity of a query, measured on the document before anything runs.

Depth counts nested selections (a field with fields under it); complexity counts every field selected,
fragments expanded where they are spread. Introspection (`__schema`, `__type`) is not counted: GraphiQL
and clients read the schema through it. The limits are settings: GRAPHQL_MAX_DEPTH, GRAPHQL_MAX_COMPLEXITY.
"""

from __future__ import annotations

from django.conf import settings
from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
)

DEFAULT_MAX_DEPTH = 10
DEFAULT_MAX_COMPLEXITY = 5000


def measure(document: DocumentNode, operation_name: str | None) -> tuple[int, int]:
    """(depth, complexity) of the operation that would run."""
    fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    chosen = [op for op in operations if operation_name is None or (op.name and op.name.value == operation_name)]
    depth = complexity = 0
    for operation in chosen[:1]:
        depth, complexity = _walk(operation.selection_set, fragments, frozenset())
    return depth, complexity


def _walk(
    selection_set: SelectionSetNode, fragments: dict[str, FragmentDefinitionNode], seen: frozenset[str]
) -> tuple[int, int]:
    depth = complexity = 0
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode):
            if selection.name.value.startswith("__"):
                continue
            complexity += 1
            if selection.selection_set is not None:
                below, count = _walk(selection.selection_set, fragments, seen)
                depth, complexity = max(depth, below + 1), complexity + count
        elif isinstance(selection, InlineFragmentNode):
            below, count = _walk(selection.selection_set, fragments, seen)
            depth, complexity = max(depth, below), complexity + count
        elif isinstance(selection, FragmentSpreadNode):
            name = selection.name.value
            if name in seen or name not in fragments:
                continue
            below, count = _walk(fragments[name].selection_set, fragments, seen | {name})
            depth, complexity = max(depth, below), complexity + count
    return depth, complexity


def problems(document: DocumentNode, operation_name: str | None) -> list[str]:
    """What makes the query too big to run (empty when it may run)."""
    max_depth = int(getattr(settings, "GRAPHQL_MAX_DEPTH", DEFAULT_MAX_DEPTH))
    max_complexity = int(getattr(settings, "GRAPHQL_MAX_COMPLEXITY", DEFAULT_MAX_COMPLEXITY))
    depth, complexity = measure(document, operation_name)
    found = []
    if depth > max_depth:
        found.append(f"The query is {depth} levels deep; at most {max_depth} are allowed (GRAPHQL_MAX_DEPTH).")
    if complexity > max_complexity:
        found.append(
            f"The query selects {complexity} fields; at most {max_complexity} are allowed (GRAPHQL_MAX_COMPLEXITY)."
        )
    return found
