"""Extras endpoints: statuses, roles, tags, content types (read-only) and notes; and `…/<id>/notes/`,
which `add_object_notes_route` gives every model endpoint through core's base viewset."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import exceptions, status
from rest_framework import serializers as drf_serializers
from rest_framework.decorators import action
from rest_framework.permissions import SAFE_METHODS, BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from netkeel.core.api import registry
from netkeel.core.api.counts import RowCountsMixin
from netkeel.core.api.permissions import register_attached, restrict_attached
from netkeel.core.api.views import NetkeelModelViewSet
from netkeel.extras.api import filters, serializers
from netkeel.extras.models import Note, Role, Status, Tag


class StatusViewSet(NetkeelModelViewSet):
    queryset = Status.objects.all()
    serializer_class = serializers.StatusSerializer
    filterset_class = filters.StatusFilterSet


class RoleViewSet(NetkeelModelViewSet):
    queryset = Role.objects.all()
    serializer_class = serializers.RoleSerializer
    filterset_class = filters.RoleFilterSet


class TagViewSet(RowCountsMixin, NetkeelModelViewSet):
    queryset = Tag.objects.all()
    serializer_class = serializers.TagSerializer
    filterset_class = filters.TagFilterSet


class ContentTypeViewSet(NetkeelModelViewSet):
    """Every kind of object netkeel knows; any signed-in user may read them (they name no data)."""

    queryset = ContentType.objects.order_by("app_label", "model")
    serializer_class = serializers.ContentTypeSerializer
    filterset_class = filters.ContentTypeFilterSet
    permission_classes = [IsAuthenticated]
    restricted = False  # no object permission narrows them
    http_method_names = ["get", "head", "options"]
    notes = None  # type: ignore[assignment]  # notes name their object by UUID; a content type's id is an integer


# How a note names the object it belongs to (content type, object id): it is read only with that object.
NOTE_OBJECT = ("assigned_object_type", "assigned_object_id")
register_attached(Note, *NOTE_OBJECT)


class NoteViewSet(NetkeelModelViewSet):
    queryset = Note.objects.all()
    serializer_class = serializers.NoteSerializer
    filterset_class = filters.NoteFilterSet

    def get_queryset(self) -> models.QuerySet[Any]:
        """Notes of the objects the requester may view (their own permission on notes comes first)."""
        queryset = super().get_queryset()
        if self.request is None:
            return queryset
        return restrict_attached(queryset, self.request.user, *NOTE_OBJECT)

    def perform_create(self, serializer: Any) -> None:
        serializer.save(user=self.request.user)


# ---------------------------------------------------------------------------------- notes of an object


class ObjectNotePermissions(BasePermission):
    """An object's notes: reading them needs view permission on the object and on notes; adding one needs
    view on the object, add on notes and a write-enabled token."""

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        if not user or not user.is_authenticated:
            return False
        safe = request.method in SAFE_METHODS
        if not safe and not getattr(request.auth, "write_enabled", True):
            self.message = "This API token is read-only; use a write-enabled token to make changes."
            return False
        model = view.queryset.model
        needed = [
            f"{model._meta.app_label}.view_{model._meta.model_name}",
            f"{Note._meta.app_label}.{'view' if safe else 'add'}_{Note._meta.model_name}",
        ]
        return bool(user.has_perms(needed))


@extend_schema(methods=["GET"], request=None, responses=serializers.NoteSerializer(many=True))
@extend_schema(
    methods=["POST"],
    request=inline_serializer("NoteInput", fields={"note": drf_serializers.CharField(min_length=1)}),
    responses={201: serializers.NoteSerializer},
)
@action(
    detail=True,
    methods=["get", "post"],
    url_path="notes",
    permission_classes=[ObjectNotePermissions],
    # Also where the endpoint takes no POST of its own (jobs are made by code, yet carry notes, as in Nautobot).
    http_method_names=["get", "post", "head", "options"],
)
def notes(view: NetkeelModelViewSet, request: Request, *args: Any, **kwargs: Any) -> Response:
    """`…/<id>/notes/`: GET a page of the object's notes, POST `{"note": "…"}` to add one (by the requester)."""
    model = view.get_queryset().model
    if not isinstance(model._meta.pk, models.UUIDField):
        raise exceptions.NotFound(f"A {model._meta.verbose_name} cannot carry notes.")
    obj = view.get_object()
    context = view.get_serializer_context()
    if request.method == "POST":
        if not isinstance(request.data, dict):
            raise exceptions.ValidationError({"non_field_errors": ['Send one object: {"note": "…"}.']})
        data = {
            **dict(request.data.items()),
            "assigned_object_type": registry.object_type(model),
            "assigned_object_id": obj.pk,
        }
        serializer = serializers.NoteSerializer(data=data, context=context)
        serializer.is_valid(raise_exception=True)
        with transaction.atomic():
            serializer.save(user=request.user)
        return Response(serializer.data, status=status.HTTP_201_CREATED)
    content_type = ContentType.objects.get_for_model(model)
    notes = Note.objects.filter(assigned_object_type=content_type, assigned_object_id=obj.pk)
    page = view.paginate_queryset(notes)
    return view.get_paginated_response(serializers.NoteSerializer(page, many=True, context=context).data)


def add_object_notes_route() -> None:
    """Give every model endpoint `…/<id>/notes/` (pynautobot's `Record.notes`); before the URL map is built."""
    NetkeelModelViewSet.add_detail_route(notes)
