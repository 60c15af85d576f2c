"""Reading pages: the list (table, filters, pages, columns, export), an object's detail, and the base of
the extra tabs apps add (a model's own, and those lent to every model: see netkeel.core.ui.extensions).
Each costs the same queries whatever the number of rows: a page's rows are fetched with what its visible
columns show."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import render

from netkeel.core.api.filters import RESERVED_PARAMS
from netkeel.core.permissions import restrict
from netkeel.core.ui import extensions, hooks, labels, preferences, visibility
from netkeel.core.ui.filtering import filter_form
from netkeel.core.ui.forms import messages_of
from netkeel.core.ui.registry import ModelUI, ui_for
from netkeel.core.ui.render import custom_field_rows, detail_rows, markdown
from netkeel.core.ui.tables import with_related
from netkeel.core.ui.views.base import ModelView, ObjectView

# Parameters of the list page that are not filters.
PAGE_PARAMS = frozenset({"page", "per_page", "sort"})
# Rows shown per page of a tab (notes, changes).
TAB_PAGE_SIZE = 50


def table_key(model_ui: ModelUI) -> str:
    return f"{model_ui.model._meta.app_label}.{model_ui.model_name}"


# `?per_page=default`: forget this table's remembered page size and show the site's.
DEFAULT_PER_PAGE = "default"


def default_per_page() -> int:
    return min(int(getattr(settings, "PAGINATE_COUNT", 50)), max(preferences.PER_PAGE_CHOICES))


def per_page_for(request: HttpRequest, key: str) -> int:
    """`?per_page=` when it is one of the choices (and then remembered), else the user's, else the site's;
    `?per_page=default` forgets the user's."""
    raw = request.GET.get("per_page")
    if raw == DEFAULT_PER_PAGE:
        preferences.set_table(request.user, key, per_page=None)
        return default_per_page()
    if raw is not None:
        try:
            chosen = int(raw)
        except ValueError:
            chosen = 0
        if chosen in preferences.PER_PAGE_CHOICES:
            preferences.set_table(request.user, key, per_page=chosen)
            return chosen
    remembered = preferences.table_per_page(request.user, key)
    if remembered:
        return remembered
    return default_per_page()


def page_size_context(request: HttpRequest, key: str) -> dict[str, Any]:
    """What the table footer shows of the page size: the size, the choices, the site's default, and whether
    a size the user chose earlier is in force (so the footer says so, with the way back to the default)."""
    per_page = per_page_for(request, key)
    default = default_per_page()
    return {
        "per_page": per_page,
        "per_page_choices": preferences.PER_PAGE_CHOICES,
        "per_page_default": default,
        "per_page_remembered": per_page != default and preferences.table_per_page(request.user, key) == per_page,
    }


