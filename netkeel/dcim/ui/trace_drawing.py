"""The cable trace as a drawing: stops top to bottom, each a box (device, patch panel, power panel, or as a
registered kind styles its stops) with the port the path arrives at on its top edge and the port it leaves
by on its bottom edge, joined by the cables in their colours with their labels; how the path ends below
the last stop. Several paths (a trunk port's page) stand side by side.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from netkeel.core.ui.registry import object_url
from netkeel.dcim.cabling.graph import FRONT_PORT, REAR_PORT
from netkeel.dcim.cabling.kinds import display_of, kind_of
from netkeel.dcim.models.cables import CONNECTED
from netkeel.dcim.ui.cabling import cable_name
from netkeel.dcim.ui.svg import Drawing
from netkeel.dcim.ui.trace import Hop, Stop, Trace, stop_styles

COLUMN = 560  # width of one path
BOX_X, BOX_W = 70, 420  # a stop's box, within its column
CENTRE = BOX_X + BOX_W // 2
PORT_W, PORT_H = 230, 30
CABLE_LENGTH = 96
TOP_MARGIN = 24

# DCIM's own stops; registered kinds style theirs (`KindDisplay.style`).
FILL = {
    "device": ("#f8f9fa", "#868e96"),
    "patch-panel": ("#fff4d6", "#d9a300"),
    "power-panel": ("#fde7e4", "#d9534f"),
}
TEXT, MUTED, WARNING, DANGER = "#212529", "#5c636a", "#b35c00", "#c0392b"
CABLE_GREY = "#6c757d"


def draw(traces: list[Trace], highlight: Any = None, title: str = "Cable trace") -> Drawing:
    drawing = Drawing(width=COLUMN * max(len(traces), 1), height=120, title=title)
    for index, trace in enumerate(traces):
        bottom = draw_trace(drawing, trace, index * COLUMN, highlight)
        drawing.grow_to(bottom + 24)
    return drawing


def draw_trace(drawing: Drawing, trace: Trace, left: int, highlight: Any) -> float:
    """Draw one path in the column starting at `left`; the y where it ends."""
    y: float = TOP_MARGIN + (PORT_H // 2 if trace.stops and trace.stops[0].top is not None else 0)
    for index, stop in enumerate(trace.stops):
        y = draw_stop(drawing, stop, left, y, highlight)
        if index < len(trace.hops):
            y = draw_hop(drawing, trace.hops[index], left, y)
    return draw_end(drawing, trace, left, y)


# ---------------------------------------------------------------------------------------------- stops


def stop_style(stop: Stop) -> str:
    if stop.kind == "device" and any(
        port is not None and kind_of(port) in (FRONT_PORT, REAR_PORT) for port in (stop.top, stop.bottom)
    ):
        return "patch-panel"
    return stop.kind


def stop_lines(stop: Stop) -> tuple[str, str]:
    """(title, subtitle) of a stop's box."""
    owner = stop.owner
    if owner is None:
        return "(unknown)", ""
    registered = stop_styles().get(stop.kind)
    if registered is not None:
        return registered.lines(owner)
    if stop.kind == "power-panel":
        return str(owner), f"Power panel · {owner.location}"
    parts = [str(owner.device_type.display) if owner.device_type_id else ""]
    place = str(owner.location) if owner.location_id else ""
    if owner.rack_id:
        place += f" / {owner.rack}" + (f" U{owner.position}" if owner.position else "")
    parts.append(place)
    return str(owner), " · ".join(part for part in parts if part)


