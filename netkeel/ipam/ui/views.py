"""A prefix's page (child prefixes, addresses, utilization, free space, next-available allocation) and a
VLAN group's page (its VLANs and free VLAN ids).

Utilization and free space come from the IPAM engine (`netkeel.ipam.queries`): the database counts, and
free space is a sweep over the rows that exist, never a set of every host. Allocation goes through
`netkeel.ipam.services` (under the namespace lock, so two people never get the same address), then opens
the new object's edit page.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from netkeel.core.ui.forms import messages_of
from netkeel.core.ui.registry import object_url, ui_for
from netkeel.core.ui.render import FieldRow, detail_rows
from netkeel.core.ui.views import ObjectDetailView, ObjectView
from netkeel.extras.models import Status
from netkeel.ipam import ipmath, queries, services
from netkeel.ipam.models import VLAN, IPAddress, Prefix, VLANGroup
from netkeel.ipam.services import free_vids
from netkeel.ipam.ui.forms import AllocateAddressForm, AllocatePrefixForm

# Rows of each list a prefix's page shows (the full list is a link away).
SHOWN = 50
# Free ranges listed.
FREE_SHOWN = 50


@dataclass(frozen=True)
class FreeRange:
    first: str
    last: str
    size: int

    @property
    def single(self) -> bool:
        return self.size == 1


def list_url(model: type[Any]) -> str:
    model_ui = ui_for(model)
    return model_ui.url("list") if model_ui is not None else ""


def add_url(model: type[Any]) -> str:
    model_ui = ui_for(model)
    return model_ui.url("add") if model_ui is not None else ""


def bar_level(percent: float) -> str:
    return "success" if percent < 70 else "warning" if percent < 90 else "danger"


def allocation_span(prefix: Prefix) -> ipmath.Span:
    """The addresses the allocator hands out: an IPv4 prefix shorter than /31 keeps its edges unless a pool."""
    span = prefix.span
    if prefix.ip_version == 4 and prefix.prefix_length < 31 and prefix.type != "pool":
        return ipmath.Span(span.first + 1, span.last - 1)
    return span


def free_address_ranges(prefix: Prefix, limit: int = FREE_SHOWN) -> list[FreeRange]:
    """The first runs of free addresses (not taken by an IP address), lowest first."""
    span = allocation_span(prefix)
    if span.first > span.last:
        return []
    found = islice(ipmath.free_ranges(span, queries.address_spans(prefix, first_page=200)), limit)
    version = prefix.ip_version
    return [
        FreeRange(ipmath.format_address(run.first, version), ipmath.format_address(run.last, version), run.size)
        for run in found
    ]


def default_child_length(prefix: Prefix) -> int:
    bits = ipmath.address_bits(prefix.ip_version)
    usual = 24 if prefix.ip_version == 4 else 64
    return min(max(prefix.prefix_length + 1, usual if prefix.prefix_length < usual else prefix.prefix_length + 1), bits)


def statuses_for(model: type[Any]) -> Any:
    return Status.objects.get_for_model(model).order_by("name")


def active_status(model: type[Any]) -> Any:
    offered = statuses_for(model)
    return offered.filter(name="Active").first() or offered.first()


# Field labels that Django's capitalisation gets wrong.
LABELS = {"ip_version": "IP version", "vlan": "VLAN", "rir": "RIR", "vrf": "VRF", "rd": "Route distinguisher"}
# The byte columns behind the text of a prefix or an address (shown as text instead).
BYTE_FIELDS = ("network", "broadcast", "host")


def field_rows(obj: Any, first: list[FieldRow]) -> list[FieldRow]:
    """The detail page's fields: `first`, then every field but the byte columns, with right labels."""
    exclude = {"id", "custom_field_data", "created", "last_updated", "comments", *BYTE_FIELDS}
    rows = [FieldRow(row.name, LABELS.get(row.name, row.label), row.value) for row in detail_rows(obj, exclude)]
    return [*first, *rows]


class IPAddressDetailView(ObjectDetailView):
    def extra_context(self, obj: IPAddress) -> dict[str, Any]:
        return {"fields": field_rows(obj, [FieldRow("address", "Address", obj.address)])}


