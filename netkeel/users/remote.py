"""Sign-in by a trusted proxy's header (single sign-on in front of netkeel), off unless `REMOTE_AUTH_ENABLED`.

Behind an SSO proxy that authenticates people and passes on who they are in a header, netkeel takes that
header as the signed-in user, as Nautobot's remote-user authentication does: `REMOTE_AUTH_HEADER` names it
as Django's request.META spells it (`HTTP_REMOTE_USER` for `Remote-User:`), `REMOTE_AUTH_AUTO_CREATE_USER`
creates users met for the first time, and `REMOTE_AUTH_DEFAULT_GROUPS` puts them in groups (which hold
their object permissions). A session the header made ends on the first request without it.

Only turn it on when every request reaches netkeel through the proxy and the proxy overwrites the header:
anyone who can send that header straight to netkeel can be anyone.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import backends, middleware
from django.contrib.auth.models import Group
from django.http import HttpRequest


def enabled() -> bool:
    return bool(getattr(settings, "REMOTE_AUTH_ENABLED", False))


class RemoteUserMiddleware(middleware.RemoteUserMiddleware):
    """Django's, with the header from `REMOTE_AUTH_HEADER`, and nothing at all while remote sign-in is off."""

    @property
    def header(self) -> str:  # type: ignore[override]
        return str(getattr(settings, "REMOTE_AUTH_HEADER", "HTTP_REMOTE_USER"))

    def process_request(self, request: HttpRequest) -> None:
        if enabled():
            super().process_request(request)


class RemoteUserBackend(backends.RemoteUserBackend):
    """Who the header names: an existing active user, or (with `REMOTE_AUTH_AUTO_CREATE_USER`) a new one in
    `REMOTE_AUTH_DEFAULT_GROUPS`. Answers nothing while remote sign-in is off."""

    @property
    def create_unknown_user(self) -> bool:  # type: ignore[override]
        return bool(getattr(settings, "REMOTE_AUTH_AUTO_CREATE_USER", False))

    def authenticate(self, request: Any, remote_user: str | None) -> Any:  # type: ignore[override]
        if not enabled() or not remote_user or not remote_user.strip():
            return None
        return super().authenticate(request, remote_user.strip())

    def configure_user(self, request: Any, user: Any, created: bool = True) -> Any:
        if created:
            user.set_unusable_password()  # they sign in through the proxy, never with a password here
            user.save(update_fields=["password"])
            names = list(getattr(settings, "REMOTE_AUTH_DEFAULT_GROUPS", []) or [])
            groups = [Group.objects.get_or_create(name=name)[0] for name in names]
            if groups:
                user.groups.add(*groups)
        return user
