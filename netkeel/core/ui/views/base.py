"""What every generic page shares: sign-in and the model permission of its action, the object, the
return URL, and writes through the API's own code paths."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404, HttpRequest, HttpResponseBase
from django.shortcuts import get_object_or_404
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View

from netkeel.core import permissions
from netkeel.core.permissions import restrict
from netkeel.core.ui import labels, visibility
from netkeel.core.ui.forms import drf_request
from netkeel.core.ui.registry import ACTION_PERMISSIONS, ModelUI, ObjectTab


def safe_return_url(request: HttpRequest, default: str) -> str:
    """`?return_url=` (or the POSTed one) when it is a path on this site, else `default`."""
    candidate = request.POST.get("return_url") or request.GET.get("return_url") or ""
    if (
        candidate.startswith("/")
        and not candidate.startswith(("//", "/\\"))
        and url_has_allowed_host_and_scheme(candidate, allowed_hosts={request.get_host()}, require_https=False)
    ):
        return candidate
    return default


# A page's action → the object permission action narrowing the objects it reads or writes: the registry's
# model permission of that action, but an import may also change the objects its rows name.
OBJECT_ACTIONS = {**ACTION_PERMISSIONS, "import": "change"}


class LoginRequiredView(View):
    """Anyone not signed in goes to the login page and comes back."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        with visibility.viewing(request.user):  # what the page names of related objects (`visibility`)
            return super().dispatch(request, *args, **kwargs)


class ModelView(LoginRequiredView):
    """A page of one registered model; `action` names the permission it needs (see registry)."""

    model_ui: ClassVar[ModelUI | None] = None
    action: ClassVar[str] = "list"
    template_name: ClassVar[str] = ""

    @property
    def ui(self) -> ModelUI:
        assert self.model_ui is not None, "views are created by UIRouter with their model_ui"
        return self.model_ui

    def get_action(self) -> str:
        return self.action

    def extra_permissions(self) -> list[str]:
        return []

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        needed = [self.ui.permission(self.get_action()), *self.extra_permissions()]
        if not request.user.has_perms(needed):
            raise PermissionDenied(f"You need the {', '.join(needed)} permission for this page.")
        return super().dispatch(request, *args, **kwargs)

    def user_may(self, action: str) -> bool:
        return bool(self.request.user.has_perm(self.ui.permission(action)))

    def base_context(self) -> dict[str, Any]:
        ui = self.ui
        return {
            "model_ui": ui,
            "verbose_name": ui.verbose_name,
            "verbose_name_plural": ui.verbose_name_plural,
            "verbose_name_article": labels.article(ui.verbose_name),
            "list_url": ui.url("list"),
            "may": {action: self.user_may(action) for action in ("view", "add", "change", "delete")},
        }

    def object_action(self) -> str:
        """The action whose object permissions narrow the objects this page reads or writes."""
        return OBJECT_ACTIONS.get(self.get_action(), "view")

    def restricted(self, queryset: models.QuerySet[Any], action: str | None = None) -> models.QuerySet[Any]:
        """`queryset` narrowed by the one enforcement point to what the user may `action` (the page's)."""
        return restrict(queryset, self.request.user, action or self.object_action())

    def check_written(self, objects: list[Any], action: str) -> None:
        permissions.check_written(self.request.user, objects, action)

    def detail_queryset(self) -> models.QuerySet[Any]:
        """The object with what its page shows: every foreign key fetched with it."""
        queryset = self.restricted(self.ui.base_queryset())
        relations = [f.name for f in self.ui.model._meta.concrete_fields if f.is_relation and f.many_to_one]
        return queryset.select_related(*relations) if relations else queryset

    def get_object(self, queryset: models.QuerySet[Any] | None = None) -> Any:
        try:
            return get_object_or_404(queryset if queryset is not None else self.detail_queryset(), pk=self.kwargs["pk"])
        except (ValueError, TypeError):
            raise Http404 from None


class ObjectView(ModelView):
    """A page of one object: its header, and the tabs the user may open."""

    tab: ClassVar[ObjectTab | None] = None
    active_tab: ClassVar[str] = "detail"

    def object_context(self, obj: Any) -> dict[str, Any]:
        from netkeel.core.ui.views.objects import object_tabs

        visibility.seen([obj])  # read through `restrict`
        return {
            **self.base_context(),
            "object": obj,
            "tabs": object_tabs(self.request, self.ui, obj),
            "active_tab": self.tab.name if self.tab is not None else self.active_tab,
            "return_here": self.request.get_full_path(),
        }


def delete_object(model_ui: ModelUI, request: HttpRequest, obj: Any) -> None:
    """Delete `obj` as the API would: through its viewset's `delete_instance` (a service, for models whose
    deletes have consequences). The caller holds the transaction."""
    viewset_class = model_ui.viewset
    if viewset_class is None:
        obj.delete()
        return
    view = viewset_class()
    view.request = drf_request(request, "DELETE")
    view.action = "destroy"
    view.args, view.kwargs, view.format_kwarg = (), {"pk": obj.pk}, None
    view.delete_instance(obj)
