"""What a page of cable terminations shows beside each row: its cable, the termination at the cable's
other end (the peer) and the far end of the path that starts there (the connected endpoint).

`RowCabling.prepare(rows)` costs a fixed number of queries for a page of any length: the API's
`CablingInfo` gathers the cable ends and path ends (two queries), then the peers and far ends are loaded
a query per kind with what their labels need (their device or power panel, or what a registered kind's
`KindDisplay.label_related` names). The
rows themselves come with `select_related("cable")`, so a cable's label and colour cost nothing more.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

from netkeel.core.ui.registry import object_url, ui_for
from netkeel.core.ui.views import ObjectDetailView
from netkeel.dcim.api.serializers_cabling import CablingInfo, is_endpoint
from netkeel.dcim.cabling.graph import ENDPOINT_KINDS, PASS_THROUGH_KINDS, Ref
from netkeel.dcim.cabling.kinds import display_of, kind_of
from netkeel.dcim.cabling.read import load_objects

# What a termination's label reads, by kind: fetched with it (registered kinds say their own).
LABEL_RELATED: dict[str, tuple[str, ...]] = {
    "dcim.powerfeed": ("power_panel",),
}
# What a device's name reads when it has none (its type, or its place in a virtual chassis).
DEVICE_LABEL = ("device__device_type__manufacturer", "device__virtual_chassis")


def cable_name(cable: Any) -> str:
    """A cable's label, or the start of its id when it has none (the whole UUID is too long to read)."""
    return str(cable.label) if cable.label else f"Cable {str(cable.pk)[:8]}"


def owner_of(termination: Any) -> Any:
    """What a termination belongs to: a device, a power panel, or as its registered kind says (None when
    unknown)."""
    display = display_of(kind_of(termination))
    if display is not None:
        return display.owner(termination)
    for name in ("device", "power_panel"):
        if any(f.name == name for f in termination._meta.concrete_fields):
            return getattr(termination, name, None)
    return None


def termination_label(termination: Any) -> SafeString:
    """`device › port` with both linked; a registered kind's termination as `owner (note) › short name`, as
    its `KindDisplay` says."""
    if termination is None:
        return format_html("{}", "—")
    owner = owner_of(termination)
    display = display_of(kind_of(termination))
    own = _link(termination, display.short_name(termination) if display is not None else str(termination))
    if owner is None:
        return own
    if display is not None and display.owner_note is not None:
        return format_html("{} ({}) › {}", _link(owner), display.owner_note(owner), own)
    return format_html("{} › {}", _link(owner), own)


def _link(obj: Any, text: Any = None) -> SafeString:
    url = object_url(obj)
    label = obj if text is None else text
    return format_html('<a href="{}">{}</a>', url, label) if url else format_html("{}", label)


def trace_url(termination: Any) -> str | None:
    """The trace page of a termination (None for kinds without one, or without pages)."""
    kind = kind_of(termination)
    # Kinds with a trace page: endpoints (DCIM's and those apps register) and the ports a path passes.
    if kind not in ENDPOINT_KINDS and kind not in PASS_THROUGH_KINDS:
        return None
    model_ui = ui_for(type(termination))
    if model_ui is None:
        return None
    try:
        return reverse(model_ui.url_name("trace"), kwargs={"pk": termination.pk})
    except NoReverseMatch:
        return None


@dataclass(frozen=True)
class RowCable:
    """What one row shows about its cabling."""

    cable: Any  # the Cable, or None
    peer: Any  # the termination at the cable's other end
    endpoint: Any  # the far end of the path from here (endpoints only)
    reachable: bool | None  # the path is active (None without a path)
    trace_url: str | None

    @property
    def cable_name(self) -> str:
        return cable_name(self.cable) if self.cable is not None else ""


class RowCabling:
    """Cabling of a page of terminations, loaded in a constant number of queries (see the module)."""

    def __init__(self) -> None:
        self.info = CablingInfo()
        self.objects: dict[Ref, Any] = {}

    def prepare(self, rows: Iterable[Any]) -> None:
        rows = list(rows)
        self.info.prepare(rows, 0)
        wanted: set[Ref] = set()
        for row in rows:
            for ref in (self.info.peer_of(row), self.info.destination_of(row)):
                if ref is not None and ref not in self.objects:
                    wanted.add(ref)
        self.load(wanted)

    def load(self, refs: Iterable[Ref]) -> None:
        self.objects.update(load_objects(refs, related=lambda model, kind, queryset: labelled(model, queryset)))

    def of(self, row: Any) -> RowCable:
        peer = self.info.peer_of(row)
        destination = self.info.destination_of(row)
        path = self.info.path_of(row) if is_endpoint(row) else None
        cable = row.cable if row.cable_id is not None else None
        return RowCable(
            cable=cable,
            peer=self.objects.get(peer) if peer is not None else None,
            endpoint=self.objects.get(destination) if destination is not None else None,
            reachable=path.is_active if path is not None else None,
            trace_url=trace_url(row) if row.cable_id is not None else None,
        )


def labelled(model: type[models.Model], queryset: models.QuerySet[Any]) -> models.QuerySet[Any]:
    """`queryset` with what `termination_label` reads fetched along (one query)."""
    kind = kind_of(model)
    display = display_of(kind)
    related = display.label_related if display is not None else LABEL_RELATED.get(kind)
    if related:
        return queryset.select_related(*related)
    if any(f.name == "device" for f in model._meta.concrete_fields):
        return queryset.select_related(*DEVICE_LABEL)
    return queryset


def cable_ends_text(cable: Any) -> str:
    """`leaf01 › Ethernet1 ↔ leaf02 › Ethernet1` (after its label, when it has one): a cable as a message
    names it."""
    ends = []
    for termination in (cable.termination_a, cable.termination_b):
        owner = owner_of(termination) if termination is not None else None
        ends.append(f"{owner} › {termination}" if owner is not None else str(termination))
    text = " ↔ ".join(ends)
    return f"{cable.label} ({text})" if cable.label else text


class CableDetailView(ObjectDetailView):
    """A cable's page names its ends as `device › port`, linked, above its fields."""

    def extra_context(self, obj: Any) -> dict[str, Any]:
        return {"side_a": termination_label(obj.termination_a), "side_b": termination_label(obj.termination_b)}
