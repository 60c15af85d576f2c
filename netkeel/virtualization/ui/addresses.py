"""The IP addresses of a VM interface, and of a virtual machine across its interfaces, on their detail pages
(IPAM's panel, lent from here: IPAM sits below virtualization and knows nothing of virtual machines). An
interface's panel offers "Assign an existing address"; a new address is added from IPAM's pages."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest

from netkeel.core.ui.extensions import DetailPanel, register_detail_panel
from netkeel.core.ui.registry import object_url, ui_for
from netkeel.ipam.models import IPAddressToInterface
from netkeel.ipam.ui.interface_ips import ASSIGN_PERMISSIONS, address_rows, assignments_of
from netkeel.virtualization.models import VirtualMachine, VMInterface

TEMPLATE = "ipam/panels/ip_addresses.html"


def vm_interface_panel(request: HttpRequest, interface: VMInterface) -> dict[str, Any] | None:
    if not request.user.has_perm("ipam.view_ipaddress"):
        return None
    back = object_url(interface) or "/"
    assign_ui = ui_for(IPAddressToInterface)
    may_assign = assign_ui is not None and request.user.has_perms(ASSIGN_PERMISSIONS)
    return {
        "title": "IP addresses",
        "rows": address_rows(assignments_of("vm_interface").filter(vm_interface=interface), side="vm_interface"),
        "by_interface": False,
        "assign_url": f"{assign_ui.url('add')}?{urlencode({'vm_interface': interface.pk, 'return_url': back})}"
        if may_assign and assign_ui is not None
        else None,
        "add_url": None,
    }


def virtual_machine_panel(request: HttpRequest, machine: VirtualMachine) -> dict[str, Any] | None:
    if not request.user.has_perm("ipam.view_ipaddress"):
        return None
    assignments = assignments_of("vm_interface").filter(vm_interface__virtual_machine=machine)
    return {
        "title": "IP addresses",
        "rows": address_rows(assignments, machine, side="vm_interface"),
        "by_interface": True,
        "assign_url": None,
        "add_url": None,
        "hint": "Assign an address on an interface's page.",
    }


def register() -> None:
    register_detail_panel(
        DetailPanel("ipam-vm-interface-addresses", TEMPLATE, lambda model: model is VMInterface, vm_interface_panel)
    )
    register_detail_panel(
        DetailPanel("ipam-vm-addresses", TEMPLATE, lambda model: model is VirtualMachine, virtual_machine_panel)
    )
