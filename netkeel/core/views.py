"""Views of the core app: the health endpoint and the home page (object counts, and the panels apps lend it)."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from netkeel import __version__
from netkeel.core.connectivity import probe_cache, probe_database
from netkeel.core.ui import extensions
from netkeel.core.ui.registry import menu

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


# Object counts on the home page are this many seconds old at most.
COUNTS_SECONDS = 60


@dataclass(frozen=True)
class Count:
    label: str
    count: int
    url: str


@dataclass(frozen=True)
class CountGroup:
    label: str
    counts: list[Count]


def object_counts(request: HttpRequest) -> list[CountGroup]:
    """How many objects of each kind with pages, by menu group: one query per kind, cached briefly and
    shared by everyone (each sees only the kinds they may view)."""
    user = request.user
    groups = []
    for group in menu():
        counts = []
        for models in group.items.values():
            for model_ui in models:
                if not user.has_perm(model_ui.permission("list")):
                    continue
                key = f"ui.home.count.{model_ui.model._meta.label_lower}"
                count = cache.get(key)
                if count is None:
                    count = model_ui.model._default_manager.count()
                    cache.set(key, count, COUNTS_SECONDS)
                counts.append(Count(model_ui.menu_label, count, model_ui.url("list")))
        if counts:
            groups.append(CountGroup(group.label, counts))
    return groups


def home_panels(request: HttpRequest) -> list[str]:
    """The side panels apps lend the home page (extras: recent changes), each rendered with its context."""
    return [
        render_to_string(panel.template, panel.context(request), request=request) for panel in extensions.home_panels()
    ]


@login_required
def home(request: HttpRequest) -> HttpResponse:
    context = {"count_groups": object_counts(request), "panels": home_panels(request)}
    return render(request, "netkeel/home.html", context)


def favicon(request: HttpRequest) -> HttpResponse:
    """`/favicon.ico`, which browsers and crawlers ask for whatever a page links: the icon, not a 404."""
    from django.templatetags.static import static

    return HttpResponsePermanentRedirect(static("netkeel/favicon.svg"))
