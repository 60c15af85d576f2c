"""The filter form of a list page, built from the endpoint's API FilterSet: the page accepts exactly the
API's filters (any of them, typed into the URL), and the form offers the plain ones (`q`, each field,
tags, custom fields) without the lookup variants (`name__ic`, `__n`, …)."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db import models
from django.http import HttpRequest

from netkeel.core.api.filters import (
    MultiValueCharFilter,
    MultiValueNumberFilter,
    MultiValueUUIDFilter,
    RelatedFilter,
)
from netkeel.core.permissions import restrict
from netkeel.core.ui import labels, pickers
from netkeel.core.ui.forms import applicable

# A related filter offers a list of choices up to this many rows, else a text box (name or id).
FILTER_CHOICES_LIMIT = 200
# Filters every list has that the form leaves to the URL.
NOT_IN_FORM = frozenset({"id", "created", "last_updated", "created__gte", "created__lte", "last_updated__gte",
                         "last_updated__lte"})  # fmt: skip


class FilterForm(forms.Form):
    pass


def _label(name: str, flt: Any, model: type[models.Model] | None) -> str:
    if flt.label:
        return str(flt.label)
    if model is not None:
        try:
            field: Any = model._meta.get_field(name.split("__")[0])
            return labels.label(str(getattr(field, "verbose_name", name)))
        except Exception:  # noqa: BLE001 - a filter need not be a model field
            pass
    return labels.label(name)


def _model_field(model: type[models.Model] | None, flt: Any) -> Any:
    if model is None:
        return None
    try:
        return model._meta.get_field(str(flt.field_name).split("__")[0])
    except Exception:  # noqa: BLE001 - computed filters have no field
        return None


def _more_than_the_limit(queryset: models.QuerySet[Any]) -> bool:
    """Whether `queryset` holds more rows than a list of choices offers: one key past the limit, unordered,
    so that a list of 50,000 interfaces costs neither its sorting nor 200 rows built for nothing."""
    past = queryset.order_by().values_list("pk", flat=True)[FILTER_CHOICES_LIMIT : FILTER_CHOICES_LIMIT + 1]
    return bool(list(past))


def form_field(name: str, flt: Any, model: type[models.Model] | None, request: HttpRequest) -> forms.Field | None:
    label = _label(name, flt, model)
    if isinstance(flt, RelatedFilter):
        related = flt.related
        perm = f"{related._meta.app_label}.view_{related._meta.model_name}"
        offered = restrict(applicable(related, model), request.user, "view")  # no name the user may not view
        if request.user.has_perm(perm) and not _more_than_the_limit(offered):
            rows = list(pickers.with_context(offered)[: FILTER_CHOICES_LIMIT + 1])
            if len(rows) <= FILTER_CHOICES_LIMIT:
                return forms.MultipleChoiceField(
                    label=label, required=False, choices=[(str(row.pk), pickers.option_label(row)) for row in rows]
                )
        return forms.CharField(label=label, required=False, help_text="A name or an id.")
    if isinstance(flt, django_filters.BooleanFilter):
        return forms.NullBooleanField(
            label=label,
            required=False,
            widget=forms.Select(choices=[("", "Any"), ("true", "Yes"), ("false", "No")]),
        )
    model_field = _model_field(model, flt)
    choices = getattr(model_field, "choices", None)
    if isinstance(flt, MultiValueCharFilter) and choices:
        return forms.MultipleChoiceField(label=label, required=False, choices=list(model_field.flatchoices))
    if isinstance(flt, MultiValueCharFilter | MultiValueNumberFilter | MultiValueUUIDFilter):
        return forms.CharField(label=label, required=False)
    if isinstance(flt, django_filters.ChoiceFilter | django_filters.MultipleChoiceFilter):
        return forms.MultipleChoiceField(label=label, required=False, choices=list(flt.extra.get("choices") or []))
    if isinstance(flt, django_filters.DateFilter | django_filters.DateTimeFilter | django_filters.NumberFilter):
        return None  # ranges and dates: typed into the URL (`?created__gte=…`)
    return forms.CharField(label=label, required=False)


def filter_form(filterset: Any, request: HttpRequest) -> FilterForm:
    """A form bound to the request's filters, `q` first."""
    form = FilterForm(data=request.GET)
    model = getattr(filterset._meta, "model", None)
    form.fields["q"] = forms.CharField(label="Search", required=False)
    for name, flt in filterset.filters.items():
        if name == "q" or name in NOT_IN_FORM or "__" in name:
            continue
        field = form_field(name, flt, model, request)
        if field is not None:
            form.fields[name] = field
    for field in form.fields.values():
        widget = field.widget
        css = (
            "form-select form-select-sm"
            if isinstance(widget, forms.Select | forms.SelectMultiple)
            else ("form-control form-control-sm")
        )
        widget.attrs["class"] = css
        if isinstance(widget, forms.SelectMultiple):
            widget.attrs["size"] = min(6, max(2, len(getattr(field, "choices", [])) or 2))
    return form  # bound but never validated: the FilterSet filters and reports; the form only shows the choices
