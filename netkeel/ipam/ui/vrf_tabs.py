"""Where a VRF is, as tabs: a VRF's devices and virtual machines and its prefixes, a device's, a virtual
machine's and a prefix's VRFs; each lists the assignment rows (with their own route distinguisher and name on
a device), as a device's components are listed. IPAM adds the device's tab to the device's page when it is
ready; virtualization lists the virtual machine's among its own tabs."""

from __future__ import annotations

from typing import Any, ClassVar

from netkeel.core.ui import ObjectTab
from netkeel.core.ui.registry import ui_for
from netkeel.dcim.models import Device
from netkeel.dcim.ui.devices import ComponentKind, ComponentTabView
from netkeel.ipam.models import VRFDeviceAssignment, VRFPrefixAssignment

ON_DEVICES = ComponentKind("vrfs", "VRFs", VRFDeviceAssignment)
ON_PREFIXES = ComponentKind("vrfs", "VRFs", VRFPrefixAssignment)


class VRFDevicesTab(ComponentTabView):
    kind = ComponentKind("devices", "Devices and virtual machines", VRFDeviceAssignment)
    parent_field: ClassVar[str] = "vrf"


class VRFPrefixesTab(ComponentTabView):
    kind = ComponentKind("prefixes", "Prefixes", VRFPrefixAssignment)
    parent_field: ClassVar[str] = "vrf"


class DeviceVRFsTab(ComponentTabView):
    kind = ON_DEVICES
    parent_field: ClassVar[str] = "device"


class VirtualMachineVRFsTab(ComponentTabView):
    kind = ON_DEVICES
    parent_field: ClassVar[str] = "virtual_machine"


class PrefixVRFsTab(ComponentTabView):
    kind = ON_PREFIXES
    parent_field: ClassVar[str] = "prefix"


def _count(related: str) -> Any:
    return lambda parent: int(getattr(parent, related).count())


def vrf_tabs() -> list[ObjectTab]:
    """A VRF's own tabs."""
    return [
        ObjectTab(
            "devices",
            "Devices and virtual machines",
            VRFDevicesTab,
            permission="ipam.view_vrfdeviceassignment",
            badge=_count("device_assignments"),
        ),
        ObjectTab(
            "prefixes",
            "Prefixes",
            VRFPrefixesTab,
            permission="ipam.view_vrfprefixassignment",
            badge=_count("prefix_assignments"),
        ),
    ]


def vrfs_tab(view: type[ComponentTabView]) -> ObjectTab:
    """The "VRFs" tab of a device, a virtual machine or a prefix."""
    permission = f"ipam.view_{view.kind.model._meta.model_name}"
    return ObjectTab("vrfs", "VRFs", view, permission=permission, badge=_count("vrf_assignments"))


def register() -> None:
    device_ui = ui_for(Device)
    assert device_ui is not None, "DCIM registers the device's pages before IPAM is ready"
    device_ui.tabs.append(vrfs_tab(DeviceVRFsTab))
