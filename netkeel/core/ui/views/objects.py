"""Reading pages: the list (table, filters, pages, columns, export), an object's detail, its notes and its
change log, and the base of the extra tabs apps add. Each costs the same queries whatever the number of
rows: a page's rows are fetched with what its visible columns show."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from django.apps import apps
from django.conf import settings
from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models, transaction
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import render
from django.utils.text import capfirst

from netkeel.core.api import registry as api_registry
from netkeel.core.api.filters import RESERVED_PARAMS
from netkeel.core.ui import hooks, preferences
from netkeel.core.ui.filtering import filter_form
from netkeel.core.ui.forms import messages_of, serializer_context
from netkeel.core.ui.registry import ModelUI, ui_for, url_for
from netkeel.core.ui.render import custom_field_rows, detail_rows, markdown
from netkeel.core.ui.views.base import ModelView, ObjectView

# Parameters of the list page that are not filters.
PAGE_PARAMS = frozenset({"page", "per_page", "sort"})
# Notes and changes shown per page of their tabs.
TAB_PAGE_SIZE = 50


def table_key(model_ui: ModelUI) -> str:
    return f"{model_ui.model._meta.app_label}.{model_ui.model_name}"


def per_page_for(request: HttpRequest, key: str) -> int:
    """`?per_page=` when it is one of the choices (and then remembered), else the user's, else the site's."""
    raw = request.GET.get("per_page")
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
    default = int(getattr(settings, "PAGINATE_COUNT", 50))
    return min(default, max(preferences.PER_PAGE_CHOICES))


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
        if select:
            queryset = queryset.select_related(*select)
        if prefetch:
            queryset = queryset.prefetch_related(*prefetch)
        hidden = [name for name, _ in table_class.choosable_columns() if name not in visible]
        table = table_class(queryset, exclude=hidden, order_by=request.GET.get("sort") or None)
        table.user_may = (self.user_may("change"), self.user_may("delete"))
        table.return_url = quote(request.get_full_path(), safe="/")  # one query parameter of the row links
        per_page = per_page_for(request, key)
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
            "per_page": per_page,
            "per_page_choices": preferences.PER_PAGE_CHOICES,
            "columns": [(name, header, name in visible) for name, header in table_class.choosable_columns()],
            "export_url": self.export_url(request),
            # Bulk buttons show only to those who may use them.
            "bulk_edit_url": ui.url("bulk_edit") if self.user_may("change") else None,
            "bulk_delete_url": ui.url("bulk_delete") if self.user_may("delete") else None,
            "import_url": ui.url("import") if ui.importable else None,
            "add_url": ui.url("add"),
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
        queryset = self.ui.base_queryset()
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


def _note_model() -> Any:
    try:
        return apps.get_model("extras", "Note")
    except LookupError:
        return None


def _change_model() -> Any:
    try:
        return apps.get_model("extras", "ObjectChange")
    except LookupError:
        return None


def notes_of(obj: models.Model) -> models.QuerySet[Any] | None:
    note = _note_model()
    if note is None or not isinstance(type(obj)._meta.pk, models.UUIDField):
        return None
    content_type = ContentType.objects.get_for_model(type(obj))
    return note._default_manager.filter(assigned_object_type=content_type, assigned_object_id=obj.pk)


def changes_of(obj: models.Model) -> models.QuerySet[Any] | None:
    change = _change_model()
    if change is None or not isinstance(type(obj)._meta.pk, models.UUIDField):
        return None
    content_type = ContentType.objects.get_for_model(type(obj))
    return change._default_manager.filter(
        Q(changed_object_type=content_type, changed_object_id=obj.pk)
        | Q(related_object_type=content_type, related_object_id=obj.pk)
    ).order_by("-time", "-pk")


def object_tabs(request: HttpRequest, model_ui: ModelUI, obj: Any) -> list[Tab]:
    user = request.user
    tabs = [Tab("detail", capfirst(model_ui.verbose_name), model_ui.url("detail", obj))]
    for extra in model_ui.tabs:
        if extra.permission is None or user.has_perm(extra.permission):
            tabs.append(Tab(extra.name, extra.label, model_ui.url(extra.name, obj)))
    note = _note_model()
    notes = notes_of(obj)
    if notes is not None and user.has_perm(f"{note._meta.app_label}.view_note"):
        tabs.append(Tab("notes", "Notes", model_ui.url("notes", obj), notes.count()))
    if changes_of(obj) is not None and user.has_perm("extras.view_objectchange"):
        tabs.append(Tab("changelog", "Change log", model_ui.url("changelog", obj)))
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
        count = matching.qs.count()
        if not count:
            continue  # a tag or status applies to many kinds; list only those that hold something
        label = capfirst(str(related_model._meta.verbose_name_plural))
        found.append(RelatedList(label, count, f"{model_ui.url('list')}?{field.name}={obj.pk}"))
    return sorted(found, key=lambda item: item.label)


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
        labels = provider.labels(ui.model) if provider is not None else {}
        tags = list(obj.tags.all()) if "tags" in many else None
        context = {
            **self.object_context(obj),
            "fields": detail_rows(obj, exclude),
            "custom_fields": custom_field_rows(obj, labels),
            "has_custom_fields": hasattr(obj, "custom_field_data"),
            "tags": tags,
            "comments": markdown(getattr(obj, "comments", "")) if hasattr(obj, "comments") else None,
            "related": related_lists(request, obj),
        }
        context.update(self.extra_context(obj))
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
        return render(request, self.template_name, {**self.object_context(obj), **self.tab_context(obj)})

    def tab_context(self, obj: Any) -> dict[str, Any]:
        return {}


def _page(request: HttpRequest, queryset: models.QuerySet[Any]) -> Any:
    return Paginator(queryset, TAB_PAGE_SIZE).get_page(request.GET.get("page"))


class ObjectNotesView(ObjectView):
    """The notes of an object (Markdown), newest last; adding one goes through the API's note serializer."""

    action = "notes"
    active_tab = "notes"
    template_name = "netkeel/ui/notes.html"

    def extra_permissions(self) -> list[str]:
        return ["extras.view_note"]

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.show(self.get_object())

    def show(self, obj: Any, text: str = "", errors: list[str] | None = None, status: int = 200) -> HttpResponse:
        notes = notes_of(obj)
        page = _page(self.request, notes.order_by("created", "pk")) if notes is not None else None
        rendered = [(note, markdown(note.note)) for note in page] if page is not None else []
        context = {
            **self.object_context(obj),
            "page": page,
            "notes": rendered,
            "may_add_note": self.request.user.has_perm("extras.add_note"),
            "text": text,
            "errors": errors or [],
        }
        return render(self.request, self.template_name, context, status=status)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.has_perm("extras.add_note"):
            raise PermissionDenied("You need the extras.add_note permission to add notes.")
        obj = self.get_object()
        note_model = _note_model()
        serializer_class = api_registry.serializer_for(note_model) if note_model is not None else None
        if serializer_class is None:
            raise PermissionDenied("Notes are not available.")
        text = request.POST.get("note", "")
        data = {
            "note": text,
            "assigned_object_type": f"{obj._meta.app_label}.{obj._meta.model_name}",
            "assigned_object_id": str(obj.pk),
        }
        serializer = serializer_class(data=data, context=serializer_context(request))
        if not serializer.is_valid():
            return self.show(obj, text, messages_of(dict(serializer.errors)), status=400)
        with transaction.atomic():
            serializer.save(user=request.user)
        messages.success(request, "Note added.")
        return HttpResponseRedirect(self.ui.url("notes", obj))


