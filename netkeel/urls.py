"""netkeel's URL map: each app contributes its own patterns."""

from __future__ import annotations

from django.urls import include, path

urlpatterns = [
    path("", include("netkeel.core.urls")),
]
