"""Response headers a deployment should not have to add in its proxy: a Content-Security-Policy on every HTML
page, and `Cache-Control: private, no-store` on whatever a signed-in user (session or token) was sent, so
that no shared cache or browser history keeps a page of the network's inventory.

The policy is `CONTENT_SECURITY_POLICY` (a setting; empty switches it off). netkeel's pages load scripts,
styles and fonts only from netkeel itself; inline `style` attributes (colour swatches, Swagger UI) are
allowed, inline scripts are not.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        policy = getattr(settings, "CONTENT_SECURITY_POLICY", "")
        if (
            policy
            and "Content-Security-Policy" not in response
            and response.get("Content-Type", "").startswith("text/html")
        ):
            response["Content-Security-Policy"] = policy
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and "Cache-Control" not in response:
            response["Cache-Control"] = "private, no-store"
        return response
