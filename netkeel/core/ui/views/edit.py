"""Writing pages for one object: add, edit and delete.

Add and edit render the model's form and save through the API serializer (errors inline). Delete first
shows what would go with the object (Django's deletion collector, capped per kind) and what stops it (a
PROTECTed reference), then deletes through the API viewset's `delete_instance`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, router, transaction
from django.db.models.deletion import Collector, ProtectedError, RestrictedError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from rest_framework.exceptions import APIException
from rest_framework.exceptions import ValidationError as DRFValidationError

from netkeel.core.permissions import allowed_ids
from netkeel.core.ui import labels
from netkeel.core.ui.forms import (
    add_django_errors,
    add_serializer_errors,
    messages_of,
    preselect_active_status,
    serializer_context,
    serializer_data,
)
from netkeel.core.ui.name_patterns import PatternError, expand, has_pattern
from netkeel.core.ui.registry import object_url
from netkeel.core.ui.views.base import ModelView, ObjectView, delete_object, safe_return_url

# How many objects of each kind a delete confirmation lists.
PREVIEW_LIMIT = 25


class ObjectEditView(ObjectView):
    """`/<app>/<model>/add/` and `/<app>/<model>/<id>/edit/`."""

    template_name = "netkeel/ui/edit.html"

    def get_action(self) -> str:
        return "edit" if "pk" in self.kwargs else "add"

    def get_instance(self) -> Any:
        return self.get_object() if "pk" in self.kwargs else None

    def make_form(self, instance: Any, data: Any = None) -> Any:
        initial = None
        if instance is None and data is None:
            # Prefill from the query string: `/tenancy/tenants/add/?tenant_group=<id>`.
            initial = {key: self.request.GET.getlist(key) if len(self.request.GET.getlist(key)) > 1 else value
                       for key, value in self.request.GET.items() if key != "return_url"}  # fmt: skip
        form = self.ui.form(data=data, files=self.request.FILES or None, instance=instance, initial=initial,
                            user=self.request.user)  # fmt: skip
        if instance is None and data is None:
            preselect_active_status(form)
        if instance is None and self.ui.name_patterns:
            hints = {
                "name": f"A range makes one {self.ui.verbose_name} per name: Ethernet[1-48], [ge,xe]-0/0/[0-3].",
                "label": "A range gives each its own label, as many as names: Port [1-48].",
            }
            for name, hint in hints.items():
                if name in form.fields:
                    form.fields[name].help_text = hint
        return form

    def respond(self, form: Any, instance: Any, status: int = 200) -> HttpResponse:
        context = {
            **(self.object_context(instance) if instance is not None else self.base_context()),
            "object": instance,
            "form": form,
            "return_url": safe_return_url(
                self.request, (object_url(instance) if instance else None) or self.ui.url("list")
            ),
            # Sent back only when the page that linked here asked for it; otherwise a new object's page
            # follows its creation.
            "explicit_return_url": safe_return_url(self.request, ""),
        }
        return render(self.request, self.template_name, context, status=status)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        instance = self.get_instance()
        return self.respond(self.make_form(instance), instance)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        instance = self.get_instance()
        form = self.make_form(instance, request.POST)
        if not form.is_valid():
            return self.respond(form, instance, status=400)
        serializer_class = self.ui.serializer
        if serializer_class is None:
            form.add_error(None, f"{labels.label(self.ui.verbose_name_plural)} cannot be written here.")
            return self.respond(form, instance, status=400)
        try:
            payloads = self.payloads(form, instance)
        except PatternErrors as exc:
            for name, message in exc.errors:
                form.add_error(name, message)
            return self.respond(form, instance, status=400)
        context = serializer_context(request)
        saved: list[Any] = []
        try:
            with transaction.atomic():
                for payload in payloads:
                    serializer = serializer_class(instance, data=payload, partial=instance is not None, context=context)
                    if not serializer.is_valid():
                        raise DRFValidationError(_named(serializer.errors, payload, len(payloads)))
                    saved.append(serializer.save())
                self.check_written(saved, "change" if instance is not None else "add")
        except DRFValidationError as exc:
            add_serializer_errors(
                form, exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
            )
            return self.respond(form, instance, status=400)
        except ValidationError as exc:
            add_django_errors(form, exc)
            return self.respond(form, instance, status=400)
        except (APIException, IntegrityError) as exc:
            form.add_error(None, str(getattr(exc, "detail", exc)))
            return self.respond(form, instance, status=409)
        verb = "Changed" if instance is not None else "Created"
        if len(saved) == 1:
            messages.success(request, f"{verb} {self.ui.verbose_name} {self.ui.display_of(saved[0])}.")
        else:
            messages.success(request, f"{verb} {len(saved)} {self.ui.verbose_name_plural}: {saved[0]} … {saved[-1]}.")
        if instance is None and "_addanother" in request.POST:
            # The same add page again, keeping what its link pre-filled (the device, where to return).
            query = request.GET.urlencode()
            return HttpResponseRedirect(self.ui.url("add") + (f"?{query}" if query else ""))
        single = object_url(saved[0]) if len(saved) == 1 else None
        return HttpResponseRedirect(safe_return_url(request, single or self.ui.url("list")))

    def payloads(self, form: Any, instance: Any) -> list[dict[str, Any]]:
        """The serializer data of each object to save: one, or on a name-pattern add page one per name
        (`Ethernet[1-48]`), the label pattern, if any, giving each its label."""
        data = serializer_data(form)
        patterned = any(has_pattern(str(data.get(name) or "")) for name in ("name", "label"))
        if instance is not None or not self.ui.name_patterns or not patterned:
            return [data]
        errors: list[tuple[str, str]] = []
        expanded: dict[str, list[str]] = {}
        for name in ("name", "label"):
            text = str(data.get(name) or "")
            try:
                expanded[name] = expand(text) if text else []
            except PatternError as exc:
                errors.append((name, str(exc)))
        if errors:
            raise PatternErrors(errors)
        names, found_labels = expanded["name"], expanded["label"]
        if found_labels and len(found_labels) != len(names):
            raise PatternErrors(
                [
                    (
                        "label",
                        f"The label pattern makes {len(found_labels)} labels for {len(names)} names; "
                        "give a pattern that makes as many, or leave it empty.",
                    )
                ]  # fmt: skip
            )
        return [
            {**data, "name": name, **({"label": found_labels[index]} if found_labels else {})}
            for index, name in enumerate(names)
        ]


class PatternErrors(Exception):
    """Name or label patterns that do not expand: (form field, message) pairs."""

    def __init__(self, errors: list[tuple[str, str]]) -> None:
        super().__init__(errors)
        self.errors = errors


def _named(errors: Any, payload: dict[str, Any], count: int) -> Any:
    """A serializer's errors for one of several objects made at once, each message naming the object."""
    if count == 1 or not isinstance(errors, Mapping):
        return errors
    return {field: [f"{payload.get('name')}: {message}" for message in messages_of(detail)]
            for field, detail in errors.items()}  # fmt: skip


