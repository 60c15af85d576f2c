"""The base viewset every endpoint uses, and the API's own views (`/api/`, `/api/status/`).

Every response carries `API-Version`. Reads honour `?depth=0..10` (writes always answer at depth 0);
list routes also take bulk PATCH/PUT (a list of `{"id", …changes}`) and bulk DELETE (`[{"id"}]`), each
all-or-nothing in one transaction. A delete that other objects still need is a 409. Apps above core add
detail routes to every endpoint with `NetkeelModelViewSet.add_detail_route` (extras: `…/<id>/notes/`).
"""

from __future__ import annotations

import platform
import uuid
from collections.abc import Callable
from typing import Any, ClassVar

import django
from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models, transaction
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import exceptions, status, viewsets
from rest_framework import serializers as drf_serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from netkeel import __version__
from netkeel.core import inputs, permissions
from netkeel.core.api import budget
from netkeel.core.api import rows as page_rows
from netkeel.core.api.fields import natural_key_lookups
from netkeel.core.api.rows import related_paths
from netkeel.core.api.versioning import DEFAULT_VERSION, NAUTOBOT_API_RELEASE
from netkeel.core.models.base import NATURAL_KEY_SEPARATOR
from netkeel.core.models.related import shared_paths
from netkeel.core.permissions import restrict
from netkeel.core.plugins import installed_plugins

MAX_DEPTH = 10
# The viewset actions that write, and the object permission action each needs (before and after).
WRITE_ACTIONS = {
    "create": "add",
    "update": "change",
    "partial_update": "change",
    "bulk_update": "change",
    "bulk_partial_update": "change",
    "destroy": "delete",
    "bulk_destroy": "delete",
}


class APIVersionMixin:
    """`API-Version: <negotiated version>` on every response, errors included."""

    def finalize_response(self, request: Request, response: Response, *args: Any, **kwargs: Any) -> Response:
        response = super().finalize_response(request, response, *args, **kwargs)  # type: ignore[misc]
        response["API-Version"] = getattr(request, "version", None) or DEFAULT_VERSION
        return response


def requested_depth(request: Request) -> int:
    if request.method not in ("GET", "HEAD"):
        return 0
    if getattr(getattr(request, "accepted_renderer", None), "format", None) == "csv":
        return 0  # a file names related objects by their keys: nested objects would be rendered for nothing
    raw = request.query_params.get("depth", "0") or "0"
    try:
        depth = int(raw)
    except ValueError:
        raise exceptions.ValidationError({"depth": [f"Depth must be a whole number from 0 to {MAX_DEPTH}."]}) from None
    if not 0 <= depth <= MAX_DEPTH:
        raise exceptions.ValidationError({"depth": [f"Depth must be a whole number from 0 to {MAX_DEPTH}."]})
    return depth


class StreamedListMixin:
    """A renderer that takes whole lists (CSV) streams the filtered queryset itself, without pages.
    (A mixin: a `list` method in the viewset's own body would shadow the builtin in its annotations.)"""

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Any:
        stream_list = getattr(getattr(request, "accepted_renderer", None), "stream_list", None)
        if stream_list is not None:
            return stream_list(self)
        return super().list(request, *args, **kwargs)  # type: ignore[misc]


