"""The "Services" tab of a device's and a virtual machine's page: the services listening on it, listed as a
device's components are (its own list's columns, add and bulk actions). IPAM adds the device's tab to the
device's page when it is ready; virtualization lists the virtual machine's among its own tabs."""

from __future__ import annotations

from typing import Any

from netkeel.core.ui import ObjectTab
from netkeel.core.ui.registry import ui_for
from netkeel.dcim.models import Device
from netkeel.dcim.ui.devices import ComponentKind, ComponentTabView
from netkeel.ipam.models import Service

KIND = ComponentKind("services", "Services", Service)


class DeviceServicesTab(ComponentTabView):
    kind = KIND


class VirtualMachineServicesTab(ComponentTabView):
    kind = KIND
    parent_field = "virtual_machine"


def services_tab(view: type[ComponentTabView]) -> ObjectTab:
    return ObjectTab("services", "Services", view, permission="ipam.view_service", badge=lambda parent: _count(parent))


def _count(parent: Any) -> int:
    return int(parent.services.count())


def register() -> None:
    device_ui = ui_for(Device)
    assert device_ui is not None, "DCIM registers the device's pages before IPAM is ready"
    device_ui.tabs.append(services_tab(DeviceServicesTab))
