"""Escaping as a rule, checked in the source: no template turns autoescaping off or marks data safe, and
Python marks HTML safe only where it was built from constants or sanitized (the allow-list below)."""

from __future__ import annotations

import re
from pathlib import Path

import netkeel

ROOT = Path(netkeel.__file__).parent
# (file, how many mark_safe/SafeString calls it may hold, and why)
ALLOWED = {
    "core/ui/render.py": 2,  # Markdown after nh3; the empty string
    "core/ui/tables.py": 1,  # the select-all checkbox, a constant
}
UNSAFE_TEMPLATE = re.compile(r"\|\s*safe\b|{%\s*autoescape\s+off|\|\s*safeseq\b")
UNSAFE_PYTHON = re.compile(r"\bmark_safe\(|\bSafeString\(|\bSafeText\(")


def sources(pattern: str) -> list[Path]:
    return [path for path in ROOT.rglob(pattern) if "tests" not in path.parts and "migrations" not in path.parts]


def test_no_template_disables_escaping() -> None:
    offenders = [str(path.relative_to(ROOT)) for path in sources("*.html") if UNSAFE_TEMPLATE.search(path.read_text())]
    assert offenders == [], f"templates that mark data safe or turn autoescape off: {offenders}"


def test_python_marks_html_safe_only_where_allowed() -> None:
    found = {}
    for path in sources("*.py"):
        count = len(UNSAFE_PYTHON.findall(path.read_text()))
        if count:
            found[path.relative_to(ROOT).as_posix()] = count
    unexpected = {name: count for name, count in found.items() if count > ALLOWED.get(name, 0)}
    assert unexpected == {}, f"mark_safe/SafeString outside the allow-list (use format_html): {unexpected}"


def test_every_model_with_pages_has_the_page_tests() -> None:
    """Each registered model has a UIModelTests class (query counts, permissions, CSRF, XSS) somewhere in
    netkeel/<app>/tests/test_ui*.py."""
    import importlib

    from netkeel.core.testing.ui import UIModelTests
    from netkeel.core.ui.registry import registered_models

    tested = set()
    for path in ROOT.glob("*/tests/test_ui*.py"):
        module = importlib.import_module(".".join(("netkeel", *path.relative_to(ROOT).with_suffix("").parts)))
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, UIModelTests) and getattr(value, "model", None):
                tested.add(value.model)
    missing = sorted(m.model.__name__ for m in registered_models() if m.model not in tested)
    assert missing == [], f"models with pages but no UIModelTests subclass: {missing}"
