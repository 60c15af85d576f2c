from __future__ import annotations

from django.apps import AppConfig


class UsersConfig(AppConfig):
    name = "netkeel.users"
    label = "users"
    verbose_name = "Users"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from netkeel.users import ldap  # noqa: F401 - registers the LDAP configuration checks
        from netkeel.users.api import routes
        from netkeel.users.ui import pages

        routes.register()
        pages.register()
