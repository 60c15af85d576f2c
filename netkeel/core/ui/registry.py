"""Which models have pages, at which routes, in which menu: filled by `UIRouter.register` from each app's
(and plugin's) AppConfig.ready(), with `add_router(router)`; the URL map (`netkeel.urls`) only reads it.

One `ModelUI` per registered model holds everything the generic views need (table, filter set, form,
serializer, the API viewset whose delete hook the UI shares, extra tabs). What is not given is derived
from the model's API endpoint when first needed, so registering a model is one call.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from django.core.signals import setting_changed
from django.db import models
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_script_prefix, get_urlconf, include, path, reverse
from django.utils.text import slugify

from netkeel.core.api import registry as api_registry
from netkeel.core.ui import extensions, labels

if TYPE_CHECKING:
    from netkeel.core.ui.tables import BaseTable

# Actions and the model permission each needs.
ACTION_PERMISSIONS = {
    "list": "view",
    "detail": "view",
    "add": "add",
    "import": "add",
    "edit": "change",
    "bulk_edit": "change",
    "delete": "delete",
    "bulk_delete": "delete",
}


def permission(model: type[models.Model], action: str) -> str:
    """`tenancy.view_tenant` for ("tenant", "detail")."""
    verb = ACTION_PERMISSIONS.get(action, action)
    return f"{model._meta.app_label}.{verb}_{model._meta.model_name}"


@dataclass(frozen=True)
class ObjectTab:
    """An extra tab on a model's detail page (a device's interfaces, say): served at `<id>/<name>/`, named
    `<app>:<model>_<name>`, by `view` (a subclass of `netkeel.core.ui.views.ObjectTabView`)."""

    name: str
    label: str
    view: Any
    # Extra permission needed besides view on the object (e.g. "dcim.view_interface").
    permission: str | None = None
    # A count shown on the tab (say, of an object's notes).
    badge: Callable[[Any], int | None] | None = None
    # For a tab every model gets (`extensions.register_object_tab`): the models it is for (None: all).
    applies_to: Callable[[type[models.Model]], bool] | None = None


@dataclass
class ModelUI:
    model: type[models.Model]
    app: str  # URL namespace and first path segment: "tenancy"
    slug: str  # the second path segment, the API endpoint's name: "tenant-groups"
    menu_group: str
    menu_label: str
    table_class: type[BaseTable] | None = None
    filterset_class: Any = None
    form_class: Any = None
    serializer_class: Any = None
    tabs: list[ObjectTab] = field(default_factory=list)
    # Detail page: fields left out of the field list (comments are shown apart, as Markdown).
    detail_exclude: tuple[str, ...] = ()
    detail_template: str = "netkeel/ui/detail.html"
    # A subclass of views.ObjectDetailView for the detail page (its `extra_context(obj)` feeds the template).
    detail_view: Any = None
    # Columns shown until the user chooses (None: the table's own default).
    default_columns: tuple[str, ...] | None = None
    importable: bool = True
    in_menu: bool = True
    # Buttons of the list page besides Add and Import, for those who may add: (label, action, icon), the
    # action a page the app adds with `add_url(..., name=f"{model_name}_{action}")`.
    list_actions: tuple[tuple[str, str, str], ...] = ()
    # The URL namespace: the app ("tenancy"), or "plugins:<base_url>" for a plugin's pages.
    namespace: str = ""
    # How a message names an object of the model (a cable by its ends); None: `str(obj)`.
    display: Callable[[Any], str] | None = None
    # The add page takes a name pattern (`Ethernet[1-48]`) and makes one object per name (components).
    name_patterns: bool = False

    # ------------------------------------------------------------------------------ names

    @property
    def model_name(self) -> str:
        return str(self.model._meta.model_name)

    @property
    def verbose_name(self) -> str:
        """As a person writes it ("IP address", not "ip address"); see `labels`."""
        return labels.words(str(self.model._meta.verbose_name))

    @property
    def verbose_name_plural(self) -> str:
        return labels.words(str(self.model._meta.verbose_name_plural))

    def url_name(self, action: str) -> str:
        return f"{self.namespace or self.app}:{self.model_name}_{action}"

    def url(self, action: str, obj: Any = None) -> str:
        """The page of `action` (of `obj`, an object or its key): reversed once per route, script prefix and
        URL map, then built from that, since a list page links every row to its object several times."""
        if obj is None:
            return _reversed(self.url_name(action))
        pk = obj.pk if isinstance(obj, models.Model) else obj
        uuid_key = isinstance(self.model._meta.pk, models.UUIDField)
        if isinstance(pk, uuid.UUID) if uuid_key else type(pk) is int and pk >= 0:
            before, after = _object_route(self.url_name(action), uuid_key)
            return f"{before}{pk}{after}"
        return reverse(self.url_name(action), kwargs={"pk": pk})  # any other key: the route checks it

    def permission(self, action: str) -> str:
        return permission(self.model, action)

    def display_of(self, obj: Any) -> str:
        """`obj` as a message names it."""
        return self.display(obj) if self.display is not None else str(obj)

    @property
    def all_tabs(self) -> list[ObjectTab]:
        """The model's own tabs, then those apps lend every model it applies to (notes, change log)."""
        shared = [tab for tab in extensions.object_tabs() if tab.applies_to is None or tab.applies_to(self.model)]
        return [*self.tabs, *shared]

    # ------------------------------------------------------------------------------ derived from the API

    @cached_property
    def endpoint(self) -> api_registry.Endpoint | None:
        return api_registry.endpoint_for(self.model)

    @cached_property
    def viewset(self) -> Any:
        return self.endpoint.viewset if self.endpoint is not None else None

    @cached_property
    def serializer(self) -> Any:
        if self.serializer_class is not None:
            return self.serializer_class
        return self.endpoint.serializer if self.endpoint is not None else None

    @cached_property
    def filterset(self) -> Any:
        if self.filterset_class is not None:
            return self.filterset_class
        return getattr(self.viewset, "filterset_class", None)

    @cached_property
    def table(self) -> type[BaseTable]:
        from netkeel.core.ui.tables import table_for

        return self.table_class or table_for(self.model, default_columns=self.default_columns)

    @cached_property
    def form(self) -> Any:
        from netkeel.core.ui.forms import form_for

        return self.form_class or form_for(self.model, self.serializer)

    def base_queryset(self) -> models.QuerySet[Any]:
        """The API's queryset (with its annotations, say counts) or the model's default manager."""
        queryset = getattr(self.viewset, "queryset", None)
        if queryset is not None:
            return queryset.all()
        return self.model._default_manager.all()

    @property
    def api_list_path(self) -> str | None:
        """`/api/tenancy/tenants/`, for the CSV export link."""
        if self.endpoint is None:
            return None
        try:
            return reverse("api:root") + self.endpoint.path
        except NoReverseMatch:
            return f"/api/{self.endpoint.path}"


