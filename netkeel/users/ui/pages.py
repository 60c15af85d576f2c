"""/users/: the administration pages of users, groups, object permissions and every user's API tokens
(the generic list, detail, add, edit, delete and bulk pages, each behind its model permission, writing
through the API serializers so a page checks what `/api/users/…` checks), and the signed-in user's own
API tokens page in the user menu (lent to core, `netkeel.core.ui.extensions`). Registered from
UsersConfig.ready()."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group

from netkeel.core.ui import UIRouter
from netkeel.core.ui.extensions import UserPage, register_user_page
from netkeel.core.ui.registry import add_router
from netkeel.users.models import ObjectPermission, Token, User


def register() -> None:
    from netkeel.users.ui.forms import TokenForm, UserForm
    from netkeel.users.ui.tables import GroupTable, ObjectPermissionTable, TokenTable, UserTable
    from netkeel.users.ui.views import ProfileView, TokenListView

    router = UIRouter("users", label="Administration", weight=200)
    shared: dict[str, Any] = {"importable": False, "menu_group": "Users"}
    router.register(User, table=UserTable, form=UserForm, detail_exclude=("password",), **shared)
    router.register(Group, table=GroupTable, **shared)
    router.register(ObjectPermission, table=ObjectPermissionTable, importable=False, menu_group="Permissions")
    router.register(Token, table=TokenTable, form=TokenForm, detail_exclude=("key",), **shared)
    add_router(router)
    register_user_page(UserPage("user-profile", "Profile", "person", "user/profile/", ProfileView.as_view()))
    register_user_page(UserPage("user-tokens", "API tokens", "key", "user/api-tokens/", TokenListView.as_view()))
