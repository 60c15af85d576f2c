"""Context for every page: the theme, the navigation menu (only what the user may view) and the user menu's
pages that apps lend."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.functional import SimpleLazyObject

from netkeel.core.ui import extensions, preferences
from netkeel.core.ui.registry import menu


@dataclass(frozen=True)
class MenuItem:
    label: str
    url: str
    add_url: str | None


@dataclass(frozen=True)
class MenuSection:
    heading: str
    items: list[MenuItem]


@dataclass(frozen=True)
class MenuEntry:
    label: str
    sections: list[MenuSection]


def user_menu(request: HttpRequest) -> list[MenuEntry]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    entries = []
    for group in menu():
        sections = []
        for heading in dict.fromkeys([*group.items, *group.links]):
            items = []
            models = group.items.get(heading, [])
            for model_ui in models:
                if not user.has_perm(model_ui.permission("list")):
                    continue
                try:
                    url = model_ui.url("list")
                    add_url = model_ui.url("add") if user.has_perm(model_ui.permission("add")) else None
                except NoReverseMatch:
                    continue  # registered but not routed (its app's URLs are not included)
                items.append(MenuItem(model_ui.menu_label, url, add_url))
            for link in group.links.get(heading, []):
                if user.has_perm(link.permission):
                    items.append(MenuItem(link.label, reverse(link.url_name), None))
            if items:
                sections.append(MenuSection(heading, items))
        if sections:
            entries.append(MenuEntry(group.label, sections))
    return entries


@dataclass(frozen=True)
class UserPageLink:
    label: str
    icon: str
    url: str


def user_page_links() -> list[UserPageLink]:
    return [UserPageLink(page.label, page.icon, reverse(page.name)) for page in extensions.user_pages()]


def ui(request: HttpRequest) -> dict[str, Any]:
    return {
        "nk_theme": preferences.theme(request),
        "nk_menu": SimpleLazyObject(lambda: user_menu(request)),
        "nk_user_pages": SimpleLazyObject(user_page_links),
    }
