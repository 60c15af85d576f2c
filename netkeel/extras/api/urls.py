"""/api/extras/: statuses, roles, tags, content types and notes; the change log, jobs, custom fields and
webhooks register theirs from their own modules."""

from __future__ import annotations

from netkeel.core.api.routers import APIRouter
from netkeel.extras.api import routes_changelog, routes_customfields, routes_jobs, routes_webhooks, views

# Before any router builds its URLs (netkeel.urls imports every router module first): a route of every endpoint.
views.add_object_notes_route()

router = APIRouter("extras")
router.register("statuses", views.StatusViewSet)
router.register("roles", views.RoleViewSet)
router.register("tags", views.TagViewSet)
router.register("content-types", views.ContentTypeViewSet)
router.register("notes", views.NoteViewSet)
routes_changelog.register(router)
routes_customfields.register(router)
routes_jobs.register(router)
routes_webhooks.register(router)
