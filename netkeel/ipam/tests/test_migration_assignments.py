"""Migration ipam 0010: a prefix's and a VLAN's locations, kept until then in Django's implicit many-to-many
tables, become assignment rows (Nautobot 3's PrefixLocationAssignment and VLANLocationAssignment); every row is
copied forwards, and back when the migration is reversed."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from netkeel.dcim.tests import factories as f
from netkeel.ipam.models import VLAN, PrefixLocationAssignment, VLANLocationAssignment
from netkeel.ipam.tests.test_api import active, prefix

BEFORE = ("ipam", "0009_service")


@pytest.mark.django_db(transaction=True)
def test_the_locations_of_prefixes_and_vlans_survive_ipam_0010_both_ways() -> None:
    dc1, dc2 = f.location("dc1"), f.location("dc2")
    net = prefix("10.0.0.0/24")
    net.locations.set([dc1, dc2])
    vlan = VLAN.objects.create(vid=10, name="mgmt", status=active())
    vlan.locations.set([dc2])
    expected_prefixes = {(net.pk, dc1.pk), (net.pk, dc2.pk)}

    executor = MigrationExecutor(connection)
    executor.migrate([BEFORE])
    old = executor.loader.project_state([BEFORE]).apps
    old_prefix_locations = old.get_model("ipam", "Prefix")._meta.get_field("locations").remote_field.through
    old_vlan_locations = old.get_model("ipam", "VLAN")._meta.get_field("locations").remote_field.through
    assert set(old_prefix_locations.objects.values_list("prefix_id", "location_id")) == expected_prefixes
    assert set(old_vlan_locations.objects.values_list("vlan_id", "location_id")) == {(vlan.pk, dc2.pk)}

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    assert set(PrefixLocationAssignment.objects.values_list("prefix_id", "location_id")) == expected_prefixes
    assert set(VLANLocationAssignment.objects.values_list("vlan_id", "location_id")) == {(vlan.pk, dc2.pk)}
    assert len({row.pk for row in PrefixLocationAssignment.objects.all()}) == 2  # each row its own id
