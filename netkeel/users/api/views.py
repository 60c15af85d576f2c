"""Users endpoints: users, groups, API tokens and object permissions.

Each needs superuser or the model's permissions. Tokens may also be fetched with a username and
password (HTTP Basic), so that a client can provision its own token; a user who is not a superuser
sees and manages only their own tokens.
"""

from __future__ import annotations

import copy
from typing import Any

from django.contrib.auth.models import Group
from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, viewsets
from rest_framework.authentication import BasicAuthentication, SessionAuthentication
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from netkeel.core.api.counts import RowCountsMixin, count_of, register_row_count
from netkeel.core.api.views import APIVersionMixin, NetkeelModelViewSet
from netkeel.users.api import filters, serializers
from netkeel.users.api.authentication import TokenAuthentication
from netkeel.users.models import ObjectPermission, Token, User


class UserViewSet(NetkeelModelViewSet):
    queryset = User.objects.all()
    serializer_class = serializers.UserSerializer
    filterset_class = filters.UserFilterSet

    def delete_instance(self, instance: Any) -> None:
        if instance.is_superuser and not self.request.user.is_superuser:
            raise exceptions.PermissionDenied("Only a superuser may delete a superuser.")
        instance.delete()


register_row_count(Group, "user_count", lambda: count_of(User, "groups"))


class GroupViewSet(RowCountsMixin, NetkeelModelViewSet):
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


class ObjectPermissionViewSet(NetkeelModelViewSet):
    queryset = ObjectPermission.objects.all()
    serializer_class = serializers.ObjectPermissionSerializer
    filterset_class = filters.ObjectPermissionFilterSet


def deep_merged(base: Any, changes: Any) -> Any:
    """`changes` laid over `base`: objects merge key by key, at every level; anything else replaces."""
    if not isinstance(base, dict) or not isinstance(changes, dict):
        return copy.deepcopy(changes)
    merged = dict(base)
    for key, value in changes.items():
        merged[key] = deep_merged(base.get(key), value) if key in base else copy.deepcopy(value)
    return merged


class UserConfigViewSet(APIVersionMixin, viewsets.ViewSet):
    """`/api/users/config/`: the signed-in user's own preferences (`config_data`), as Nautobot serves them:
    GET reads them, PATCH merges a JSON object into them (nested objects key by key) and answers with all."""

    permission_classes = [IsAuthenticated]

    # A JSON object of the user's own keys, as Nautobot documents it (one object, though the action lists).
    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def list(self, request: Request) -> Response:
        return Response(self._user(request).config_data)

    @extend_schema(request=OpenApiTypes.OBJECT, responses={200: OpenApiTypes.OBJECT})
    def bulk_partial_update(self, request: Request) -> Response:
        if not isinstance(request.data, dict):
            raise exceptions.ValidationError({"non_field_errors": ["Send the preferences as a JSON object."]})
        user = self._user(request)
        user.config_data = deep_merged(user.config_data or {}, request.data)
        user.save(update_fields=["config_data"])
        return Response(user.config_data)

    @staticmethod
    def _user(request: Request) -> User:
        user = request.user
        assert isinstance(user, User)  # IsAuthenticated let no anonymous user in
        return user
