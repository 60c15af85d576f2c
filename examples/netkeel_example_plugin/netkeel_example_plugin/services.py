"""The plugin's writes: one transaction each, idempotent."""

from __future__ import annotations

from django.db import transaction

from netkeel_example_plugin.models import Widget


def make_widgets(prefix: str, count: int, *, size: int = 1) -> list[Widget]:
    """The widgets `<prefix>-1` … `<prefix>-<count>` that did not exist yet, now made."""
    names = [f"{prefix}-{number}" for number in range(1, count + 1)]
    with transaction.atomic():
        existing = set(Widget.objects.filter(name__in=names).values_list("name", flat=True))
        made = [Widget(name=name, size=size) for name in names if name not in existing]
        for widget in made:
            widget.full_clean()
            widget.save()
    return made
