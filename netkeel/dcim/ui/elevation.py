"""Rack elevations: the front and the rear of a rack as drawings, unit by unit.

Each face shows its units numbered (bottom to top, or top to bottom for racks numbered that way), the
devices mounted on that face as boxes in their role's colour with their names linked, full-depth devices
mounted on the other face as hatched boxes (they fill the unit from behind), and reserved units marked
with an amber band and the reservation's description. Half-depth devices on the other face leave the
unit free on this one. The page reads the rack's devices and reservations in two queries.
"""

from __future__ import annotations

from netkeel.core.ui.registry import object_url
from netkeel.dcim.choices import DeviceFaceChoices
from netkeel.dcim.elevation import Contents, shows_on
from netkeel.dcim.models import Device, Rack
from netkeel.dcim.ui.svg import Drawing, colour

UNIT_H = 22
LABEL_W = 28  # unit numbers on the left
BODY_W = 196  # the mounting area
RESERVED_W = 8  # the reservation band on the right
TOP = 34  # room for the face's title
PAD = 8
EMPTY_FILL, FRAME = "#ffffff", "#495057"
RESERVED = "#f0ad4e"
DEVICE_FILL = "#9ec5fe"


def unit_top(rack: Rack, unit: int) -> int:
    """The y of the top edge of `unit`."""
    row = unit - 1 if rack.desc_units else rack.u_height - unit
    return TOP + row * UNIT_H


def _text_colour(fill: str) -> str:
    red, green, blue = (int(fill[i : i + 2], 16) for i in (1, 3, 5))
    return "#000000" if (red * 299 + green * 587 + blue * 114) / 1000 > 150 else "#ffffff"


def draw_face(rack: Rack, face: str, held: Contents) -> Drawing:
    label = "Front" if face == DeviceFaceChoices.FRONT else "Rear"
    width = LABEL_W + BODY_W + RESERVED_W + PAD * 2
    height = TOP + rack.u_height * UNIT_H + PAD * 2
    drawing = Drawing(width=width, height=height, title=f"Rack {rack} · {label.lower()}")
    body_x = LABEL_W + PAD
    drawing.text(body_x + BODY_W / 2, 20, f"{label}", size=14, weight="600")
    drawing.rect(
        body_x - 2, TOP - 2, BODY_W + RESERVED_W + 4, rack.u_height * UNIT_H + 4, fill="#343a40", stroke="#343a40", rx=3
    )
    reserved = held.reserved_units()
    for unit in range(1, rack.u_height + 1):
        y = unit_top(rack, unit)
        drawing.text(LABEL_W, y + 15, unit, size=11, anchor="end", fill="#5c636a")
        reservation = reserved.get(unit)
        drawing.rect(
            body_x,
            y,
            BODY_W,
            UNIT_H,
            fill="#fff8e6" if reservation else EMPTY_FILL,
            stroke="#ced4da",
            rx=0,
            title=f"U{unit}",
        )
        if reservation is not None:
            note = f"Reserved by {reservation.user}: {reservation.description}"
            drawing.rect(
                body_x + BODY_W,
                y,
                RESERVED_W,
                UNIT_H,
                fill=RESERVED,
                stroke=RESERVED,
                rx=0,
                title=note,
                href=object_url(reservation),
            )
            drawing.text(
                body_x + 8,
                y + 15,
                f"reserved · {reservation.description}",
                size=11,
                anchor="start",
                fill="#8a5a00",
                italic=True,
                width=BODY_W - 16,
                href=object_url(reservation),
            )
    for device in held.mounted:
        draw_device(drawing, rack, device, face, body_x)
    return drawing


def draw_device(drawing: Drawing, rack: Rack, device: Device, face: str, body_x: int) -> None:
    height = device.device_type.u_height
    own_face = device.face == face
    if not shows_on(device, face):
        return  # a half-depth device on the other face leaves this side free
    assert device.position is not None
    top_unit = device.position if rack.desc_units else device.position + height - 1
    y = unit_top(rack, top_unit)
    fill = colour(getattr(device.role, "color", ""), DEVICE_FILL) if device.role_id else DEVICE_FILL
    depth = "full depth" if device.device_type.is_full_depth else "half depth"
    title = f"{device} · {device.device_type.display} · U{device.position} · {depth}"
    url = object_url(device)
    if own_face:
        drawing.rect(
            body_x + 1, y + 1, BODY_W - 2, height * UNIT_H - 2, fill=fill, stroke="#212529", rx=3, href=url, title=title
        )
        drawing.text(
            body_x + BODY_W / 2,
            y + height * UNIT_H / 2 + 5,
            device,
            size=12,
            weight="600",
            fill=_text_colour(fill),
            width=BODY_W - 12,
            href=url,
            title=title,
        )
        return
    # A full-depth device mounted on the other face: it takes this face's units too.
    drawing.rect(
        body_x + 1,
        y + 1,
        BODY_W - 2,
        height * UNIT_H - 2,
        fill=fill,
        stroke="#212529",
        rx=3,
        opacity=0.35,
        dash="4 3",
        href=url,
        title=f"{title} (mounted on the other face)",
    )
    drawing.text(
        body_x + BODY_W / 2,
        y + height * UNIT_H / 2 + 5,
        f"{device} (behind)",
        size=11,
        fill="#343a40",
        italic=True,
        width=BODY_W - 12,
        href=url,
    )