class NetkeelModelViewSet(APIVersionMixin, StreamedListMixin, viewsets.ModelViewSet):
    """Subclasses set `queryset`, `serializer_class` and `filterset_class`; writes with consequences are
    the serializer's `create_instance`/`update_instance` and the viewset's `delete_instance`."""

    lookup_value_regex = r"[^/]+"
    # For the type checker only (core never reads it): extras adds `notes` with add_detail_route, and an
    # endpoint without notes (the change log's) sets it to None.
    notes: ClassVar[Callable[..., Response]]
    filtered_count: int  # a deep list's filtered rows, counted once for the render budget (_rows_to_render)

    @classmethod
    def add_detail_route(cls, view: Callable[..., Response]) -> None:
        """Give every endpoint the detail route `view`: a function taking the viewset and the request,
        decorated with rest_framework's `@action(detail=True, …)`, and set on the viewset under its own
        name (which DRF's routing looks it up by). An app above core, which core may not import, calls this
        before the URL map is built; an endpoint that should go without the route sets that name to None."""
        name = view.__name__
        if vars(cls).get(name, view) is not view:
            raise ValueError(f"Every endpoint already has a detail route {name!r}.")
        setattr(cls, name, view)

    def _rows_to_render(self, queryset: models.QuerySet[Any], serializer_class: Any, depth: int) -> int | None:
        """The rows this read would render (None: every row): one object's; a list's page size, or, when the
        page size alone is over the render budget, the rows its page would really hold (`limit=0&depth=2` of
        a few hundred addresses, as the Ansible inventory reads, is served) — one COUNT per request, which
        the page's own count then reuses (`filtered_count`, read by the paginator)."""
        if self.action != "list":
            return 1
        get_limit = getattr(self.paginator, "get_limit", None)
        limit = get_limit(self.request) if get_limit is not None else None
        if budget.affordable(serializer_class, depth, limit):
            return limit
        if "filtered_count" not in self.__dict__:  # the permission check asks for the queryset first
            self.filtered_count = self.filter_queryset(queryset).count()
        get_offset = getattr(self.paginator, "get_offset", None)
        offset = get_offset(self.request) if get_offset is not None else 0
        remaining = max(0, self.filtered_count - offset)
        return remaining if limit is None else min(limit, remaining)

    def permission_action(self) -> str:
        """The action whose object permissions narrow this request's queryset: a route of its own (a
        trace, notes, available addresses) reads its object as a viewer and checks what it writes itself."""
        return WRITE_ACTIONS.get(self.action or "", "view")

    # False only for an endpoint whose objects name no data and every signed-in user reads (content types).
    restricted: ClassVar[bool] = True

    def get_queryset(self) -> models.QuerySet[Any]:
        # The one enforcement point narrows every read and write of every endpoint, before anything else.
        queryset = super().get_queryset()
        if self.request is not None and self.restricted:
            queryset = restrict(queryset, self.request.user, self.permission_action())
        depth = requested_depth(self.request) if self.request is not None else 0
        if depth > budget.FREE_DEPTH and self.action in ("list", "retrieve"):
            # Before anything is planned or read (the permission check is the first to ask for the
            # queryset): a read over the render budget is a 400 at once.
            serializer_class = self.get_serializer_class()
            budget.check(serializer_class, depth, self._rows_to_render(queryset, serializer_class, depth))
        select, prefetch = related_paths(
            self.get_serializer_class(), depth, many_to_many=not self._serializer_loads_many_to_many()
        )
        if self.action == "list":
            # A single object is read with its joins; a page, with each related row it shares built once.
            select, shared = shared_paths(queryset.model, select)
            prefetch = [*shared, *prefetch]
        if select:
            queryset = queryset.select_related(*select)
        if prefetch:
            queryset = queryset.prefetch_related(*dict.fromkeys(prefetch))
        return queryset

    def _serializer_loads_many_to_many(self) -> bool:
        """A page of a list read as JSON leaves its many-to-many fields to the serializer (its `prepare_rows`),
        which reads only those it shows, and of those that render as references only the ids; a list
        streamed whole (CSV) or a single object gets them prefetched."""
        if self.action != "list" or not page_rows.PAGE_LOADS_MANY_TO_MANY or self.request is None:
            return False
        return getattr(getattr(self.request, "accepted_renderer", None), "stream_list", None) is None

    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()
        context["depth"] = requested_depth(self.request)
        return context

    def get_object(self) -> Any:
        """By UUID, or by natural key (`/api/dcim/locations/DC1/`) when the key is not a UUID."""
        lookup = self.kwargs.get(self.lookup_field, "")
        if inputs.NUL in str(lookup):
            raise exceptions.NotFound("No object has a name with a null character.")
        if lookup and not isinstance(self.get_queryset().model._meta.pk, models.UUIDField):
            return super().get_object()  # an integer key (groups, content types) is looked up as it is
        try:
            uuid.UUID(str(lookup))
        except ValueError:
            model = self.get_queryset().model
            names = getattr(model, "natural_key_field_names", ("id",))
            if names == ("id",):
                raise exceptions.NotFound(f"No {model._meta.verbose_name} has the id {lookup!r}.") from None
            values = str(lookup).split(NATURAL_KEY_SEPARATOR) if len(names) > 1 else [str(lookup)]
            if len(values) != len(names):
                raise exceptions.NotFound(f"No {model._meta.verbose_name} is named {lookup!r}.") from None
            queryset = self.filter_queryset(self.get_queryset())
            try:
                obj = queryset.get(**natural_key_lookups(model, [v or None for v in values]))
            except (model.DoesNotExist, model.MultipleObjectsReturned, ValueError, DjangoValidationError):
                raise exceptions.NotFound(f"No {model._meta.verbose_name} is named {lookup!r}.") from None
            self.check_object_permissions(self.request, obj)
            return obj
        return super().get_object()

    def filter_queryset(self, queryset: models.QuerySet[Any]) -> models.QuerySet[Any]:
        if self.action not in ("list", "bulk_update", "bulk_destroy"):
            return queryset  # filters narrow lists; a detail URL names its object
        return super().filter_queryset(queryset)

    # ------------------------------------------------------------------------------ writes

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        many = isinstance(request.data, list)
        serializer = self.get_serializer(data=request.data, many=many)
        serializer.is_valid(raise_exception=True)
        with transaction.atomic():
            self.perform_create(serializer)
            saved = serializer.instance if many else [serializer.instance]
            self.check_written(list(saved or []), "add")
        return Response(serializer.data, status=status.HTTP_201_CREATED)

    def perform_update(self, serializer: Any) -> None:
        # The request's own transaction: the serializer's writes take none of their own (no savepoint).
        with transaction.atomic():
            super().perform_update(serializer)
            self.check_written([serializer.instance], "change")

    def perform_destroy(self, instance: Any) -> None:
        with transaction.atomic():
            self.delete_instance(instance)

    def delete_instance(self, instance: Any) -> None:
        instance.delete()

    def check_written(self, objects: list[Any], action: str) -> None:
        permissions.check_written(self.request.user, objects, action)

    def _bulk_objects(self, data: Any) -> list[tuple[Any, dict[str, Any]]]:
        if not isinstance(data, list) or not data:
            raise exceptions.ValidationError({"non_field_errors": ["Send a list of objects, each with its id."]})
        ids: list[Any] = []
        for index, item in enumerate(data):
            if not isinstance(item, dict) or not item.get("id"):
                raise exceptions.ValidationError({"non_field_errors": [f"Item {index} has no id."]})
            ids.append(str(item["id"]))
        queryset = self.filter_queryset(self.get_queryset())
        try:
            found = {str(obj.pk): obj for obj in queryset.filter(pk__in=ids)}
        except (ValueError, DjangoValidationError):
            raise exceptions.ValidationError(
                {"id": [f"Every id must be a valid {queryset.model._meta.verbose_name} id."]}
            ) from None
        missing = [pk for pk in ids if pk not in found]
        if missing:
            raise exceptions.NotFound(f"No {queryset.model._meta.verbose_name} has the id {', '.join(missing)}.")
        return [(found[str(item["id"])], item) for item in data]

    def bulk_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        partial = kwargs.pop("partial", False)
        pairs = self._bulk_objects(request.data)
        results = []
        with transaction.atomic():
            for instance, item in pairs:
                self.check_object_permissions(request, instance)
                changes = {key: value for key, value in item.items() if key != "id"}
                serializer = self.get_serializer(instance, data=changes, partial=partial)
                if not serializer.is_valid():
                    raise exceptions.ValidationError({str(instance.pk): dict(serializer.errors)})
                serializer.save()  # inside this one transaction: no savepoint per object
                results.append(serializer.data)
            self.check_written([instance for instance, _ in pairs], "change")
        return Response(results, status=status.HTTP_200_OK)

    def bulk_partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        kwargs["partial"] = True
        return self.bulk_update(request, *args, **kwargs)

    def bulk_destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        pairs = self._bulk_objects(request.data)
        with transaction.atomic():
            for instance, _ in pairs:
                self.check_object_permissions(request, instance)
                self.delete_instance(instance)
        return Response(status=status.HTTP_204_NO_CONTENT)


