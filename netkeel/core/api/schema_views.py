"""`/api/swagger.json` and `/api/swagger.yaml`: generating the schema walks every endpoint (seconds, 3.6 MB), so
`SchemaView` keeps it per process, per API version and per set of filterable custom fields (which add
`cf_<key>` filters): `/api/docs/` and every client reading the schema get it without regenerating it."""

from __future__ import annotations

import threading
from typing import Any, ClassVar

from drf_spectacular.views import SpectacularAPIView, SpectacularJSONAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from netkeel.core.api import hooks


class SchemaView(SpectacularJSONAPIView):
    """`/api/swagger.json`, generated once per process per API version and set of custom field filters."""

    _cache: ClassVar[dict[tuple[Any, ...], Any]] = {}
    _lock: ClassVar[threading.Lock] = threading.Lock()

    def _get_schema_response(self, request: Request) -> Response:
        version = self.api_version or request.version or self._get_version_parameter(request)
        key = (version, self.serve_public, hooks.custom_fields_fingerprint())
        schema = self._cache.get(key)
        if schema is None:
            with self._lock:
                schema = self._cache.get(key)
                if schema is None:
                    generator = self.generator_class(urlconf=self.urlconf, api_version=version, patterns=self.patterns)
                    schema = generator.get_schema(request=request, public=self.serve_public)
                    # Another set of custom fields or another version: the old schemas are of no further use.
                    type(self)._cache = {**{k: v for k, v in self._cache.items() if k[2] == key[2]}, key: schema}
        return Response(
            data=schema,
            headers={"Content-Disposition": f'inline; filename="{self._get_filename(request, version)}"'},
        )


class YAMLSchemaView(SchemaView):
    renderer_classes = SpectacularAPIView.renderer_classes
