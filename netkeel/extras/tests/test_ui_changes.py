"""The change log pages: the global list with its filters (a constant number of queries per page), one
change's page, and differences that name related objects instead of showing their ids."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from netkeel.core.testing.ui import make_user, signed_in
from netkeel.dcim.tests import factories as f
from netkeel.extras.changelog import change_context
from netkeel.extras.models import ObjectChange
from netkeel.tenancy.models import Tenant

pytestmark = pytest.mark.django_db
LIST = "/extras/changes/"


@pytest.fixture
def client() -> Client:
    return signed_in(make_user("auditor", superuser=True))


def queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


def test_list_filters_by_user_action_type_and_day(client: Client) -> None:
    pat = make_user("pat")
    with change_context(user=pat, context="web"):
        Tenant.objects.create(name="acme")
    site = f.location("dc1")
    site.description = "moved"
    site.save()
    html = client.get(LIST).content.decode()
    assert "acme" in html and "dc1" in html

    def shown(**params: str) -> set[str]:
        response = client.get(LIST, params)
        assert response.status_code == 200, response.content.decode()[-2000:]
        return {row.change.object_repr for row in response.context["rows"]}

    assert shown(user="pat") == {"acme"}
    assert "dc1" in shown(action="update") and "acme" not in shown(action="update")
    assert shown(object_type="tenancy.tenant") == {"acme"}
    today = timezone.localdate()
    assert "acme" in shown(since=str(today), until=str(today))
    assert shown(until=str(today - datetime.timedelta(days=1))) == set()
    assert shown(q="acm") == {"acme"}


def test_bad_filters_are_a_form_error_not_a_500(client: Client) -> None:
    response = client.get(LIST, {"since": "not-a-day", "action": "explode"})
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"since", "action"}


def test_list_queries_do_not_grow_with_rows(client: Client) -> None:
    for n in range(3):
        Tenant.objects.create(name=f"t{n}")
    queries(client, LIST)
    few = queries(client, LIST)
    for n in range(3, 40):
        Tenant.objects.create(name=f"t{n}")
    assert queries(client, LIST) <= few


def test_a_change_names_related_objects_not_their_ids(client: Client) -> None:
    """A device moved from dc1 to dc2: the difference reads dc1 → dc2, on the change's page, on the
    device's change-log tab and with the related objects' queries per kind, not per row."""
    dc1, dc2 = f.location("dc1"), f.location("dc2")
    device = f.device("leaf01", f.device_type(), dc1)
    device.location = dc2
    device.save()
    change = ObjectChange.objects.filter(changed_object_id=device.pk, action="update").latest("time")
    page = client.get(f"{LIST}{change.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert f'<a href="/dcim/locations/{dc1.pk}/">dc1</a>' in html and ">dc2</a>" in html
    assert str(dc1.pk) not in html.replace(f"/dcim/locations/{dc1.pk}/", "")
    tab = client.get(f"/dcim/devices/{device.pk}/changelog/").content.decode()
    assert ">dc1</a> → " in tab.replace("</del>", "")
    assert client.get(f"{LIST}{device.pk}/").status_code == 404  # not a change's id


def test_only_people_who_may_read_the_change_log_see_it() -> None:
    change = Tenant.objects.create(name="secret") and ObjectChange.objects.latest("time")
    nobody = signed_in(make_user("nobody"))
    assert nobody.get(LIST).status_code == 403
    assert nobody.get(f"{LIST}{change.pk}/").status_code == 403
    assert Client().get(LIST).status_code == 302


def test_the_change_log_is_in_the_menu_for_those_who_may_read_it() -> None:
    link = f'<a class="dropdown-item" href="{LIST}">Change log</a>'
    reader = signed_in(make_user("reader", perms=("extras.view_objectchange", "tenancy.view_tenant")))
    page = reader.get("/tenancy/tenants/").content.decode()
    assert link in page
    assert page.index(">Extras</a>") < page.index(">Logging</h6>") < page.index(link)  # Extras ▸ Logging ▸ Change log
    assert reader.get(LIST).status_code == 200
    other = signed_in(make_user("no-log", perms=("tenancy.view_tenant",)))
    assert link not in other.get("/tenancy/tenants/").content.decode()