class APIRootView(APIVersionMixin, APIView):
    """`GET /api/`: each app's root."""

    permission_classes = [IsAuthenticated]
    apps: dict[str, str] = {}
    is_api_root = True  # a list of links: no `depth` in its schema

    def get_view_name(self) -> str:
        return "API Root"

    def get(self, request: Request, format: str | None = None) -> Response:
        return Response(
            {app: reverse(f"api:{app}-api:api-root", request=request, format=format) for app in sorted(self.apps)}
        )


STATUS_SCHEMA = inline_serializer(
    "ServiceStatus",
    fields={
        "django-version": drf_serializers.CharField(),
        "installed-apps": drf_serializers.DictField(),
        "nautobot-version": drf_serializers.CharField(),
        "netkeel-version": drf_serializers.CharField(),
        "netkeel-installed-version": drf_serializers.CharField(allow_null=True),
        "nautobot-apps": drf_serializers.DictField(),
        "plugins": drf_serializers.DictField(),
        "python-version": drf_serializers.CharField(),
        "rq-workers-running": drf_serializers.IntegerField(),
        "celery-workers-running": drf_serializers.IntegerField(),
    },
)


class StatusView(APIVersionMixin, APIView):
    """`GET /api/status/`: versions of this service and what it runs on."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: STATUS_SCHEMA})
    def get(self, request: Request) -> Response:
        from netkeel.core.models.installation import recorded_version

        installed = recorded_version()
        # As Nautobot: each installed app (plugin) by its package name, with its version.
        plugins = {plugin.name: plugin.version or None for plugin in installed_plugins()}
        return Response(
            {
                "django-version": django.get_version(),
                "installed-apps": {app: None for app in settings.INSTALLED_APPS},
                "nautobot-version": NAUTOBOT_API_RELEASE,
                "netkeel-version": __version__,
                "netkeel-installed-version": installed,
                "nautobot-apps": plugins,
                "plugins": plugins,
                "python-version": platform.python_version(),
                "rq-workers-running": _workers_running(),
                "celery-workers-running": 0,
            }
        )


def _workers_running() -> int:
    if not getattr(settings, "RQ_QUEUES", None):
        return 0
    try:
        from django_rq import get_connection
        from rq import Worker

        return len(Worker.all(connection=get_connection("default")))
    except Exception:  # noqa: BLE001 - a status page reports, it does not fail on an unreachable Redis
        return 0
