"""A foreign key's objects prefetched for over a thousand distinct ids (core/tuple_in.py): SQLite refused
Django's `id = a OR id = b OR …` past about 1,000 terms; one column is now read with a plain IN."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import prefetch_related_objects
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db


def test_a_prefetch_of_many_distinct_foreign_keys_is_one_in_query() -> None:
    known = ContentType.objects.get_for_model(Permission)
    rows = [Permission(codename=f"p{n}", content_type_id=known.pk if n == 0 else 10_000_000 + n) for n in range(1500)]
    with CaptureQueriesContext(connection) as queries:
        prefetch_related_objects(rows, "content_type")
    assert len(queries) == 1 and " IN (" in queries[0]["sql"] and " OR " not in queries[0]["sql"]
    assert rows[0].content_type == known
    assert rows[1]._state.fields_cache["content_type"] is None  # no such content type: nothing, not an error
