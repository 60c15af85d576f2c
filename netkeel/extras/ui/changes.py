"""The change log as people read it: the global list (`/extras/changes/`, filtered by user, action, object
type and time) and one change's page, and the differences of each change with related objects by their
names, not their ids.

A snapshot keeps a foreign key as the related row's id (`"device": "5f0c…"`) and a generic reference as a
content type id and an object id (`termination_a_type`, `termination_a_id`). `readable_differences` turns
a page of changes into rows of (field, before, after) with those ids shown as the objects' names (linked
while the object exists), loading them a query per related model: the cost follows the kinds of related
objects on the page, never its number of rows.
"""

from __future__ import annotations

import datetime
import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib.auth.views import redirect_to_login
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.html import format_html
from django.views import View

from netkeel.core.api.permissions import restrict_attached
from netkeel.core.ui import visibility
from netkeel.core.ui.forms import netkeel_app_labels, style
from netkeel.core.ui.registry import object_url, url_for
from netkeel.extras.models import ObjectChange

VIEW_CHANGE = "extras.view_objectchange"
PAGE_SIZE = 50
# Snapshot keys no reader wants in a difference.
UNSHOWN = frozenset({"last_updated"})


@dataclass(frozen=True)
class Difference:
    field: str
    before: Any
    after: Any


@dataclass(frozen=True)
class ChangeRow:
    change: ObjectChange
    url: str | None
    differences: list[Difference]


def _model_of(change: ObjectChange) -> type[models.Model] | None:
    return ContentType.objects.get_for_id(change.changed_object_type_id).model_class()


def _references(model: type[models.Model] | None, key: str, data: dict[str, Any]) -> type[models.Model] | None:
    """The model a snapshot key's value is an id of: a foreign key's, or a generic reference's (its
    `<name>_type` beside `<name>_id` in the same snapshot); None for a plain value."""
    if model is None:
        return None
    try:
        field = model._meta.get_field(key)
    except FieldDoesNotExist:
        return None
    if field.many_to_one and field.related_model is not ContentType and isinstance(field.related_model, type):
        return field.related_model
    if key.endswith("_id") and f"{key.removesuffix('_id')}_type" in data:
        type_id = data.get(f"{key.removesuffix('_id')}_type")
        if isinstance(type_id, int):
            return ContentType.objects.get_for_id(type_id).model_class()
    return None


def _content_type_label(model: type[models.Model] | None, key: str, value: Any) -> Any:
    if model is None or not isinstance(value, int):
        return value
    try:
        field = model._meta.get_field(key)
    except FieldDoesNotExist:
        return value
    if field.many_to_one and field.related_model is ContentType:
        found = ContentType.objects.get_for_id(value)
        return f"{found.app_label}.{found.model}"
    return value


def _key(related: type[models.Model], value: Any) -> Any:
    try:
        return related._meta.pk.to_python(value)
    except (ValidationError, TypeError, ValueError):
        return None


def readable_differences(changes: Iterable[ObjectChange]) -> list[ChangeRow]:
    """Each change with the fields it changed, ids of related objects replaced by the objects' names."""
    changes = list(changes)
    pending: list[tuple[ObjectChange, list[tuple[str, Any, Any, type[models.Model] | None]]]] = []
    wanted: dict[type[models.Model], set[Any]] = defaultdict(set)
    for change in changes:
        model = _model_of(change)
        before = change.prechange_data if isinstance(change.prechange_data, dict) else {}
        after = change.postchange_data if isinstance(change.postchange_data, dict) else {}
        rows = []
        for key in sorted({*before, *after}):
            if key in UNSHOWN or before.get(key) == after.get(key):
                continue
            related = _references(model, key, after or before)
            if related is not None:
                for value in (before.get(key), after.get(key)):
                    pk = _key(related, value) if value is not None else None
                    if pk is not None:
                        wanted[related].add(pk)
            rows.append((key, before.get(key), after.get(key), related))
        pending.append((change, rows))
    found: dict[tuple[type[models.Model], Any], Any] = {}
    for related, pks in wanted.items():
        for obj in related._default_manager.filter(pk__in=pks):
            found[(related, obj.pk)] = obj
    visibility.note(found.values())  # whether the reader may view each: a query per related model at most
    result = []
    for change, rows in pending:
        model = _model_of(change)
        differences = []
        for key, before_value, after_value, related in rows:
            shown = [
                _named(found, related, value) if related is not None else _content_type_label(model, key, value)
                for value in (before_value, after_value)
            ]
            differences.append(Difference(key, *shown))
        result.append(ChangeRow(change, changed_object_url(change), differences))
    return result


