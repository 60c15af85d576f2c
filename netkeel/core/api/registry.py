"""Which endpoint serves which model, and which routers the API has: filled from each app's (and
plugin's) AppConfig.ready(), read by the URL map and to build `url` fields.

Apps register in ready() (`add_router(router)` then `router.register(...)`), so the registry is complete
once Django is set up; the URL map (`netkeel.core.api.urls`) only reads it.

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
    app: str  # the app's URL segment: "dcim"
    name: str  # the endpoint with dashes: "device-types"
    serializer: Any  # the BaseModelSerializer subclass
    viewset: Any = None  # the NetkeelModelViewSet subclass: its queryset, filter set and delete_instance
    prefix: str = ""  # what comes between /api/ and the app: "plugins/" for a plugin's endpoints

    @property
    def path(self) -> str:
        """After /api/: "dcim/device-types/", "plugins/example/things/"."""
        return f"{self.prefix}{self.app}/{self.name}/"


_endpoints: dict[type[models.Model], Endpoint] = {}
_routers: dict[tuple[str, str], Any] = {}  # (prefix, app) → APIRouter


def register(endpoint: Endpoint) -> None:
    # The first registration wins: a model served twice (say under a legacy name) links to its main route.
    _endpoints.setdefault(endpoint.model, endpoint)


def add_router(router: Any) -> None:
    """Serve `router` (an APIRouter) under /api/<its prefix><its app>/; one per app, the last one wins."""
    _routers[(router.prefix, router.app)] = router


def routers(prefix: str = "") -> list[Any]:
    """The routers served under /api/<prefix>, in the order their apps were registered."""
    return [router for (under, _), router in _routers.items() if under == prefix]


def endpoints() -> list[Endpoint]:
    """Every registered endpoint, in the order their apps registered them."""
    return list(_endpoints.values())


def endpoint_for(model: type[models.Model]) -> Endpoint | None:
    concrete = model._meta.concrete_model or model
    return _endpoints.get(concrete)


# The web UI's routers read the endpoint while they register (both run in ready()).
registered_endpoint = endpoint_for


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
    prefix = detail_url_prefix(model, request)
    return f"{prefix}{pk}/" if prefix is not None else None


def detail_url_prefix(model: type[models.Model], request: Request | None) -> str | None:
    """An object's API URL up to its id (`…/api/dcim/devices/`): worked out once for a page of them."""
    endpoint = endpoint_for(model)
    return f"{api_base(request)}{endpoint.path}" if endpoint is not None else None
