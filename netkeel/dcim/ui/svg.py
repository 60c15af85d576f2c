"""A small SVG builder: shapes and text placed by Python, written out by a template.

Layouts (the cable trace, the rack elevation) add rectangles, lines and text to a `Drawing`; the template
`dcim/drawing.svg` writes them, with Django's autoescaping on, so every name in a drawing is escaped
whether it shows inline in a page or in the downloaded file. Colours pass only as six hex digits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpResponse
from django.template.loader import render_to_string

UNSAFE_IN_NAME = re.compile(r"[^A-Za-z0-9_.-]+")
HEX = re.compile(r"^#?([0-9a-fA-F]{6})$")
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
# Average width of a character at 1px of font size, to fit text into boxes.
CHAR_WIDTH = 0.58


def colour(value: Any, default: str) -> str:
    """`#rrggbb` from six hex digits (with or without `#`), else `default`."""
    match = HEX.match(str(value or ""))
    return f"#{match.group(1).lower()}" if match else default


def fit(text: Any, width: float, size: float) -> str:
    """`text` cut with an ellipsis to fit `width` pixels at font `size`."""
    text = str(text)
    room = max(int(width / (size * CHAR_WIDTH)), 4)
    return text if len(text) <= room else f"{text[: room - 1]}…"


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    w: float
    h: float
    fill: str = "#ffffff"
    stroke: str = "#6c757d"
    rx: float = 4
    dash: str = ""
    stroke_width: float = 1
    href: str | None = None
    title: str = ""
    opacity: float = 1
    tag: str = "rect"


@dataclass(frozen=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float
    stroke: str = "#6c757d"
    width: float = 2
    dash: str = ""
    href: str | None = None
    title: str = ""
    tag: str = "line"


@dataclass(frozen=True)
class Text:
    x: float
    y: float
    text: str
    size: float = 13
    weight: str = "normal"
    anchor: str = "middle"
    fill: str = "#212529"
    href: str | None = None
    title: str = ""
    italic: bool = False
    tag: str = "text"


@dataclass
class Drawing:
    width: int
    height: int
    title: str
    background: str = "#ffffff"
    items: list[Rect | Line | Text] = field(default_factory=list)

    def rect(self, x: float, y: float, w: float, h: float, **kwargs: Any) -> None:
        kwargs["fill"] = colour(kwargs.get("fill"), "#ffffff") if kwargs.get("fill") != "none" else "none"
        kwargs["stroke"] = colour(kwargs.get("stroke"), "#6c757d")
        self.items.append(Rect(x, y, w, h, **kwargs))

    def line(self, x1: float, y1: float, x2: float, y2: float, **kwargs: Any) -> None:
        kwargs["stroke"] = colour(kwargs.get("stroke"), "#6c757d")
        self.items.append(Line(x1, y1, x2, y2, **kwargs))

    def text(self, x: float, y: float, text: Any, *, width: float | None = None, **kwargs: Any) -> None:
        """Text at (x, y) (its baseline); cut to `width` pixels when given, the full text as a tooltip."""
        full = str(text)
        size = kwargs.get("size", 13)
        shown = fit(full, width, size) if width is not None else full
        if shown != full and not kwargs.get("title"):
            kwargs["title"] = full
        kwargs["fill"] = colour(kwargs.get("fill"), "#212529")
        self.items.append(Text(x, y, shown, **kwargs))

    def grow_to(self, height: float) -> None:
        self.height = max(self.height, int(height))


def render(drawing: Drawing, *, standalone: bool = False) -> str:
    """The drawing as SVG markup: inline in a page, or a file (with the XML declaration) when standalone."""
    return render_to_string("dcim/drawing.svg", {"drawing": drawing, "standalone": standalone, "font": FONT})


def download_name(*parts: Any) -> str:
    """A safe file name for a download: `trace-core1-eth0.svg`."""
    cleaned = [UNSAFE_IN_NAME.sub("_", str(part)).strip("._") for part in parts]
    stem = "-".join(part for part in cleaned if part)
    return f"{stem[:120] or 'drawing'}.svg"


def file_response(drawing: Drawing, *parts: Any) -> HttpResponse:
    """The drawing served as an SVG file, downloaded as `download_name(*parts)` when parts are given. Opened
    directly, the file may style itself and nothing else: no scripts, no loads."""
    response = HttpResponse(render(drawing, standalone=True), content_type="image/svg+xml; charset=utf-8")
    if parts:
        response["Content-Disposition"] = f'attachment; filename="{download_name(*parts)}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    return response
