"""`UIModelTests`: the contract every model's web pages meet (as `APIEndpointTests` for the API). A test
class per registered model sets a few attributes and gets every test:

    class TestTenantPages(UIModelTests):
        model = Tenant

        def make(self, index):               # one object, saved; index 0, 1, 2, …
            return Tenant.objects.create(name=f"tenant-{index}")

        def form_data(self):                 # a valid POST of the add form
            return {"name": "new"}

        edit_data = {"description": "changed"}        # merged onto the edit form's current values
        bulk_edit_data = {"description": "bulk"}      # set on two objects by bulk edit
        bad_form_data = [({"name": ""}, "name")]      # (POST, field whose error shows inline)
        filter_cases = [("q", "tenant-1", 1)]         # (parameter, value, rows among 3 made)

Tests: list and detail pages render with a query count that does not grow with rows; add, edit and
delete through the forms (errors inline, nothing written on a bad form); bulk edit and bulk delete of a
selection; sign-in and the model permissions on every page and action; CSRF on every form; and the XSS
payloads in names, descriptions, comments, tags, custom fields and notes escaped on every page.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar, cast

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection, models
from django.test import Client
from django.test.utils import CaptureQueriesContext

from netkeel.core.testing.constrained import ConstrainedUITests
from netkeel.core.ui.registry import ModelUI, ui_for

SCRIPT = '<script>alert("xss")</script>'
ATTRIBUTE = '"><img src=x onerror=alert(1)>'
PAYLOAD = f"{SCRIPT}{ATTRIBUTE}"
# What must never reach a page unescaped.
RAW = ("<script>alert(", "<img src=x onerror")


def make_user(username: str, *, superuser: bool = False, perms: tuple[str, ...] = ()) -> Any:
    User = apps.get_model("users", "User")  # by name: core sits below the users app
    user = User.objects.create(username=username, is_superuser=superuser, is_staff=superuser)
    for perm in perms:
        app_label, codename = perm.split(".")
        user.user_permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    return user


def signed_in(user: Any, **kwargs: Any) -> Client:
    client = Client(**kwargs)
    client.force_login(user)
    return client


CSRF_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


def assert_cells_as_django_tables2_renders(
    client: Client, user: Any, model_ui: ModelUI, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The list page of `model_ui` with every column shown, its cells rendered by the columns' plans
    (core/ui/tables.py `CellPlan`), is the same HTML as with django-tables2's own `BoundRow.get_cell` for
    every cell (the CSRF token aside, which differs on every page)."""
    from netkeel.core.ui import preferences
    from netkeel.core.ui.tables import CellPlan
    from netkeel.core.ui.views.objects import table_key

    table_class = model_ui.table
    every = [name for name, _ in table_class.choosable_columns()]
    preferences.set_table(user, table_key(model_ui), columns=every)
    url = f"{model_ui.url('list')}?per_page=1000"
    planned = client.get(url)
    with monkeypatch.context() as patch:
        patch.setattr(CellPlan, "cell", lambda plan, row: row.get_cell(plan.name))
        generic = client.get(url)
    assert planned.status_code == generic.status_code == 200, url
    page, reference = (CSRF_TOKEN.sub("", response.content.decode()) for response in (planned, generic))
    assert page == reference, url


def assert_escaped(html: str, where: str) -> None:
    for raw in RAW:
        assert raw not in html, f"unescaped {raw!r} on {where}"


def post_forms_have_csrf(html: str) -> bool:
    """Every `<form method="post">` carries a CSRF token before it closes."""
    for match in re.finditer(r"<form\b[^>]*method=\"post\"[^>]*>(.*?)</form>", html, re.S | re.I):
        if "csrfmiddlewaretoken" not in match.group(1):
            return False
    return True


def form_values(form: Any) -> dict[str, Any]:
    """A form's current values as a browser would POST them."""
    data: dict[str, Any] = {}
    for name, bound in form.fields.items():
        value = form[name].value()
        widget = bound.widget
        if widget.__class__.__name__ == "CheckboxInput":
            if value:
                data[name] = "on"
            continue
        if isinstance(value, list | tuple):
            data[name] = [str(item) for item in value if item not in (None, "")]
        elif value is None:
            data[name] = ""
        else:
            data[name] = str(value)
    return data


