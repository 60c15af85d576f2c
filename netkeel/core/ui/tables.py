"""Tables of the list pages (django-tables2), built from the model unless an app writes its own.

`table_for(model)` gives every concrete field a column: the name links to the object, related objects
link to theirs, choices show their labels, tags are coloured badges. A page fetches what its *visible*
columns show with the page (`related_paths`), so a page costs the same queries whatever its length.
Apps subclass `BaseTable` to add computed columns (say a device count annotated by the API queryset).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any, ClassVar

import django_tables2 as tables
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Prefetch
from django.template import Context
from django.template.base import render_value_in_context
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django_tables2.columns.linkcolumn import BaseLinkColumn
from django_tables2.rows import BoundRow, BoundRows
from django_tables2.utils import A, signature

from netkeel.core.api import registry as api_registry
from netkeel.core.models.ordering import is_private, natural_sort_key
from netkeel.core.models.related import shared_paths
from netkeel.core.ui import labels, visibility
from netkeel.core.ui.registry import object_url

HEX_COLOUR = re.compile(r"^[0-9a-fA-F]{6}$")
# Fields a generated table never shows as columns (kept for the detail page).
HIDDEN_FIELDS = frozenset({"id", "custom_field_data"})
# Field names that name the object, in order of preference; the first one present links to it.
NAME_FIELDS = ("name", "model", "cid", "address", "prefix", "vid", "label", "key", "username")
# How many columns a generated table shows before the user chooses.
DEFAULT_COLUMN_COUNT = 7
EMPTY = "—"


def text_colour(background: str) -> str:
    """Black or white, whichever reads better on `background` (six hex digits)."""
    red, green, blue = (int(background[i : i + 2], 16) for i in (0, 2, 4))
    return "000000" if (red * 299 + green * 587 + blue * 114) / 1000 > 150 else "ffffff"


def badge(text: Any, colour: str | None) -> SafeString:
    if colour and HEX_COLOUR.match(colour):
        return format_html(
            '<span class="badge nk-badge" style="background-color:#{};color:#{}">{}</span>',
            colour.lower(),
            text_colour(colour),
            text,
        )
    return format_html('<span class="badge text-bg-secondary">{}</span>', text)


def link(obj: Any, text: Any = None) -> SafeString:
    """`obj` as a link to its page (plain text when it has none); an object the reader may not view, as its
    id without a link (`visibility`)."""
    if not visibility.may_see(obj):
        return visibility.hidden(obj)
    label = obj if text is None else text
    url = object_url(obj)
    return format_html('<a href="{}">{}</a>', url, label) if url else format_html("{}", label)


def tag_badge(tag: Any) -> SafeString:
    """A tag as its coloured badge; one the reader may not view, as a plain badge of its id."""
    if not visibility.may_see(tag):
        return badge(visibility.hidden(tag), None)
    return badge(tag, getattr(tag, "color", None))


class SelectColumn(tables.Column):
    """The checkbox of each row; the selection goes to bulk edit and bulk delete as `pk` values."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("accessor", "pk")
        kwargs.setdefault("orderable", False)
        kwargs.setdefault("verbose_name", "")
        kwargs.setdefault("attrs", {"th": {"class": "nk-select"}, "td": {"class": "nk-select"}})
        super().__init__(**kwargs)

    @property
    def header(self) -> SafeString:
        # Constant markup, no data in it.
        return mark_safe('<input type="checkbox" class="form-check-input" data-nk-toggle-all aria-label="Select all">')

    def render(self, value: Any) -> SafeString:
        return format_html(
            '<input type="checkbox" class="form-check-input" name="pk" value="{}" aria-label="Select">', value
        )


class LinkColumn(tables.Column):
    """The object's name, linking to its page."""

    def render(self, value: Any, record: Any) -> SafeString:
        return link(record, value)


