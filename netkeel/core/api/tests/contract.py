"""The API contract against Nautobot 3.2.7's own OpenAPI (shared/reference, facts only): for every route both
schemas describe, per method, the query parameters, the request and response properties with their types, and
every enum. Plain functions over two schema dicts (no database, no Django), so the comparison is tested and
read on its own; `test_nautobot_contract` runs it against netkeel's `/api/swagger.json`.

A difference is a stable one-line key, `<route> <part> <name>: <what>`, with the methods it was seen on folded
into one key (a list route's GET, POST, PUT, PATCH and DELETE describe one model); `details` keeps the long
form (which enum values, which types) for the failure message.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, NamedTuple

# A copy of shared/reference/nautobot-3.2.7-openapi.facts.json.gz (generated from a stock Nautobot 3.2.7 with its
# own `spectacular` command; names, types and enums only), kept here so that a fresh clone tests against it.
REFERENCE = Path(__file__).with_name("nautobot-3.2.7-openapi.facts.json.gz")
METHODS = ("get", "post", "put", "patch", "delete")
# Enums that only say "blank" or "null" are alternatives of a choice field, not a type of their own.
_EMPTY_ENUMS = ({""}, {None}, {"", None})
# The reference had every `description`, `summary`, `title` and `example` key removed, properties so named with
# them: such a property is missing from Nautobot's side by the way the facts were made, not by Nautobot.
STRIPPED_FROM_REFERENCE = frozenset({"description", "summary", "title", "example"})


class Difference(NamedTuple):
    key: str  # stable: what the allow-list names
    detail: str  # the long form, for a failure message


def load_reference(path: Path = REFERENCE) -> dict[str, Any]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return dict(json.load(handle))


class Schema:
    """One OpenAPI document with its `$ref`s followed."""

    def __init__(self, document: Mapping[str, Any]) -> None:
        self.document = document
        self.components: Mapping[str, Any] = document.get("components", {}).get("schemas", {})

    def resolve(self, node: Any) -> dict[str, Any]:
        """`node` with `$ref`, single `allOf` and `oneOf` of a value and a blank/null enum taken apart."""
        seen = 0
        while isinstance(node, Mapping) and seen < 20:
            seen += 1
            if "$ref" in node:
                node = {**self.components.get(node["$ref"].rsplit("/", 1)[-1], {}), **_without(node, "$ref")}
                continue
            if len(node.get("allOf", ())) == 1:
                node = {**self.resolve(node["allOf"][0]), **_without(node, "allOf")}
                continue
            alternatives = node.get("oneOf") or node.get("anyOf")
            if alternatives:
                kept = [alt for alt in (self.resolve(a) for a in alternatives) if not _is_empty_enum(alt)]
                if len(kept) == 1:
                    node = {**kept[0], **_without(node, "oneOf", "anyOf")}
                    continue
            return dict(node)
        return dict(node) if isinstance(node, Mapping) else {}

    def kind(self, node: Any) -> str:
        """A type in a few words: `string`, `string/uuid`, `integer`, `related`, `choice`, `array of …`."""
        node = self.resolve(node)
        alternatives = node.get("oneOf") or node.get("anyOf")
        if alternatives:
            kinds = sorted({self.kind(alt) for alt in alternatives})
            return kinds[0] if len(kinds) == 1 else " or ".join(kinds)
        kind = node.get("type")
        properties = node.get("properties") or {}
        if kind == "array":
            return f"array of {self.kind(node.get('items', {}))}"
        if kind == "object" or properties:
            if {"value", "label"} <= set(properties):
                return "choice"
            if "id" in properties and ({"object_type", "url"} & set(properties)):
                return "related"
            return "object"
        if kind == "string" and node.get("format") in ("uuid", "date", "date-time"):
            return f"string/{node['format']}"
        if kind == "number" and node.get("format") == "double":
            return "number"
        return str(kind or "any")

    def enum(self, node: Any) -> set[str] | None:
        """The values a field takes (a choice's `value` enum), or None when it names none."""
        node = self.resolve(node)
        if node.get("type") == "array":
            return self.enum(node.get("items", {}))
        properties = node.get("properties") or {}
        if {"value", "label"} <= set(properties):
            return self.enum(properties["value"])
        if "enum" in node:
            return {str(value) for value in node["enum"] if value not in ("", None)}
        return None

    def properties(self, node: Any) -> dict[str, Any]:
        """The properties of one object, of a list's items or of a page's `results`."""
        node = self.resolve(node)
        if node.get("type") == "array":
            node = self.resolve(node.get("items", {}))
        properties = dict(node.get("properties") or {})
        if "results" in properties and "count" in properties:
            return self.properties(properties["results"])
        return properties

    def request_body(self, operation: Mapping[str, Any]) -> dict[str, Any] | None:
        content = (operation.get("requestBody") or {}).get("content") or {}
        body = content.get("application/json")
        return None if body is None else self.properties(body.get("schema", {}))

    def response_body(self, operation: Mapping[str, Any]) -> dict[str, Any] | None:
        responses = operation.get("responses") or {}
        for code in ("200", "201"):
            content = (responses.get(code) or {}).get("content") or {}
            if "application/json" in content:
                return self.properties(content["application/json"].get("schema", {}))
        return None

    def query(self, operation: Mapping[str, Any]) -> dict[str, Any]:
        return {
            param["name"]: param.get("schema", {})
            for param in operation.get("parameters", ())
            if isinstance(param, Mapping) and param.get("in") == "query"
        }


def _without(node: Mapping[str, Any], *keys: str) -> dict[str, Any]:
    return {key: value for key, value in node.items() if key not in keys}


def _is_empty_enum(node: Mapping[str, Any]) -> bool:
    values = node.get("enum")
    return values is not None and set(values) in _EMPTY_ENUMS


def _query_kind(schema: Schema, node: Any) -> str:
    # Nautobot's filters take lists (`?name=a&name=b`, `explode`), netkeel's schema names the item type.
    kind = schema.kind(node)
    return kind.removeprefix("array of ")


def _route(path: str) -> str:
    """The route a key names: a detail path folds into its list route, `/dcim/locations/{id}/` → list."""
    return path.replace("{id}/", "", 1) if path.endswith("{id}/") and path.count("{") == 1 else path


def _compare_fields(
    part: str, ours: Schema, theirs: Schema, our_fields: Mapping[str, Any], their_fields: Mapping[str, Any], query: bool
) -> Iterator[tuple[str, str]]:
    """(what, detail) per field that differs, `what` starting with the field's name."""
    kind = _query_kind if query else Schema.kind
    for name in sorted(set(our_fields) | set(their_fields)):
        if not query and name in STRIPPED_FROM_REFERENCE:
            continue
        if name not in our_fields:
            yield f"{part} {name}: missing", f"Nautobot: {kind(theirs, their_fields[name])}"
            continue
        if name not in their_fields:
            yield f"{part} {name}: not in Nautobot", f"netkeel: {kind(ours, our_fields[name])}"
            continue
        our_kind, their_kind = kind(ours, our_fields[name]), kind(theirs, their_fields[name])
        if our_kind != their_kind:
            yield f"{part} {name}: type {our_kind}, Nautobot {their_kind}", ""
        our_enum, their_enum = ours.enum(our_fields[name]), theirs.enum(their_fields[name])
        if their_enum is not None and our_enum != their_enum:
            if our_enum is None:
                yield f"{part} {name}: no enum", f"Nautobot's {len(their_enum)} values"
            else:
                lacking, extra = sorted(their_enum - our_enum), sorted(our_enum - their_enum)
                yield f"{part} {name}: enum differs", f"lacks {lacking}, has extra {extra}"


def differences(ours_document: Mapping[str, Any], reference: Mapping[str, Any]) -> dict[str, Difference]:
    """Every difference between netkeel's schema and Nautobot's, on the paths netkeel serves, by key."""
    ours, theirs = Schema(ours_document), Schema(reference)
    found: dict[str, Difference] = {}

    def add(path: str, method: str, what: str, detail: str = "") -> None:
        key = f"{_route(path)} {what}"
        entry = found.get(key)
        label = f"{method.upper()} {path}"
        if entry is None:
            found[key] = Difference(key, f"{label} {detail}".strip())
        elif label not in entry.detail:
            found[key] = Difference(key, f"{entry.detail}; {label}")

    for path, our_item in sorted(ours_document.get("paths", {}).items()):
        their_item = reference.get("paths", {}).get(path)
        if their_item is None:
            if "{" in path:  # an app root (`/dcim/`) is a list of links in both; only models' routes count
                add(path, "any", "route: not in Nautobot")
            continue
        for method in METHODS:
            our_op, their_op = our_item.get(method), their_item.get(method)
            if our_op is None and their_op is None:
                continue
            if our_op is None:
                add(path, method, f"{method.upper()}: missing")
                continue
            if their_op is None:
                add(path, method, f"{method.upper()}: not in Nautobot")
                continue
            if method == "get":
                for what, detail in _compare_fields(
                    "query", ours, theirs, ours.query(our_op), theirs.query(their_op), query=True
                ):
                    add(path, method, what, detail)
            our_request, their_request = ours.request_body(our_op), theirs.request_body(their_op)
            if our_request is not None or their_request is not None:
                for what, detail in _compare_fields(
                    "request", ours, theirs, our_request or {}, their_request or {}, query=False
                ):
                    add(path, method, what, detail)
            our_response, their_response = ours.response_body(our_op), theirs.response_body(their_op)
            if our_response is not None or their_response is not None:
                for what, detail in _compare_fields(
                    "response", ours, theirs, our_response or {}, their_response or {}, query=False
                ):
                    add(path, method, what, detail)
    return found


def load_allowed(path: Path) -> dict[str, str]:
    """The allow-list file, `{reason: [key, …]}`, as key → reason (a key listed twice is an error)."""
    allowed: dict[str, str] = {}
    for reason, keys in json.loads(path.read_text(encoding="utf-8")).items():
        for key in keys:
            if key in allowed:
                raise ValueError(f"{key!r} is allowed twice: under {allowed[key]!r} and {reason!r}.")
            allowed[key] = reason
    return allowed
