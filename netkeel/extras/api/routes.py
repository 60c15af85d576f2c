"""/api/extras/: statuses, roles, tags, content types and notes; the change log, jobs, custom fields and
webhooks register theirs from their own modules. Registered from ExtrasConfig.ready()."""

from __future__ import annotations

from netkeel.core.api import registry
from netkeel.core.api.routers import APIRouter
from netkeel.extras.api import (
    routes_changelog,
    routes_customfields,
    routes_graphql,
    routes_jobs,
    routes_webhooks,
    views,
)


def register() -> None:
    # Before any router builds its URLs (the URL map is read after every app is ready): a notes route on
    # every endpoint.
    views.add_object_notes_route()
    router = APIRouter("extras")
    router.register("statuses", views.StatusViewSet)
    router.register("roles", views.RoleViewSet)
    router.register("tags", views.TagViewSet)
    router.register("content-types", views.ContentTypeViewSet)
    router.register("notes", views.NoteViewSet)
    routes_changelog.register(router)
    routes_customfields.register(router)
    routes_graphql.register(router)
    routes_jobs.register(router)
    routes_webhooks.register(router)
    registry.add_router(router)