class DisplayColumn(tables.Column):
    """The object as it shows itself (`str`), linking to its page; for models without a name field."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("accessor", "pk")
        kwargs.setdefault("orderable", False)
        super().__init__(**kwargs)

    def render(self, record: Any) -> SafeString:
        return link(record)


class RelatedColumn(tables.Column):
    """A related object, linking to its page (its id only, unlinked, for a reader who may not view it)."""

    # The column's values are related objects (or managers of them) a page must decide on before its rows
    # render (`BaseTable.note_related`): set by every column that shows another object than the row's.
    shows_related = True

    def render(self, value: Any) -> SafeString:
        return link(value)


class BooleanColumn(tables.Column):
    def render(self, value: Any) -> SafeString:
        if value is None:
            return format_html("{}", EMPTY)
        icon, label = ("bi-check-lg text-success", "yes") if value else ("bi-x-lg text-danger", "no")
        return format_html(
            '<i class="bi {}" title="{}"></i><span class="visually-hidden">{}</span>', icon, label, label
        )


class ColourColumn(tables.Column):
    def render(self, value: Any) -> SafeString:
        if not HEX_COLOUR.match(str(value)):
            return format_html("{}", value)
        return format_html('<span class="nk-swatch" style="background-color:#{}"></span> {}', value, value)


class ChoiceColumn(tables.Column):
    """A choice's label, from the model's `get_<field>_display`."""

    def render(self, value: Any, record: Any, bound_column: Any) -> Any:
        getter = getattr(record, f"get_{bound_column.accessor}_display", None)
        return getter() if callable(getter) else value


class TagsColumn(tables.Column):
    shows_related = True

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("orderable", False)
        kwargs.setdefault("empty_values", ())
        super().__init__(**kwargs)

    def render(self, value: Any) -> SafeString:
        tags = list(value.all()) if value is not None else []
        if not tags:
            return format_html("{}", EMPTY)
        return format_html_join(" ", "{}", ((tag_badge(tag),) for tag in tags))


class ManyColumn(tables.Column):
    """Related objects of a many-to-many field, each linking to its page (content types as `app.model`)."""

    shows_related = True

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("orderable", False)
        kwargs.setdefault("empty_values", ())
        super().__init__(**kwargs)

    def render(self, value: Any) -> SafeString:
        items = list(value.all()) if value is not None else []
        if not items:
            return format_html("{}", EMPTY)
        if isinstance(items[0], ContentType):
            return format_html_join(", ", "{}.{}", ((ct.app_label, ct.model) for ct in items))
        return format_html_join(", ", "{}", ((link(item),) for item in items))


class TruncatedColumn(tables.Column):
    def render(self, value: Any) -> str:
        text = str(value)
        return text if len(text) <= 80 else f"{text[:79]}…"


class ActionsColumn(tables.Column):
    """Edit and delete buttons, shown to those who may use them."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("accessor", "pk")
        kwargs.setdefault("orderable", False)
        kwargs.setdefault("verbose_name", "")
        kwargs.setdefault("attrs", {"td": {"class": "text-end text-nowrap"}})
        super().__init__(**kwargs)

    def render(self, record: Any, table: Any) -> SafeString:
        may_change, may_delete = getattr(table, "user_may", (False, False))
        parts = []
        if may_change and (url := object_url(record, "edit")):
            parts.append(
                format_html(
                    '<a class="btn btn-sm btn-outline-secondary" href="{}?return_url={}" title="Edit">'
                    '<i class="bi bi-pencil"></i></a>',
                    url,
                    getattr(table, "return_url", ""),
                )
            )
        if may_delete and (url := object_url(record, "delete")):
            parts.append(
                format_html(
                    '<a class="btn btn-sm btn-outline-danger" href="{}?return_url={}" title="Delete">'
                    '<i class="bi bi-trash"></i></a>',
                    url,
                    getattr(table, "return_url", ""),
                )
            )
        return format_html_join(" ", "{}", ((part,) for part in parts))


