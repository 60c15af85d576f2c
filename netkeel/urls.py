"""netkeel's URL map: each app contributes its own patterns, and its API router under /api/<app>/."""

from __future__ import annotations

from django.urls import include, path

from netkeel.circuits.api.urls import router as circuits_api
from netkeel.core.api.urls import api_patterns
from netkeel.dcim.api.urls import router as dcim_api
from netkeel.extras.api.urls import router as extras_api
from netkeel.ipam.api.urls import router as ipam_api
from netkeel.tenancy.api.urls import router as tenancy_api
from netkeel.users.api.urls import router as users_api

API_ROUTERS = [circuits_api, dcim_api, extras_api, ipam_api, tenancy_api, users_api]

urlpatterns = [
    path("api/", include((api_patterns([router.app_urls() for router in API_ROUTERS]), "api"))),
    path("", include("netkeel.core.urls")),
]
