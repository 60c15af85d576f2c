"""Forms of the add, edit and bulk edit pages: Django forms render and type-check the fields, the model's
API serializer validates and saves (so the API's rules and services apply to the UI unchanged).

The mapping from a valid form to serializer data (`serializer_data`):

- a related object → its id as text; a content type → `"app_label.model"`; a list of them → a list;
- dates and times → ISO 8601 text; decimals and UUIDs → text; JSON, numbers, booleans, text → as they are;
- custom field form fields `cf_<key>` → `custom_fields: {key: value}`;
- a file field → the file uploaded, or None when its "clear" box is ticked (left out otherwise).

The serializer's errors come back on the form (`add_serializer_errors`): on the field of the same name,
`custom_fields.<key>` on `cf_<key>`, anything else (`non_field_errors`, a field the form lacks) at the top.
The model's own `full_clean()` runs once, in the serializer; the ModelForm does not repeat it.
"""

from __future__ import annotations

import copy
import datetime
import decimal
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, cast
from urllib.parse import urlencode

from django import forms
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models
from django.http import HttpRequest
from django.urls import reverse
from rest_framework.request import Request

from netkeel.core.permissions import restrict
from netkeel.core.ui import hooks, labels, pickers

CUSTOM_PREFIX = "cf_"
# A related field whose choices exceed this many rows renders as a search box, not a full list.
SELECT_INLINE_LIMIT = 200
# Fields no form shows: set by the framework, or shown as `custom_fields` through the hook.
SKIPPED = frozenset({"id", "created", "last_updated", "custom_field_data"})
NULL_CHOICE = ("", "---------")


def drf_request(request: HttpRequest, method: str | None = None) -> Request:
    """`request` as the API's serializers expect it (the signed-in user, not DRF's authentication)."""
    if method is not None and method != request.method:
        request = copy.copy(request)  # the page's own request keeps its method
        request.method = method
    wrapped = Request(request)
    wrapped.user = request.user
    wrapped.auth = None
    return wrapped


def serializer_context(request: HttpRequest) -> dict[str, Any]:
    return {"request": drf_request(request), "depth": 0}


def netkeel_app_labels() -> set[str]:
    return {config.label for config in apps.get_app_configs() if config.name.startswith("netkeel.")}


# ---------------------------------------------------------------------------------------------- widgets


class SearchSelect(forms.Select):
    """A select for a large table: it renders only the chosen option(s), with a search box above it that
    fetches matching options from `/ui/options/<app.model>/` (htmx)."""

    template_name = "netkeel/ui/widgets/search_select.html"

    def __init__(self, object_type: str, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)
        self.object_type = object_type

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        full = self.choices
        queryset = getattr(full, "queryset", None)
        values = value if isinstance(value, list | tuple) else [value]
        chosen = [v for v in values if _is_key(queryset, v)]
        limited: list[tuple[Any, Any]] = [] if self.allow_multiple_selected else [NULL_CHOICE]
        if queryset is not None and chosen:
            limited += [
                (str(obj.pk), pickers.option_label(obj)) for obj in pickers.with_context(queryset.filter(pk__in=chosen))
            ]
        self.choices = limited
        try:
            context = super().get_context(name, value, attrs)
        finally:
            self.choices = full
        context["widget"]["search_url"] = reverse("ui-options", kwargs={"object_type": self.object_type})
        context["widget"]["field_name"] = name
        return context


class SearchSelectMultiple(SearchSelect, forms.SelectMultiple):
    allow_multiple_selected = True


def _is_key(queryset: Any, value: Any) -> bool:
    if value in ("", None) or queryset is None:
        return False
    try:
        queryset.model._meta.pk.to_python(value)
    except ValidationError:
        return False
    return True