# The arguments each render function takes (None: all, it has **kwargs), by function.
_render_arguments: dict[Callable[..., Any], tuple[str, ...] | None] = {}


def render_arguments(render: Callable[..., Any]) -> tuple[str, ...] | None:
    function = getattr(render, "__func__", render)
    if function not in _render_arguments:
        names, catch_all = signature(render)
        _render_arguments[function] = None if catch_all else names
    return _render_arguments[function]


class Row(BoundRow):
    """A row whose cells call their column's `render` with the arguments it takes, looked up once per render
    function: django-tables2 inspects the signature again for every cell of every row."""

    def _call_render(self, bound_column: Any, value: Any = None) -> Any:
        available = self._optional_cell_arguments(bound_column, value)
        wanted = render_arguments(bound_column.render)
        if wanted is None:
            content = bound_column.render(**available)
        elif any(name not in available for name in wanted):
            return None  # as django-tables2 does for a render function wanting what a cell cannot give
        else:
            content = bound_column.render(**{name: available[name] for name in wanted})
        return bound_column.link(content, **available) if bound_column.link else content


class Rows(BoundRows):
    def __iter__(self) -> Iterator[BoundRow]:
        yield from self.generator_pinned_row(self.pinned_data.get("top"))
        for record in self.data:
            yield Row(record, table=self.table)
        yield from self.generator_pinned_row(self.pinned_data.get("bottom"))

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, slice):
            return Rows(data=self.data[key], table=self.table, pinned_data=self.pinned_data)
        return Row(record=self.data[key], table=self.table)


class CellPlan:
    """How one column of a page gets each row's cell: what django-tables2's `BoundRow.get_cell` does, with
    the per-cell work done once per column. A column read by one plain attribute of a model row (the usual
    case) gets its value by `getattr` (a choice's label by `get_<name>_display`) and calls its render
    function with just the arguments it takes; any other column (a dotted accessor, a link, a many-to-many
    column, a render function wanting the row) goes through `get_cell` unchanged."""

    def __init__(self, table: tables.Table, bound_column: Any) -> None:
        self.bound_column = bound_column
        self.name = bound_column.name
        column = bound_column.column
        accessor = A(bound_column.accessor)
        wanted = render_arguments(bound_column.render)
        self.simple = (
            len(accessor.bits) == 1
            and not accessor.callable_args
            and not accessor.callable_kwargs
            and not bound_column.link
            and not isinstance(column, tables.ManyToManyColumn | BaseLinkColumn)
            and wanted is not None
            and "bound_row" not in wanted
        )
        self.attribute = accessor.bits[0] if accessor.bits else ""
        self.render = bound_column.render
        self.wanted = wanted or ()
        self.empty_values = column.empty_values
        self.fixed = {"column": column, "bound_column": bound_column, "table": table}
        self._choices: dict[type[Any], bool] = {}

    def cell(self, row: BoundRow) -> Any:
        record = row.record
        if not self.simple or not isinstance(record, models.Model) or hasattr(type(record), "__getitem__"):
            return row.get_cell(self.name)
        if self._shows_choice_label(type(record)):
            value = getattr(record, f"get_{self.attribute}_display")()
        else:
            try:
                value = getattr(record, self.attribute)
            except Exception:  # noqa: BLE001 - django-tables2 decides what a failed lookup shows
                return row.get_cell(self.name)
            if callable(value) and (
                getattr(value, "alters_data", False) or not getattr(value, "do_not_call_in_templates", False)
            ):
                return row.get_cell(self.name)  # called (or refused) as django-tables2 decides
        if value in self.empty_values:
            return self.bound_column.default
        available = {"value": value, "record": record, **self.fixed}
        return self.render(**{name: available[name] for name in self.wanted})

    def _shows_choice_label(self, model: type[Any]) -> bool:
        known = self._choices.get(model)
        if known is None:
            try:
                field = model._meta.get_field(self.attribute)
            except FieldDoesNotExist:
                field = None
            display = getattr(model, f"get_{self.attribute}_display", None)
            known = self._choices[model] = bool(getattr(field, "choices", ())) and display is not None
        return known


