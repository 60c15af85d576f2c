"""The pages of statuses, roles and tags: the shared page contract, and content types in their forms."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType

from netkeel.core.testing.ui import UIModelTests, make_user, signed_in
from netkeel.extras.models import Role, Status, Tag
from netkeel.tenancy.models import Tenant

pytestmark = pytest.mark.django_db


class ClassificationPages(UIModelTests):
    xss_fields = ("name", "description")
    # A kind of object the form offers: statuses and roles apply to what has one (a location has a status,
    # a device a role), tags to what can be tagged.
    applies_to = ("tenancy", "tenant")

    def form_data(self) -> dict[str, Any]:
        app_label, model = self.applies_to
        kind = ContentType.objects.get(app_label=app_label, model=model)
        return {"name": "new label", "color": "4caf50", "content_types": [str(kind.pk)]}


class TestStatusPages(ClassificationPages):
    model = Status
    applies_to = ("dcim", "location")
    bad_form_data = [({"name": ""}, "name"), ({"color": "red"}, "color")]
    filter_cases = [("q", "ui-status-1", 1), ("name", "ui-status-2", 1)]

    def make(self, index: int) -> Any:
        return Status.objects.create(name=f"ui-status-{index}")


class TestRolePages(ClassificationPages):
    model = Role
    applies_to = ("dcim", "device")
    bad_form_data = [({"name": ""}, "name"), ({"weight": "heavy"}, "weight")]
    filter_cases = [("q", "ui-role-1", 1)]
    bulk_edit_data = {"weight": 7}

    def make(self, index: int) -> Any:
        return Role.objects.create(name=f"ui-role-{index}", weight=index)


class TestTagPages(ClassificationPages):
    model = Tag
    bad_form_data = [({"name": ""}, "name")]
    filter_cases = [("q", "ui-tag-1", 1), ("content_types", "tenancy.tenant", 1)]

    def make(self, index: int) -> Any:
        tag = Tag.objects.create(name=f"ui-tag-{index}")
        if index == 1:
            tag.content_types.add(ContentType.objects.get_for_model(Tenant))
        return tag


def test_content_types_offered_are_netkeel_models_and_saved_as_object_types() -> None:
    client = signed_in(make_user("classifier", superuser=True))
    form = client.get("/extras/tags/add/").context["form"]
    labels = {content_type.app_label for content_type in form.fields["content_types"].queryset}
    assert "tenancy" in labels and "sessions" not in labels and "auth" not in labels
    tenant_type = ContentType.objects.get_for_model(Tenant)
    response = client.post("/extras/tags/add/", {"name": "gold", "color": "ffd700", "content_types": [tenant_type.pk]})
    assert response.status_code == 302
    assert list(Tag.objects.get(name="gold").content_types.all()) == [tenant_type]


def test_a_tag_lists_the_objects_that_carry_it() -> None:
    tag = Tag.objects.create(name="ui-tagged")
    tag.content_types.add(ContentType.objects.get_for_model(Tenant))
    Tenant.objects.create(name="carrier").tags.add(tag)
    Tenant.objects.create(name="bare")
    admin = signed_in(make_user("tag-admin", superuser=True))
    related = admin.get(f"/extras/tags/{tag.pk}/").context["related"]
    assert [(item.label, item.count, item.url) for item in related] == [
        ("Tenants", 1, f"/tenancy/tenants/?tags={tag.pk}")
    ]
    listed = admin.get(f"/tenancy/tenants/?tags={tag.pk}").context["table"]
    assert [row.record.name for row in listed.page.object_list] == ["carrier"]