# Reversed routes by (URL name, script prefix, URL map); an object's route is kept as the text before and
# after its key, reversed with a stand-in key of the right kind.
_routes: dict[tuple[str, str, Any], str] = {}
_object_routes: dict[tuple[str, str, Any], tuple[str, str]] = {}
STAND_IN_KEYS = {True: uuid.UUID(int=0x5EED), False: 5_151_515_151}


def _reversed(url_name: str) -> str:
    key = (url_name, get_script_prefix(), get_urlconf())
    found = _routes.get(key)
    if found is None:
        found = _routes[key] = reverse(url_name)
    return found


def _object_route(url_name: str, uuid_key: bool) -> tuple[str, str]:
    key = (url_name, get_script_prefix(), get_urlconf())
    found = _object_routes.get(key)
    if found is None:
        stand_in = STAND_IN_KEYS[uuid_key]
        before, _, after = reverse(url_name, kwargs={"pk": stand_in}).partition(str(stand_in))
        found = _object_routes[key] = (before, after)
    return found


def _forget_routes(*, setting: str, **kwargs: Any) -> None:
    if setting == "ROOT_URLCONF":
        _routes.clear()
        _object_routes.clear()


setting_changed.connect(_forget_routes)


@dataclass(frozen=True)
class MenuLink:
    """A page of the menu that is not a model's list (the change log): shown to those with `permission`."""

    label: str
    url_name: str  # reversed with the router's namespace: "objectchange_list"
    permission: str


