"""Where a VRF is, as tabs: a VRF's devices and virtual machines and its prefixes, a device's, a virtual
machine's and a prefix's VRFs; each lists the assignment rows (with their own route distinguisher and name on
a device), as a device's components are listed. IPAM adds the device's tab to the device's page when it is
ready; virtualization lists the virtual machine's among its own tabs."""

from __future__ import annotations

from typing import Any

from netkeel.core.ui import ObjectTab
from netkeel.core.ui.registry import ui_for
from netkeel.dcim.models import Device
from netkeel.dcim.ui.devices import related_tab
from netkeel.ipam.models import VRFDeviceAssignment, VRFPrefixAssignment


def _count(related: str) -> Any:
    return lambda parent: int(getattr(parent, related).count())


def vrf_tabs() -> list[ObjectTab]:
    """A VRF's own tabs."""
    return [
        related_tab(
            "devices", "Devices and virtual machines", VRFDeviceAssignment, "vrf", badge=_count("device_assignments")
        ),
        related_tab("prefixes", "Prefixes", VRFPrefixAssignment, "vrf", badge=_count("prefix_assignments")),
    ]


def vrfs_tab(parent_field: str) -> ObjectTab:
    """The "VRFs" tab of a device, a virtual machine or a prefix (`parent_field`: the assignment's field that
    names it)."""
    model = VRFPrefixAssignment if parent_field == "prefix" else VRFDeviceAssignment
    return related_tab("vrfs", "VRFs", model, parent_field, badge=_count("vrf_assignments"))


def register() -> None:
    device_ui = ui_for(Device)
    assert device_ui is not None, "DCIM registers the device's pages before IPAM is ready"
    device_ui.tabs.append(vrfs_tab("device"))
