"""`/api/`: the root, status, the OpenAPI schema and its Swagger UI, every app's router (`/api/<app>/`)
and every plugin's (`/api/plugins/<base_url>/`), as their AppConfig.ready() registered them in
`netkeel.core.api.registry`: this module only reads the registry."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.urls import URLPattern, URLResolver, include, path, reverse
from drf_spectacular.views import SpectacularSwaggerSplitView

from netkeel.core.api import plugins, registry
from netkeel.core.api.jinja import RenderJinjaView
from netkeel.core.api.schema_views import SchemaView, YAMLSchemaView
from netkeel.core.api.views import APIRootView, StatusView
from netkeel.core.graphql.view import GraphQLView

# The split view serves its script from a URL of its own, so the page runs under a policy with no inline script.
_swagger_ui = SpectacularSwaggerSplitView.as_view(url_name="api:schema-json")


def docs(request: HttpRequest) -> HttpResponse:
    """`/api/docs/`: the Swagger UI; `?format=openapi` (pynautobot's `openapi()`) moves to the JSON schema."""
    if request.GET.get("format") == "openapi":
        return HttpResponsePermanentRedirect(reverse("api:schema-json"))
    return _swagger_ui(request)


def plugin_patterns() -> tuple[list[URLPattern | URLResolver], list[URLPattern | URLResolver]]:
    """`/api/plugins/…` and `/api/apps/…`: Nautobot serves both (`apps` is the newer name)."""
    routers = [router.app_urls() for router in registry.routers(plugins.PLUGINS_PREFIX)]
    plugin_urls: list[URLPattern | URLResolver] = [
        path("", plugins.PluginsRootView.as_view(), name="api-root"),
        path("installed-plugins/", plugins.InstalledPluginsView.as_view(), name="installed-plugins"),
        *routers,
    ]
    app_urls: list[URLPattern | URLResolver] = [
        path("", plugins.AppsRootView.as_view(), name="api-root"),
        path("installed-apps/", plugins.InstalledAppsView.as_view(), name="installed-apps"),
    ]
    return plugin_urls, app_urls


def api_patterns() -> list[URLPattern | URLResolver]:
    plugin_urls, app_urls = plugin_patterns()
    APIRootView.apps.update({"plugins": "plugins", "apps": "apps"})
    return [
        path("", APIRootView.as_view(), name="root"),
        path("status/", StatusView.as_view(), name="status"),
        path("graphql/", GraphQLView.as_view(), name="graphql"),
        path("core/render-jinja-template/", RenderJinjaView.as_view(), name="render-jinja-template"),
        path("swagger.json", SchemaView.as_view(), name="schema-json"),
        path("swagger.yaml", YAMLSchemaView.as_view(), name="schema-yaml"),
        path("swagger/", _swagger_ui, name="swagger"),
        path("docs/", docs, name="docs"),
        *[router.app_urls() for router in registry.routers()],
        path("plugins/", include((plugin_urls, "plugins-api"))),
        path("apps/", include((app_urls, "apps-api"))),
    ]