def _constant_attrs(column: tables.Column) -> bool:
    """Whether a column's cell attributes are the same on every row (none computed from the record)."""
    attrs = column.attrs or {}
    return not any(callable(value) for key in ("cell", "td") for value in (attrs.get(key) or {}).values())


class BaseTable(tables.Table):
    """Every list page's table: a selection column first, actions last; `default_columns` are shown until
    the user chooses others."""

    pk = SelectColumn()
    actions = ActionsColumn()

    # Columns shown until the user chooses ("pk" and "actions" are always shown).
    default_columns: ClassVar[tuple[str, ...]] = ()
    # Columns the page needs fetched with each row: {"column": ("select_related path", …)}.
    column_select: ClassVar[dict[str, tuple[str, ...]]] = {}
    column_prefetch: ClassVar[dict[str, tuple[str, ...]]] = {}
    # Columns showing an object as text, whose serializer's `display_related` is fetched too: (path, model).
    column_display: ClassVar[dict[str, tuple[str, type[models.Model]]]] = {}

    class Meta:
        attrs = {"class": "table table-hover table-sm align-middle mb-0 nk-table"}
        template_name = "netkeel/ui/table.html"
        order_by_field = "sort"
        empty_text = "Nothing here yet."

    FIXED = ("pk", "actions")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows = Rows(data=self.data, table=self, pinned_data=self.pinned_data)

    def cell_rows(self) -> Iterator[SafeString]:
        """The rows of the page, each as its `<td>` cells' HTML, for `netkeel/ui/table.html`. A column's
        attributes are made once per page unless they are computed from each record, and each column's
        way to its value and render function is worked out once per page (`CellPlan`), not per cell."""
        columns = list(self.columns)
        self.note_related(columns)
        constant = {column.name: column.attrs["td"].as_html() for column in columns if _constant_attrs(column.column)}
        plans = [CellPlan(self, column) for column in columns]
        context = Context()
        for row in self.paginated_rows:
            cells: list[tuple[str, Any]] = []
            for column, plan in zip(columns, plans, strict=True):
                cell = plan.cell(row)
                attrs = constant.get(column.name)
                if attrs is None:
                    column.current_record, column.current_value = row.record, cell
                    attrs = column.attrs["td"].as_html()
                # As the template's {{ cell }} shows it: localized, then escaped unless already safe.
                cells.append((attrs, render_value_in_context(cell, context)))
            yield format_html_join("", "<td {}>{}</td>", cells)

    def page_records(self) -> list[Any]:
        rows: Any = self.paginated_rows
        return list(getattr(rows, "data", rows) or ())

    def note_related(self, columns: list[Any]) -> None:
        """Before the rows render: the page's rows are the reader's (read through `restrict`), and whether
        they may view each related object the visible columns show is decided a model at a time, with one
        query per related model they may view only in part (none for a reader who may view all of them)."""
        viewer = visibility.current()
        if viewer is None:
            return
        records = self.page_records()
        viewer.seen(records)
        model = getattr(self._meta, "model", None)
        related = []
        for column in columns:
            if getattr(column.column, "shows_related", False):
                target = related_model(model, column.accessor)
                if target is None or viewer.partial_models([target]):
                    related.append(column)
        if not related:
            return
        found: list[Any] = []
        for column in related:
            accessor = A(column.accessor)
            for record in records:
                value = accessor.resolve(record, quiet=True)
                if isinstance(value, models.Manager):
                    found.extend(value.all())
                elif value is not None:
                    found.append(value)
        viewer.note(found)

    @classmethod
    def choosable_columns(cls) -> list[tuple[str, str]]:
        """(name, header) of every column the user may show or hide."""
        return [
            (name, str(column.verbose_name or labels.label(name)))
            for name, column in cls.base_columns.items()
            if name not in cls.FIXED
        ]

    @classmethod
    def visible_columns(cls, chosen: Iterable[str] | None) -> list[str]:
        names = [name for name, _ in cls.choosable_columns()]
        wanted = [name for name in (chosen or ()) if name in names]
        if not wanted:
            wanted = [name for name in cls.default_columns if name in names] or names[:DEFAULT_COLUMN_COUNT]
        return wanted

    @classmethod
    def related_paths(cls, visible: Iterable[str]) -> tuple[list[str], list[str]]:
        select: list[str] = []
        prefetch: list[str] = []
        for name in visible:
            select.extend(cls.column_select.get(name, ()))
            prefetch.extend(cls.column_prefetch.get(name, ()))
            if name in cls.column_display:
                path, model = cls.column_display[name]
                select.extend(f"{path}__{more}" if path else more for more in _display_paths(model))
        return select, prefetch


