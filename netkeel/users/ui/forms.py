"""The add and edit forms of the administration pages. Each writes through its API serializer (the generic
views do), so a page refuses what `/api/users/…` refuses: a weak password, a superuser made by a
non-superuser, a constraint on a field the model does not have."""

from __future__ import annotations

from typing import Any

from django import forms

from netkeel.core.ui.forms import NetkeelModelForm
from netkeel.users.models import Token, User


class UserForm(NetkeelModelForm):
    """A password is set here, never shown: left empty on an edit, the user keeps theirs."""

    password = forms.CharField(
        required=False,
        strip=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text="Leave empty to keep the current password (or to make a user who signs in through LDAP).",
    )

    class Meta(NetkeelModelForm.Meta):
        model = User
        fields = ["username", "first_name", "last_name", "email", "is_active", "is_staff", "is_superuser", "groups"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.order_fields(["username", "password"])

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("password"):
            cleaned.pop("password", None)  # not sent to the serializer: nothing to change
        return cleaned


class TokenForm(NetkeelModelForm):
    """A token for any user; its key is made by the server and shown once, on the owner's own tokens page."""

    class Meta(NetkeelModelForm.Meta):
        model = Token
        fields = ["user", "description", "write_enabled", "expires"]
