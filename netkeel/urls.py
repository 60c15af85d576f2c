"""netkeel's URL map, read from the registries that every app and plugin filled in its AppConfig.ready():
the API under /api/ (`netkeel.core.api.urls`), each app's pages under /<app>/, each plugin's under
/plugins/<base_url>/, the search and core's own pages. Importing this module registers nothing."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, include, path

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

# A path nothing serves: JSON under /api/, the HTML page elsewhere.
handler404 = "netkeel.core.views.page_not_found"
