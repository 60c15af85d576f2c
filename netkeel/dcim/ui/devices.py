"""A device's tabs, one per component kind: each a sortable, paginated table of the device's components
of that kind with their cabling (cable, peer, connected endpoint, trace), and the selection handed to the
component's own bulk edit and bulk delete pages. A device type's tabs are the same pages over its
component templates, each with its count and an "Add" pre-filled with the device type.

A device with 500 interfaces shows them a page at a time; a page costs the same queries whatever its
length (the table fetches the page's cabling in one go, see `netkeel.dcim.ui.tables`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar
from urllib.parse import quote

from django.core.paginator import EmptyPage, PageNotAnInteger
from django.db import models

from netkeel.core.permissions import restrict
from netkeel.core.ui import ObjectTab, preferences, ui_for
from netkeel.core.ui.tables import with_related
from netkeel.core.ui.views import ObjectTabView
from netkeel.core.ui.views.objects import page_size_context, table_key
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
# A device type's tabs: the kinds a template stands for (inventory items have none), "interface-templates".
TEMPLATE_KINDS = tuple(
    ComponentKind(
        f"{kind.name.removesuffix('s')}-templates", kind.label, getattr(dcim, f"{kind.model.__name__}Template")
    )
    for kind in COMPONENT_KINDS
    if hasattr(dcim, f"{kind.model.__name__}Template")
)


class ComponentTabView(ObjectTabView):
    """The components of one kind of a device (`/dcim/devices/<id>/interfaces/`), or the templates of one
    kind of a device type (`/dcim/device-types/<id>/interface-templates/`): `parent_field` names the
    owner, a column the tab leaves out since every row has the same."""

    template_name = "dcim/device_components.html"
    kind: ClassVar[ComponentKind]
    parent_field: ClassVar[str] = "device"

    def tab_context(self, obj: Any) -> dict[str, Any]:
        component_ui = ui_for(self.kind.model)
        assert component_ui is not None, f"{self.kind.model.__name__} has no pages"
        table_class = component_ui.table
        request = self.request
        parent = self.parent_field
        key = f"dcim.{parent.replace('_', '')}.{self.kind.model._meta.model_name}"
        chosen = preferences.table_columns(request.user, table_key(component_ui))
        visible = [name for name in table_class.visible_columns(chosen) if name != parent]
        # The components the reader may view, not every one the device has (a constraint on interfaces).
        queryset = restrict(component_ui.base_queryset().filter(**{parent: obj}), request.user, "view")
        select, prefetch = table_class.related_paths(visible)
        queryset = with_related(queryset, select, prefetch)
        hidden = [name for name, _ in table_class.choosable_columns() if name not in visible]
        table = table_class(queryset, exclude=hidden, order_by=request.GET.get("sort") or None)
        may_change = request.user.has_perm(component_ui.permission("edit"))
        may_delete = request.user.has_perm(component_ui.permission("delete"))
        table.user_may = (may_change, may_delete)
        table.return_url = quote(request.get_full_path(), safe="/")
        cable_ui = ui_for(dcim.Cable)
        if parent == "device" and cable_ui is not None and request.user.has_perm(cable_ui.permission("add")):
            table.connect_url = cable_ui.url("add")
            table.back_url = request.get_full_path()
        page_size = page_size_context(request, key)
        per_page = page_size["per_page"]
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
            **page_size,
            "add_url": f"{component_ui.url('add')}?{parent}={obj.pk}" if may_add else None,
            "list_all_url": f"{component_ui.url('list')}?{parent}={obj.pk}",
            "bulk_edit_url": component_ui.url("bulk_edit") if may_change else None,
            "bulk_delete_url": component_ui.url("bulk_delete") if may_delete else None,
        }


def related_tab(
    name: str,
    label: str,
    model: type[models.Model],
    parent_field: str = "device",
    badge: Callable[[Any], int | None] | None = None,
) -> ObjectTab:
    """A tab at `<id>/<name>/` listing the `model` rows whose `parent_field` is the page's object, in their own
    table (a device's interfaces, a controller's groups, a VRF's prefixes), shown to those who may view them."""
    kind = ComponentKind(name, label, model)
    view = type(f"{model.__name__}TabView", (ComponentTabView,), {"kind": kind, "parent_field": parent_field})
    permission = f"{model._meta.app_label}.view_{model._meta.model_name}"
    return ObjectTab(name, label, view, permission=permission, badge=badge)


def component_tabs() -> list[ObjectTab]:
    """The device's tabs, each needing view on its component model."""
    return [related_tab(kind.name, kind.label, kind.model) for kind in COMPONENT_KINDS]


def template_tabs() -> list[ObjectTab]:
    """The device type's tabs, one per template kind, each with its count (a query per kind, whatever
    the number of templates)."""
    return [
        related_tab(kind.name, kind.label, kind.model, "device_type", badge=_template_count(kind.model))
        for kind in TEMPLATE_KINDS
    ]


def _template_count(model: type[models.Model]) -> Callable[[Any], int | None]:
    return lambda device_type: model._default_manager.filter(device_type=device_type).count()


class FamilyDeviceTypesTab(ComponentTabView):
    """A device family's device types, listed as a device's components are."""

    kind = ComponentKind("device-types", "Device types", dcim.DeviceType)
    parent_field: ClassVar[str] = "device_family"


class RedundancyGroupDevicesTab(ComponentTabView):
    """A device redundancy group's devices."""

    kind = ComponentKind("devices", "Devices", dcim.Device)
    parent_field: ClassVar[str] = "device_redundancy_group"