def related_model(model: type[models.Model] | None, accessor: str) -> type[models.Model] | None:
    """The model of the objects a column's accessor (`location`, `interface__device`) reaches from a row of
    `model`; None when the accessor is not a chain of relations."""
    target: Any = model
    for part in str(accessor).replace(".", "__").split("__"):
        if target is None:
            return None
        try:
            field = target._meta.get_field(part)
        except FieldDoesNotExist:
            return None
        target = field.related_model if field.is_relation else None
    return target if isinstance(target, type) else None


# Fields of a related object that no cell shows (a cell shows it by name, colour, link): left unread, since
# reading them is most of the work of a long page (a timestamp or a JSON document per related row).
UNSHOWN_RELATED_FIELDS = ("created", "last_updated", "custom_field_data")


def with_related(
    queryset: models.QuerySet[Any], select: Iterable[str], prefetch: Iterable[str]
) -> models.QuerySet[Any]:
    """`queryset` with the related objects a page's cells show, each shared related row built once
    (`core.models.related`; 1,000 devices of the medium demo: their rows read in 90 ms, 345 ms with joins).
    A related row's fields no cell shows are left unread (`UNSHOWN_RELATED_FIELDS`); many-to-many paths
    (`prefetch`) are read whole."""
    joined, shared = shared_paths(queryset.model, select)
    lookups: list[str | Prefetch[Any]] = []
    for path in shared:
        target: Any = queryset.model
        for part in path.split("__"):
            target = target._meta.get_field(part).related_model
        names = {field.name for field in target._meta.concrete_fields}
        unshown = [name for name in UNSHOWN_RELATED_FIELDS if name in names]
        lookups.append(Prefetch(path, queryset=target._base_manager.defer(*unshown)))
    lookups.extend(path for path in dict.fromkeys(prefetch) if path not in shared)
    if joined:
        queryset = queryset.select_related(*joined)
    return queryset.prefetch_related(*lookups) if lookups else queryset


def _display_paths(model: type[models.Model] | None) -> tuple[str, ...]:
    serializer = api_registry.serializer_for(model) if model is not None else None
    return tuple(getattr(serializer, "display_related", ()) or ())


class RateColumn(tables.Column):
    """A rate kept in Kbps, shown as "10 Gbps" (the exact figure in its title)."""

    def render(self, value: Any) -> Any:
        if not isinstance(value, int):
            return value
        return format_html('<span title="{} Kbps">{}</span>', value, labels.rate(value))


