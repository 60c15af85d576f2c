"""Views of the core app: the health endpoint and the home page."""

from __future__ import annotations

import logging

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from netkeel import __version__
from netkeel.core.connectivity import probe_cache, probe_database

logger = logging.getLogger(__name__)


@never_cache
@require_GET
def health(request: HttpRequest) -> JsonResponse:
    """200 when the database and the cache answer, 503 naming the one that did not.

    Open to anonymous callers so that load balancers and orchestrators can use it; it reveals whether
    each service answered, not where it is.
    """
    database = probe_database()
    cache = probe_cache()
    body: dict[str, object] = {
        "status": "ok" if database.ok and cache.ok else "error",
        "version": __version__,
        "checks": {
            "database": {"ok": database.ok, "engine": database.product},
            "cache": {"ok": cache.ok, "backend": cache.product},
        },
    }
    failing = [probe.service for probe in (database, cache) if not probe.ok]
    if failing:
        body["failing"] = failing
        for probe in (database, cache):
            if not probe.ok:
                # The reason names hosts and ports: it goes to the log and to staff, not to anyone.
                logger.error("health check: %s", probe.problem)
                if request.user.is_authenticated and request.user.is_staff:
                    body["checks"][probe.service]["problem"] = probe.problem  # type: ignore[index]
    return JsonResponse(body, status=200 if not failing else 503)


@login_required
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "netkeel/home.html", {})
