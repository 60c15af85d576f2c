"""The signed-in user's own pages: API tokens and the theme; and the option search of large selects.

Tokens are the users app's model, reached by name (core sits below users). As in Nautobot, every
signed-in user manages their own tokens (a token carries its owner's permissions, never more); the key
is shown once, right after it is made, and never again.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse

from netkeel.core.api import registry as api_registry
from netkeel.core.ui import preferences
from netkeel.core.ui.forms import messages_of, serializer_context
from netkeel.core.ui.registry import ui_for
from netkeel.core.ui.views.base import LoginRequiredView, safe_return_url

OPTIONS_LIMIT = 50


def mask(key: str) -> str:
    return f"…{key[-4:]}" if key else ""


class TokenListView(LoginRequiredView):
    template_name = "netkeel/ui/tokens.html"

    def token_model(self) -> Any:
        return apps.get_model("users", "Token")

    def respond(self, new_key: str | None = None, errors: list[str] | None = None, status: int = 200) -> HttpResponse:
        tokens = self.token_model()._default_manager.filter(user=self.request.user).order_by("-created")
        rows = [(token, mask(token.key)) for token in tokens]
        context = {"tokens": rows, "new_key": new_key, "errors": errors or [], "form_data": self.request.POST}
        return render(self.request, self.template_name, context, status=status)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.respond()

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.POST.get("action") == "revoke":
            return self.revoke(request)
        serializer_class = api_registry.serializer_for(self.token_model())
        if serializer_class is None:
            raise Http404("API tokens are not available.")
        data: dict[str, Any] = {
            "description": request.POST.get("description", ""),
            "write_enabled": request.POST.get("write_enabled") == "on",
        }
        if request.POST.get("expires"):
            data["expires"] = request.POST["expires"]
        serializer = serializer_class(data=data, context=serializer_context(request))
        if not serializer.is_valid():
            return self.respond(errors=messages_of(dict(serializer.errors)), status=400)
        with transaction.atomic():
            token = serializer.save()
        return self.respond(new_key=token.key, status=201)

    def revoke(self, request: HttpRequest) -> HttpResponse:
        model = self.token_model()
        try:
            token = model._default_manager.get(pk=request.POST.get("token"), user=request.user)
        except (model.DoesNotExist, ValidationError, ValueError):
            raise Http404("No such token of yours.") from None
        token.delete()
        messages.success(request, f"Token {mask(token.key)} revoked.")
        return HttpResponseRedirect(reverse("user-tokens"))


class ThemeView(LoginRequiredView):
    """POST theme=light|dark: remembered on the user and in a cookie."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        theme = request.POST.get("theme", "")
        if theme not in preferences.THEMES:
            theme = "dark" if preferences.theme(request) == "light" else "light"
        preferences.put(request.user, "theme", theme)
        response = HttpResponseRedirect(safe_return_url(request, reverse("home")))
        response.set_cookie(preferences.THEME_COOKIE, theme, max_age=365 * 24 * 3600, samesite="Lax")
        return response


class OptionsView(LoginRequiredView):
    """`/ui/options/<app.model>/?_search=text&field=<name>&<name>=<id>…`: `<option>`s for a large select,
    the chosen ones first; only for users who may view that model."""

    template_name = "netkeel/ui/widgets/options.html"

    def get(self, request: HttpRequest, object_type: str, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            model = apps.get_model(object_type)
        except (LookupError, ValueError):
            raise Http404("No such kind of object.") from None
        if not request.user.has_perm(f"{model._meta.app_label}.view_{model._meta.model_name}"):
            raise PermissionDenied("You may not view these objects.")
        field = request.GET.get("field", "")
        chosen = [value for value in request.GET.getlist(field) if value] if field else []
        queryset = model._default_manager.all()
        selected = list(queryset.filter(pk__in=_keys(model, chosen))) if chosen else []
        text = request.GET.get("_search", "").strip()
        matches = list(self.search(model, queryset, text).exclude(pk__in=[obj.pk for obj in selected])[:OPTIONS_LIMIT])
        context = {"selected": selected, "matches": matches, "multiple": request.GET.get("multiple") == "1"}
        return render(request, self.template_name, context)

    def search(self, model: type[models.Model], queryset: models.QuerySet[Any], text: str) -> models.QuerySet[Any]:
        if not text:
            return queryset
        model_ui = ui_for(model)
        filterset = model_ui.filterset if model_ui is not None else None
        if filterset is not None and "q" in filterset.get_filters():
            return filterset({"q": text}, queryset=queryset, request=self.request).qs
        names = {f.name for f in model._meta.fields}
        condition = Q()
        for name in ("name", "label", "model", "cid", "key", "username"):
            if name in names:
                condition |= Q(**{f"{name}__icontains": text})
        return queryset.filter(condition) if condition else queryset.none()


def _keys(model: type[models.Model], values: list[str]) -> list[Any]:
    keys = []
    for value in values:
        try:
            keys.append(model._meta.pk.to_python(value))
        except ValidationError:
            continue
    return keys
