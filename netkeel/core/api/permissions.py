"""Who may do what through the API: Django's model permissions (view included) for every endpoint, and
no writes at all with a token that is not write-enabled."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from rest_framework.permissions import SAFE_METHODS, DjangoModelPermissions
from rest_framework.request import Request


class ModelPermissions(DjangoModelPermissions):
    perms_map = {
        "GET": ["%(app_label)s.view_%(model_name)s"],
        "OPTIONS": ["%(app_label)s.view_%(model_name)s"],
        "HEAD": ["%(app_label)s.view_%(model_name)s"],
        "POST": ["%(app_label)s.add_%(model_name)s"],
        "PUT": ["%(app_label)s.change_%(model_name)s"],
        "PATCH": ["%(app_label)s.change_%(model_name)s"],
        "DELETE": ["%(app_label)s.delete_%(model_name)s"],
    }

    def has_permission(self, request: Request, view: Any) -> bool:
        if request.method not in SAFE_METHODS and not getattr(request.auth, "write_enabled", True):
            self.message = "This API token is read-only; use a write-enabled token to make changes."
            return False
        if getattr(view, "queryset", None) is None and not hasattr(view, "get_queryset"):
            return bool(request.user and request.user.is_authenticated)
        return super().has_permission(request, view)


def may_view(request: Any, model: Any) -> bool:
    """Whether the requester may see objects of `model` (nested objects at ?depth are shown only then)."""
    return user_may_view(getattr(request, "user", None), model)


def user_may_view(user: Any, model: Any) -> bool:
    """Whether `user` may see objects of `model`: the model-level check behind `may_view` and `viewable`."""
    if user is None or not user.is_authenticated:
        return False
    return bool(user.has_perm(f"{model._meta.app_label}.view_{model._meta.model_name}"))


def viewable(queryset: QuerySet[Any], user: Any) -> QuerySet[Any]:
    """The objects of `queryset` that `user` may view: the one point where what a reader sees is decided
    for GraphQL at every level (model permissions today; object permissions narrow the queryset here)."""
    return queryset if user_may_view(user, queryset.model) else queryset.none()
