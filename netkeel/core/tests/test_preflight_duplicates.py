"""Preflight's check of a migration that makes a field unique: real duplicates are named, rows without a
value are not (NULLs never collide under a unique constraint — a thousand devices without an asset tag are
fine)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from netkeel.core.upgrade.preflight import _duplicates
from netkeel.dcim.models import Rack
from netkeel.dcim.tests import factories as f

pytestmark = pytest.mark.django_db


def test_nulls_are_not_duplicates_but_equal_values_are() -> None:
    site = f.location("PF1")
    for index in range(3):
        f.rack(f"pf-{index}", site)  # no asset tag, no serial
    Rack.objects.filter(name__in=["pf-0", "pf-1"]).update(serial="SAME")
    state = MigrationLoader(connection).project_state()
    migration = SimpleNamespace(app_label="dcim", name="0099_example")
    assert _duplicates(state, migration, "rack", ["asset_tag"]) == []
    found = _duplicates(state, migration, "rack", ["serial"])
    assert len(found) == 1 and "2 racks share serial='SAME'" in found[0]