@dataclass
class MenuGroup:
    app: str
    label: str
    weight: int
    items: dict[str, list[ModelUI]] = field(default_factory=dict)  # sub-heading → models
    links: dict[str, list[MenuLink]] = field(default_factory=dict)  # sub-heading → pages that are not a model's


_models: dict[type[models.Model], ModelUI] = {}
_routers: dict[str, UIRouter] = {}  # namespace → router
_menu: list[MenuGroup] = []  # made once, on the first page that shows the menu


def add_router(router: UIRouter) -> None:
    """Serve `router`'s pages (and put its models in the menu); from an AppConfig.ready()."""
    _routers[router.namespace] = router
    _menu.clear()


def routers(prefix: str = "") -> list[UIRouter]:
    """The routers whose pages are under /<prefix>/ ("plugins"), or at the top (""), in registration order."""
    return [router for router in _routers.values() if router.prefix == prefix]


def ui_for(model: type[models.Model] | models.Model) -> ModelUI | None:
    cls = model if isinstance(model, type) else type(model)
    return _models.get(cls._meta.concrete_model or cls)


def registered_models() -> list[ModelUI]:
    return list(_models.values())


def menu() -> list[MenuGroup]:
    """One group per router with models in the menu, by weight; within it, models by sub-heading."""
    if _menu:
        return list(_menu)
    groups = []
    for router in _routers.values():
        group = MenuGroup(router.namespace, router.label, router.weight)
        for model_ui in router.models:
            if model_ui.in_menu:
                group.items.setdefault(model_ui.menu_group, []).append(model_ui)
        for heading, link in router.menu_links:
            group.links.setdefault(heading, []).append(link)
        if group.items or group.links:
            groups.append(group)
    _menu.extend(sorted(groups, key=lambda group: (group.weight, group.label)))
    return list(_menu)


def object_url(obj: Any, action: str = "detail") -> str | None:
    """The page of `obj` (None when its model has no pages)."""
    if obj is None or not isinstance(obj, models.Model):
        return None
    model_ui = ui_for(obj)
    if model_ui is None or obj.pk is None:
        return None
    try:
        return model_ui.url(action, obj)
    except NoReverseMatch:
        return None


def url_for(model: type[models.Model], pk: Any, action: str = "detail") -> str | None:
    """The page of the object of `model` with `pk`, without loading it."""
    model_ui = ui_for(model)
    if model_ui is None or pk is None:
        return None
    try:
        return model_ui.url(action, pk)
    except NoReverseMatch:
        return None