class UIModelTests(ConstrainedUITests):
    model: ClassVar[type[models.Model]]
    edit_data: ClassVar[dict[str, Any]] = {"description": "changed by the form"}
    bulk_edit_data: ClassVar[dict[str, Any]] = {"description": "changed in bulk"}
    bad_form_data: ClassVar[list[tuple[dict[str, Any], str]]] = []
    filter_cases: ClassVar[list[tuple[str, str, int]]] = []
    deletable: ClassVar[bool] = True
    query_count_rows: ClassVar[tuple[int, int]] = (3, 30)
    # Fields the XSS test fills with the payload (those the model has).
    xss_fields: ClassVar[tuple[str, ...]] = ("name", "label", "description", "comments")
    # False where the add form's other values cannot be shared by several objects (front ports on one
    # rear port position): a name pattern is then refused on the form, and nothing is written.
    pattern_makes_many: ClassVar[bool] = True
    # Whether two objects of the add form's values may share a name (the pattern test's rollback check).
    names_are_unique: ClassVar[bool] = True

    def make(self, index: int) -> models.Model:
        raise NotImplementedError

    def form_data(self) -> dict[str, Any]:
        raise NotImplementedError

    def make_many(self, count: int, start: int = 0) -> list[models.Model]:
        return [self.make(index) for index in range(start, start + count)]

    @property
    def ui(self) -> ModelUI:
        model_ui = ui_for(self.model)
        assert model_ui is not None, f"{self.model.__name__} has no pages"
        return model_ui

    def perm(self, action: str) -> str:
        return f"{self.model._meta.app_label}.{action}_{self.model._meta.model_name}"

    @pytest.fixture
    def ui_client(self, db: Any) -> Client:
        return signed_in(make_user("ui-admin", superuser=True))

    # ---------------------------------------------------------------------------- reads and query counts

    def count_queries(self, client: Client, url: str) -> tuple[int, Any]:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        return len(ctx), response

    def test_list_query_count_does_not_grow_with_rows(self, ui_client: Client) -> None:
        few, many = self.query_count_rows
        made = self.make_many(few)
        url = f"{self.ui.url('list')}?per_page=1000"
        self.count_queries(ui_client, url)  # warm caches (content types, the user's preferences)
        small, response = self.count_queries(ui_client, url)
        html = response.content.decode()
        for obj in made:
            assert self.ui.url("detail", obj) in html
        self.make_many(many - few, start=few)
        large, response = self.count_queries(ui_client, url)
        assert response.context["table"].paginator.count >= many
        assert large <= small, f"list queries grew with rows: {small} for {few}, {large} for {many}"

    def test_list_cells_render_as_django_tables2_renders_them(
        self, ui_client: Client, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        self.make_many(3)
        user = get_user_model().objects.get(username="ui-admin")
        assert_cells_as_django_tables2_renders(ui_client, user, self.ui, monkeypatch)

    def test_detail_query_count_does_not_grow_with_rows(self, ui_client: Client) -> None:
        obj = self.make(0)
        url = self.ui.url("detail", obj)
        self.count_queries(ui_client, url)
        small, response = self.count_queries(ui_client, url)
        assert str(obj) in response.content.decode()
        self.make_many(self.query_count_rows[1], start=1)
        large, _ = self.count_queries(ui_client, url)
        assert large <= small, f"detail queries grew with rows: {small}, then {large}"
        for url in self.shared_tab_urls(obj):
            assert ui_client.get(url).status_code == 200, url

    def test_filters(self, ui_client: Client) -> None:
        self.make_many(3)
        for parameter, value, expected in self.filter_cases:
            response = ui_client.get(self.ui.url("list"), {parameter: value})
            assert response.status_code == 200, (parameter, response.status_code)
            assert response.context["table"].paginator.count == expected, (parameter, value)
        response = ui_client.get(self.ui.url("list"), {"no_such_filter": "1"})
        assert response.status_code == 200 and "no_such_filter" in response.content.decode()

    def test_export_link_carries_the_filters(self, ui_client: Client) -> None:
        response = ui_client.get(self.ui.url("list"), {"q": "x y"})
        export = response.context["export_url"]
        assert export.startswith("/api/") and "format=csv" in export and "q=x+y" in export

    # ---------------------------------------------------------------------------- writes through forms

    def test_create_through_the_form(self, ui_client: Client) -> None:
        assert ui_client.get(self.ui.url("add")).status_code == 200
        before = self.model._default_manager.count()
        response = ui_client.post(self.ui.url("add"), self.form_data())
        assert response.status_code == 302, response.content.decode()[-3000:]
        assert self.model._default_manager.count() == before + 1

    def test_bad_form_shows_errors_inline_and_writes_nothing(self, ui_client: Client) -> None:
        before = self.model._default_manager.count()
        for data, field in self.bad_form_data:
            response = ui_client.post(self.ui.url("add"), {**self.form_data(), **data})
            assert response.status_code == 400, (data, response.status_code)
            form = response.context["form"]
            assert form.errors.get(field) or (field == "__all__" and form.non_field_errors()), (data, form.errors)
            assert "invalid-feedback" in response.content.decode() or "alert-danger" in response.content.decode()
        assert self.model._default_manager.count() == before

    def test_create_and_add_another_returns_to_the_prefilled_add_page(self, ui_client: Client) -> None:
        add = self.ui.url("add")
        query = "return_url=%2Fsomewhere%2F"
        response = ui_client.post(f"{add}?{query}", {**self.form_data(), "_addanother": "1"})
        assert response.status_code == 302, response.content.decode()[-3000:]
        assert response["Location"] == f"{add}?{query}"
        assert "Create and add another" in ui_client.get(add).content.decode()

    def test_a_name_pattern_makes_one_object_per_name_or_is_a_form_error(self, ui_client: Client) -> None:
        """On a name-pattern add page (components, templates) `…[1-3]` makes three in one transaction; a
        pattern that does not expand, or labels of another count, is an error on its field."""
        data = self.form_data()
        if not self.ui.name_patterns:
            assert "name" not in data or "[1-3]" not in ui_client.get(self.ui.url("add")).content.decode()
            return
        before = self.model._default_manager.count()
        names = [f"{data['name']}{n}" for n in (1, 2, 3)]
        response = ui_client.post(self.ui.url("add"), {**data, "name": f"{data['name']}[1-3]", "label": "L[a-c]"})
        if not self.pattern_makes_many:
            assert response.status_code == 400 and response.context["form"].errors
            assert self.model._default_manager.count() == before
            return
        assert response.status_code == 302, response.content.decode()[-3000:]
        made = self.model._default_manager.filter(name__in=names)
        assert sorted(made.values_list("name", "label")) == [(names[0], "La"), (names[1], "Lb"), (names[2], "Lc")]
        for bad, field in (({"name": "x[3-1]"}, "name"), ({"name": "y[1-3]", "label": "L[1-2]"}, "label")):
            response = ui_client.post(self.ui.url("add"), {**data, **bad})
            assert response.status_code == 400 and response.context["form"].errors.get(field), bad
        if self.names_are_unique:
            # A name taken half-way undoes the whole add.
            response = ui_client.post(self.ui.url("add"), {**data, "name": f"{data['name']}[3-5]", "label": ""})
            assert response.status_code == 400 and names[2] in str(response.context["form"].errors)
            assert self.model._default_manager.count() == before + 3

    def test_edit_through_the_form(self, ui_client: Client) -> None:
        obj = self.make(0)
        url = self.ui.url("edit", obj)
        page = ui_client.get(url)
        assert page.status_code == 200
        data = {**form_values(page.context["form"]), **self.edit_data}
        response = ui_client.post(f"{url}?return_url=https://evil.example/", data)
        assert response.status_code == 302, response.content.decode()[-3000:]
        assert response["Location"] == self.ui.url("detail", obj), "return_url must be a local path"
        obj.refresh_from_db()
        for name, value in self.edit_data.items():
            assert str(getattr(obj, name)) == str(value), name

    def test_delete_confirms_then_deletes(self, ui_client: Client) -> None:
        if not self.deletable:
            pytest.skip("objects of this model are not deleted from the UI")
        obj = self.make(0)
        url = self.ui.url("delete", obj)
        page = ui_client.get(url)
        assert page.status_code == 200 and "Delete" in page.content.decode()
        response = ui_client.post(url)
        assert response.status_code == 302
        assert not self.model._default_manager.filter(pk=obj.pk).exists()

    def test_bulk_edit(self, ui_client: Client) -> None:
        if not self.bulk_edit_data:
            pytest.skip("the model has no field several objects may share")
        made = self.make_many(2)
        ids = [str(obj.pk) for obj in made]
        page = ui_client.post(self.ui.url("bulk_edit"), {"pk": ids})
        assert page.status_code == 200
        response = ui_client.post(self.ui.url("bulk_edit"), {"pk": ids, "_apply": "1", **self.bulk_edit_data})
        assert response.status_code == 302, response.content.decode()[-3000:]
        for obj in made:
            obj.refresh_from_db()
            for name, value in self.bulk_edit_data.items():
                assert str(getattr(obj, name)) == str(value), name

    def test_bulk_delete(self, ui_client: Client) -> None:
        if not self.deletable:
            pytest.skip("objects of this model are not deleted from the UI")
        made = self.make_many(2)
        ids = [str(obj.pk) for obj in made]
        page = ui_client.post(self.ui.url("bulk_delete"), {"pk": ids})
        assert page.status_code == 200
        assert self.model._default_manager.filter(pk__in=ids).count() == 2
        response = ui_client.post(self.ui.url("bulk_delete"), {"pk": ids, "_confirm": "1"})
        assert response.status_code == 302
        assert not self.model._default_manager.filter(pk__in=ids).exists()

    # ---------------------------------------------------------------------------- safety

    def shared_tab_urls(self, obj: models.Model) -> list[str]:
        """The notes and change log tabs, on the models they apply to (not those with integer keys)."""
        return [self.ui.url(tab.name, obj) for tab in self.ui.all_tabs if tab.name in ("notes", "changelog")]

    def page_urls(self, obj: models.Model) -> list[str]:
        ui = self.ui
        return [
            ui.url("list"),
            ui.url("add"),
            *([ui.url("import")] if ui.importable else []),
            ui.url("detail", obj),
            ui.url("edit", obj),
            ui.url("delete", obj),
            *self.shared_tab_urls(obj),
        ]

    def test_every_page_needs_sign_in_and_permission(self, db: Any) -> None:
        obj = self.make(0)
        urls = self.page_urls(obj)
        anonymous = Client()
        for url in urls:
            response = anonymous.get(url)
            assert response.status_code == 302 and response["Location"].startswith("/login/"), url
        for url in (self.ui.url("bulk_edit"), self.ui.url("bulk_delete"), self.ui.url("add")):
            assert anonymous.post(url, {"pk": [str(obj.pk)]}).status_code == 302, url
        nobody = signed_in(make_user("nobody"))
        for url in urls:
            assert nobody.get(url).status_code == 403, url
        reader = signed_in(make_user("reader", perms=(self.perm("view"),)))
        assert reader.get(self.ui.url("list")).status_code == 200
        assert reader.get(self.ui.url("detail", obj)).status_code == 200
        writes = [self.ui.url("add"), self.ui.url("edit", obj), self.ui.url("delete", obj)]
        for url in [*writes, *([self.ui.url("import")] if self.ui.importable else [])]:
            assert reader.get(url).status_code == 403, url
        assert reader.post(self.ui.url("edit", obj), self.edit_data).status_code == 403
        assert reader.post(self.ui.url("delete", obj)).status_code == 403
        assert reader.post(self.ui.url("bulk_edit"), {"pk": [str(obj.pk)], "_apply": "1"}).status_code == 403
        assert reader.post(self.ui.url("bulk_delete"), {"pk": [str(obj.pk)], "_confirm": "1"}).status_code == 403
        assert reader.post(self.ui.url("add"), self.form_data()).status_code == 403
        html = reader.get(self.ui.url("list")).content.decode()
        assert self.ui.url("add") not in html and self.ui.url("bulk_delete") not in html
        assert self.model._default_manager.filter(pk=obj.pk).exists()

    def test_every_form_is_csrf_protected(self, db: Any) -> None:
        obj = self.make(0)
        client = signed_in(make_user("csrf-admin", superuser=True), enforce_csrf_checks=True)
        for url in self.page_urls(obj):
            html = client.get(url).content.decode()
            assert post_forms_have_csrf(html), url
        before = self.model._default_manager.count()
        assert client.post(self.ui.url("add"), self.form_data()).status_code == 403
        assert client.post(self.ui.url("delete", obj)).status_code == 403
        assert client.post(self.ui.url("bulk_delete"), {"pk": [str(obj.pk)], "_confirm": "1"}).status_code == 403
        assert self.model._default_manager.count() == before

    def make_xss(self) -> models.Model:
        """An object with the payload in its text fields, a tag, a custom field value and a note."""
        obj = self.make(0)
        model = type(obj)
        names = {f.name: f for f in model._meta.concrete_fields}
        values: dict[str, Any] = {}
        for name in self.xss_fields:
            field = names.get(name)
            if isinstance(field, models.CharField | models.TextField):
                limit = field.max_length or 1000
                values[name] = PAYLOAD[:limit] if not field.unique else f"{PAYLOAD}{obj.pk}"[:limit]
        if "custom_field_data" in names:
            values["custom_field_data"] = {"xss": PAYLOAD}
        model._default_manager.filter(pk=obj.pk).update(**values)
        if any(f.name == "tags" for f in model._meta.many_to_many):
            tag_model = apps.get_model("extras", "Tag")
            tag = tag_model._default_manager.create(name=f"{SCRIPT}tag", description=ATTRIBUTE)
            tag.content_types.add(ContentType.objects.get_for_model(model))
            cast(Any, obj).tags.add(tag)
        if self.shared_tab_urls(obj):
            note_model = apps.get_model("extras", "Note")
            note_model._default_manager.create(
                assigned_object_type=ContentType.objects.get_for_model(model), assigned_object_id=obj.pk, note=PAYLOAD
            )
        obj.refresh_from_db()
        return obj

    def test_user_strings_are_escaped_on_every_page(self, ui_client: Client) -> None:
        obj = self.make_xss()
        ui = self.ui
        pages = [
            *self.page_urls(obj),
            f"{ui.url('list')}?q={PAYLOAD}",
            f"{ui.url('list')}?{PAYLOAD}=1",
            f"{ui.url('edit', obj)}?return_url={PAYLOAD}",
            "/",
        ]
        for url in pages:
            response = ui_client.get(url)
            assert response.status_code in (200, 400), (url, response.status_code)
            assert_escaped(response.content.decode(), url)
        escaped_somewhere = ui_client.get(ui.url("detail", obj)).content.decode()
        assert "&lt;script&gt;" in escaped_somewhere
        forms = [
            (ui.url("bulk_edit"), {"pk": [str(obj.pk)]}),
            (ui.url("bulk_delete"), {"pk": [str(obj.pk)]}),
            *[(url, {"note": ""}) for url in self.shared_tab_urls(obj) if url.endswith("/notes/")],
            (ui.url("add"), {**self.form_data(), **{name: PAYLOAD for name in ("name",)}}),
            (ui.url("edit", obj), {"name": ""}),
        ]
        for url, data in forms:
            response = ui_client.post(url, data)
            assert response.status_code in (200, 302, 400, 409), (url, response.status_code)
            assert_escaped(response.content.decode(), url)
        if self.deletable:
            response = ui_client.post(ui.url("delete", obj))
            assert_escaped(response.content.decode(), "delete")
            follow = ui_client.get(ui.url("list"))
            assert_escaped(follow.content.decode(), "list after delete (messages)")
