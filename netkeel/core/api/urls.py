"""`/api/`: the root, status, the OpenAPI schema and its Swagger UI; the apps' routers are added by
`netkeel.urls`, since the framework knows no domain app."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.urls import URLPattern, URLResolver, path, reverse
from drf_spectacular.views import SpectacularAPIView, SpectacularJSONAPIView, SpectacularSwaggerView

from netkeel.core.api.views import APIRootView, StatusView

_swagger_ui = SpectacularSwaggerView.as_view(url_name="api:schema-json")


def docs(request: HttpRequest) -> HttpResponse:
    """`/api/docs/`: the Swagger UI; `?format=openapi` (pynautobot's `openapi()`) moves to the JSON schema."""
    if request.GET.get("format") == "openapi":
        return HttpResponsePermanentRedirect(reverse("api:schema-json"))
    return _swagger_ui(request)


def api_patterns(app_urls: list[URLPattern | URLResolver]) -> list[URLPattern | URLResolver]:
    return [
        path("", APIRootView.as_view(), name="root"),
        path("status/", StatusView.as_view(), name="status"),
        path("swagger.json", SpectacularJSONAPIView.as_view(), name="schema-json"),
        path("swagger.yaml", SpectacularAPIView.as_view(), name="schema-yaml"),
        path("swagger/", _swagger_ui, name="swagger"),
        path("docs/", docs, name="docs"),
        *app_urls,
    ]
