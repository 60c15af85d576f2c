"""The tenancy pages: the shared page contract for tenant groups and tenants, and their own behaviour."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from netkeel.core.testing.ui import UIModelTests
from netkeel.tenancy.models import Tenant, TenantGroup

pytestmark = pytest.mark.django_db


class TestTenantGroupPages(UIModelTests):
    model = TenantGroup
    bad_form_data = [({"name": ""}, "name")]
    filter_cases = [("q", "group-1", 1), ("name__ic", "GROUP", 3), ("name", "group-2", 1)]

    def make(self, index: int) -> Any:
        return TenantGroup.objects.create(name=f"group-{index}")

    def form_data(self) -> dict[str, Any]:
        return {"name": "new group", "description": "made by a form"}


class TestTenantPages(UIModelTests):
    model = Tenant
    bad_form_data = [({"name": ""}, "name"), ({"tenant_group": "00000000-0000-0000-0000-000000000000"}, "tenant_group")]
    filter_cases = [("q", "tenant-1", 1), ("tenant_group", "g", 3), ("name", "tenant-2", 1)]

    def make(self, index: int) -> Any:
        group, _ = TenantGroup.objects.get_or_create(name="g")
        return Tenant.objects.create(name=f"tenant-{index}", tenant_group=group, comments="**bold**")

    def form_data(self) -> dict[str, Any]:
        group, _ = TenantGroup.objects.get_or_create(name="g")
        return {"name": "new tenant", "tenant_group": str(group.pk), "comments": "Some *notes*"}


def test_a_tenant_group_that_tenants_use_cannot_be_deleted_and_says_why(ui_client_admin: Client) -> None:
    group = TenantGroup.objects.create(name="in-use")
    Tenant.objects.create(name="t1", tenant_group=group)
    page = ui_client_admin.get(f"/tenancy/tenant-groups/{group.pk}/delete/")
    html = page.content.decode()
    assert page.status_code == 409 and "cannot be deleted" in html and "t1" in html
    response = ui_client_admin.post(f"/tenancy/tenant-groups/{group.pk}/delete/")
    assert response.status_code == 409 and "still in use by t1" in response.content.decode()
    assert TenantGroup.objects.filter(pk=group.pk).exists()
    bulk = ui_client_admin.post("/tenancy/tenant-groups/delete/", {"pk": [str(group.pk)], "_confirm": "1"})
    assert bulk.status_code == 409 and "Nothing was deleted" in bulk.content.decode()


def test_delete_lists_what_goes_with_the_object(ui_client_admin: Client) -> None:
    from django.contrib.contenttypes.models import ContentType

    from netkeel.extras.models import Note

    tenant = Tenant.objects.create(name="noted")
    Note.objects.create(assigned_object_type=ContentType.objects.get_for_model(Tenant), assigned_object_id=tenant.pk,
                        note="remember")  # fmt: skip
    html = ui_client_admin.get(f"/tenancy/tenants/{tenant.pk}/delete/").content.decode()
    assert "Note (1)" in html and "remember" in html


def test_detail_shows_fields_links_markdown_and_related_lists(ui_client_admin: Client) -> None:
    top = TenantGroup.objects.create(name="top")
    below = TenantGroup.objects.create(name="below", parent=top)
    tenant = Tenant.objects.create(name="acme", tenant_group=below, comments="# Title\n\n<b onclick=x>hi</b>")
    html = ui_client_admin.get(f"/tenancy/tenants/{tenant.pk}/").content.decode()
    assert f'href="/tenancy/tenant-groups/{below.pk}/"' in html
    assert "<h1>Title</h1>" in html and "onclick" not in html
    top_html = ui_client_admin.get(f"/tenancy/tenant-groups/{top.pk}/").content.decode()
    # The tenants list filtered by the group includes the groups below it, as the API filter does.
    assert f"/tenancy/tenants/?tenant_group={top.pk}" in top_html
    listed = ui_client_admin.get(f"/tenancy/tenants/?tenant_group={top.pk}")
    assert listed.context["table"].paginator.count == 1


def test_form_errors_from_the_serializer_show_on_their_field(ui_client_admin: Client) -> None:
    Tenant.objects.create(name="taken")
    response = ui_client_admin.post("/tenancy/tenants/add/", {"name": "taken"})
    assert response.status_code == 400
    assert response.context["form"].errors["name"], response.context["form"].errors


def test_a_group_cannot_become_its_own_descendant(ui_client_admin: Client) -> None:
    top = TenantGroup.objects.create(name="top")
    below = TenantGroup.objects.create(name="below", parent=top)
    response = ui_client_admin.post(f"/tenancy/tenant-groups/{top.pk}/edit/", {"name": "top", "parent": str(below.pk)})
    assert response.status_code == 400 and response.context["form"].errors["parent"]
    top.refresh_from_db()
    assert top.parent_id is None


def test_tags_offered_are_those_for_tenants(ui_client_admin: Client) -> None:
    from django.contrib.contenttypes.models import ContentType

    from netkeel.extras.models import Tag

    gold = Tag.objects.create(name="gold")
    gold.content_types.add(ContentType.objects.get_for_model(Tenant))
    Tag.objects.create(name="device-only")
    form = ui_client_admin.get("/tenancy/tenants/add/").context["form"]
    assert [tag.name for tag in form.fields["tags"].queryset] == ["gold"]
    response = ui_client_admin.post("/tenancy/tenants/add/", {"name": "t", "tags": [str(gold.pk)]})
    assert response.status_code == 302
    assert [tag.name for tag in Tenant.objects.get(name="t").tags.all()] == ["gold"]


def test_bulk_edit_is_all_or_nothing(ui_client_admin: Client) -> None:
    a = TenantGroup.objects.create(name="a")
    b = TenantGroup.objects.create(name="b", parent=a)
    # Setting parent=b on both makes b its own parent: refused, and a keeps its old value too.
    response = ui_client_admin.post(
        "/tenancy/tenant-groups/edit/", {"pk": [str(a.pk), str(b.pk)], "_apply": "1", "parent": str(b.pk)}
    )
    assert response.status_code == 400 and "Nothing was changed" in response.content.decode()
    a.refresh_from_db()
    assert a.parent_id is None


def test_columns_and_page_size_are_remembered_per_user(ui_client_admin: Client) -> None:
    Tenant.objects.create(name="t1", description="described")
    response = ui_client_admin.post("/tenancy/tenants/", {"columns": ["name", "created"]})
    assert response.status_code == 302
    page = ui_client_admin.get("/tenancy/tenants/?per_page=25")
    names = [column.name for column in page.context["table"].columns]
    assert names == ["pk", "name", "created", "actions"]
    assert ui_client_admin.get("/tenancy/tenants/").context["per_page"] == 25
    ui_client_admin.post("/tenancy/tenants/", {"reset": "1"})
    names = [column.name for column in ui_client_admin.get("/tenancy/tenants/").context["table"].columns]
    assert "description" in names


def test_sorting_by_a_column(ui_client_admin: Client) -> None:
    for name in ("b", "a", "c"):
        Tenant.objects.create(name=name)
    rows = ui_client_admin.get("/tenancy/tenants/?sort=-name").context["table"].page.object_list
    assert [row.record.name for row in rows] == ["c", "b", "a"]
    assert ui_client_admin.get("/tenancy/tenants/?sort=nonsense").status_code == 200


@pytest.fixture
def ui_client_admin(db: Any) -> Client:
    from netkeel.core.testing.ui import make_user, signed_in

    return signed_in(make_user("admin-ui", superuser=True))


def test_row_links_come_back_to_the_same_filtered_page(ui_client_admin: Client) -> None:
    tenant = Tenant.objects.create(name="t1")
    html = ui_client_admin.get("/tenancy/tenants/?q=t&sort=-name").content.decode()
    assert f"/tenancy/tenants/{tenant.pk}/edit/?return_url=/tenancy/tenants/%3Fq%3Dt%26sort%3D-name" in html
    response = ui_client_admin.post(
        f"/tenancy/tenants/{tenant.pk}/edit/?return_url=/tenancy/tenants/%3Fq%3Dt%26sort%3D-name", {"name": "t2"}
    )
    assert response.status_code == 302 and response["Location"] == "/tenancy/tenants/?q=t&sort=-name"


def test_custom_fields_are_edited_shown_and_filtered(ui_client_admin: Client) -> None:
    from django.contrib.contenttypes.models import ContentType

    from netkeel.extras.models import CustomField

    field = CustomField.objects.create(key="contract_id", label="Contract ID", type="integer")
    field.content_types.add(ContentType.objects.get_for_model(Tenant))
    form = ui_client_admin.get("/tenancy/tenants/add/").context["form"]
    assert form.fields["cf_contract_id"].label == "Contract ID"
    bad = ui_client_admin.post("/tenancy/tenants/add/", {"name": "t", "cf_contract_id": "many"})
    assert bad.status_code == 400 and bad.context["form"].errors["cf_contract_id"]
    response = ui_client_admin.post("/tenancy/tenants/add/", {"name": "t", "cf_contract_id": "42"})
    assert response.status_code == 302
    tenant = Tenant.objects.get(name="t")
    assert tenant.custom_field_data == {"contract_id": 42}
    detail = ui_client_admin.get(f"/tenancy/tenants/{tenant.pk}/")
    assert [(row.label, row.value) for row in detail.context["custom_fields"]] == [("Contract ID", 42)]
    Tenant.objects.create(name="other", custom_field_data={"contract_id": 7})
    listed = ui_client_admin.get("/tenancy/tenants/?cf_contract_id=42")
    assert [row.record.name for row in listed.context["table"].page.object_list] == ["t"]
    assert "cf_contract_id" in listed.context["filter_form"].fields
    edit = ui_client_admin.get(f"/tenancy/tenants/{tenant.pk}/edit/").context["form"]
    assert edit["cf_contract_id"].value() == 42


def test_create_goes_to_the_new_object_unless_the_linking_page_asked_otherwise(ui_client_admin: Client) -> None:
    """Create, then the new object's page (where its components and relations are added next); a page that
    linked to the form with ?return_url= gets the user back instead."""
    page = ui_client_admin.get("/tenancy/tenants/add/").content.decode()
    assert 'name="return_url" value="/tenancy/tenants/"' not in page  # (the theme switcher has its own)
    response = ui_client_admin.post("/tenancy/tenants/add/", {"name": "made"})
    made = Tenant.objects.get(name="made")
    assert response.status_code == 302 and response["Location"] == f"/tenancy/tenants/{made.pk}/"
    page = ui_client_admin.get("/tenancy/tenants/add/?return_url=/tenancy/tenant-groups/").content.decode()
    assert 'name="return_url" value="/tenancy/tenant-groups/"' in page
    response = ui_client_admin.post(
        "/tenancy/tenants/add/", {"name": "made2", "return_url": "/tenancy/tenant-groups/"}
    )
    assert response.status_code == 302 and response["Location"] == "/tenancy/tenant-groups/"


def test_a_new_object_starts_active() -> None:
    """Where a model has a status, its add form preselects Active (when Active applies to the model)."""
    from netkeel.core.testing.api import make_user
    from netkeel.core.ui.registry import registered_models

    client = Client()
    client.force_login(make_user("status-admin", superuser=True))
    checked = 0
    for model_ui in registered_models():
        if not any(field.name == "status" for field in model_ui.model._meta.get_fields()):
            continue
        try:
            add = model_ui.url("add")
        except Exception:  # noqa: BLE001 - a model without an add page
            continue
        form = client.get(add).context["form"]
        active = form.fields["status"].queryset.filter(name="Active").first()
        if active is not None:
            assert str(form.initial.get("status")) == str(active.pk), model_ui.model
            checked += 1
    assert checked >= 5