# ---------------------------------------------------------------------------------------------- delete


@dataclass
class Kind:
    label: str
    count: int
    objects: list[Any] = field(default_factory=list)

    @property
    def more(self) -> int:
        return self.count - len(self.objects)


@dataclass
class DeletionPreview:
    dependents: list[Kind]
    blockers: list[Kind]


def _kind(model: type[models.Model], count: int, objects: list[Any]) -> Kind:
    name = labels.words(str(model._meta.verbose_name if count == 1 else model._meta.verbose_name_plural))
    return Kind(labels.label(str(name)), count, objects)


def _group(objects: Any) -> list[Kind]:
    by_model: dict[type[models.Model], list[Any]] = {}
    for obj in objects:
        by_model.setdefault(type(obj), []).append(obj)
    return [_kind(model, len(found), found[:PREVIEW_LIMIT]) for model, found in by_model.items()]


def deletion_preview(objs: list[models.Model]) -> DeletionPreview:
    """What deleting `objs` would also delete, by kind, and what prevents it (PROTECT/RESTRICT)."""
    if not objs:
        return DeletionPreview([], [])
    model = type(objs[0])
    collector = Collector(using=router.db_for_write(model), origin=objs[0])
    blockers: list[Kind] = []
    try:
        collector.collect(objs)
    except ProtectedError as exc:
        blockers = _group(islice(exc.protected_objects, 1000))
    except RestrictedError as exc:
        blockers = _group(islice(exc.restricted_objects, 1000))
    own = {obj.pk for obj in objs}
    dependents: list[Kind] = []
    for found_model, instances in collector.data.items():
        if found_model._meta.auto_created:
            continue
        others = [obj for obj in instances if not (found_model is model and obj.pk in own)]
        if others:
            dependents.append(_kind(found_model, len(others), others[:PREVIEW_LIMIT]))
    for queryset in collector.fast_deletes:
        found_model = queryset.model
        if found_model._meta.auto_created:
            continue
        count = queryset.count()
        if count:
            dependents.append(_kind(found_model, count, list(queryset[:PREVIEW_LIMIT])))
    return DeletionPreview(sorted(dependents, key=lambda k: k.label), blockers)


