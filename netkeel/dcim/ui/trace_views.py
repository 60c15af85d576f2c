"""The cable trace pages: `/dcim/<interfaces|console-ports|…|power-feeds>/<id>/trace/` draws the path
from a port (or every path through a front or rear port) as inline SVG, lists its hops as a table, and
`…/trace/svg/` serves the same drawing as a file."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse

from netkeel.core.ui.tables import HEX_COLOUR
from netkeel.core.ui.views import ObjectTabView, ObjectView
from netkeel.dcim.ui import svg
from netkeel.dcim.ui.cabling import cable_name
from netkeel.dcim.ui.trace import Trace, owner_of, traces_for
from netkeel.dcim.ui.trace_drawing import draw

STATE_TEXT = {
    "complete": ("success", "Complete: the path reaches its far end and every cable on it is connected."),
    "not-connected": (
        "warning",
        "The path reaches its far end, but a cable on it is not connected (planned or decommissioning).",
    ),
    "incomplete": ("danger", "Incomplete: the path stops before reaching another endpoint."),
    "split": ("warning", "Split: the path reaches a rear port from behind, with no position to follow."),
    "uncabled": ("secondary", "This port has no cable."),
}


def drawing_title(obj: Any) -> str:
    owner = owner_of(obj)
    return f"Cable trace of {owner} › {obj}" if owner is not None else f"Cable trace of {obj}"


class TraceTabView(ObjectTabView):
    """The trace tab of a port."""

    template_name = "dcim/trace.html"

    def tab_context(self, obj: Any) -> dict[str, Any]:
        traces, extra = traces_for(obj)
        drawing = draw(traces, highlight=obj, title=drawing_title(obj))
        return {
            "traces": [trace_summary(trace) for trace in traces],
            "more_paths": extra,
            "drawing": drawing,
            "svg_url": f"{self.ui.url('trace', obj)}svg/",
            "owner": owner_of(obj),
        }


def trace_summary(trace: Trace) -> dict[str, Any]:
    level, text = STATE_TEXT[trace.state]
    rows = []
    for index, hop in enumerate(trace.hops):
        near = trace.stops[index].bottom
        far = trace.stops[index + 1].top if index + 1 < len(trace.stops) else None
        swatch = hop.cable.color if hop.cable is not None and HEX_COLOUR.match(hop.cable.color or "") else ""
        rows.append(
            {
                "near": near,
                "cable": hop.cable,
                "far": far,
                "to": trace.stops[index + 1].owner,
                "swatch": swatch,
                "cable_name": cable_name(hop.cable) if hop.cable is not None else "",
                "note": hop.note,
            }
        )
    return {"trace": trace, "level": level, "text": text, "rows": rows}


class TraceSVGView(ObjectView):
    """The trace drawing as an SVG file (`…/trace/svg/`)."""

    action = "detail"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        obj = self.get_object()
        traces, _ = traces_for(obj)
        drawing = draw(traces, highlight=obj, title=drawing_title(obj))
        return svg.file_response(drawing, "trace", owner_of(obj) or "", obj)
