"""netkeel's web UI framework: generic pages for every model, registered per model in one call.

Giving a model its pages
------------------------
In `netkeel/<app>/ui/pages.py`, called from the app's AppConfig.ready() after its API routes::

    from netkeel.core.ui import UIRouter
    from netkeel.core.ui.registry import add_router
    from netkeel.dcim.models import Manufacturer, Platform

    def register() -> None:
        router = UIRouter("dcim", label="Devices", weight=30)      # one menu entry per app
        router.register(Manufacturer, menu_group="Device types")   # a heading inside the menu
        router.register(Platform, menu_group="Device types", default_columns=("name", "manufacturer"))
        add_router(router)

The URL map (`netkeel/urls.py`) serves every registered router. That is all: the model gets, under
`/dcim/<the API endpoint's name>/`, a list (`<app>:<model>_list`), `add/`, `import/`, `edit/` (bulk edit of a
selection), `delete/` (bulk delete), and per object `<id>/` (detail), `<id>/edit/` and `<id>/delete/`
(`_detail`, `_edit`, `_delete`), plus the tabs other apps lend every model (extras: `<id>/notes/` and
`<id>/changelog/`, named `_notes` and `_changelog`; see `extensions`). It appears in the navigation menu
and on the home page's counts for users who may view it.

Apps above core lend pages through `netkeel.core.ui.extensions` (core never names them): object tabs of
every model, home page panels, and user-menu pages.

What is derived, and how to override it (`register` keywords):

- `table=`: a django-tables2 table, by default `tables.table_for(model)` (one column per field; the name
  links to the object, foreign keys to theirs, tags as badges). Subclass `tables.BaseTable` (or pass
  `base=` to `table_for`) for computed columns; declare in `column_select`/`column_prefetch` what each
  column needs fetched with the page, so a page's query count stays flat.
- `filterset=`: the API endpoint's `filterset_class` (so the page takes exactly the API's filters).
- `form=`: a ModelForm over the fields the API serializer writes (`forms.form_for`); subclass
  `forms.NetkeelModelForm` to change widgets. Saving always goes through the serializer
  (`serializer=`, default: the endpoint's), so services and model rules apply as in the API.
- The queryset is the API viewset's (with its annotations), and deletes go through the viewset's
  `delete_instance` (its service), in the UI as in the API.
- `tabs=[ObjectTab("interfaces", "Interfaces", InterfacesTab, permission="dcim.view_interface")]`: extra
  tabs of the detail page, each a subclass of `views.ObjectTabView` with a `template_name` extending
  `netkeel/ui/object.html` and a `tab_context(obj)`.
- `detail_template=`: a template extending `netkeel/ui/detail.html` (blocks `detail_main`, `detail_side`),
  with `detail_view=` a subclass of `views.ObjectDetailView` whose `extra_context(obj)` gives it data;
  `detail_exclude=` drops fields from the field card.
- `router.add_url(route, view, name)`: any other page of the app (a trace, an elevation), under `/<app>/`;
  subclass `views.ModelView`/`views.ObjectView` to inherit sign-in and permission checks.

Every page needs sign-in and the model permission of its action (view/add/change/delete); CSRF protects
every form; every value is escaped (only Markdown sanitized by nh3 is rendered as HTML). Tests: subclass
`netkeel.core.testing.ui.UIModelTests` per model (list/detail query counts, CRUD, bulk, permissions,
CSRF, XSS) — see netkeel/tenancy/tests/test_ui.py.
"""

from netkeel.core.ui.registry import ModelUI, ObjectTab, UIRouter, object_url, ui_for, url_for

__all__ = ["ModelUI", "ObjectTab", "UIRouter", "object_url", "ui_for", "url_for"]
