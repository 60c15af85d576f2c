"""netkeel's URL map, read from the registries that every app and plugin filled in its AppConfig.ready():
the API under /api/ (`netkeel.core.api.urls`), each app's pages under /<app>/, each plugin's under
/plugins/<base_url>/, the search and core's own pages. Importing this module registers nothing."""

from __future__ import annotations

import re

from django.conf import settings
from django.urls import URLPattern, URLResolver, include, path, re_path
from django.views.static import serve

from netkeel.core.api.urls import api_patterns
from netkeel.core.ui import registry as ui_registry
from netkeel.core.ui.search import SearchView

PLUGIN_PAGES: list[URLPattern | URLResolver] = [router.app_urls() for router in ui_registry.routers("plugins")]

urlpatterns = [
    path("api/", include((api_patterns(), "api"))),
    *[router.app_urls() for router in ui_registry.routers()],
    path("plugins/", include((PLUGIN_PAGES, "plugins"))),
    path("search/", SearchView.as_view(), name="search"),
    path("", include("netkeel.core.urls")),
]


def media_patterns() -> list[URLPattern]:
    """Uploaded files (device types' images) served as Django serves them for development, when DEBUG or
    SERVE_MEDIA is on (`make run` sets it); in production the web server in front of netkeel serves
    MEDIA_ROOT under MEDIA_URL (docs/install.md)."""
    if not (settings.DEBUG or getattr(settings, "SERVE_MEDIA", False)):
        return []
    prefix = re.escape(str(settings.MEDIA_URL).strip("/"))
    return [re_path(rf"^{prefix}/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}, name="media")]


urlpatterns += media_patterns()

# A path nothing serves: JSON under /api/, the HTML page elsewhere.
handler404 = "netkeel.core.views.page_not_found"
