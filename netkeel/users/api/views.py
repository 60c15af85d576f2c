"""Users endpoints: users, groups, API tokens and (read-only) permissions.

Each needs superuser or the model's permissions. Tokens may also be fetched with a username and
password (HTTP Basic), so that a client can provision its own token; a user who is not a superuser
sees and manages only their own tokens.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group, Permission
from django.db.models import QuerySet
from rest_framework import exceptions
from rest_framework.authentication import BasicAuthentication, SessionAuthentication

from netkeel.core.api.views import NetkeelModelViewSet
from netkeel.users.api import filters, serializers
from netkeel.users.api.authentication import TokenAuthentication
from netkeel.users.models import Token, User


class UserViewSet(NetkeelModelViewSet):
    queryset = User.objects.all()
    serializer_class = serializers.UserSerializer
    filterset_class = filters.UserFilterSet

    def delete_instance(self, instance: Any) -> None:
        if instance.is_superuser and not self.request.user.is_superuser:
            raise exceptions.PermissionDenied("Only a superuser may delete a superuser.")
        instance.delete()


class GroupViewSet(NetkeelModelViewSet):
    queryset = Group.objects.order_by("name")
    serializer_class = serializers.GroupSerializer
    filterset_class = filters.GroupFilterSet
    notes = None  # type: ignore[assignment]  # notes name their object by UUID; a group's id is an integer


class TokenViewSet(NetkeelModelViewSet):
    queryset = Token.objects.all()
    serializer_class = serializers.TokenSerializer
    filterset_class = filters.TokenFilterSet
    authentication_classes = [SessionAuthentication, TokenAuthentication, BasicAuthentication]

    def get_queryset(self) -> QuerySet[Any]:
        queryset = super().get_queryset()
        user = getattr(self.request, "user", None)
        if user is None or not user.is_authenticated:
            return queryset.none()
        if not user.is_superuser:
            queryset = queryset.filter(user=user)  # another user's token does not exist for you
        return queryset


class PermissionViewSet(NetkeelModelViewSet):
    queryset = Permission.objects.all()
    serializer_class = serializers.PermissionSerializer
    filterset_class = filters.PermissionFilterSet
    http_method_names = ["get", "head", "options"]
    notes = None  # type: ignore[assignment]  # notes name their object by UUID; a permission's id is an integer
