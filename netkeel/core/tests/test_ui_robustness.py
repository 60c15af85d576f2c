"""The UI answers bad input as the API does, never with a 500: a NUL character or a regular expression
the database cannot run in a list page's filters is a form error, in a form's fields (custom fields
included) an error on the field, in the search a 400 — the same on every engine."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client

from netkeel.core.testing.ui import make_user, signed_in
from netkeel.core.ui.registry import ui_for
from netkeel.dcim.models import Location, LocationType
from netkeel.dcim.tests import factories as f
from netkeel.extras.models import CustomField, Status

pytestmark = pytest.mark.django_db

NUL_MESSAGE = "Null characters are not allowed."


@pytest.fixture
def admin(db: Any) -> Client:
    return signed_in(make_user("robust-admin", superuser=True))


def test_a_nul_in_the_search_is_a_400(admin: Client) -> None:
    response = admin.get("/search/?q=a%00b")
    assert response.status_code == 400
    assert NUL_MESSAGE in response.content.decode()
    assert admin.get("/search/?q=ab").status_code == 200


@pytest.mark.parametrize("query", ["name=a%00b", "name__ic=%00", "location_type=a%00b", "q=%00", "name__re=("])
def test_bad_list_filters_are_a_form_error(admin: Client, query: str) -> None:
    f.location("DC1")
    url = ui_for(Location).url("list")  # type: ignore[union-attr]
    response = admin.get(f"{url}?{query}")
    assert response.status_code == 200
    problems = " ".join(response.context["filter_problems"])
    assert query.split("=")[0] in problems
    assert NUL_MESSAGE in problems or "regular expression" in problems
    assert "DC1" not in [str(row.record) for row in response.context["table"].page.object_list]


def test_a_nul_in_a_form_is_an_error_on_its_field(admin: Client) -> None:
    for key, kind in (("note", "text"), ("blob", "json")):
        field = CustomField.objects.create(key=key, label=key, type=kind)
        field.content_types.add(ContentType.objects.get_for_model(Location))
    site_type, _ = LocationType.objects.get_or_create(name="Site")
    url = ui_for(Location).url("add")  # type: ignore[union-attr]
    good = {"name": "new", "location_type": str(site_type.pk), "status": str(Status.objects.get(name="Active").pk)}
    for changes, field in (
        ({"name": "a\x00b"}, "name"),
        ({"cf_note": "a\x00b"}, "cf_note"),
        ({"cf_blob": '{"k": "a\\u0000b"}'}, "cf_blob"),
    ):
        response = admin.post(url, {**good, **changes})
        assert response.status_code == 400, (field, response.status_code)  # the form again, with its errors
        assert response.context["form"].errors.get(field), (field, response.context["form"].errors)
        assert not Location.objects.filter(name="new").exists()
    assert admin.post(url, good).status_code == 302
    assert Location.objects.filter(name="new").exists()


def test_a_nul_in_the_option_search_finds_nothing(admin: Client) -> None:
    f.location("DC1")
    response = admin.get("/ui/options/dcim.location/?_search=DC%00")
    assert response.status_code == 200 and list(response.context["matches"]) == []
    found = admin.get("/ui/options/dcim.location/?_search=DC").context["matches"]
    assert [label for _, label in found] == ["DC1"]