class UIRouter:
    """The pages of one app, made in its AppConfig.ready() (`netkeel/<app>/ui/pages.py`):

    router = UIRouter("tenancy", label="Tenancy", weight=50)
    router.register(TenantGroup, menu_group="Tenancy")
    router.register(Tenant, table=TenantTable)
    add_router(router)   # netkeel/urls.py includes router.app_urls()

    A plugin's router (`PluginConfig.ui_router()`) has `prefix="plugins"`: its pages are under
    /plugins/<app>/ and named `plugins:<app>:<model>_<action>`.
    """

    def __init__(self, app: str, *, label: str | None = None, weight: int = 100, prefix: str = "") -> None:
        self.app = app
        self.label = label or app.capitalize()
        self.weight = weight
        self.prefix = prefix
        self.namespace = f"{prefix}:{app}" if prefix else app
        self.models: list[ModelUI] = []
        self.extra_patterns: list[URLPattern | URLResolver] = []
        self.menu_links: list[tuple[str, MenuLink]] = []

    def register(
        self,
        model: type[models.Model],
        *,
        table: type[BaseTable] | None = None,
        filterset: Any = None,
        form: Any = None,
        serializer: Any = None,
        slug: str | None = None,
        menu_group: str | None = None,
        menu_label: str | None = None,
        tabs: list[ObjectTab] | tuple[ObjectTab, ...] = (),
        default_columns: tuple[str, ...] | None = None,
        detail_exclude: tuple[str, ...] = (),
        detail_template: str | None = None,
        detail_view: Any = None,
        importable: bool = True,
        in_menu: bool = True,
        list_actions: tuple[tuple[str, str, str], ...] = (),
        name_patterns: bool = False,
        display: Callable[[Any], str] | None = None,
    ) -> ModelUI:
        """Give `model` its list, detail, add, edit, delete, bulk edit/delete and import pages, and the
        tabs apps lend every model (notes, change log: see `extensions`). The route segment is the API
        endpoint's name (`tenant-groups`) when the model has one."""
        endpoint = api_registry.registered_endpoint(model)
        if slug is None:
            slug = endpoint.name if endpoint is not None else slugify(str(model._meta.verbose_name_plural))
        model_ui = ModelUI(
            model=model,
            app=self.app,
            slug=slug,
            menu_group=menu_group or self.label,
            menu_label=menu_label or labels.label(str(model._meta.verbose_name_plural)),
            table_class=table,
            filterset_class=filterset,
            form_class=form,
            serializer_class=serializer,
            tabs=list(tabs),
            default_columns=default_columns,
            detail_exclude=detail_exclude,
            detail_view=detail_view,
            importable=importable,
            in_menu=in_menu,
            list_actions=list_actions,
            namespace=self.namespace,
            name_patterns=name_patterns,
            display=display,
        )
        if detail_template:
            model_ui.detail_template = detail_template
        _models[model] = model_ui
        self.models.append(model_ui)
        return model_ui

    def add_url(self, route: str, view: Any, name: str) -> None:
        """A page of this app besides the generic ones (a trace, an elevation), under `/<app>/`."""
        self.extra_patterns.append(path(route, view, name=name))

    def add_menu_link(self, label: str, url_name: str, *, menu_group: str, permission: str) -> None:
        """Put a page of `add_url` (named `url_name`) in this app's menu under `menu_group`."""
        self.menu_links.append((menu_group, MenuLink(label, f"{self.namespace}:{url_name}", permission)))

    @property
    def urls(self) -> list[URLPattern | URLResolver]:
        from netkeel.core.ui import views

        patterns: list[URLPattern | URLResolver] = list(self.extra_patterns)
        for model_ui in self.models:
            pk = "uuid" if isinstance(model_ui.model._meta.pk, models.UUIDField) else "int"
            slug, name = model_ui.slug, model_ui.model_name
            kwargs = {"model_ui": model_ui}
            detail_view = model_ui.detail_view or views.ObjectDetailView
            patterns += [
                path(f"{slug}/", views.ObjectListView.as_view(**kwargs), name=f"{name}_list"),
                path(f"{slug}/add/", views.ObjectEditView.as_view(**kwargs), name=f"{name}_add"),
                path(f"{slug}/import/", views.ObjectImportView.as_view(**kwargs), name=f"{name}_import"),
                path(f"{slug}/edit/", views.BulkEditView.as_view(**kwargs), name=f"{name}_bulk_edit"),
                path(f"{slug}/delete/", views.BulkDeleteView.as_view(**kwargs), name=f"{name}_bulk_delete"),
                path(f"{slug}/<{pk}:pk>/", detail_view.as_view(**kwargs), name=f"{name}_detail"),
                path(f"{slug}/<{pk}:pk>/edit/", views.ObjectEditView.as_view(**kwargs), name=f"{name}_edit"),
                path(f"{slug}/<{pk}:pk>/delete/", views.ObjectDeleteView.as_view(**kwargs), name=f"{name}_delete"),
            ]
            for tab in model_ui.all_tabs:
                patterns.append(
                    path(
                        f"{slug}/<{pk}:pk>/{tab.name}/",
                        tab.view.as_view(model_ui=model_ui, tab=tab),
                        name=f"{name}_{tab.name}",
                    )
                )
        return patterns

    def app_urls(self) -> URLResolver:
        """`path("<app>/", include(...))` for netkeel/urls.py (a plugin's goes inside `plugins/`)."""
        return path(f"{self.app}/", include((self.urls, self.app)))
