"""How values show on pages: Markdown made safe, and each kind of model field on a detail page.

Every string from the database is escaped; the only HTML let through is what `markdown` produced and
nh3 (a whitelist sanitizer) kept: no scripts, no event handlers, no `javascript:` links.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import markdown as markdown_lib
import nh3
from django.db import models
from django.template.defaultfilters import date as date_filter
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from netkeel.core.models.ordering import is_private
from netkeel.core.ui import labels
from netkeel.core.ui.tables import EMPTY, HEX_COLOUR, NAME_FIELDS, link, tag_badge

MARKDOWN_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "div", "dl", "dt", "em", "h1", "h2", "h3",
    "h4", "h5", "h6", "hr", "i", "img", "li", "ol", "p", "pre", "s", "span", "strong", "sub", "sup", "table",
    "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
MARKDOWN_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}, "td": {"align"}, "th": {"align"}}
SAFE_URL_SCHEMES = {"http", "https", "mailto"}


def markdown(text: str | None) -> SafeString:
    """Markdown rendered to HTML and sanitized: raw HTML in the source is cut down to the same whitelist
    (scripts dropped with their content, event handlers and unsafe URL schemes removed)."""
    if not text:
        return SafeString("")
    html = markdown_lib.markdown(str(text), extensions=["tables", "fenced_code", "sane_lists"], output_format="html")
    clean = nh3.clean(
        html,
        tags=MARKDOWN_TAGS,
        attributes=MARKDOWN_ATTRIBUTES,
        url_schemes=SAFE_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )
    return mark_safe(clean)  # sanitized by nh3 just above: the one place HTML from data is let through


@dataclass(frozen=True)
class FieldRow:
    name: str
    label: str
    value: Any  # a SafeString built with format_html, or plain data the template escapes


def field_value(obj: models.Model, field: Any) -> Any:
    """One field of `obj` as a detail page shows it."""
    name = field.name
    if field.many_to_many:
        items = list(getattr(obj, name).all())
        if not items:
            return EMPTY
        if name == "tags":
            return format_html_join(" ", "{}", ((tag_badge(tag),) for tag in items))
        if items and items[0]._meta.model_name == "contenttype":
            return format_html_join(", ", "{}.{}", ((ct.app_label, ct.model) for ct in items))
        return format_html_join(", ", "{}", ((link(item),) for item in items))
    value = getattr(obj, name, None)
    if field.is_relation:
        return link(value) if value is not None else EMPTY
    if value is None or value == "":
        return EMPTY
    display = getattr(obj, f"get_{name}_display", None)
    if callable(display):  # a choice, or a value its model shows its own way (a list of capabilities)
        return display()
    if isinstance(field, models.BooleanField):
        icon = "bi-check-lg text-success" if value else "bi-x-lg text-danger"
        return format_html('<i class="bi {}"></i> {}', icon, "Yes" if value else "No")
    if name == "color" and HEX_COLOUR.match(str(value)):
        return format_html('<span class="nk-swatch" style="background-color:#{}"></span> {}', value, value)
    if isinstance(field, models.URLField):
        return external_link(str(value))
    if isinstance(field, models.ImageField):
        return format_html(
            '<a href="{}" target="_blank"><img src="{}" alt="{}" class="img-fluid nk-image"></a>',
            value.url,
            value.url,
            labels.label(str(field.verbose_name)),
        )
    if isinstance(field, models.JSONField):
        return format_html("<pre class='mb-0'>{}</pre>", json.dumps(value, indent=2, sort_keys=True, default=str))
    if isinstance(field, models.DateTimeField):
        return date_filter(timezone.localtime(value), "Y-m-d H:i:s T")
    if labels.is_kbps(type(obj), name) and isinstance(value, int):
        return format_html('<span title="{} Kbps">{}</span>', value, labels.rate(value))
    return value


def external_link(url: str) -> SafeString:
    """A link to an outside address, only for http(s) addresses (never `javascript:`)."""
    scheme = url.split(":", 1)[0].lower() if ":" in url else ""
    if scheme not in ("http", "https"):
        return format_html("{}", url)
    return format_html('<a href="{}" rel="noopener noreferrer nofollow" target="_blank">{}</a>', url, url)


def detail_rows(obj: models.Model, exclude: set[str]) -> list[FieldRow]:
    """Every field of `obj` but those in `exclude`, in model order (many-to-many last)."""
    model = type(obj)
    rows = []
    fields = [field for field in [*model._meta.concrete_fields, *model._meta.many_to_many] if not is_private(field)]
    named = [field for field in fields if field.name in NAME_FIELDS][:1]  # the name first (before a tree's parent)
    for field in [*named, *(field for field in fields if field not in named)]:
        if field.name in exclude or (field.many_to_many and field.name == "tags"):
            continue
        rows.append(FieldRow(field.name, str(labels.label(str(field.verbose_name))), field_value(obj, field)))
    return rows


def custom_field_rows(obj: models.Model, labels: dict[str, str]) -> list[FieldRow]:
    data = getattr(obj, "custom_field_data", None) or {}
    if not isinstance(data, dict):
        return []
    keys = [key for key in labels if key in data] + sorted(key for key in data if key not in labels)
    rows = []
    for key in keys:
        value = data[key]
        if value is None or value == "" or value == []:
            shown: Any = EMPTY
        elif isinstance(value, list):
            shown = ", ".join(str(item) for item in value)
        elif isinstance(value, dict):
            shown = format_html("<pre class='mb-0'>{}</pre>", json.dumps(value, indent=2, sort_keys=True))
        elif isinstance(value, bool):
            shown = "Yes" if value else "No"
        else:
            shown = value
        rows.append(FieldRow(key, labels.get(key) or key, shown))
    return rows
