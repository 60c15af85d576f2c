"""The schema is built once per process and again only when custom fields change; a build reads the custom
field definitions once, not once per model."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

from netkeel.core.graphql import schema
from netkeel.extras.models import CustomField
from netkeel.tenancy.models import Tenant

pytestmark = pytest.mark.django_db


def test_built_once_and_rebuilt_when_custom_fields_change() -> None:
    schema._built.clear()
    with CaptureQueriesContext(connection) as captured:
        first = schema.current_schema()
    # Content types are looked up once a process (Django caches them); custom fields once a build.
    reads = [
        query for query in captured.captured_queries if "django_content_type" not in query["sql"].split("FROM")[1][:40]
    ]
    assert len(reads) <= 3, reads
    with CaptureQueriesContext(connection) as captured:
        assert schema.current_schema() is first
    assert len(captured.captured_queries) == 1  # the custom fields' fingerprint
    field = CustomField.objects.create(key="site_code", label="Site code", type="text")
    field.content_types.add(ContentType.objects.get_for_model(Tenant))
    rebuilt = schema.current_schema()
    assert rebuilt is not first
    tenant_type = rebuilt.get_type("TenantType")
    assert "cf_site_code" in tenant_type.fields  # type: ignore[union-attr]
    assert "cf_site_code__ic" in rebuilt.query_type.fields["tenants"].args  # type: ignore[union-attr]