class ObjectListView(ModelView):
    action = "list"
    template_name = "netkeel/ui/list.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        ui = self.ui
        table_class = ui.table
        key = table_key(ui)
        visible = table_class.visible_columns(preferences.table_columns(request.user, key))
        queryset, filterset, problems = self.filtered(request)
        select, prefetch = table_class.related_paths(visible)
        queryset = with_related(queryset, select, prefetch)
        hidden = [name for name, _ in table_class.choosable_columns() if name not in visible]
        table = table_class(queryset, exclude=hidden, order_by=request.GET.get("sort") or None)
        table.user_may = (self.user_may("change"), self.user_may("delete"))
        table.return_url = quote(request.get_full_path(), safe="/")  # one query parameter of the row links
        page_size = page_size_context(request, key)
        per_page = page_size["per_page"]
        try:
            table.paginate(page=request.GET.get("page", 1), per_page=per_page)
        except (EmptyPage, PageNotAnInteger):
            table.paginate(page=1, per_page=per_page)
        context = {
            **self.base_context(),
            "table": table,
            "filter_form": filter_form(filterset, request) if filterset is not None else None,
            "filter_problems": problems,
            "filtered": any(name not in PAGE_PARAMS for name in request.GET),
            **page_size,
            "columns": [(name, header, name in visible) for name, header in table_class.choosable_columns()],
            "export_url": self.export_url(request),
            # Bulk buttons show only to those who may use them.
            "bulk_edit_url": ui.url("bulk_edit") if self.user_may("change") else None,
            "bulk_delete_url": ui.url("bulk_delete") if self.user_may("delete") else None,
            "import_url": ui.url("import") if ui.importable else None,
            "add_url": ui.url("add"),
            "list_actions": [(label, ui.url(action), icon) for label, action, icon in ui.list_actions],
        }
        return render(request, self.template_name, context)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        """The column chooser: remember the user's columns for this table (or forget them)."""
        key = table_key(self.ui)
        names = {name for name, _ in self.ui.table.choosable_columns()}
        if "reset" in request.POST:
            preferences.set_table(request.user, key, columns=None)
        else:
            chosen = [name for name in request.POST.getlist("columns") if name in names]
            preferences.set_table(request.user, key, columns=chosen or None)
        return HttpResponseRedirect(request.get_full_path())

    def filter_params(self, request: HttpRequest) -> QueryDict:
        params = request.GET.copy()
        for name in [*PAGE_PARAMS, *RESERVED_PARAMS]:
            params.pop(name, None)
        return params

    def filtered(self, request: HttpRequest) -> tuple[models.QuerySet[Any], Any, list[str]]:
        """The list's rows under the API's filters; problems (unknown or bad filters) are listed, and a bad
        filter lists nothing rather than everything."""
        queryset = self.restricted(self.ui.base_queryset(), "view")
        filterset_class = self.ui.filterset
        if filterset_class is None:
            return queryset, None, []
        params = self.filter_params(request)
        names = getattr(filterset_class, "filter_names", None)
        known = names(request) if names is not None else set(filterset_class.get_filters())
        problems = [f"{name}: not a filter of {self.ui.verbose_name_plural}" for name in sorted(set(params) - known)]
        for name in set(params) - known:
            params.pop(name, None)
        filterset = filterset_class(data=params, queryset=queryset, request=request)
        if not filterset.is_valid():
            problems += messages_of(dict(filterset.errors))
            return queryset.none(), filterset, problems
        return filterset.qs, filterset, problems

    def export_url(self, request: HttpRequest) -> str | None:
        """The API list with the same filters as CSV (`?format=csv`)."""
        path = self.ui.api_list_path
        if path is None:
            return None
        params = request.GET.copy()
        for name in ("page", "per_page"):
            params.pop(name, None)
        params["format"] = "csv"
        return f"{path}?{params.urlencode()}"


# ---------------------------------------------------------------------------------------------- detail


@dataclass(frozen=True)
class Tab:
    name: str
    label: str
    url: str
    badge: int | None = None


def object_tabs(request: HttpRequest, model_ui: ModelUI, obj: Any) -> list[Tab]:
    user = request.user
    tabs = [Tab("detail", labels.label(model_ui.verbose_name), model_ui.url("detail", obj))]
    for extra in model_ui.all_tabs:
        if extra.permission is None or user.has_perm(extra.permission):
            badge = extra.badge(obj) if extra.badge is not None else None
            tabs.append(Tab(extra.name, extra.label, model_ui.url(extra.name, obj), badge))
    return tabs


@dataclass(frozen=True)
class RelatedList:
    label: str
    count: int
    url: str


