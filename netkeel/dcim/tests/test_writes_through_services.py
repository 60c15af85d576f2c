"""Every domain write goes through a service: an API serializer's `create_instance`/`update_instance`
override (which UI forms and CSV import reach through the serializer too) is one call of a service function,
nothing more. Read from the source, so a new override that writes by itself fails here."""

from __future__ import annotations

import ast
from pathlib import Path

import netkeel

ROOT = Path(netkeel.__file__).parent
SERVICE_MODULES = {"services", "cabling"}  # `from netkeel.<app> import services`, `... import service as cabling`


def overrides() -> list[tuple[str, ast.FunctionDef]]:
    found = []
    for path in sorted(ROOT.glob("*/api/*.py")):
        if path.parts[-3] == "core":
            continue  # the base class itself: a plain save for models whose writes have no consequences
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef) and node.name in {"create_instance", "update_instance"}:
                found.append((f"{path.relative_to(ROOT)}:{node.lineno} {node.name}", node))
    return found


def calls_a_service_only(function: ast.FunctionDef) -> bool:
    body = [statement for statement in function.body if not isinstance(statement, ast.Expr)]  # docstrings
    if len(body) != 1 or not isinstance(body[0], ast.Return) or body[0].value is None:
        return False
    value = body[0].value
    if isinstance(value, ast.Subscript):  # an allocation service's first (and only) object
        value = value.value
    if not isinstance(value, ast.Call) or not isinstance(value.func, ast.Attribute):
        return False
    owner = value.func.value
    return isinstance(owner, ast.Name) and owner.id in SERVICE_MODULES


def test_the_domain_serializers_only_call_services() -> None:
    found = overrides()
    assert len(found) >= 15, [name for name, _ in found]  # the scan finds them (dcim, ipam, circuits, users)
    assert [name for name, function in found if not calls_a_service_only(function)] == []
