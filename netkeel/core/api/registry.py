"""Which endpoint serves which model: filled by `APIRouter.register`, read to build `url` fields.

A brief reference (`{"id", "object_type", "url"}`) to any object needs its model's endpoint path;
nested objects at `?depth=1+` need its serializer. Both come from here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import models

if TYPE_CHECKING:
    from rest_framework.request import Request


@dataclass(frozen=True)
class Endpoint:
    model: type[models.Model]
    app: str  # the URL segment after /api/: "dcim"
    name: str  # the endpoint with dashes: "device-types"
    serializer: Any  # the BaseModelSerializer subclass
    viewset: Any = None  # the NetkeelModelViewSet subclass: its queryset, filter set and delete_instance

    @property
    def path(self) -> str:
        return f"{self.app}/{self.name}/"


_endpoints: dict[type[models.Model], Endpoint] = {}
_loaded = False


def register(endpoint: Endpoint) -> None:
    # The first registration wins: a model served twice (say under a legacy name) links to its main route.
    _endpoints.setdefault(endpoint.model, endpoint)


def _ensure_loaded() -> None:
    """Import the URL map once, so that every app's router has registered its endpoints."""
    global _loaded
    if not _loaded:
        from django.urls import get_resolver

        get_resolver().url_patterns  # noqa: B018 - importing the URLconf is the side effect wanted
        _loaded = True


def registered_endpoint(model: type[models.Model]) -> Endpoint | None:
    """The endpoint registered so far for `model`, without loading the URL map (for code that runs while
    the URL map is being imported, such as the web UI's routers)."""
    return _endpoints.get(model._meta.concrete_model or model)


def endpoint_for(model: type[models.Model]) -> Endpoint | None:
    _ensure_loaded()
    concrete = model._meta.concrete_model or model
    return _endpoints.get(concrete)


def serializer_for(model: type[models.Model]) -> Any:
    endpoint = endpoint_for(model)
    return endpoint.serializer if endpoint is not None else None


def object_type(model: type[models.Model]) -> str:
    return f"{model._meta.app_label}.{model._meta.model_name}"


def api_base(request: Request | None) -> str:
    """The absolute URL of `/api/` as the client reached it (scheme, host and any script prefix); once per request."""
    if request is None:
        return "/api/"
    cached = getattr(request, "_netkeel_api_base", None)
    if cached is None:
        from django.urls import get_script_prefix

        cached = request.build_absolute_uri(f"{get_script_prefix()}api/")
        setattr(request, "_netkeel_api_base", cached)  # noqa: B010 - a per-request cache on the request itself
    return str(cached)


def detail_url(model: type[models.Model], pk: Any, request: Request | None) -> str | None:
    endpoint = endpoint_for(model)
    if endpoint is None:
        return None
    return f"{api_base(request)}{endpoint.path}{pk}/"