class ObjectChangeLogView(ObjectView):
    """The change log of an object (and of what belongs to it), newest first."""

    action = "changelog"
    active_tab = "changelog"
    template_name = "netkeel/ui/changelog.html"

    def extra_permissions(self) -> list[str]:
        return ["extras.view_objectchange"]

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        obj = self.get_object()
        changes = changes_of(obj)
        page = _page(request, changes.select_related("changed_object_type")) if changes is not None else None
        rows = [change_row(change) for change in page] if page is not None else []
        return render(request, self.template_name, {**self.object_context(obj), "page": page, "changes": rows})


@dataclass(frozen=True)
class ChangeRow:
    change: Any
    url: str | None
    differences: list[tuple[str, Any, Any]]


def change_row(change: Any) -> ChangeRow:
    content_type = ContentType.objects.get_for_id(change.changed_object_type_id)
    model = content_type.model_class()
    url = url_for(model, change.changed_object_id) if model is not None and change.action != "delete" else None
    before = change.prechange_data if isinstance(change.prechange_data, dict) else {}
    after = change.postchange_data if isinstance(change.postchange_data, dict) else {}
    keys = sorted(key for key in {*before, *after} if before.get(key) != after.get(key) and key != "last_updated")
    return ChangeRow(change, url, [(key, before.get(key), after.get(key)) for key in keys])