def deletion_failure(exc: Exception) -> str:
    """One sentence on why a delete was refused, naming (escaped by the template) what is in the way."""
    if isinstance(exc, ProtectedError | RestrictedError):
        found = exc.protected_objects if isinstance(exc, ProtectedError) else exc.restricted_objects
        shown = [str(obj) for obj in islice(found, 5)]
        return f"Cannot delete: still in use by {', '.join(shown)}{'…' if len(shown) == 5 else ''}."
    if isinstance(exc, APIException):
        return " ".join(messages_of(exc.detail))
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return str(exc)


class ObjectDeleteView(ObjectView):
    action = "delete"
    template_name = "netkeel/ui/delete.html"

    def respond(self, obj: Any, error: str | None = None, status: int = 200) -> HttpResponse:
        preview = deletion_preview([obj])
        context = {
            **self.object_context(obj),
            "preview": preview,
            "error": error,
            "return_url": safe_return_url(self.request, object_url(obj) or self.ui.url("list")),
        }
        return render(self.request, self.template_name, context, status=409 if preview.blockers or error else status)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.respond(self.get_object())

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        obj = self.get_object()
        shown = self.ui.display_of(obj)
        detail_url = object_url(obj)
        try:
            with transaction.atomic():
                delete_object(self.ui, request, obj)
        except (ProtectedError, RestrictedError, APIException, ValidationError) as exc:
            return self.respond(obj, deletion_failure(exc))
        messages.success(request, f"Deleted {self.ui.verbose_name} {shown}.")
        target = safe_return_url(request, self.ui.url("list"))
        if detail_url and target.startswith(detail_url):
            target = self.ui.url("list")  # the page of the deleted object is gone
        return HttpResponseRedirect(target)


class SelectionMixin(ModelView):
    """Bulk pages work on the `pk` values POSTed from a list page's checkboxes."""

    def selected(self, request: HttpRequest) -> list[Any]:
        ids = request.POST.getlist("pk")
        pk_field = self.ui.model._meta.pk
        valid = []
        for value in ids:
            try:
                valid.append(pk_field.to_python(value))
            except ValidationError:
                continue
        if not valid:
            return []
        chosen = list(self.ui.base_queryset().filter(pk__in=valid))
        action = self.object_action()
        wanted = {obj.pk for obj in chosen}
        if allowed_ids(self.request.user, self.ui.model, wanted, action) != wanted:
            # One object of the selection the user may not touch: nothing is done (never a part of it).
            raise PermissionDenied(f"You may not {action} all of the selected {self.ui.verbose_name_plural}.")
        return chosen
