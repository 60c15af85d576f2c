"""Per-user UI preferences, kept in `User.config_data["ui"]` (a JSON column of the users app's model, read
by attribute so that core needs no import of it): the theme, each table's columns and page size.

The theme is also kept in a cookie, so the login page (before anyone is known) wears it too.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

THEMES = ("light", "dark")
THEME_COOKIE = "netkeel_theme"
PER_PAGE_CHOICES = (25, 50, 100, 250, 500, 1000)


def _ui(user: Any) -> dict[str, Any]:
    data = getattr(user, "config_data", None)
    if not isinstance(data, dict):
        return {}
    ui = data.get("ui")
    return ui if isinstance(ui, dict) else {}


def get(user: Any, key: str, default: Any = None) -> Any:
    return _ui(user).get(key, default)


def put(user: Any, key: str, value: Any) -> None:
    """Store one preference (only for a signed-in user whose model has `config_data`)."""
    if not getattr(user, "is_authenticated", False) or not hasattr(user, "config_data"):
        return
    data = user.config_data if isinstance(user.config_data, dict) else {}
    ui = dict(data.get("ui") or {})
    if ui.get(key) == value:
        return
    ui[key] = value
    user.config_data = {**data, "ui": ui}
    user.save(update_fields=["config_data"])


def theme(request: HttpRequest) -> str:
    user = getattr(request, "user", None)
    chosen = get(user, "theme") if user is not None and user.is_authenticated else None
    if chosen not in THEMES:
        chosen = request.COOKIES.get(THEME_COOKIE)
    return chosen if chosen in THEMES else "light"


def table_columns(user: Any, table_key: str) -> list[str] | None:
    tables = get(user, "tables", {})
    if not isinstance(tables, dict):
        return None
    entry = tables.get(table_key)
    columns = entry.get("columns") if isinstance(entry, dict) else None
    return [str(name) for name in columns] if isinstance(columns, list) else None


def table_per_page(user: Any, table_key: str) -> int | None:
    tables = get(user, "tables", {})
    entry = tables.get(table_key) if isinstance(tables, dict) else None
    value = entry.get("per_page") if isinstance(entry, dict) else None
    return value if isinstance(value, int) and value in PER_PAGE_CHOICES else None


def set_table(user: Any, table_key: str, **values: Any) -> None:
    tables = get(user, "tables", {})
    tables = dict(tables) if isinstance(tables, dict) else {}
    entry = dict(tables.get(table_key) or {})
    for name, value in values.items():
        if value is None:
            entry.pop(name, None)
        else:
            entry[name] = value
    tables[table_key] = entry
    put(user, "tables", tables)
