from __future__ import annotations

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "netkeel.core"
    label = "core"
    verbose_name = "netkeel core"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from netkeel.core import checks  # noqa: F401 - registers the system checks
        from netkeel.core.graphql.page import register as register_graphiql
        from netkeel.core.tuple_in import install

        install()
        register_graphiql()
