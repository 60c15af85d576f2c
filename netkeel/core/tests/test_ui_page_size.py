"""A page size chosen on a list stays for that list, and the list says so, with a way back to the default
(issue 14, item 11: "the page size choice silently sticks")."""

from __future__ import annotations

import pytest

from netkeel.core.testing.ui import make_user, signed_in
from netkeel.tenancy.models import Tenant

pytestmark = pytest.mark.django_db

NOTE = "per page is your choice for this list"


def test_a_chosen_page_size_is_shown_on_the_list_until_reset_to_the_default() -> None:
    Tenant.objects.create(name="t1")
    client = signed_in(make_user("pager", superuser=True))
    fresh = client.get("/tenancy/tenants/")
    assert fresh.context["per_page"] == fresh.context["per_page_default"] == 50
    assert NOTE not in fresh.content.decode()
    assert "50 (default)</a>" in fresh.content.decode()

    client.get("/tenancy/tenants/?per_page=1000")
    later = client.get("/tenancy/tenants/").content.decode()  # a later visit, no parameter
    assert f"1000 {NOTE}" in later
    assert 'href="?per_page=default">back to 50</a>' in later
    assert NOTE not in client.get("/tenancy/tenant-groups/").content.decode()  # per list

    back = client.get("/tenancy/tenants/?per_page=default")
    assert back.context["per_page"] == 50 and NOTE not in back.content.decode()
    again = client.get("/tenancy/tenants/")
    assert again.context["per_page"] == 50 and NOTE not in again.content.decode()  # forgotten


def test_choosing_the_default_size_forgets_the_choice() -> None:
    client = signed_in(make_user("pager2", superuser=True))
    client.get("/tenancy/tenants/?per_page=25")
    assert NOTE in client.get("/tenancy/tenants/").content.decode()
    page = client.get("/tenancy/tenants/").content.decode()
    assert 'href="?per_page=default">50 (default)</a>' in page  # the menu's default entry forgets too
