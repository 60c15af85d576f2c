"""Tables of the administration lists: the generated ones over the fields that may be shown, with the
columns shown first chosen. A user's password hash and a token's key are never columns (a token's owner
sees its key once, when it is made)."""

from __future__ import annotations

from django.contrib.auth.models import Group

from netkeel.core.ui.tables import table_for
from netkeel.users.models import ObjectPermission, Token, User

USER_COLUMNS = ("username", "first_name", "last_name", "email", "is_active", "is_staff", "is_superuser")
UserTable = table_for(User, fields=(*USER_COLUMNS, "date_joined", "last_login", "groups"), default_columns=USER_COLUMNS)
GroupTable = table_for(Group, default_columns=("name",))
ObjectPermissionTable = table_for(
    ObjectPermission, default_columns=("name", "enabled", "object_types", "actions", "description")
)
TOKEN_COLUMNS = ("user", "description", "write_enabled", "expires", "last_used")
TokenTable = table_for(Token, fields=(*TOKEN_COLUMNS, "created"), default_columns=TOKEN_COLUMNS)
