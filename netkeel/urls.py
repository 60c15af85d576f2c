"""netkeel's URL map: each app contributes its API router under /api/<app>/ and its pages under /<app>/."""

from __future__ import annotations

from django.urls import include, path

from netkeel.circuits.api.urls import router as circuits_api
from netkeel.circuits.ui.urls import router as circuits_ui
from netkeel.core.api.urls import api_patterns
from netkeel.core.ui.search import SearchView
from netkeel.dcim.api.urls import router as dcim_api
from netkeel.dcim.ui.urls import router as dcim_ui
from netkeel.extras.api.urls import router as extras_api
from netkeel.extras.ui.urls import router as extras_ui
from netkeel.ipam.api.urls import router as ipam_api
from netkeel.ipam.ui.urls import router as ipam_ui
from netkeel.tenancy.api.urls import router as tenancy_api
from netkeel.tenancy.ui.urls import router as tenancy_ui
from netkeel.users.api.urls import router as users_api

API_ROUTERS = [circuits_api, dcim_api, extras_api, ipam_api, tenancy_api, users_api]
# Web pages (netkeel.core.ui): each app's UIRouter, imported after the API routers it derives from.
UI_ROUTERS = [extras_ui, tenancy_ui, dcim_ui, ipam_ui, circuits_ui]

urlpatterns = [
    path("api/", include((api_patterns([router.app_urls() for router in API_ROUTERS]), "api"))),
    *[router.app_urls() for router in UI_ROUTERS],
    path("search/", SearchView.as_view(), name="search"),
    path("", include("netkeel.core.urls")),
]
