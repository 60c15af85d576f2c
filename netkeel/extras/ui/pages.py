"""/extras/: statuses, roles and tags with the generic pages, saved GraphQL queries, the change log
(`changes/`); and what extras lends the pages of every model (the CSV importer, custom fields in forms, the
notes and change-log tabs, the home page's recent changes). Registered from ExtrasConfig.ready(), before
the URL map builds any app's routes, so every model gets the tabs."""

from __future__ import annotations

from netkeel.core.ui import UIRouter, hooks
from netkeel.core.ui.registry import add_router
from netkeel.extras.models import Role, Status, Tag
from netkeel.extras.ui import graphql_queries, objecttabs, webhooks
from netkeel.extras.ui.changes import VIEW_CHANGE, ChangeDetailView, ChangeListView
from netkeel.extras.ui.customfields import CustomFieldForms
from netkeel.extras.ui.importer import import_for_ui


def register() -> None:
    router = UIRouter("extras", label="Extras", weight=90)
    router.register(
        Status, menu_group="Classification", default_columns=("name", "color", "content_types", "description")
    )
    router.register(Role, menu_group="Classification", default_columns=("name", "color", "weight", "content_types"))
    router.register(Tag, menu_group="Classification", default_columns=("name", "color", "content_types", "description"))
    graphql_queries.register(router)
    webhooks.register(router)
    router.add_url("changes/", ChangeListView.as_view(), "objectchange_list")
    router.add_url("changes/<uuid:pk>/", ChangeDetailView.as_view(), "objectchange_detail")
    router.add_menu_link("Change log", "objectchange_list", menu_group="Logging", permission=VIEW_CHANGE)
    add_router(router)

    hooks.register_csv_importer(import_for_ui)
    hooks.register_custom_field_forms(CustomFieldForms())
    objecttabs.register()
