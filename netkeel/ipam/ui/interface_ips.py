"""The IP addresses of an interface, and of a device across its interfaces, on their detail pages — with
"Assign an existing address" and "Add a new address" — lent to DCIM's pages from IpamConfig.ready() (DCIM
sits below IPAM and knows nothing of addresses).

"Add a new address" is one form, one transaction: the address is created (under the closest prefix of its
namespace, as every address is) and assigned to the interface, or neither happens.
"""

from __future__ import annotations

from typing import Any, cast
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render

from netkeel.core.ui import pickers
from netkeel.core.ui.extensions import DetailPanel, register_detail_panel
from netkeel.core.ui.forms import preselect_active_status, style
from netkeel.core.ui.registry import object_url, ui_for
from netkeel.core.ui.views import LoginRequiredView, safe_return_url
from netkeel.dcim.models import Device, Interface
from netkeel.extras.models import Role, Status
from netkeel.ipam import services
from netkeel.ipam.models import IPAddress, IPAddressToInterface, Namespace

ROUTE = "ip-addresses/add-to-interface/<uuid:pk>/"  # pk: the interface's
ROUTE_NAME = "ipaddress_add_to_interface"
ASSIGN_PERMISSIONS = ("ipam.add_ipaddresstointerface",)
ADD_PERMISSIONS = ("ipam.add_ipaddress", "ipam.add_ipaddresstointerface")


def address_rows(assignments: Any, parent: Any = None, side: str = "interface") -> list[dict[str, Any]]:
    """The panel's rows: each assignment's address, with its interface (`side`: a VM's is `vm_interface`) and
    whether it is the `parent` device's or virtual machine's primary."""
    primary = {parent.primary_ip4_id, parent.primary_ip6_id} - {None} if parent is not None else set()
    return [
        {
            "address": assignment.ip_address,
            "url": object_url(assignment.ip_address),
            "status": assignment.ip_address.status,
            "role": assignment.ip_address.role,
            "interface": getattr(assignment, side),
            "interface_url": object_url(getattr(assignment, side)),
            "primary": assignment.ip_address_id in primary,
        }
        for assignment in assignments
    ]


def assignments_of(side: str = "interface") -> Any:
    """Address assignments with what a panel row shows, in address order."""
    return IPAddressToInterface.objects.select_related("ip_address__status", "ip_address__role", side).order_by(
        "ip_address__ip_version", "ip_address__host"
    )


def interface_panel(request: HttpRequest, interface: Interface) -> dict[str, Any] | None:
    if not request.user.has_perm("ipam.view_ipaddress"):
        return None
    back = object_url(interface) or "/"
    assign_ui = ui_for(IPAddressToInterface)
    return {
        "title": "IP addresses",
        "rows": address_rows(assignments_of().filter(interface=interface)),
        "by_interface": False,
        "assign_url": f"{assign_ui.url('add')}?{urlencode({'interface': interface.pk, 'return_url': back})}"
        if assign_ui is not None and request.user.has_perms(ASSIGN_PERMISSIONS)
        else None,
        "add_url": f"{add_url(interface)}?{urlencode({'return_url': back})}"
        if request.user.has_perms(ADD_PERMISSIONS)
        else None,
    }


def device_panel(request: HttpRequest, device: Device) -> dict[str, Any] | None:
    if not request.user.has_perm("ipam.view_ipaddress"):
        return None
    return {
        "title": "IP addresses",
        "rows": address_rows(assignments_of().filter(interface__device=device), device),
        "by_interface": True,
        "assign_url": None,
        "add_url": None,
        "hint": "Add an address on an interface's page.",
    }


def add_url(interface: Interface) -> str:
    from django.urls import reverse

    return reverse(f"ipam:{ROUTE_NAME}", kwargs={"pk": interface.pk})


class AddressForm(forms.Form):
    address = forms.CharField(help_text="With its prefix length: 10.0.0.1/24, 2001:db8::1/64.")
    namespace = forms.ModelChoiceField(queryset=Namespace.objects.order_by("name"), required=False,
                                       help_text="Global when left empty.")  # fmt: skip
    status = forms.ModelChoiceField(queryset=Status.objects.none())
    role = forms.ModelChoiceField(queryset=Role.objects.none(), required=False)
    dns_name = forms.CharField(required=False, label="DNS name")
    description = forms.CharField(required=False)
    is_primary = forms.BooleanField(required=False, label="Primary address of the device")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        statuses = Status.objects.get_for_model(IPAddress).order_by("name")
        cast(forms.ModelChoiceField, self.fields["status"]).queryset = statuses
        cast(forms.ModelChoiceField, self.fields["role"]).queryset = Role.objects.get_for_model(IPAddress).order_by(
            "name"
        )
        preselect_active_status(self)
        style(self)


class AddAddressToInterfaceView(LoginRequiredView):
    """`/ipam/ip-addresses/add-to-interface/<interface>/`: a new address, assigned to the interface."""

    template_name = "ipam/add_address_to_interface.html"

    def setup_interface(self, request: HttpRequest, interface: Any) -> Interface:
        if not request.user.has_perms(("dcim.view_interface", *ADD_PERMISSIONS)):
            raise PermissionDenied("You may not add IP addresses to interfaces.")
        return get_object_or_404(Interface.objects.select_related("device"), pk=interface)

    def respond(self, request: HttpRequest, interface: Interface, form: AddressForm, status: int = 200) -> HttpResponse:
        back = safe_return_url(request, object_url(interface) or "/")
        context = {"interface": interface, "interface_label": pickers.option_label(interface), "form": form,
                   "return_url": back}  # fmt: skip
        return render(request, self.template_name, context, status=status)

    def get(self, request: HttpRequest, pk: Any) -> HttpResponse:
        return self.respond(request, self.setup_interface(request, pk), AddressForm())

    def post(self, request: HttpRequest, pk: Any) -> HttpResponse:
        target = self.setup_interface(request, pk)
        form = AddressForm(request.POST)
        if not form.is_valid():
            return self.respond(request, target, form, status=400)
        data = form.cleaned_data
        try:
            with transaction.atomic():
                address = services.create_ip_address(
                    data["address"].strip(),
                    namespace=data["namespace"],
                    status=data["status"],
                    role=data["role"],
                    dns_name=data["dns_name"],
                    description=data["description"],
                )
                services.assign_ip_address(address, target)
                if data["is_primary"]:
                    _make_primary(target.device, address)
        except ValidationError as exc:
            problems: dict[str, list[str]] = exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages}
            for field, errors in problems.items():
                form.add_error(field if field in form.fields else None, errors)
            return self.respond(request, target, form, status=400)
        messages.success(request, f"Added {address} to {pickers.option_label(target)}.")
        return HttpResponseRedirect(safe_return_url(request, object_url(target) or "/"))


def _make_primary(device: Device, address: IPAddress) -> None:
    field = "primary_ip4" if address.ip_version == 4 else "primary_ip6"
    setattr(device, field, address)
    device.full_clean()
    device.save(update_fields=[field, "last_updated"])


def register(router: Any) -> None:
    router.add_url(ROUTE, AddAddressToInterfaceView.as_view(), ROUTE_NAME)
    register_detail_panel(
        DetailPanel(
            "ipam-interface-addresses",
            "ipam/panels/ip_addresses.html",
            lambda model: model is Interface,
            interface_panel,
        )
    )
    register_detail_panel(
        DetailPanel(
            "ipam-device-addresses", "ipam/panels/ip_addresses.html", lambda model: model is Device, device_panel
        )
    )
