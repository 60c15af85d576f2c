"""The signed-in user's own pages: their API tokens and their profile (groups, permissions, password).

As in Nautobot, every signed-in user manages their own tokens (a token carries its owner's permissions,
never more); the key is shown once, right after it is made, and never again. Tokens are made through the
API's token serializer, so the page and `/api/users/tokens/` check the same things.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.forms import PasswordChangeForm
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse

from netkeel.core.ui import preferences
from netkeel.core.ui.forms import messages_of, serializer_context
from netkeel.core.ui.views import LoginRequiredView
from netkeel.users.api.serializers import TokenSerializer
from netkeel.users.models import ObjectPermission, Token, User


def mask(key: str) -> str:
    return f"…{key[-4:]}" if key else ""


def signed_in_user(request: HttpRequest) -> User:
    assert isinstance(request.user, User), "LoginRequiredView lets only signed-in users in"
    return request.user


class TokenListView(LoginRequiredView):
    template_name = "netkeel/ui/tokens.html"

    def respond(self, new_key: str | None = None, errors: list[str] | None = None, status: int = 200) -> HttpResponse:
        tokens = Token.objects.filter(user=signed_in_user(self.request)).order_by("-created")
        rows = [(token, mask(token.key)) for token in tokens]
        context = {"tokens": rows, "new_key": new_key, "errors": errors or [], "form_data": self.request.POST}
        return render(self.request, self.template_name, context, status=status)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.respond()

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.POST.get("action") == "revoke":
            return self.revoke(request)
        data: dict[str, Any] = {
            "description": request.POST.get("description", ""),
            "write_enabled": request.POST.get("write_enabled") == "on",
        }
        if request.POST.get("expires"):
            data["expires"] = request.POST["expires"]
        serializer = TokenSerializer(data=data, context=serializer_context(request))
        if not serializer.is_valid():
            return self.respond(errors=messages_of(dict(serializer.errors)), status=400)
        with transaction.atomic():
            token = serializer.save()
        return self.respond(new_key=token.key, status=201)

    def revoke(self, request: HttpRequest) -> HttpResponse:
        try:
            token = Token.objects.get(pk=request.POST.get("token", ""), user=signed_in_user(request))
        except (Token.DoesNotExist, ValidationError, ValueError):
            raise Http404("No such token of yours.") from None
        token.delete()
        messages.success(request, f"Token {mask(token.key)} revoked.")
        return HttpResponseRedirect(reverse("user-tokens"))


class ProfileView(LoginRequiredView):
    """The signed-in user's own page: who they are, their groups, the object permissions that apply to them
    (directly or through a group: what they may do, on what, within which constraints), their remembered
    list layouts (to forget), and a form to change their password (the old one first; the session stays)."""

    template_name = "netkeel/ui/profile.html"

    def respond(self, form: PasswordChangeForm | None = None, status: int = 200) -> HttpResponse:
        user = signed_in_user(self.request)
        held = (
            ObjectPermission.objects.filter(Q(users=user) | Q(groups__user=user))
            .distinct()
            .prefetch_related("object_types")
            .order_by("name")
        )
        tables = sorted((preferences.get(user, "tables") or {}).keys())
        context = {
            "profile": user,
            "groups": list(user.groups.order_by("name")),
            "permissions": list(held),
            "tables": tables,
            "form": form or PasswordChangeForm(user),
            "can_set_password": user.has_usable_password(),
        }
        return render(self.request, self.template_name, context, status=status)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.respond()

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = signed_in_user(request)
        if request.POST.get("action") == "forget-layouts":
            preferences.put(user, "tables", {})
            messages.success(request, "Every list shows its default columns and page size again.")
            return HttpResponseRedirect(reverse("user-profile"))
        form = PasswordChangeForm(user, request.POST)
        if not form.is_valid():
            return self.respond(form=form, status=400)
        form.save()
        update_session_auth_hash(request, form.user)  # this session stays signed in; others do not
        messages.success(request, "Your password is changed.")
        return HttpResponseRedirect(reverse("user-profile"))