def column_for(field: Any) -> tuple[tables.Column | None, tuple[str, ...], tuple[str, ...]]:
    """A column for a model field, with the select_related and prefetch_related paths it needs (a related
    object's own display needs are added per request, see `BaseTable.related_paths`)."""
    name = field.name
    header = labels.label(str(getattr(field, "verbose_name", name)))
    if field.many_to_many:
        if name == "tags":
            return TagsColumn(verbose_name=header), (), (name,)
        return ManyColumn(verbose_name=header), (), (name,)
    if field.is_relation:
        return RelatedColumn(verbose_name=header), (name,), ()
    if getattr(field, "choices", None):
        return ChoiceColumn(verbose_name=header), (), ()
    if isinstance(field, models.BooleanField):
        return BooleanColumn(verbose_name=header), (), ()
    if name == "color":
        return ColourColumn(verbose_name=header), (), ()
    if isinstance(field, models.JSONField | models.BinaryField):
        return None, (), ()
    if isinstance(field, models.TextField):
        return TruncatedColumn(verbose_name=header), (), ()
    if labels.is_kbps(field.model, name):
        return RateColumn(verbose_name=header), (), ()
    return tables.Column(verbose_name=header), (), ()


def _short(field: Any) -> bool:
    """Worth a default column: not long text, not a timestamp, not a many-to-many (tags aside)."""
    if field.many_to_many:
        return field.name == "tags"
    return not isinstance(field, models.TextField | models.DateTimeField | models.JSONField)


def table_for(
    model: type[models.Model],
    *,
    fields: Iterable[str] | None = None,
    default_columns: Iterable[str] | None = None,
    base: type[BaseTable] = BaseTable,
) -> type[BaseTable]:
    """A table class for `model`: one column per field (or per name in `fields`)."""
    wanted = list(fields) if fields is not None else None
    candidates = [
        f
        for f in [*model._meta.concrete_fields, *model._meta.many_to_many]
        if f.name not in HIDDEN_FIELDS and not is_private(f) and (wanted is None or f.name in wanted)
    ]
    by_name = {f.name: f for f in candidates}
    name_field = next((name for name in NAME_FIELDS if name in by_name), None)
    attrs: dict[str, Any] = {}
    select: dict[str, tuple[str, ...]] = dict(base.column_select)
    prefetch: dict[str, tuple[str, ...]] = dict(base.column_prefetch)
    display: dict[str, tuple[str, type[models.Model]]] = dict(base.column_display)
    order: list[str] = []
    if name_field is None:
        attrs["display"] = DisplayColumn(verbose_name=labels.label(str(model._meta.verbose_name)))
        display["display"] = ("", model)
        order.append("display")
    for f in sorted(candidates, key=lambda f: f.name != name_field):
        if f.name in base.base_columns:
            order.append(f.name)
            continue
        if f.name == name_field:
            column: tables.Column | None = LinkColumn(
                verbose_name=labels.label(str(f.verbose_name)), order_by=(natural_sort_key(model, f.name),)
            )
            needs_select: tuple[str, ...] = ()
            needs_prefetch: tuple[str, ...] = ()
        else:
            column, needs_select, needs_prefetch = column_for(f)
        if column is None:
            continue
        if f.is_relation and not f.many_to_many and isinstance(f.related_model, type):
            display[f.name] = (f.name, f.related_model)
        attrs[f.name] = column
        select[f.name] = needs_select
        prefetch[f.name] = needs_prefetch
        order.append(f.name)
    defaults = tuple(default_columns) if default_columns is not None else None
    if defaults is None:
        shown = [name for name in order if name == "display" or name in by_name and _short(by_name[name])]
        tags_last = [name for name in shown if name != "tags"][:DEFAULT_COLUMN_COUNT]
        defaults = (*tags_last, *(["tags"] if "tags" in shown else []))
    meta = type("Meta", (base.Meta,), {"model": model, "fields": (), "sequence": ("pk", *order, "...", "actions")})
    attrs.update(
        {
            "Meta": meta,
            "default_columns": defaults,
            "column_select": select,
            "column_prefetch": prefetch,
            "column_display": display,
            "__module__": __name__,
        }
    )
    return type(f"{model.__name__}Table", (base,), attrs)
