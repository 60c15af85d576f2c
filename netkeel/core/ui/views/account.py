"""The signed-in user's theme, and the option search of large selects. (The user menu's other pages, such
as API tokens, are lent by the apps that own them: see netkeel.core.ui.extensions.)"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse

from netkeel.core.ui import pickers, preferences
from netkeel.core.ui.registry import ui_for
from netkeel.core.ui.views.base import LoginRequiredView, safe_return_url

OPTIONS_LIMIT = 50


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
        queryset = pickers.with_context(model._default_manager.all())
        selected = list(queryset.filter(pk__in=_keys(model, chosen))) if chosen else []
        text = request.GET.get("_search", "").strip()
        found = pickers.search(queryset, text, lambda rows, word: self.search(model, rows, word)) if text else queryset
        matches = list(found.exclude(pk__in=[obj.pk for obj in selected])[:OPTIONS_LIMIT])
        context = {
            "selected": [(obj.pk, pickers.option_label(obj)) for obj in selected],
            "matches": [(obj.pk, pickers.option_label(obj)) for obj in matches],
            "multiple": request.GET.get("multiple") == "1",
        }
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