def style(form: forms.BaseForm) -> None:
    """Bootstrap classes on every widget."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput | forms.CheckboxSelectMultiple):
            css = "form-check-input"
        elif isinstance(widget, forms.Select | forms.SelectMultiple):
            css = "form-select"
        else:
            css = "form-control"
        widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()
        if isinstance(widget, forms.Textarea):
            widget.attrs.setdefault("rows", 4)


_offered_kinds: dict[type[models.Model], list[type[models.Model]]] = {}


def offered_content_types(model: type[models.Model]) -> list[int]:
    """The kinds of object a role, status or tag (any `model` with content types) can apply to: the models
    that refer to it (a role applies to what has a role) — or to the model its `content_types_of` names (a
    location type: what can stand at a location) — never an internal model (cable path nodes, change
    records, job logs) a person has no use for. Worked out once per process; the models do not change."""
    if model not in _offered_kinds:
        from netkeel.core.ui.registry import ui_for

        subject = apps.get_model(getattr(model, "content_types_of", model._meta.label))
        people = [m for m in apps.get_models() if m._meta.app_label in netkeel_app_labels() and ui_for(m)]
        referring = [
            candidate
            for candidate in people
            if any(
                f.is_relation and not f.auto_created and f.related_model is subject
                for f in candidate._meta.get_fields()
            )
        ]
        _offered_kinds[model] = referring or people  # nothing refers to it: every model a person works with
    return [content_type.pk for content_type in ContentType.objects.get_for_models(*_offered_kinds[model]).values()]


def preselect_active_status(form: Any) -> None:
    """A new object starts Active, as most do, when its status list offers Active and nothing else was asked."""
    field = form.fields.get("status")
    queryset = getattr(field, "queryset", None)
    if queryset is None or form.initial.get("status"):
        return
    active = queryset.filter(name="Active").values_list("pk", flat=True).first()
    if active is not None:
        form.initial["status"] = active


def applicable(related: type[models.Model], model: type[models.Model] | None) -> models.QuerySet[Any]:
    """The rows of `related` that apply to `model`: a status, role or tag only where its content types
    include the model (the related model's manager says, `get_for_model`); any other model's rows all."""
    manager: Any = related._default_manager
    if model is not None and hasattr(manager, "get_for_model"):
        return cast("models.QuerySet[Any]", manager.get_for_model(model))
    return cast("models.QuerySet[Any]", manager.all())


def limit_related_choices(form: forms.BaseForm, model: type[models.Model], user: Any) -> None:
    """Related fields offer only what the user may view (the current value stays), tags only those offered
    on `model`, content types only netkeel's; big tables get a search box instead of a full list."""
    for name, field in form.fields.items():
        if not isinstance(field, forms.ModelChoiceField):
            continue
        queryset: Any = field.queryset
        related = queryset.model
        if related is ContentType:
            # What the object already applies to stays choosable, so an edit never trips on an old choice.
            kinds = [*offered_content_types(model), *_current_ids(form, name)]
            field.queryset = queryset.filter(pk__in=kinds).order_by("app_label", "model")
            continue
        current = _current_ids(form, name)
        perm = f"{related._meta.app_label}.view_{related._meta.model_name}"
        if user is None or not user.has_perm(perm):
            queryset = queryset.filter(pk__in=current)
        else:
            # Only what the user may view is offered (the current choice stays, shown as it is).
            queryset = restrict(queryset, user, "view") | queryset.filter(pk__in=current)
        tagged = name == "tags" and hasattr(related._default_manager, "get_for_model")
        if tagged and user is not None and user.has_perm(perm):
            offered = applicable(related, model)
            queryset = queryset.filter(pk__in=offered.values("pk")) | queryset.filter(pk__in=current)
            queryset = queryset.distinct()
        field.queryset = pickers.with_context(queryset)
        field.label_from_instance = pickers.option_label  # type: ignore[method-assign] # an interface as `leaf01 › Ethernet1`
        count = queryset.count()
        if not count and field.required and not isinstance(field, forms.ModelMultipleChoiceField):
            field.create_first = create_first_link(related, model, user)  # type: ignore[attr-defined]
        if count > SELECT_INLINE_LIMIT:
            object_type = f"{related._meta.app_label}.{related._meta.model_name}"
            multiple = isinstance(field, forms.ModelMultipleChoiceField)
            widget = (SearchSelectMultiple if multiple else SearchSelect)(object_type, attrs=field.widget.attrs)
            widget.choices = field.widget.choices
            field.widget = widget


@dataclass(frozen=True)
class CreateFirst:
    """A required choice with nothing to choose: the add page of what it lists (the form's page appends
    `return_url`, so that saving it comes back to the form)."""

    noun: str
    url: str


def create_first_link(related: type[models.Model], model: type[models.Model], user: Any) -> CreateFirst | None:
    """The add page of `related` for a user who may add one; a role, status or tag made there is offered
    on `model` from the start (its content types preselected)."""
    from netkeel.core.ui.registry import ui_for

    related_ui = ui_for(related)
    if related_ui is None or user is None or not user.has_perm(related_ui.permission("add")):
        return None
    query = {"content_types": ContentType.objects.get_for_model(model).pk} if _has_content_types(related) else {}
    url = related_ui.url("add")
    return CreateFirst(labels.label(str(related._meta.verbose_name)), f"{url}?{urlencode(query)}" if query else url)


def _has_content_types(model: type[models.Model]) -> bool:
    try:
        return model._meta.get_field("content_types").related_model is ContentType
    except FieldDoesNotExist:
        return False


def _current_ids(form: forms.BaseForm, name: str) -> list[Any]:
    instance = getattr(form, "instance", None)
    if instance is None or instance.pk is None:
        return []
    try:
        model_field = instance._meta.get_field(name)
    except FieldDoesNotExist:
        return []  # a form field of its own (a device to pick a port on, say), not the model's
    if model_field.many_to_many:
        return list(getattr(instance, name).values_list("pk", flat=True))
    value = getattr(instance, model_field.attname, None)
    return [value] if value is not None else []


# ---------------------------------------------------------------------------------------------- model forms


def form_field(model_field: models.Field, **kwargs: Any) -> forms.Field | None:
    """A model field's form field; a URL typed without a scheme reads as https:// (Django 6's default, which
    Django 5.2 warns about on every form with a URL field unless it is chosen)."""
    if isinstance(model_field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return model_field.formfield(**kwargs)


class NetkeelModelForm(forms.ModelForm):
    """Renders and type-checks; the serializer judges the object (see the module docstring)."""

    class Meta:
        formfield_callback = staticmethod(form_field)

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        model = self._meta.model
        provider = hooks.custom_field_forms()
        if provider is not None:
            data = getattr(self.instance, "custom_field_data", None) or {}
            for name, field in provider.form_fields(model).items():
                self.fields[name] = field
                key = name.removeprefix(CUSTOM_PREFIX)
                if self.instance.pk is not None and key in data:
                    self.initial[name] = data[key]
        for field in self.fields.values():
            if field.label:
                field.label = labels.label(str(field.label))
        limit_related_choices(self, model, user)
        style(self)

    def _post_clean(self) -> None:
        """No construct_instance/full_clean here: the serializer validates, and the instance stays as it is."""


def writable_fields(model: type[models.Model], serializer_class: Any) -> list[str]:
    """Model fields the serializer writes, in model order."""
    writable: set[str] | None = None
    if serializer_class is not None:
        http = HttpRequest()
        http.method = "POST"
        request = Request(http)
        fields = serializer_class(context={"request": request, "depth": 0}).fields
        writable = {name for name, field in fields.items() if not field.read_only}
    names = []
    for field in [*model._meta.concrete_fields, *model._meta.many_to_many]:
        if field.name in SKIPPED or not getattr(field, "editable", True) or field.auto_created:
            continue
        if writable is not None and field.name not in writable:
            continue
        names.append(field.name)
    return names


def form_for(model: type[models.Model], serializer_class: Any) -> type[NetkeelModelForm]:
    form: Any = forms.modelform_factory(model, form=NetkeelModelForm, fields=writable_fields(model, serializer_class))
    return cast(type[NetkeelModelForm], form)


# ------------------------------------------------------------------------------ to and from the serializer


def reference(value: Any) -> Any:
    if isinstance(value, ContentType):
        return f"{value.app_label}.{value.model}"
    if isinstance(value, models.Model):
        return str(value.pk)
    return value


def convert(field: forms.Field, value: Any) -> Any:
    if value is None:
        return None
    if isinstance(field, forms.ModelMultipleChoiceField):
        return [reference(item) for item in value]
    if isinstance(field, forms.ModelChoiceField):
        return reference(value)
    if isinstance(field, forms.JSONField):
        return value
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    return value


def serializer_data(form: forms.BaseForm, names: Iterable[str] | None = None) -> dict[str, Any]:
    """The form's cleaned values as serializer input (only `names` when given)."""
    wanted = set(names) if names is not None else None
    data: dict[str, Any] = {}
    custom: dict[str, Any] = {}
    for name, field in form.fields.items():
        if name not in form.cleaned_data or (wanted is not None and name not in wanted):
            continue
        if isinstance(field, forms.FileField):
            # A file field cleans to the file sent, False when its "clear" box is ticked, or else the file
            # the object already has: only the first two are changes.
            chosen = form.cleaned_data[name]
            if chosen is False:
                data[name] = None
            elif isinstance(chosen, UploadedFile):
                data[name] = chosen
            continue
        value = convert(field, form.cleaned_data[name])
        if name.startswith(CUSTOM_PREFIX):
            custom[name.removeprefix(CUSTOM_PREFIX)] = value
        else:
            data[name] = value
    if custom:
        data["custom_fields"] = custom
    return data


def messages_of(detail: Any, prefix: str = "") -> list[str]:
    """Flatten DRF error detail (lists, dicts, nested) into sentences."""
    if isinstance(detail, Mapping):
        found: list[str] = []
        for key, value in detail.items():
            label = f"{prefix}{key}: " if key not in ("non_field_errors",) else prefix
            found += messages_of(value, label)
        return found
    if isinstance(detail, list | tuple):
        return [message for item in detail for message in messages_of(item, prefix)]
    return [f"{prefix}{detail}"]


def add_serializer_errors(form: forms.BaseForm, errors: Mapping[str, Any]) -> None:
    for name, detail in errors.items():
        if name == "custom_fields" and isinstance(detail, Mapping):
            for key, inner in detail.items():
                target = f"{CUSTOM_PREFIX}{key}"
                if target in form.fields:
                    for message in messages_of(inner):
                        form.add_error(target, message)
                else:
                    for message in messages_of(inner, f"{key}: "):
                        form.add_error(None, message)
            continue
        if name in form.fields:
            for message in messages_of(detail):
                form.add_error(name, message)
        else:
            prefix = "" if name == "non_field_errors" else f"{name}: "
            for message in messages_of(detail, prefix):
                form.add_error(None, message)


def add_django_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """A Django ValidationError raised by a service during save, put on the form."""
    if hasattr(exc, "error_dict"):
        add_serializer_errors(
            form, {("non_field_errors" if k == "__all__" else k): v for k, v in exc.message_dict.items()}
        )
    else:
        for message in exc.messages:
            form.add_error(None, message)


# ---------------------------------------------------------------------------------------------- bulk edit


class BulkEditForm(forms.Form):
    """Every field of the model's form that more than one object may share, all optional: a field left
    empty keeps each object's value; a field ticked under "set to empty" is cleared."""

    pk = forms.MultipleChoiceField(widget=forms.MultipleHiddenInput)
    nullify = forms.MultipleChoiceField(label="Set to empty", required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: Any, model_form: type[forms.ModelForm], user: Any, ids: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        selection: Any = self.fields["pk"]
        selection.choices = [(pk, pk) for pk in ids]
        model = model_form._meta.model
        template: Any = model_form(user=user)  # type: ignore[call-arg]
        nullable = []
        self.editable: list[str] = []
        for name, field in template.fields.items():
            try:
                model_field = None if name.startswith(CUSTOM_PREFIX) else model._meta.get_field(name)
            except FieldDoesNotExist:
                continue  # a helper field of the form (how to pick something), not a value objects share
            if model_field is not None and getattr(model_field, "unique", False):
                continue  # one value cannot go on many objects
            if isinstance(field, forms.FileField):
                continue  # a file is one object's (its page uploads or clears it)
            bulk_field: Any = copy.deepcopy(field)
            bulk_field.required = False
            if isinstance(bulk_field, forms.BooleanField):
                bulk_field = forms.NullBooleanField(
                    label=field.label,
                    required=False,
                    widget=forms.Select(choices=[("unknown", "(unchanged)"), ("true", "Yes"), ("false", "No")]),
                )
            elif isinstance(bulk_field, forms.ChoiceField) and not isinstance(bulk_field, forms.ModelChoiceField):
                offered: Any = bulk_field.choices
                choices = [c for c in offered if c[0] != ""]
                bulk_field.choices = [("", "(unchanged)"), *choices]
            self.fields[name] = bulk_field
            self.editable.append(name)
            if model_field is None or getattr(model_field, "null", False) or getattr(model_field, "blank", False):
                if not isinstance(field, forms.BooleanField):
                    nullable.append((name, field.label or name))
        nullify: Any = self.fields.pop("nullify")
        nullify.choices = nullable
        self.fields["nullify"] = nullify  # last, after the fields it names
        style(self)

    def changed_names(self) -> list[str]:
        """Fields given a value, and fields ticked to be cleared."""
        names = []
        nullify = set(self.cleaned_data.get("nullify") or [])
        for name in self.editable:
            value = self.cleaned_data.get(name)
            if name in nullify or value not in (None, "", [], ()) and not _empty_queryset(value):
                names.append(name)
        return names

    def changes(self) -> dict[str, Any]:
        nullify = set(self.cleaned_data.get("nullify") or [])
        names = self.changed_names()
        data = serializer_data(self, names)
        for name in nullify:
            field = self.fields[name]
            empty: Any = [] if isinstance(field, forms.ModelMultipleChoiceField | forms.MultipleChoiceField) else None
            if isinstance(field, forms.CharField) and not isinstance(field, forms.JSONField):
                empty = ""
            if name.startswith(CUSTOM_PREFIX):
                data.setdefault("custom_fields", {})[name.removeprefix(CUSTOM_PREFIX)] = None
            else:
                data[name] = empty
        return data


def _empty_queryset(value: Any) -> bool:
    return isinstance(value, models.QuerySet) and not value.exists()


def secret_field(help_text: str) -> forms.CharField:
    """A password or signing secret: typed, never shown back (not even after an error)."""
    return forms.CharField(
        required=False,
        strip=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text=help_text,
    )


class KeepsEmptySecrets(forms.Form):
    """A form whose `kept_if_empty` fields (made by `secret_field`) are left as they are when left empty on
    an edit: an empty one is not sent to the serializer at all."""

    kept_if_empty: ClassVar[tuple[str, ...]] = ()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for name in self.kept_if_empty:
            if not cleaned.get(name):
                cleaned.pop(name, None)
        return cleaned