class PrefixDetailView(ObjectDetailView):
    def extra_context(self, obj: Prefix) -> dict[str, Any]:
        version = obj.ip_version
        first = [
            FieldRow("prefix", "Prefix", obj.prefix),
            FieldRow(
                "range",
                "Range",
                f"{ipmath.format_address(obj.first, version)} – {ipmath.format_address(obj.last, version)}",
            ),
        ]
        usage = queries.utilization(obj)
        children = list(
            obj.children.select_related("status", "vlan", "tenant", "role").order_by("network")[: SHOWN + 1]
        )
        addresses = list(obj.ip_addresses.select_related("status", "role", "tenant").order_by("host")[: SHOWN + 1])
        hosts = obj.type != "container"
        user = self.request.user
        may_add_address = hosts and user.has_perm("ipam.add_ipaddress")
        may_add_prefix = user.has_perm("ipam.add_prefix") and obj.prefix_length < ipmath.address_bits(obj.ip_version)
        next_address = queries.available_addresses(obj, 1) if hosts else []
        namespace = obj.namespace_id
        return {
            "fields": field_rows(obj, first),
            "utilization": usage,
            "percent": round(usage.percent, 1),
            "bar_width": min(round(usage.percent, 1), 100),
            "bar_level": bar_level(usage.percent),
            "counts_children": obj.type == "container",
            "children": children[:SHOWN],
            "children_more": len(children) > SHOWN,
            "children_list_url": f"{list_url(Prefix)}?" + urlencode({"within": obj.prefix, "namespace": namespace}),
            "addresses": addresses[:SHOWN],
            "addresses_more": len(addresses) > SHOWN,
            "addresses_list_url": f"{list_url(IPAddress)}?" + urlencode({"parent": obj.pk}),
            "free_prefixes": queries.free_prefixes(obj)[:FREE_SHOWN] if not hosts or children else None,
            "free_addresses": free_address_ranges(obj) if hosts else None,
            "next_address": next_address[0] if next_address else None,
            "address_form": allocation_form(AllocateAddressForm, IPAddress) if may_add_address else None,
            "prefix_form": allocation_form(AllocatePrefixForm, Prefix, prefix_length=default_child_length(obj))
            if may_add_prefix
            else None,
            "allocate_address_url": reverse("ipam:prefix_allocate", kwargs={"pk": obj.pk, "what": "address"}),
            "allocate_prefix_url": reverse("ipam:prefix_allocate", kwargs={"pk": obj.pk, "what": "prefix"}),
        }


def allocation_form(form_class: type[Any], model: type[Any], **initial: Any) -> Any:
    form = form_class(initial={"status": active_status(model), **initial})
    form.fields["status"].queryset = statuses_for(model)
    form.fields["status"].widget.attrs["class"] = "form-select form-select-sm"
    if "prefix_length" in form.fields:
        form.fields["prefix_length"].widget.attrs.update(
            {"class": "form-control form-control-sm", "style": "width:5rem"}
        )
    return form


class AllocateView(ObjectView):
    """`POST /ipam/prefixes/<id>/allocate/<address|prefix>/`: create the next free address (or child prefix of
    the given length) through the allocation service, then edit it."""

    action = "detail"
    http_method_names = ["post"]

    def what(self) -> str:
        what = str(self.kwargs.get("what"))
        if what not in ("address", "prefix"):
            raise Http404("Allocate an address or a prefix.")
        return what

    def extra_permissions(self) -> list[str]:
        return ["ipam.add_ipaddress" if self.kwargs.get("what") == "address" else "ipam.add_prefix"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        what = self.what()
        prefix = self.get_object()
        back = object_url(prefix) or "/"
        model = IPAddress if what == "address" else Prefix
        form: Any = AllocateAddressForm(request.POST) if what == "address" else AllocatePrefixForm(request.POST)
        form.fields["status"].queryset = statuses_for(model)
        if not form.is_valid():
            messages.error(request, "Nothing allocated: " + " ".join(messages_of(dict(form.errors))))
            return HttpResponseRedirect(back)
        status = form.cleaned_data["status"]
        try:
            if what == "address":
                if prefix.type == "container":
                    raise ValidationError("A container holds prefixes, not addresses: allocate a prefix instead.")
                created: Any = services.allocate_ip_addresses(prefix, 1, status=status)[0]
            else:
                length = form.cleaned_data["prefix_length"]
                created = services.allocate_prefixes(prefix, length, 1, status=status)[0]
        except ValidationError as exc:
            messages.error(request, "Nothing allocated: " + " ".join(exc.messages))
            return HttpResponseRedirect(back)
        messages.success(request, f"Allocated {created} from {prefix}.")
        edit = object_url(created, "edit") or object_url(created) or back
        return HttpResponseRedirect(f"{edit}?{urlencode({'return_url': object_url(created) or back})}")


def vid_ranges(vids: Iterator[int]) -> list[tuple[int, int]]:
    """Consecutive ids folded into (first, last) runs."""
    runs: list[tuple[int, int]] = []
    for vid in vids:
        if runs and runs[-1][1] == vid - 1:
            runs[-1] = (runs[-1][0], vid)
        else:
            runs.append((vid, vid))
    return runs


class VLANGroupDetailView(ObjectDetailView):
    def extra_context(self, obj: VLANGroup) -> dict[str, Any]:
        vlans = list(
            VLAN.objects.filter(vlan_group=obj).select_related("status", "role", "tenant").order_by("vid")[: SHOWN + 1]
        )
        free = vid_ranges(free_vids(obj))
        allowed = sum(high - low + 1 for low, high in _merged(obj.vid_ranges))
        free_count = sum(last - first + 1 for first, last in free)
        used = allowed - free_count
        percent = 100 * used / allowed if allowed else 0.0
        return {
            "vlans": vlans[:SHOWN],
            "vlans_more": len(vlans) > SHOWN,
            "vlans_list_url": f"{list_url(VLAN)}?" + urlencode({"vlan_group": obj.pk}),
            "free_vids": free,
            "free_count": free_count,
            "allowed": allowed,
            "used": used,
            "percent": round(percent, 1),
            "bar_width": min(round(percent, 1), 100),
            "bar_level": bar_level(percent),
            "add_vlan_url": f"{add_url(VLAN)}?" + urlencode({"vlan_group": obj.pk})
            if self.request.user.has_perm("ipam.add_vlan")
            else None,
        }


def _merged(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for low, high in sorted(ranges):
        if merged and low <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], high))
        else:
            merged.append((low, high))
    return merged