def draw_stop(drawing: Drawing, stop: Stop, left: int, y: float, highlight: Any) -> float:
    """A stop's box from `y` (its top edge); the y below its bottom port."""
    registered = stop_styles().get(stop.kind)
    fill, stroke = registered.colours if registered is not None else FILL.get(stop_style(stop), FILL["device"])
    title, subtitle = stop_lines(stop)
    inner_top = y + (PORT_H // 2 + 8 if stop.top is not None else 0)
    height = (inner_top - y) + 54 + (PORT_H // 2 + 8 if stop.bottom is not None else 0)
    dash = "6 4" if registered is not None and registered.dashed else ""
    drawing.rect(left + BOX_X, y, BOX_W, height, fill=fill, stroke=stroke, rx=8, stroke_width=1.5, dash=dash)
    drawing.text(
        left + CENTRE,
        inner_top + 24,
        title,
        width=BOX_W - 24,
        size=15,
        weight="600",
        fill=TEXT,
        href=object_url(stop.owner),
    )
    if subtitle:
        drawing.text(left + CENTRE, inner_top + 43, subtitle, width=BOX_W - 24, size=12, fill=MUTED)
    if stop.top is not None:
        draw_port(drawing, stop.top, left, y - PORT_H // 2, highlight)
    if stop.bottom is not None:
        draw_port(drawing, stop.bottom, left, y + height - PORT_H // 2, highlight)
        return y + height + PORT_H // 2
    return y + height


def port_text(port: Any) -> tuple[str, str]:
    """(name, detail) of a port box."""
    display = display_of(kind_of(port))
    if display is not None:
        return display.port_text(port)
    detail = port.get_type_display() if getattr(port, "type", "") else ""
    if kind_of(port) == FRONT_PORT:
        detail = f"front · {detail}" if detail else "front"
    elif kind_of(port) == REAR_PORT:
        positions = getattr(port, "positions", 1)
        detail = f"rear ×{positions}" if positions > 1 else "rear"
    name = str(port) if not getattr(port, "label", "") else f"{port} ({port.label})"
    return name, detail


def draw_port(drawing: Drawing, port: Any, left: int, y: float, highlight: Any) -> None:
    here = highlight is not None and port.pk == getattr(highlight, "pk", None)
    name, detail = port_text(port)
    x = left + CENTRE - PORT_W // 2
    drawing.rect(
        x,
        y,
        PORT_W,
        PORT_H,
        fill="#cfe2ff" if here else "#ffffff",
        stroke="#0d6efd" if here else "#495057",
        stroke_width=2 if here else 1,
        rx=4,
        href=object_url(port),
        title=f"{name} · {detail}" if detail else name,
    )
    if detail:
        drawing.text(left + CENTRE, y + 13, name, width=PORT_W - 12, size=12, weight="600", href=object_url(port))
        drawing.text(left + CENTRE, y + 25, detail, width=PORT_W - 12, size=10, fill=MUTED)
    else:
        drawing.text(left + CENTRE, y + 19, name, width=PORT_W - 12, size=12, weight="600", href=object_url(port))


# ---------------------------------------------------------------------------------------------- cables


def cable_lines(cable: Any) -> tuple[str, str]:
    """(label, details) written beside a cable."""
    details = []
    if cable.type:
        details.append(cable.get_type_display())
    if cable.length is not None:
        length = f"{Decimal(str(cable.length)).normalize():f}"
        details.append(f"{length} {cable.length_unit}".strip())
    status = cable.status.name if cable.status_id else ""
    if status and status != CONNECTED:
        details.append(status)
    return cable_name(cable), " · ".join(details)


def draw_hop(drawing: Drawing, hop: Hop, left: int, y: float) -> float:
    """The cable (or a link that is not one, such as a provider network) from `y` down to the next stop's
    top port; the y of that port's top edge plus half a port (the next stop's box top)."""
    end = y + CABLE_LENGTH
    x = left + CENTRE
    cable = hop.cable
    if cable is None:
        drawing.line(x, y, x, end, stroke="#3c8d40", width=2, dash="2 6")
        drawing.text(x + 14, y + CABLE_LENGTH / 2 + 4, hop.note, anchor="start", size=12, fill=MUTED, italic=True)
        return end + PORT_H // 2
    connected = cable.status_id is not None and cable.status.name == CONNECTED
    stroke = f"#{cable.color}" if cable.color else CABLE_GREY
    label, details = cable_lines(cable)
    url = object_url(cable)
    if cable.color and _light(cable.color):
        drawing.line(x, y, x, end, stroke="#6c757d", width=8)  # an outline, so a white cable shows
    drawing.line(x, y, x, end, stroke=stroke, width=6, dash="" if connected else "10 6", href=url, title=label)
    drawing.text(x + 16, y + CABLE_LENGTH / 2 - 2, label, anchor="start", size=13, weight="600", width=200, href=url)
    if details:
        drawing.text(x + 16, y + CABLE_LENGTH / 2 + 15, details, anchor="start", size=11, fill=MUTED, width=200)
    return end + PORT_H // 2


def _light(hex_colour: str) -> bool:
    red, green, blue = (int(hex_colour[i : i + 2], 16) for i in (0, 2, 4))
    return (red * 299 + green * 587 + blue * 114) / 1000 > 200


# ---------------------------------------------------------------------------------------------- the end


def end_name(termination: Any) -> str:
    owner = getattr(termination, "device", None)
    display = display_of(kind_of(termination))
    if display is not None:
        return display.end_name(termination)
    return f"{owner} › {termination}" if owner is not None else str(termination)


def draw_end(drawing: Drawing, trace: Trace, left: int, y: float) -> float:
    x = left + CENTRE
    if trace.state == "uncabled":
        drawing.text(x, y + 26, "No cable: nothing to trace.", size=13, fill=MUTED, italic=True)
        return y + 36
    if trace.dangling is not None:
        drawing.line(x, y, x, y + 34, stroke=DANGER, width=3, dash="4 5")
        drawing.text(
            x,
            y + 54,
            f"No cable on {end_name(trace.dangling)}: the path stops here.",
            size=13,
            fill=DANGER,
            width=COLUMN - 40,
        )
        return y + 64
    if trace.state == "split":
        return draw_split(drawing, trace, left, y)
    if trace.state == "incomplete" and trace.stops_at is not None:
        drawing.text(
            x, y + 28, f"The path stops at {end_name(trace.stops_at)}.", size=13, fill=DANGER, width=COLUMN - 40
        )
        return y + 38
    return y


def draw_split(drawing: Drawing, trace: Trace, left: int, y: float) -> float:
    x = left + CENTRE
    rear = trace.stops_at
    drawing.line(x, y, x, y + 22, stroke=WARNING, width=3)
    drawing.rect(left + 30, y + 22, COLUMN - 60, 30, fill="#fff1e0", stroke=WARNING, rx=15)
    drawing.text(
        x,
        y + 42,
        f"Split at {end_name(rear)}: every position is a way on",
        size=13,
        weight="600",
        fill=WARNING,
        width=COLUMN - 80,
    )
    y += 66
    for branch in trace.branches:
        drawing.rect(
            left + 30,
            y,
            170,
            26,
            fill="#ffffff",
            stroke="#495057",
            href=object_url(branch.port),
            title=f"{branch.port} (position {branch.port.rear_port_position})",
        )
        drawing.text(
            left + 115,
            y + 17,
            f"{branch.port} · {branch.port.rear_port_position}",
            size=11,
            width=160,
            href=object_url(branch.port),
        )
        if branch.cable is not None:
            stroke = f"#{branch.cable.color}" if branch.cable.color else CABLE_GREY
            drawing.line(
                left + 204,
                y + 13,
                left + 290,
                y + 13,
                stroke=stroke,
                width=5,
                href=object_url(branch.cable),
                title=cable_name(branch.cable),
            )
            far = end_name(branch.far) if branch.far is not None else "?"
            drawing.text(
                left + 296, y + 17, far, anchor="start", size=11, width=COLUMN - 300, href=object_url(branch.far)
            )
        else:
            drawing.text(left + 210, y + 17, "no cable", anchor="start", size=11, fill=MUTED, italic=True)
        y += 32
    if trace.more_branches:
        drawing.text(x, y + 12, f"… and {trace.more_branches} more", size=12, fill=MUTED)
        y += 20
    return y
