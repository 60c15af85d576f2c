"""`APIRouter`: one per app (`/api/dcim/`) or plugin (`/api/plugins/<base_url>/`), with the app's root
listing its endpoints, bulk operations on every list route, and each model registered so that references
to it carry its URL. An app makes and registers its router in its AppConfig.ready():

    router = APIRouter("tenancy")
    router.register("tenants", TenantViewSet)
    registry.add_router(router)
"""

from __future__ import annotations

from typing import Any

from django.urls import URLPattern, URLResolver, include, path
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.routers import DefaultRouter, Route
from rest_framework.views import APIView

from netkeel.core.api import registry
from netkeel.core.api.views import APIVersionMixin


class APIRouter(DefaultRouter):
    include_format_suffixes = False

    def __init__(self, app: str, *, prefix: str = "") -> None:
        super().__init__(trailing_slash=True)
        self.app = app
        self.prefix = prefix  # "plugins/" for a plugin's router
        self.lookups: list[URLPattern] = []
        list_route = self.routes[0]
        assert isinstance(list_route, Route)
        self.routes[0] = list_route._replace(
            mapping={
                **list_route.mapping,
                "put": "bulk_update",
                "patch": "bulk_partial_update",
                "delete": "bulk_destroy",
            }
        )

    def register(self, prefix: str, viewset: Any, basename: str | None = None, base_name: str | None = None) -> None:
        super().register(prefix, viewset, basename)
        queryset = getattr(viewset, "queryset", None)
        serializer = getattr(viewset, "serializer_class", None)
        if queryset is not None:
            registry.register(registry.Endpoint(queryset.model, self.app, prefix, serializer, viewset, self.prefix))

    def add_lookup(self, prefix: str, view: Any, name: str) -> None:
        """A route that is not a list of objects but answers a question asked in its query parameters
        (`/api/dcim/connected-device/?peer_device=…`): served beside the endpoints, not listed with them."""
        self.lookups.append(path(f"{prefix}/", view, name=name))

    def get_api_root_view(self, api_urls: Any = None) -> Any:
        names = {prefix: self.routes[0].name.format(basename=basename) for prefix, _, basename in self.registry}

        class AppRootView(APIVersionMixin, APIView):
            def get_view_name(self) -> str:
                return f"{type(self).app.upper()} API"

            app = self.app
            is_api_root = True  # a list of links: no `depth` in its schema

            def get(self, request: Request, format: str | None = None) -> Response:
                namespace = request.resolver_match.namespace if request.resolver_match else ""
                return Response(
                    {
                        prefix: reverse(f"{namespace}:{name}", request=request, format=format)
                        for prefix, name in sorted(names.items())
                    }
                )

        return AppRootView.as_view()

    def app_urls(self) -> URLResolver:
        """`path("<app>/", …)` to put under /api/ (a plugin's: under /api/plugins/)."""
        from netkeel.core.api.views import APIRootView

        if not self.prefix:
            APIRootView.apps[self.app] = self.app
        patterns: list[URLPattern | URLResolver] = [*self.lookups, *self.urls]
        return path(f"{self.app}/", include((patterns, f"{self.app}-api")))
