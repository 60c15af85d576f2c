"""`{% load netkeel_ui %}`: filters the templates use on data (registered as a template library in the
settings, so that core needs no `templatetags` package)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: Any) -> SafeString:
    """Markdown rendered and sanitized (see netkeel.core.ui.render.markdown)."""
    from netkeel.core.ui.render import markdown

    return markdown(text if isinstance(text, str) else str(text or ""))


@register.filter(name="object_url")
def object_url_filter(obj: Any, action: str = "detail") -> str:
    from netkeel.core.ui import visibility
    from netkeel.core.ui.registry import object_url

    if not visibility.may_see(obj):
        return ""  # no way to an object the reader may not view
    return object_url(obj, action) or ""


@register.filter(name="link")
def link_filter(obj: Any) -> SafeString:
    """The object as a link to its page (escaped text when it has none; its id alone when the reader may
    not view it)."""
    from netkeel.core.ui.tables import link

    return link(obj)


@register.filter(name="tag_badge")
def tag_badge(tag: Any) -> SafeString:
    from netkeel.core.ui.tables import tag_badge as badge

    return badge(tag)


@register.filter(name="field_type")
def field_type(bound_field: Any) -> str:
    """ "checkbox", "select", "multiselect" or "input": how the form template lays a field out."""
    widget = bound_field.field.widget
    name = type(widget).__name__
    if name == "CheckboxInput":
        return "checkbox"
    if name == "CheckboxSelectMultiple":
        return "checkboxes"
    return "input"
