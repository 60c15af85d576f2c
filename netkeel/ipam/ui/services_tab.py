"""The "Services" tab of a device's and a virtual machine's page: the services listening on it, listed as a
device's components are (its own list's columns, add and bulk actions). IPAM adds the device's tab to the
device's page when it is ready; virtualization lists the virtual machine's among its own tabs."""

from __future__ import annotations

from netkeel.core.ui import ObjectTab
from netkeel.core.ui.registry import ui_for
from netkeel.dcim.models import Device
from netkeel.dcim.ui.devices import related_tab
from netkeel.ipam.models import Service


def services_tab(parent_field: str) -> ObjectTab:
    """The tab of a device's or (`parent_field="virtual_machine"`) a virtual machine's services."""
    return related_tab("services", "Services", Service, parent_field, badge=lambda parent: int(parent.services.count()))


def register() -> None:
    device_ui = ui_for(Device)
    assert device_ui is not None, "DCIM registers the device's pages before IPAM is ready"
    device_ui.tabs.append(services_tab("device"))