def _named(found: dict[tuple[type[models.Model], Any], Any], related: type[models.Model], value: Any) -> Any:
    if value is None:
        return None
    obj = found.get((related, _key(related, value)))
    if obj is None:
        return value  # gone since: its id is all there is
    if not visibility.may_see(obj):
        return visibility.hidden(obj)
    url = object_url(obj)
    return format_html('<a href="{}">{}</a>', url, obj) if url else str(obj)


def viewable_changes(queryset: models.QuerySet[ObjectChange], user: Any) -> models.QuerySet[ObjectChange]:
    """The changes of objects `user` may view (a deleted object's: if they may view its whole kind)."""
    return restrict_attached(queryset, user, "changed_object_type", "changed_object_id")


def changed_object_url(change: ObjectChange) -> str | None:
    """The page of the changed object while it is still there."""
    model = _model_of(change)
    if model is None or change.action == "delete":
        return None
    return url_for(model, change.changed_object_id)


# ---------------------------------------------------------------------------------------------- pages


def object_type_choices() -> list[tuple[str, str]]:
    kinds = ContentType.objects.filter(app_label__in=netkeel_app_labels()).order_by("app_label", "model")
    return [("", "Any"), *((f"{ct.app_label}.{ct.model}", f"{ct.app_label} · {ct.name}") for ct in kinds)]


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


class ChangeFilterForm(forms.Form):
    q = forms.CharField(label="Object", required=False)
    user = forms.CharField(label="User", required=False)
    action = forms.ChoiceField(label="Action", required=False)
    object_type = forms.ChoiceField(label="Object type", required=False)
    since = forms.DateField(label="Since", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label="Until", required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        action: Any = self.fields["action"]
        action.choices = [("", "Any"), *(ObjectChange._meta.get_field("action").choices or [])]
        object_type: Any = self.fields["object_type"]
        object_type.choices = object_type_choices()
        style(self)

    def filter(self, queryset: models.QuerySet[ObjectChange]) -> models.QuerySet[ObjectChange]:
        data = self.cleaned_data
        if data.get("q"):
            queryset = queryset.filter(object_repr__icontains=data["q"])
        if data.get("user"):
            queryset = queryset.filter(user_name__iexact=data["user"])
        if data.get("action"):
            queryset = queryset.filter(action=data["action"])
        if data.get("object_type"):
            app_label, _, model = data["object_type"].partition(".")
            queryset = queryset.filter(changed_object_type__app_label=app_label, changed_object_type__model=model)
        if data.get("since"):
            queryset = queryset.filter(time__gte=_day_start(data["since"]))
        if data.get("until"):  # the whole day given
            queryset = queryset.filter(time__lt=_day_start(data["until"] + datetime.timedelta(days=1)))
        return queryset


class ChangeLogView(View):
    """Signed-in people with `extras.view_objectchange`."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not request.user.has_perm(VIEW_CHANGE):
            raise PermissionDenied(f"You need the {VIEW_CHANGE} permission to read the change log.")
        with visibility.viewing(request.user):  # the related objects a difference names
            return super().dispatch(request, *args, **kwargs)


class ChangeListView(ChangeLogView):
    """Every change, newest first, a page at a time (the same queries whatever the page's length)."""

    def get(self, request: HttpRequest) -> HttpResponse:
        form = ChangeFilterForm(request.GET or None)
        queryset = viewable_changes(ObjectChange.objects.select_related("changed_object_type"), request.user)
        queryset = queryset.order_by("-time", "-pk")
        status = 200
        if form.is_bound:
            if form.is_valid():
                queryset = form.filter(queryset)
            else:
                queryset, status = queryset.none(), 400
        page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
        rows = [ChangeRow(change, changed_object_url(change), []) for change in page]
        context = {"form": form, "page": page, "rows": rows}
        return render(request, "netkeel/ui/changes.html", context, status=status)


class ChangeDetailView(ChangeLogView):
    def get(self, request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
        changes = viewable_changes(ObjectChange.objects.select_related("changed_object_type"), request.user)
        change = changes.filter(pk=pk).first()
        if change is None:
            raise Http404("No such change.")
        row = readable_differences([change])[0]
        others = viewable_changes(ObjectChange.objects.all(), request.user).filter(
            changed_object_type_id=change.changed_object_type_id, changed_object_id=change.changed_object_id
        )
        context = {
            "row": row,
            "change": change,
            "earlier": others.filter(time__lt=change.time).order_by("-time").first(),
            "later": others.filter(time__gt=change.time).order_by("time").first(),
            "now": timezone.now(),
        }
        return render(request, "netkeel/ui/change.html", context)
