"""The user menu's API tokens page, registered with core (imported by `netkeel.core.urls`, which
imports every installed app's `ui.urls` before it routes the user pages)."""

from __future__ import annotations

from netkeel.core.ui.extensions import UserPage, register_user_page
from netkeel.users.ui.views import TokenListView

register_user_page(UserPage("user-tokens", "API tokens", "key", "user/api-tokens/", TokenListView.as_view()))
