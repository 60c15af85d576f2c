"""/extras/: statuses, roles and tags with the generic pages; and what extras lends the pages of every
model (the CSV importer, custom fields in forms, the notes and change-log tabs, the home page's recent
changes). Imported by the URL map before any app's routes are built, so every model gets the tabs."""

from __future__ import annotations

from netkeel.core.ui import UIRouter, hooks
from netkeel.extras.api.urls import router as api_router  # noqa: F401 - the endpoints the pages derive from
from netkeel.extras.models import Role, Status, Tag
from netkeel.extras.ui import objecttabs
from netkeel.extras.ui.customfields import CustomFieldForms
from netkeel.extras.ui.importer import import_for_ui

router = UIRouter("extras", label="Extras", weight=90)
router.register(Status, menu_group="Classification", default_columns=("name", "color", "content_types", "description"))
router.register(Role, menu_group="Classification", default_columns=("name", "color", "weight", "content_types"))
router.register(Tag, menu_group="Classification", default_columns=("name", "color", "content_types", "description"))

hooks.register_csv_importer(import_for_ui)
hooks.register_custom_field_forms(CustomFieldForms())
objecttabs.register()

urlpatterns = router.urls
