"""`/plugins/example/widgets/`: the widget's list, detail, add, edit, delete and import pages, in the menu
under "Example", and widgets in the global search."""

from __future__ import annotations

from netkeel.core.ui import search
from netkeel.core.ui.registry import UIRouter
from netkeel_example_plugin.models import Widget


def register(router: UIRouter) -> None:
    router.register(Widget, menu_group="Widgets", default_columns=("name", "size", "description"))
    search.register(Widget, fields=("name", "description"))
