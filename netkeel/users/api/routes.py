"""/api/users/: users, groups, API tokens and object permissions; registered from UsersConfig.ready()."""

from __future__ import annotations

from netkeel.core.api import registry
from netkeel.core.api.routers import APIRouter
from netkeel.users.api import views


def register() -> None:
    router = APIRouter("users")
    router.register("users", views.UserViewSet)
    router.register("groups", views.GroupViewSet)
    router.register("tokens", views.TokenViewSet)
    router.register("permissions", views.ObjectPermissionViewSet)
    router.register("config", views.UserConfigViewSet, basename="userconfig")
    registry.add_router(router)
