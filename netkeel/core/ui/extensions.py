"""What apps above core lend every page, since core may not import them (nor look their models up by name):

- object tabs on every model's detail page (extras: notes and the change log), `register_object_tab`;
- panels of the home page (extras: recent changes), `register_home_panel`;
- panels of a detail page (IPAM: the IP addresses of an interface or a device), `register_detail_panel`;
- pages of the signed-in user's menu (users: API tokens), `register_user_page`.

An app registers them from its AppConfig.ready(), so all are known before the URL map is built (an object
tab's routes are made per model by `UIRouter.urls`, the user pages' by `netkeel.core.urls`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.http import HttpRequest
from django.urls import URLPattern, path

if TYPE_CHECKING:
    from netkeel.core.ui.registry import ObjectTab


@dataclass(frozen=True)
class HomePanel:
    """A card of the home page's side column: `template` rendered with `context(request)`."""

    name: str
    template: str
    context: Callable[[HttpRequest], dict[str, Any]]


@dataclass(frozen=True)
class DetailPanel:
    """A card on the detail page of every model `applies_to` accepts: `template` rendered with the dict
    `context(request, obj)` as `panel` (None shows no card, say for a user who may not view its objects)."""

    name: str
    template: str
    applies_to: Callable[[type[Any]], bool]
    context: Callable[[HttpRequest, Any], dict[str, Any] | None]


@dataclass(frozen=True)
class UserPage:
    """A page of the user menu, served at `/<route>` and named `name` (a plain view, signed-in users only
    by its own checks)."""

    name: str
    label: str
    icon: str  # a Bootstrap icon's name: "key"
    route: str
    view: Callable[..., Any]


_object_tabs: dict[str, ObjectTab] = {}
_home_panels: dict[str, HomePanel] = {}
_user_pages: dict[str, UserPage] = {}
_detail_panels: dict[str, DetailPanel] = {}


def register_detail_panel(panel: DetailPanel) -> None:
    _detail_panels[panel.name] = panel


def detail_panels(request: HttpRequest, obj: Any) -> list[dict[str, Any]]:
    """The cards other apps lend `obj`'s detail page, each as {"template", "panel"}."""
    shown = []
    for panel in _detail_panels.values():
        if panel.applies_to(type(obj)):
            data = panel.context(request, obj)
            if data is not None:
                shown.append({"template": panel.template, "panel": data})
    return shown


def register_object_tab(tab: ObjectTab) -> None:
    """A tab on the detail page of every model its `applies_to` accepts, after the model's own tabs."""
    _object_tabs[tab.name] = tab


def object_tabs() -> list[ObjectTab]:
    return list(_object_tabs.values())


def register_home_panel(panel: HomePanel) -> None:
    _home_panels[panel.name] = panel


def home_panels() -> list[HomePanel]:
    return list(_home_panels.values())


def register_user_page(page: UserPage) -> None:
    _user_pages[page.name] = page


def user_pages() -> list[UserPage]:
    return list(_user_pages.values())


def user_page_patterns() -> list[URLPattern]:
    return [path(page.route, page.view, name=page.name) for page in _user_pages.values()]
