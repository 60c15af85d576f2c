"""`/api/plugins/` and `/api/apps/` as Nautobot 3 serves them: each a root naming `installed-plugins`
(`installed-apps`) and every plugin that has an API (`<base_url>: its root`), and the list of installed
plugins (staff only) with each one's name, package, author, description, version and pages."""

from __future__ import annotations

from typing import Any

from django.urls import NoReverseMatch
from drf_spectacular.utils import extend_schema
from rest_framework import permissions
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from netkeel.core.api import registry
from netkeel.core.api.views import APIVersionMixin
from netkeel.core.plugins import PluginConfig, installed_plugins


def _page(view_name: str | None) -> str | None:
    """The view name of a plugin's page when it exists (Nautobot gives the name, not the URL)."""
    if not view_name:
        return None
    try:
        reverse(view_name)
    except NoReverseMatch:
        return None
    return view_name


def plugin_data(plugin: PluginConfig) -> dict[str, Any]:
    return {
        "name": str(plugin.verbose_name),
        "package": plugin.name,
        "app_label": plugin.label,
        "author": plugin.author,
        "author_email": plugin.author_email,
        "description": plugin.description,
        "headline": plugin.description,
        "version": plugin.version,
        "home_url": _page(plugin.home_view_name),
        "config_url": _page(plugin.config_view_name),
        "docs_url": _page(plugin.docs_view_name),
    }


class InstalledPluginsView(APIVersionMixin, APIView):
    """`GET /api/plugins/installed-plugins/` (and `/api/apps/installed-apps/`): staff only, as in Nautobot."""

    permission_classes = [permissions.IsAdminUser]
    title = "Installed Plugins"

    def get_view_name(self) -> str:
        return self.title

    @extend_schema(exclude=True)  # as Nautobot: not in the schema
    def get(self, request: Request, format: str | None = None) -> Response:
        return Response([plugin_data(plugin) for plugin in installed_plugins()])


class PluginsRootView(APIVersionMixin, APIView):
    """`GET /api/plugins/` (`/api/apps/`): the installed-plugins list, then each plugin with an API."""

    permission_classes = [permissions.IsAuthenticated]
    title = "Plugins"
    list_key = "installed-plugins"

    def get_view_name(self) -> str:
        return self.title

    @extend_schema(exclude=True)
    def get(self, request: Request, format: str | None = None) -> Response:
        namespace = request.resolver_match.namespace if request.resolver_match else ""
        served = {router.app for router in registry.routers(PLUGINS_PREFIX)}
        body = {self.list_key: reverse(f"{namespace}:{self.list_key}", request=request, format=format)}
        for plugin in installed_plugins():
            if plugin.base_url in served:
                body[plugin.base_url] = reverse(
                    f"api:plugins-api:{plugin.base_url}-api:api-root", request=request, format=format
                )
        return Response(body)


class AppsRootView(PluginsRootView):
    title = "Apps"
    list_key = "installed-apps"


class InstalledAppsView(InstalledPluginsView):
    title = "Installed Apps"


PLUGINS_PREFIX = "plugins/"