def related_lists(request: HttpRequest, obj: models.Model) -> list[RelatedList]:
    """Objects that point at `obj` (a tenant group's tenants, a status's devices): one count per kind,
    linking to that kind's list filtered by `obj`, for kinds with pages that the user may view and that
    hold at least one."""
    found = []
    for relation in type(obj)._meta.related_objects:
        related_model: Any = relation.related_model
        field = relation.field
        if getattr(related_model._meta, "auto_created", False) or not hasattr(field, "attname"):
            continue
        model_ui = ui_for(related_model)
        if model_ui is None or not request.user.has_perm(model_ui.permission("list")):
            continue
        filterset = model_ui.filterset
        if filterset is None or field.name not in filterset.get_filters():
            continue
        # Counted through the filter the link uses, so the two agree (a tree filter includes descendants).
        matching = filterset(
            {field.name: [str(obj.pk)]}, queryset=related_model._default_manager.all(), request=request
        )
        count = restrict(matching.qs, request.user, "view").count()
        if not count:
            continue  # a tag or status applies to many kinds; list only those that hold something
        label = labels.label(str(related_model._meta.verbose_name_plural))
        found.append(RelatedList(label, count, f"{model_ui.url('list')}?{field.name}={obj.pk}"))
    return sorted(found, key=lambda item: item.label)


def note_context(context: dict[str, Any]) -> None:
    """Decide, a related model at a time, on the related objects loaded with the objects an app's page
    hands its template (an object, a list of them, a page of them): what its `|link`s will show."""
    found: list[Any] = []
    for value in context.values():
        if isinstance(value, models.Model):
            found.append(value)
        elif isinstance(value, list | tuple) or hasattr(value, "object_list"):
            items = getattr(value, "object_list", value)
            if isinstance(items, models.QuerySet):
                items = list(items)  # read once: the queryset keeps the rows for the template
            if isinstance(items, list | tuple):
                found.extend(item for item in items if isinstance(item, models.Model))
    visibility.note(found)
    visibility.note_loaded(found)


class ObjectDetailView(ObjectView):
    action = "detail"
    active_tab = "detail"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        ui = self.ui
        queryset = self.detail_queryset()
        many = [f.name for f in ui.model._meta.many_to_many]
        if many:
            queryset = queryset.prefetch_related(*many)
        obj = self.get_object(queryset)
        exclude = {"id", "custom_field_data", "created", "last_updated", "comments", *ui.detail_exclude}
        provider = hooks.custom_field_forms()
        field_labels = provider.labels(ui.model) if provider is not None else {}
        tags = list(obj.tags.all()) if "tags" in many else None
        # Whether the reader may view each object the page names: a query per related model at most.
        visibility.note_loaded([obj])
        visibility.note(item for name in many for item in getattr(obj, name).all())
        context = {
            **self.object_context(obj),
            "fields": detail_rows(obj, exclude),
            "custom_fields": custom_field_rows(obj, field_labels),
            "has_custom_fields": hasattr(obj, "custom_field_data"),
            "tags": tags,
            "comments": markdown(getattr(obj, "comments", "")) if hasattr(obj, "comments") else None,
            "related": related_lists(request, obj),
            "panels": extensions.detail_panels(request, obj),
        }
        extra = self.extra_context(obj)
        note_context(extra)
        context.update(extra)
        return render(request, ui.detail_template, context)

    def extra_context(self, obj: Any) -> dict[str, Any]:
        """More for a model's own detail template (a subclass hook)."""
        return {}


class ObjectTabView(ObjectView):
    """An app's extra tab on a detail page: subclass, set `template_name`, and give `tab_context(obj)`.
    Registered with `UIRouter.register(model, tabs=[ObjectTab("interfaces", "Interfaces", MyTabView)])`."""

    action = "detail"

    def extra_permissions(self) -> list[str]:
        return [self.tab.permission] if self.tab is not None and self.tab.permission else []

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        obj = self.get_object()
        extra = self.tab_context(obj)
        note_context(extra)
        return render(request, self.template_name, {**self.object_context(obj), **extra})

    def tab_context(self, obj: Any) -> dict[str, Any]:
        return {}


def tab_page(request: HttpRequest, queryset: models.QuerySet[Any]) -> Any:
    """The `?page=` of a tab's rows (notes, changes), TAB_PAGE_SIZE to a page."""
    return Paginator(queryset, TAB_PAGE_SIZE).get_page(request.GET.get("page"))
