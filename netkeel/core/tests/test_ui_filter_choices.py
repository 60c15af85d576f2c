"""A list's filter form offers a related filter as a list of choices up to FILTER_CHOICES_LIMIT rows, else as
a text box; finding out costs one key past the limit, never the rows of a large table (issue 14, item 11:
the device list's form read 201 interfaces, front ports, … sorted by device, for nothing)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from netkeel.core.testing.ui import make_user, signed_in
from netkeel.core.ui import filtering
from netkeel.tenancy.models import Tenant, TenantGroup

pytestmark = pytest.mark.django_db


def test_a_related_filter_is_a_choice_list_up_to_the_limit_then_a_text_box(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(filtering, "FILTER_CHOICES_LIMIT", 3)
    groups = [TenantGroup.objects.create(name=f"group-{index}") for index in range(3)]
    Tenant.objects.create(name="t1", tenant_group=groups[0])
    client = signed_in(make_user("filterer", superuser=True))
    field = client.get("/tenancy/tenants/").context["filter_form"].fields["tenant_group"]
    assert [label for _, label in field.choices] == ["group-0", "group-1", "group-2"]

    TenantGroup.objects.create(name="group-3")
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/tenancy/tenants/")
    field = response.context["filter_form"].fields["tenant_group"]
    assert not hasattr(field, "choices") and field.help_text == "A name or an id."
    # The form's reads (the page's rows read the groups they show by id, apart).
    read = [
        query["sql"]
        for query in captured.captured_queries
        if 'FROM "tenancy_tenantgroup"' in query["sql"] and '"tenancy_tenantgroup"."id" IN' not in query["sql"]
    ]
    assert len(read) == 1 and '"tenancy_tenantgroup"."name"' not in read[0], read  # only a key past the limit
    assert "ORDER BY" not in read[0]
    assert client.get("/tenancy/tenants/?tenant_group=group-0").context["table"].paginator.count == 1
