"""`Authorization: Token <key>` (any case of `Token`, as pynautobot sends it lowercased at times)."""

from __future__ import annotations

import re
from typing import Any

from django.utils import timezone
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.request import Request

from netkeel.users.models import Token

TOKEN_KEY = re.compile(r"[0-9a-f]{40}")

# last_used is written at most this often per token, so reads do not turn into writes.
LAST_USED_RESOLUTION_SECONDS = 60


class TokenAuthentication(BaseAuthentication):
    keyword = "token"

    def authenticate(self, request: Request) -> tuple[Any, Token] | None:
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword.encode():
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(
                "Send the header as 'Authorization: Token <40 hexadecimal characters>'."
            )
        try:
            key = parts[1].decode().lower()
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed("Invalid token.") from None
        if not TOKEN_KEY.fullmatch(key):
            # Never sent to the database: a NUL byte there is a 500 on PostgreSQL, and MariaDB would match
            # keys case-insensitively where the others do not.
            raise exceptions.AuthenticationFailed("Invalid token.")
        token = Token.objects.select_related("user").filter(key=key).first()
        if token is None:
            raise exceptions.AuthenticationFailed("Invalid token.")
        if token.is_expired:
            raise exceptions.AuthenticationFailed("This token has expired.")
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed("This token's user is inactive.")
        now = timezone.now()
        if token.last_used is None or (now - token.last_used).total_seconds() > LAST_USED_RESOLUTION_SECONDS:
            Token.objects.filter(pk=token.pk).update(last_used=now)
        return token.user, token
