"""The user menu's API tokens page, lent to core (`netkeel.core.ui.extensions`) from UsersConfig.ready()."""

from __future__ import annotations

from netkeel.core.ui.extensions import UserPage, register_user_page


def register() -> None:
    from netkeel.users.ui.views import TokenListView

    register_user_page(UserPage("user-tokens", "API tokens", "key", "user/api-tokens/", TokenListView.as_view()))
