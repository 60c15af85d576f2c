"""How `netkeel-server start` runs gunicorn: the access log without static files."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from gunicorn.glogging import Logger


class AccessLogWithoutStatic(Logger):
    """gunicorn's logger, except that requests for static files (one per CSS, script and icon of every page)
    leave no access-log line: they bury the requests that tell an operator something. `start
    --access-log-static` keeps them."""

    def __init__(self, cfg: Any) -> None:
        super().__init__(cfg)
        # STATIC_URL may be a full URL (a CDN); only its path can reach netkeel.
        self.static_prefix = "/" + urlsplit(str(settings.STATIC_URL)).path.lstrip("/")

    def access(self, resp: Any, req: Any, environ: dict[str, Any], request_time: Any) -> None:
        if str(environ.get("PATH_INFO", "")).startswith(self.static_prefix):
            return
        super().access(resp, req, environ, request_time)
