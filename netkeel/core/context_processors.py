from __future__ import annotations

from django.http import HttpRequest

from netkeel import __version__


def netkeel(request: HttpRequest) -> dict[str, str]:
    return {"netkeel_version": __version__}
