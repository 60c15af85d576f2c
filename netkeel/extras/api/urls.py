"""/api/extras/: statuses, roles, tags, content types and notes."""

from __future__ import annotations

from netkeel.core.api.routers import APIRouter
from netkeel.extras.api import views

router = APIRouter("extras")
router.register("statuses", views.StatusViewSet)
router.register("roles", views.RoleViewSet)
router.register("tags", views.TagViewSet)
router.register("content-types", views.ContentTypeViewSet)
router.register("notes", views.NoteViewSet)
