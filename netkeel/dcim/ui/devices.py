"""A device's tabs, one per component kind: each a sortable, paginated table of the device's components
of that kind with their cabling (cable, peer, connected endpoint, trace), and the selection handed to the
component's own bulk edit and bulk delete pages.

A device with 500 interfaces shows them a page at a time; a page costs the same queries whatever its
length (the table fetches the page's cabling in one go, see `netkeel.dcim.ui.tables`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar
from urllib.parse import quote

from django.core.paginator import EmptyPage, PageNotAnInteger
from django.db import models

from netkeel.core.ui import ObjectTab, preferences, ui_for
from netkeel.core.ui.views import ObjectTabView
from netkeel.core.ui.views.objects import per_page_for, table_key
from netkeel.dcim import models as dcim


@dataclass(frozen=True)
class ComponentKind:
    name: str  # the tab's route segment: "interfaces"
    label: str
    model: type[models.Model]


COMPONENT_KINDS = (
    ComponentKind("interfaces", "Interfaces", dcim.Interface),
    ComponentKind("console-ports", "Console ports", dcim.ConsolePort),
    ComponentKind("console-server-ports", "Console server ports", dcim.ConsoleServerPort),
    ComponentKind("power-ports", "Power ports", dcim.PowerPort),
    ComponentKind("power-outlets", "Power outlets", dcim.PowerOutlet),
    ComponentKind("front-ports", "Front ports", dcim.FrontPort),
    ComponentKind("rear-ports", "Rear ports", dcim.RearPort),
    ComponentKind("device-bays", "Device bays", dcim.DeviceBay),
    ComponentKind("inventory-items", "Inventory items", dcim.InventoryItem),
)
# Columns a device's tab leaves out (every row is of this device).
HIDDEN_ON_DEVICE = ("device",)


class ComponentTabView(ObjectTabView):
    """The components of one kind of a device (`/dcim/devices/<id>/interfaces/`)."""

    template_name = "dcim/device_components.html"
    kind: ClassVar[ComponentKind]

    def tab_context(self, obj: Any) -> dict[str, Any]:
        component_ui = ui_for(self.kind.model)
        assert component_ui is not None, f"{self.kind.model.__name__} has no pages"
        table_class = component_ui.table
        request = self.request
        key = f"dcim.device.{self.kind.model._meta.model_name}"
        chosen = preferences.table_columns(request.user, table_key(component_ui))
        visible = [name for name in table_class.visible_columns(chosen) if name not in HIDDEN_ON_DEVICE]
        queryset = component_ui.base_queryset().filter(device=obj)
        select, prefetch = table_class.related_paths(visible)
        if select:
            queryset = queryset.select_related(*select)
        if prefetch:
            queryset = queryset.prefetch_related(*prefetch)
        hidden = [name for name, _ in table_class.choosable_columns() if name not in visible]
        table = table_class(queryset, exclude=hidden, order_by=request.GET.get("sort") or None)
        may_change = request.user.has_perm(component_ui.permission("edit"))
        may_delete = request.user.has_perm(component_ui.permission("delete"))
        table.user_may = (may_change, may_delete)
        table.return_url = quote(request.get_full_path(), safe="/")
        cable_ui = ui_for(dcim.Cable)
        if cable_ui is not None and request.user.has_perm(cable_ui.permission("add")):
            table.connect_url = cable_ui.url("add")
            table.back_url = request.get_full_path()
        per_page = per_page_for(request, key)
        try:
            table.paginate(page=request.GET.get("page", 1), per_page=per_page)
        except (EmptyPage, PageNotAnInteger):
            table.paginate(page=1, per_page=per_page)
        may_add = request.user.has_perm(component_ui.permission("add"))
        return {
            "table": table,
            "component_ui": component_ui,
            "component_name": component_ui.verbose_name,
            "component_name_plural": component_ui.verbose_name_plural,
            "per_page": per_page,
            "per_page_choices": preferences.PER_PAGE_CHOICES,
            "add_url": f"{component_ui.url('add')}?device={obj.pk}" if may_add else None,
            "list_all_url": f"{component_ui.url('list')}?device={obj.pk}",
            "bulk_edit_url": component_ui.url("bulk_edit") if may_change else None,
            "bulk_delete_url": component_ui.url("bulk_delete") if may_delete else None,
        }


def component_tabs() -> list[ObjectTab]:
    """The device's tabs, each needing view on its component model."""
    tabs = []
    for kind in COMPONENT_KINDS:
        view = type(f"{kind.model.__name__}TabView", (ComponentTabView,), {"kind": kind})
        permission = f"dcim.view_{kind.model._meta.model_name}"
        tabs.append(ObjectTab(kind.name, kind.label, view, permission=permission))
    return tabs
