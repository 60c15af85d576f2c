"""`cf_<key>` filters on every list endpoint, built from the custom fields applying to its model.

Per field, unless its filter logic is `disabled`:
- text, Markdown and URL: `cf_<key>` is icontains with `loose` logic, exact with `exact`; `__n`, `__ic`, `__nic`,
  `__isw`, `__iew` and `__ie` as for any text filter;
- integer: exact, `__n`, `__gt`, `__gte`, `__lt`, `__lte`; date and date/time: the same on ISO dates
  and times (a time is compared in UTC, as it is stored);
- boolean: `true`/`false`; select: the value is one of the given choices; multi-select: the list holds
  one of them; JSON: equal to a given JSON scalar (`cf_k=3`, `cf_k="a"`, `cf_k=true`).
Repeated parameters are alternatives; `null` finds objects without a value. Lookups go through Django's
JSONField key transforms, so the same filter works on SQLite, PostgreSQL and MariaDB/MySQL.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import django_filters
from django import forms
from django.db import connections, models
from django.db.models import Q

from netkeel.core.api.hooks import CUSTOM_FIELD_DATA
from netkeel.extras.choices import CustomFieldFilterLogicChoices as Logic
from netkeel.extras.choices import CustomFieldTypeChoices as Types
from netkeel.extras.customfields.backend import ListHas
from netkeel.extras.customfields.validation import BadValue, clean_date, clean_datetime
from netkeel.extras.models.customfields import CustomField

NULL = object()  # `cf_<key>=null`: objects without a value
TRUE_WORDS = frozenset({"true", "1", "yes", "on"})
FALSE_WORDS = frozenset({"false", "0", "no", "off"})
TEXT_LOOKUPS = {"ic": "icontains", "nic": "icontains", "isw": "istartswith", "iew": "iendswith", "ie": "iexact"}
RANGE_LOOKUPS = ("gt", "gte", "lt", "lte")


def _text(raw: str) -> str:
    return raw


def _integer(raw: str) -> int:
    try:
        return int(raw)
    except ValueError:
        raise forms.ValidationError(f"Enter a whole number, not {raw!r}.") from None


def _boolean(raw: str) -> bool:
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise forms.ValidationError(f"Enter true or false, not {raw!r}.")


def _date(raw: str) -> str:
    try:
        return clean_date(raw)
    except BadValue as exc:
        raise forms.ValidationError(str(exc)) from None


def _datetime(raw: str) -> str:
    try:
        return clean_datetime(raw)
    except BadValue as exc:
        raise forms.ValidationError(str(exc)) from None


def _json_scalar(raw: str) -> Any:
    try:
        value = json.loads(raw)
    except ValueError:
        return raw  # bare text is a string
    if isinstance(value, dict | list):
        raise forms.ValidationError("Filter a JSON custom field by a JSON scalar (text, number or true/false).")
    return value


PARSERS: dict[str, Callable[[str], Any]] = {
    Types.TEXT: _text,
    Types.MARKDOWN: _text,
    Types.URL: _text,
    Types.SELECT: _text,
    Types.MULTISELECT: _text,
    Types.INTEGER: _integer,
    Types.BOOLEAN: _boolean,
    Types.DATE: _date,
    Types.DATETIME: _datetime,
    Types.JSON: _json_scalar,
}


class CustomFieldValues(forms.Field):
    """The parameter's values (repeatable), each parsed for the field's type; `null` stays NULL."""

    widget = forms.SelectMultiple

    def __init__(self, *args: Any, parse: Callable[[str], Any] = _text, **kwargs: Any) -> None:
        self.parse = parse
        super().__init__(*args, **kwargs)

    def clean(self, value: Any) -> list[Any]:
        items = value if isinstance(value, list | tuple) else ([] if value is None else [value])
        cleaned: list[Any] = []
        for item in items:
            text = str(item)
            if text == "":
                continue
            cleaned.append(NULL if text.lower() == "null" else self.parse(text))
        return cleaned


class CustomFieldFilter(django_filters.Filter):
    """One `cf_<key>[__lookup]` parameter: the rows whose value matches any of the given values."""

    field_class = CustomFieldValues

    def __init__(self, *, key: str, kind: str, lookup: str = "exact", negate: bool = False, **kwargs: Any) -> None:
        self.key = key
        self.kind = kind
        self.negate = negate
        kwargs.setdefault("label", f"Custom field {key}")
        super().__init__(field_name=f"{CUSTOM_FIELD_DATA}__{key}", lookup_expr=lookup, **kwargs)
        self.extra["parse"] = PARSERS.get(kind, _text)

    def filter(self, qs: models.QuerySet[Any], value: Any) -> models.QuerySet[Any]:
        if not value:
            return qs
        condition = Q()
        for item in value:
            condition |= self._condition(qs, item)
        if self.negate:
            # Not among the matching rows: objects without a value are kept (SQL's NOT of a missing key
            # is unknown, which a plain exclude() would drop).
            return qs.exclude(pk__in=qs.model._base_manager.filter(condition).values("pk"))
        return qs.filter(condition)

    def _condition(self, qs: models.QuerySet[Any], item: Any) -> Q:
        path = self.field_name
        if item is NULL:
            return Q(**{f"{path}__isnull": True}) | Q(**{path: None})
        if self.kind == Types.MULTISELECT:
            return list_contains(qs, self.key, item)
        if self.lookup_expr == "exact":
            return Q(**{path: item})
        return Q(**{f"{path}__{self.lookup_expr}": item})


def list_contains(qs: models.QuerySet[Any], key: str, item: Any) -> Q:
    """Rows whose list under `key` holds `item`: JSON containment where the database has it (PostgreSQL,
    MySQL, MariaDB), `json_each` on SQLite, which has none."""
    if connections[qs.db].features.supports_json_field_contains:
        return Q(**{f"{CUSTOM_FIELD_DATA}__{key}__contains": [item]})
    return Q(ListHas(CUSTOM_FIELD_DATA, key, str(item)))


def filters_for(fields: list[CustomField]) -> dict[str, django_filters.Filter]:
    built: dict[str, django_filters.Filter] = {}
    for field in fields:
        if field.filter_logic == Logic.DISABLED:
            continue
        key, kind = field.key, field.type
        name = f"cf_{key}"
        if kind in (Types.TEXT, Types.MARKDOWN, Types.URL):
            main = "icontains" if field.filter_logic == Logic.LOOSE else "exact"
            built[name] = CustomFieldFilter(key=key, kind=kind, lookup=main)
            built[f"{name}__n"] = CustomFieldFilter(key=key, kind=kind, lookup="exact", negate=True)
            for suffix, lookup in TEXT_LOOKUPS.items():
                built[f"{name}__{suffix}"] = CustomFieldFilter(
                    key=key, kind=kind, lookup=lookup, negate=suffix.startswith("n")
                )
        else:
            built[name] = CustomFieldFilter(key=key, kind=kind)
            if kind != Types.BOOLEAN:
                built[f"{name}__n"] = CustomFieldFilter(key=key, kind=kind, negate=True)
            if kind in (Types.INTEGER, Types.DATE, Types.DATETIME):
                for lookup in RANGE_LOOKUPS:
                    built[f"{name}__{lookup}"] = CustomFieldFilter(key=key, kind=kind, lookup=lookup)
    return built
