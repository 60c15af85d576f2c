"""The add and edit forms of the administration pages. Each writes through its API serializer (the generic
views do), so a page refuses what `/api/users/…` refuses: a weak password, a superuser made by a
non-superuser, a constraint on a field the model does not have."""

from __future__ import annotations

from typing import Any

from netkeel.core.ui.forms import KeepsEmptySecrets, NetkeelModelForm, secret_field
from netkeel.users.models import Token, User


class UserForm(KeepsEmptySecrets, NetkeelModelForm):
    """A password is set here, never shown: left empty on an edit, the user keeps theirs."""

    password = secret_field("Leave empty to keep the current password (or to make a user who signs in through LDAP).")
    kept_if_empty = ("password",)

    class Meta(NetkeelModelForm.Meta):
        model = User
        fields = ["username", "first_name", "last_name", "email", "is_active", "is_staff", "is_superuser", "groups"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.order_fields(["username", "password"])


class TokenForm(NetkeelModelForm):
    """A token for any user; its key is made by the server and shown once, on the owner's own tokens page."""

    class Meta(NetkeelModelForm.Meta):
        model = Token
        fields = ["user", "description", "write_enabled", "expires"]
