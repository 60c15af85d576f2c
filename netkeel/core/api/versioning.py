"""API versions as Nautobot negotiates them: `Accept: application/json; version=X.Y` or `?api_version=X.Y`,
the server's own version by default, and `API-Version` on every response.

A header version we do not serve is 406, a query version 404, and the two disagreeing 400 — the same
statuses and sentences Nautobot answers with, which its clients and tests expect.
"""

from __future__ import annotations

from typing import Any

from rest_framework import exceptions
from rest_framework.request import Request
from rest_framework.versioning import BaseVersioning

# The Nautobot REST API release netkeel speaks (reported as `nautobot-version` by /api/status/).
NAUTOBOT_API_RELEASE = "3.2.0"
DEFAULT_VERSION = ".".join(NAUTOBOT_API_RELEASE.split(".")[:2])
ALLOWED_VERSIONS = (*(f"2.{minor}" for minor in range(5)), *(f"3.{minor}" for minor in range(3)))


class NautobotVersioning(BaseVersioning):
    default_version = DEFAULT_VERSION
    allowed_versions = ALLOWED_VERSIONS
    version_param = "version"

    def determine_version(self, request: Request, *args: Any, **kwargs: Any) -> str:
        media_type = getattr(request, "accepted_media_type", "") or ""
        header_version = None
        for part in media_type.split(";")[1:]:
            key, _, value = part.partition("=")
            if key.strip() == self.version_param and value.strip():
                header_version = value.strip().strip('"')
        query_version = request.query_params.get("api_version") or None
        if header_version and query_version and header_version != query_version:
            raise exceptions.ParseError('Version mismatch between "Accept" header and query parameter.')
        if header_version is not None and header_version not in self.allowed_versions:
            raise exceptions.NotAcceptable(self._unsupported(header_version, '"Accept" header'))
        if query_version is not None and query_version not in self.allowed_versions:
            raise exceptions.NotFound(self._unsupported(query_version, "query parameter"))
        return header_version or query_version or self.default_version

    def _unsupported(self, version: str, where: str) -> str:
        # Nautobot's sentences, word for word: clients match on them.
        return f'Invalid version "{version}" in {where}. Supported versions are: ' + ", ".join(self.allowed_versions)
