"""/api/users/: users, groups, API tokens and permissions."""

from __future__ import annotations

from netkeel.core.api.routers import APIRouter
from netkeel.users.api import views

router = APIRouter("users")
router.register("users", views.UserViewSet)
router.register("groups", views.GroupViewSet)
router.register("tokens", views.TokenViewSet)
router.register("permissions", views.PermissionViewSet)
