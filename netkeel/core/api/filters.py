"""Filtering as Nautobot clients expect it: exact filters where repeated parameters mean OR, the lookup
suffixes (`name__ic=leaf`, `name__n=x`, `mtu__gte=1500`, …) generated for every field filter, related
objects by name or id, `q` for a free-text search, `?sort=`, and a 400 for any parameter that is not a
filter (so that `get(nmae="x")` fails instead of returning everything).

Every filter set's form also refuses, naming the parameter, a value with a NUL character and a regular
expression the database cannot run (`?name__re=(`), and sends datetimes to the database in UTC: the same
answer on every engine, in the API (400) and on the UI's list pages (a form error)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from typing import Any, ClassVar

import django_filters
from django import forms
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Q
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import exceptions
from rest_framework.request import Request

from netkeel.core import inputs
from netkeel.core.api import hooks
from netkeel.core.models.ordering import is_private, natural_sort_key
from netkeel.core.models.tree import TreeModel

# Query parameters every endpoint accepts besides its filters (Nautobot's NON_FILTER_QUERY_PARAMS).
RESERVED_PARAMS = frozenset(
    {"api_version", "depth", "exclude_m2m", "format", "include", "limit", "offset", "sort", "brief"}
)

TEXT_LOOKUPS = {
    "n": "exact",
    "ic": "icontains",
    "nic": "icontains",
    "isw": "istartswith",
    "nisw": "istartswith",
    "iew": "iendswith",
    "niew": "iendswith",
    "ie": "iexact",
    "nie": "iexact",
    "re": "regex",
    "nre": "regex",
    "ire": "iregex",
    "nire": "iregex",
}
NUMBER_LOOKUPS = {"n": "exact", "lt": "lt", "lte": "lte", "gt": "gt", "gte": "gte"}
REGEX_LOOKUPS = frozenset({"regex", "iregex"})


class MultiValueMixin:
    """Repeated parameters are alternatives: `?name=a&name=b` is name a OR name b. On a choice field (where
    `matches_null` is set), `null` is the choice of none, as in Nautobot: `?power_path=null`."""

    negate = False
    matches_null = False

    def __init__(self, *args: Any, negate: bool = False, **kwargs: Any) -> None:
        self.negate = negate
        super().__init__(*args, **kwargs)

    def filter(self, qs: models.QuerySet[Any], value: Any) -> models.QuerySet[Any]:
        values = [v for v in (value or []) if v not in ("", None)]
        if not values:
            return qs
        name = self.field_name  # type: ignore[attr-defined]
        lookup = self.lookup_expr  # type: ignore[attr-defined]
        condition = Q()
        for item in values:
            if self.matches_null and item == "null":
                condition |= self.null_condition(name)
                continue
            condition |= Q(**{f"{name}__{lookup}": item})
        if is_multivalued(qs.model, name):  # a device by its interfaces' MAC addresses: each device once
            condition = Q(pk__in=qs.model._base_manager.filter(condition).values("pk"))
        return qs.exclude(condition) if self.negate else qs.filter(condition)

    def null_condition(self, name: str) -> Q:
        """What `null` matches: no value, or the blank a text field keeps for none."""
        return Q(**{f"{name}__isnull": True}) | Q(**{name: ""})


class MultipleCharField(forms.Field):
    widget = forms.SelectMultiple

    def clean(self, value: Any) -> list[str]:
        if value is None:
            return []
        return [str(v) for v in (value if isinstance(value, list | tuple) else [value])]


class MultiValueCharFilter(MultiValueMixin, django_filters.Filter):
    field_class = MultipleCharField


class NumberChoiceFilter(MultiValueCharFilter):
    """A number chosen from a list (a breaker's pole count) filtered as Nautobot filters a choice, with the
    text lookups and `null`; an exact value that is no whole number matches nothing (rather than failing the
    query)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.matches_null = self.lookup_expr == "exact" and not self.negate

    def null_condition(self, name: str) -> Q:
        return Q(**{f"{name}__isnull": True})

    def filter(self, qs: models.QuerySet[Any], value: Any) -> models.QuerySet[Any]:
        if self.lookup_expr != "exact":
            return super().filter(qs, value)
        given = [v for v in (value or []) if v not in ("", None)]
        numbers = [v for v in given if str(v).strip().lstrip("-").isdigit() or v == "null"]
        if given and not numbers:
            return qs if self.negate else qs.none()
        return super().filter(qs, numbers)


def documented_as(schema: dict[str, str], flt: Any) -> Any:
    """`flt`, documented in the schema as `schema` (see `FilterSetExtension`)."""
    flt.schema_type = schema
    return flt


def as_text_lookups(field_name: str, kind: type[MultiValueCharFilter] = MultiValueCharFilter) -> dict[str, Any]:
    """The `__n`, `__ic`, `__re`, … of a field taken as text, for a filter set's `add_filters`: of a choice
    declared apart (a location's `time_zone`), or of a number chosen from a list (`NumberChoiceFilter`: a
    rack's `width__ic=9`), as Nautobot takes them."""
    return {
        f"{field_name}__{suffix}": kind(field_name=field_name, lookup_expr=lookup, negate=suffix.startswith("n"))
        for suffix, lookup in TEXT_LOOKUPS.items()
    }


class MultipleNumberField(forms.Field):
    widget = forms.SelectMultiple

    def __init__(self, *args: Any, number: type = int, **kwargs: Any) -> None:
        self.number = number
        super().__init__(*args, **kwargs)

    def clean(self, value: Any) -> list[Any]:
        items = value if isinstance(value, list | tuple) else ([] if value is None else [value])
        cleaned = []
        for item in items:
            if item in ("", None):
                continue
            try:
                cleaned.append(self.number(item))
            except (TypeError, ValueError):
                raise forms.ValidationError(f"Enter a number, not {item!r}.") from None
        return cleaned


class MultiValueNumberFilter(MultiValueMixin, django_filters.Filter):
    field_class = MultipleNumberField


class MultipleUUIDField(forms.Field):
    widget = forms.SelectMultiple

    def clean(self, value: Any) -> list[uuid.UUID]:
        items = value if isinstance(value, list | tuple) else ([] if value is None else [value])
        cleaned = []
        for item in items:
            if item in ("", None):
                continue
            try:
                cleaned.append(uuid.UUID(str(item)))
            except ValueError:
                raise forms.ValidationError(f"{item!r} is not a valid id (a UUID).") from None
        return cleaned


class MultiValueUUIDFilter(MultiValueMixin, django_filters.Filter):
    field_class = MultipleUUIDField


class MultipleIdOrNullField(MultipleUUIDField):
    """Ids of objects that have no name to be found by (`null` for none), as a related filter takes them."""

    def clean(self, value: Any) -> list[Any]:
        items = value if isinstance(value, list | tuple) else ([] if value is None else [value])
        nulls = [item for item in items if str(item).lower() == "null"]
        return [*nulls, *super().clean([item for item in items if str(item).lower() != "null"])]


class LenientBooleanWidget(forms.NullBooleanSelect):
    """`true`/`false` in any case, `1`/`0`, `yes`/`no`: what pynautobot (`True`) and scripts (`1`) send. Drawn
    (in the browsable API's filter form) as Django's unknown / yes / no select."""

    TRUE = frozenset({"true", "1", "yes", "on"})
    FALSE = frozenset({"false", "0", "no", "off"})

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        value = data.get(name)
        if value is None:
            return None
        text = str(value).strip().lower()
        if text in self.TRUE:
            return True
        if text in self.FALSE:
            return False
        return value  # the form field says what is wrong with it


class StrictNullBooleanField(forms.NullBooleanField):
    """Unset, true or false; anything else is an error rather than silently no filter."""

    def to_python(self, value: Any) -> bool | None:  # type: ignore[override] # None is "not given"
        if value is True or value is False:
            return value
        if value in (None, ""):
            return None
        raise forms.ValidationError(f"Enter true or false, not {value!r}.")

    def validate(self, value: Any) -> None:
        return None


class RelatedFilter(django_filters.Filter):
    """A related object by id or by its name (`to_field`): `?location=DC1&location=<uuid>`; `null` finds
    rows without one. On a tree model the match includes everything below (a location's devices include
    those of its rooms)."""

    field_class: type[forms.Field] = MultipleCharField

    def __init__(
        self,
        *args: Any,
        related: type[models.Model],
        to_field: str = "name",
        negate: bool = False,
        descendants: bool = True,
        schema_type: dict[str, str] | None = None,
        **kwargs: Any,
    ) -> None:
        self.related = related
        self.to_field = to_field
        if to_field == "pk":
            self.field_class = MultipleIdOrNullField
        self.negate = negate
        self.descendants = descendants
        # How the schema documents the value, where Nautobot's differs from "a name or an id" (a cable: its id).
        self.schema_type = schema_type
        super().__init__(*args, **kwargs)

    def ids_named(self, names: list[str]) -> set[Any]:
        """The ids of the related objects named (by `to_field`); a subclass names them its own way."""
        return set(self.related._base_manager.filter(**{f"{self.to_field}__in": names}).values_list("pk", flat=True))

    def resolve(self, values: list[Any]) -> tuple[set[Any], bool]:
        """The ids of the objects named (by id or `to_field`), and whether `null` is among the values."""
        ids: set[Any] = set()
        names: list[str] = []
        want_null = False
        for item in values:
            if str(item).lower() == "null":
                want_null = True
                continue
            try:
                ids.add(uuid.UUID(str(item)))
            except ValueError:
                names.append(str(item))
        if names:
            ids |= self.ids_named(names)
        return ids, want_null

    def filter(self, qs: models.QuerySet[Any], value: Any) -> models.QuerySet[Any]:
        values = [v for v in (value or []) if v not in ("", None)]
        if not values:
            return qs
        ids, want_null = self.resolve(values)
        if self.descendants and issubclass(self.related, TreeModel) and ids:
            ids = self.related.descendant_ids(ids)
        condition = Q(**{f"{self.field_name}__in": ids})
        if want_null:
            condition |= Q(**{f"{self.field_name}__isnull": True})
        if is_multivalued(qs.model, self.field_name):
            # A row matches once however many of its related objects do: a semi-join, not a DISTINCT.
            condition = Q(pk__in=qs.model._base_manager.filter(condition).values("pk"))
        return qs.exclude(condition) if self.negate else qs.filter(condition)


class HasRelatedFilter(django_filters.BooleanFilter):
    """`has_devices=true`: rows with at least one related object along `field_name` (false: with none).
    `negate` makes it the `devices__isnull` of a relation. Each row once, in the same single query."""

    def __init__(self, *args: Any, negate: bool = False, **kwargs: Any) -> None:
        self.negate = negate
        super().__init__(*args, **kwargs)

    def filter(self, qs: models.QuerySet[Any], value: Any) -> models.QuerySet[Any]:
        if value is None:
            return qs
        wanted = bool(value) != self.negate
        if not is_multivalued(qs.model, self.field_name):
            return qs.filter(**{f"{self.field_name}__isnull": not wanted})
        related = Q(pk__in=qs.model._base_manager.filter(**{f"{self.field_name}__isnull": False}).values("pk"))
        return qs.filter(related) if wanted else qs.exclude(related)


def is_multivalued(model: type[models.Model], path: str) -> bool:
    """Whether `path` (`devices`, `interfaces__ip_address_assignments`) can reach several rows from one."""
    for step in path.split("__"):
        try:
            field = model._meta.get_field(step)
        except FieldDoesNotExist:
            return False
        if field.many_to_many or field.one_to_many:
            return True
        if not isinstance(field.related_model, type):
            return False
        model = field.related_model
    return False


def related_model(model: type[models.Model], path: str) -> type[models.Model]:
    """The model at the end of a relation path."""
    for step in path.split("__"):
        target = model._meta.get_field(step).related_model
        if not isinstance(target, type):
            raise TypeError(f"{model.__name__}.{step} is not a relation")
        model = target
    return model


def _name_field(model: type[models.Model]) -> str:
    names = [f.name for f in model._meta.fields]
    for candidate in ("name", "model", "cid", "username", "key"):
        if candidate in names:
            return candidate
    return "pk"


DATE_FILTERS = (django_filters.DateFilter, django_filters.DateTimeFilter)


def _variants(name: str, flt: Any) -> dict[str, Any]:
    """The `__n`, `__ic`, `__gte`, … filters derived from one field filter."""
    if "__" in name and name.rsplit("__", 1)[1] in {*TEXT_LOOKUPS, *NUMBER_LOOKUPS, "isnull"}:
        return {}
    variants: dict[str, Any] = {}
    field_name = flt.field_name
    if isinstance(flt, MultiValueCharFilter):
        for suffix, lookup in TEXT_LOOKUPS.items():
            variants[f"{name}__{suffix}"] = type(flt)(
                field_name=field_name, lookup_expr=lookup, negate=suffix.startswith("n")
            )
        variants[f"{name}__isnull"] = HasRelatedFilter(field_name=field_name, negate=True)
    elif isinstance(flt, MultiValueNumberFilter):
        for suffix, lookup in NUMBER_LOOKUPS.items():
            variant = MultiValueNumberFilter(field_name=field_name, lookup_expr=lookup, negate=suffix == "n")
            variant.extra.update(flt.extra)
            variants[f"{name}__{suffix}"] = variant
        variants[f"{name}__isnull"] = django_filters.BooleanFilter(field_name=field_name, lookup_expr="isnull")
    elif isinstance(flt, DATE_FILTERS) and flt.lookup_expr == "exact" and not flt.exclude and not flt.method:
        for suffix in ("gt", "gte", "lt", "lte"):
            variants[f"{name}__{suffix}"] = type(flt)(field_name=field_name, lookup_expr=suffix)
        variants[f"{name}__n"] = type(flt)(field_name=field_name, exclude=True)
        variants[f"{name}__isnull"] = django_filters.BooleanFilter(field_name=field_name, lookup_expr="isnull")
    elif isinstance(flt, MultiValueUUIDFilter):
        variants[f"{name}__n"] = MultiValueUUIDFilter(field_name=field_name, lookup_expr="exact", negate=True)
    elif isinstance(flt, RelatedFilter):
        variants[f"{name}__n"] = type(flt)(
            field_name=field_name,
            related=flt.related,
            to_field=flt.to_field,
            negate=True,
            descendants=flt.descendants,
            schema_type=flt.schema_type,
        )
        variants[f"{name}__isnull"] = HasRelatedFilter(field_name=field_name, negate=True)
    return variants


TIMESTAMPS = ("created", "last_updated")


class BaseFilterSet(django_filters.FilterSet):
    """Subclasses list plain fields in `Meta.fields`; lookup variants are added for each, `id`, `q`,
    `created` and `last_updated` come with every endpoint."""

    # Fields `q` searches (icontains), e.g. ("name", "serial").
    search_fields: ClassVar[tuple[str, ...]] = ("name",)
    # Objects related to this one, as Nautobot filters them: filter name -> relation path (`"devices": "devices"`
    # on a location, `"console_ports": "consoleports"` on a device). Each takes a related object's name or id
    # (only its id when the name is in `relations_by_id`, where Nautobot documents a UUID), with `__n` and
    # `__isnull`.
    relations: ClassVar[Mapping[str, str]] = {}
    relations_by_id: ClassVar[frozenset[str]] = frozenset()
    # `has_<name>` booleans: name -> relation path (`"ip_addresses": "interfaces__ip_address_assignments"`).
    has_relations: ClassVar[Mapping[str, str]] = {}

    id = MultiValueUUIDFilter(field_name="id", lookup_expr="exact")
    q = django_filters.CharFilter(method="search", label="Search")
    created = django_filters.IsoDateTimeFilter()
    created__gte = django_filters.IsoDateTimeFilter(field_name="created", lookup_expr="gte")
    created__lte = django_filters.IsoDateTimeFilter(field_name="created", lookup_expr="lte")
    last_updated = django_filters.IsoDateTimeFilter()
    last_updated__gte = django_filters.IsoDateTimeFilter(field_name="last_updated", lookup_expr="gte")
    last_updated__lte = django_filters.IsoDateTimeFilter(field_name="last_updated", lookup_expr="lte")
    # The rest of Nautobot's lookups on the two timestamps.
    created__gt = django_filters.IsoDateTimeFilter(field_name="created", lookup_expr="gt")
    created__lt = django_filters.IsoDateTimeFilter(field_name="created", lookup_expr="lt")
    created__n = django_filters.IsoDateTimeFilter(field_name="created", exclude=True)
    created__isnull = django_filters.BooleanFilter(field_name="created", lookup_expr="isnull")
    last_updated__gt = django_filters.IsoDateTimeFilter(field_name="last_updated", lookup_expr="gt")
    last_updated__lt = django_filters.IsoDateTimeFilter(field_name="last_updated", lookup_expr="lt")
    last_updated__n = django_filters.IsoDateTimeFilter(field_name="last_updated", exclude=True)
    last_updated__isnull = django_filters.BooleanFilter(field_name="last_updated", lookup_expr="isnull")

    def __init__(
        self,
        data: Any = None,
        queryset: models.QuerySet[Any] | None = None,
        *,
        request: Any = None,
        prefix: str | None = None,
        only_given: bool = False,
    ) -> None:
        given: set[str] | None = None
        if only_given and data is not None:
            # The API's filter sets are only applied, never shown as a form: only the filters the request
            # names are copied and get form fields (a device's few hundred cost tens of milliseconds).
            given = set(data.keys())
            every: dict[str, Any] = getattr(type(self), "base_filters")  # noqa: B009 - set by its metaclass
            self.base_filters = {name: flt for name, flt in every.items() if name in given}
        super().__init__(data, queryset, request=request, prefix=prefix)
        # Custom field filters (`cf_<key>`) follow the fields defined in the database, so they are added
        # per filter set rather than once per class.
        model = self.queryset.model
        for name, flt in hooks.custom_field_filters(model, request).items():
            if name not in self.filters and (given is None or name in given):
                flt.model = model
                flt.parent = self
                self.filters[name] = flt

    def get_form_class(self) -> type[forms.Form]:
        form_class = super().get_form_class()
        checks = {"filters": self.filters, "using": self.queryset.db}
        return type(form_class.__name__, (CheckedFilterForm, form_class), checks)

    @classmethod
    def filter_names(cls, request: Any = None) -> set[str]:
        """Every parameter this filter set takes: its own filters and the custom field ones."""
        return set(cls.base_filters) | set(hooks.custom_field_filters(cls._meta.model, request))

    @classmethod
    def filter_for_field(cls, field: models.Field, field_name: str, lookup_expr: str | None = None) -> Any:
        lookup_expr = lookup_expr or "exact"
        related = field.related_model if field.is_relation else None
        if isinstance(related, type):
            return RelatedFilter(field_name=field_name, related=related, to_field=_name_field(related))
        if isinstance(field, models.BooleanField):
            return django_filters.BooleanFilter(field_name=field_name)
        if isinstance(field, models.IntegerField | models.FloatField | models.DecimalField):
            number = float if isinstance(field, models.FloatField | models.DecimalField) else int
            flt = MultiValueNumberFilter(field_name=field_name, lookup_expr="exact")
            flt.extra["number"] = number
            return flt
        if isinstance(field, models.UUIDField):
            return MultiValueUUIDFilter(field_name=field_name, lookup_expr="exact")
        if isinstance(field, models.CharField | models.TextField | models.SlugField | models.EmailField):
            flt = MultiValueCharFilter(field_name=field_name, lookup_expr="exact")
            flt.matches_null = bool(field.choices)
            return flt
        return super().filter_for_field(field, field_name, lookup_expr)

    @classmethod
    def get_filters(cls) -> dict[str, Any]:
        filters = dict(super().get_filters())
        model = cls._meta.model
        if model is not None:
            # The timestamps' filters come with every endpoint; a model without the timestamps (a group, a
            # content type) goes without them rather than fail on them.
            names = {field.name for field in model._meta.get_fields()}
            for name, flt in list(filters.items()):
                if name.split("__")[0] in TIMESTAMPS and flt.field_name in TIMESTAMPS and flt.field_name not in names:
                    del filters[name]
        if model is not None:
            filters.update(cls._relation_filters(model, filters))
        if model is not None and "tags" not in filters:
            tags = next((f for f in model._meta.many_to_many if f.name == "tags"), None)
            if tags is not None and isinstance(tags.related_model, type):
                filters["tags"] = RelatedFilter(field_name="tags", related=tags.related_model, descendants=False)
        for name, flt in list(filters.items()):
            filters.update({key: value for key, value in _variants(name, flt).items() if key not in filters})
        for flt in filters.values():
            if isinstance(flt, django_filters.BooleanFilter):
                flt.extra["widget"] = LenientBooleanWidget
                flt.field_class = StrictNullBooleanField
        return filters

    @classmethod
    def add_relation(cls, name: str, path: str, *, by_id: bool = False) -> None:
        """Another app's objects related to this filter set's model (circuit terminations at a location,
        added by circuits when it is ready): the name-or-id filter, its variants and `has_<name>`, as if
        `relations` and `has_relations` had listed it."""
        cls.relations = {**cls.relations, name: path}
        cls.has_relations = {**cls.has_relations, name: path}
        if by_id:
            cls.relations_by_id = cls.relations_by_id | {name}
        cls.base_filters = cls.get_filters()

    @classmethod
    def add_filters(cls, **filters: Any) -> None:
        """Filters another app declares on this filter set (IPAM's `prefixes` of a tenant, by id or as text),
        with their variants, as if the class had declared them."""
        cls.declared_filters = {**cls.declared_filters, **filters}
        cls.base_filters = cls.get_filters()

    @classmethod
    def _relation_filters(cls, model: type[models.Model], declared: Mapping[str, Any]) -> dict[str, Any]:
        made: dict[str, Any] = {}
        for name, path in cls.relations.items():
            related = related_model(model, path)
            to_field = "pk" if name in cls.relations_by_id else _name_field(related)
            made[name] = RelatedFilter(field_name=path, related=related, to_field=to_field, descendants=False)
        for name, path in cls.has_relations.items():
            made[f"has_{name}"] = HasRelatedFilter(field_name=path, label=f"Has {name.replace('_', ' ')}")
        return {name: flt for name, flt in made.items() if name not in declared}

    def search(self, queryset: models.QuerySet[Any], name: str, value: str) -> models.QuerySet[Any]:
        value = value.strip()
        if not value:
            return queryset
        condition = Q()
        for field in self.search_fields:
            condition |= Q(**{f"{field}__icontains": value})
        return queryset.filter(condition)


class CheckedFilterForm(forms.Form):
    """What every filter set's form checks besides its fields (the filter set sets `filters` and `using`):
    no NUL character in any filter's value, regular expressions the database can run, datetimes in UTC."""

    filters: dict[str, Any]
    using: str

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        data = self.data
        for name, flt in self.filters.items():
            raw = data.getlist(name) if hasattr(data, "getlist") else data.get(name)
            values = [str(v) for v in (raw if isinstance(raw, list | tuple) else [raw]) if v is not None]
            if any(inputs.NUL in value for value in values):
                self.add_error(name, inputs.NUL_MESSAGE)
                continue
            if getattr(flt, "lookup_expr", None) in REGEX_LOOKUPS:
                for value in values:
                    problem = inputs.regex_problem(value, self.using) if value else None
                    if problem:
                        self.add_error(name, f"{problem} ({value!r})")
                        break
        for name, value in list(cleaned.items()):
            cleaned[name] = inputs.in_utc(value)
        return cleaned


class StrictFilterBackend(DjangoFilterBackend):
    """django-filter, plus a 400 for a parameter that is neither a filter nor a reserved one, and `sort`."""

    def get_filterset_kwargs(self, request: Request, queryset: models.QuerySet[Any], view: Any) -> dict[str, Any]:
        kwargs = dict(super().get_filterset_kwargs(request, queryset, view))
        if issubclass(self.get_filterset_class(view, queryset) or object, BaseFilterSet):
            kwargs["only_given"] = True
        return kwargs

    def filter_queryset(self, request: Request, queryset: models.QuerySet[Any], view: Any) -> models.QuerySet[Any]:
        filterset_class = self.get_filterset_class(view, queryset)
        # Without a filter parameter there is nothing to filter: the filter set (a copy of a few hundred
        # filters and a form of as many fields, tens of milliseconds for a device list) is not built.
        if filterset_class is not None and set(request.query_params) - RESERVED_PARAMS:
            names = getattr(filterset_class, "filter_names", None)
            known = names(request) if names is not None else set(filterset_class.get_filters())
            unknown = sorted(set(request.query_params) - known - RESERVED_PARAMS)
            if unknown:
                raise exceptions.ValidationError({name: ["Unknown filter field"] for name in unknown})
            queryset = super().filter_queryset(request, queryset, view)
        return apply_sort(queryset, request.query_params.getlist("sort"))


def apply_sort(queryset: models.QuerySet[Any], sort: Iterable[str]) -> models.QuerySet[Any]:
    keys = [key.strip() for value in sort for key in value.split(",") if key.strip()]
    if not keys:
        return queryset
    model = queryset.model
    concrete = {f.name for f in model._meta.concrete_fields if not is_private(f)} | {"id", "pk"}
    bad = [key for key in keys if key.lstrip("-") not in concrete]
    if bad:
        raise exceptions.ValidationError(
            {"sort": [f"Cannot sort by {', '.join(bad)}; sort by one of the object's own fields."]}
        )
    # A naturally ordered name sorts naturally (Ethernet2 before Ethernet10), as the default order does.
    natural = [("-" if key.startswith("-") else "") + natural_sort_key(model, key.lstrip("-")) for key in keys]
    return queryset.order_by(*natural, "pk")


class ObjectTypesField(forms.Field):
    """`dcim.device` (or a content type's integer id), repeatable; cleaned to content type ids."""

    widget = forms.SelectMultiple

    def clean(self, value: Any) -> list[int]:
        items = value if isinstance(value, list | tuple) else ([] if value is None else [value])
        ids: list[int] = []
        for item in items:
            text = str(item).strip().lower()
            if not text:
                continue
            if text.isdigit():
                ids.append(int(text))
                continue
            if text.count(".") != 1:
                raise forms.ValidationError(
                    f"Give an object type as app_label.model, such as dcim.device, not {item!r}."
                )
            app_label, model = text.split(".")
            try:
                ids.append(ContentType.objects.get_by_natural_key(app_label, model).pk)
            except ContentType.DoesNotExist:
                raise forms.ValidationError(f"There is no object type {item!r}.") from None
        return ids


class ObjectTypeFilter(django_filters.Filter):
    """Rows whose content type field (a foreign key or a many-to-many) holds any of the given types."""

    field_class = ObjectTypesField

    def __init__(self, *args: Any, negate: bool = False, **kwargs: Any) -> None:
        self.negate = negate
        super().__init__(*args, **kwargs)

    def filter(self, qs: models.QuerySet[Any], value: Any) -> models.QuerySet[Any]:
        if not value:
            return qs
        # A subquery, so that a row holding two of the types is listed once.
        matching = qs.model._base_manager.filter(**{f"{self.field_name}__in": value}).values("pk")
        return qs.exclude(pk__in=matching) if self.negate else qs.filter(pk__in=matching)


class ObjectTypeKeyFilter(ObjectTypeFilter):
    """The one object type of a row (a foreign key: a note's object, a change's), documented as Nautobot
    documents it: a string, `dcim.device` (or its id)."""

    schema_type: ClassVar[dict[str, str]] = {"type": "string"}
