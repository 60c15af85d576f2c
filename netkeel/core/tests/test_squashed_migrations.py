"""The squashed migrations (issue 12, item 3): a fresh database goes through them, a database of an older
release through the originals it has not applied yet, and a batched migration refuses what it cannot apply.
Both paths end in the same schema (the last test here, on SQLite; the upgrade suite shows the same of the
rows: a database of 0.1.0 upgraded through the originals against a fresh install through the squashes)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

import pytest
from django.db import connection, migrations, models
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

from netkeel.core.migrations._batched import BatchedMigration
from netkeel.core.upgrade.repair import created_objects

NETKEEL_APPS = ("circuits", "core", "dcim", "extras", "ipam", "tenancy", "users", "virtualization")

# What a fresh install applies of netkeel's own migrations, in an order the graph allows.
FRESH = [
    ("users", "0001_squashed_0002_token"),
    ("extras", "0001_squashed_0005_job_run_permission"),
    ("tenancy", "0001_squashed_0003_custom_field_data"),
    ("dcim", "0001_squashed_0003_device_tenant_location_tenant_rack_tenant"),
    ("ipam", "0001_squashed_0004_custom_field_data"),
    ("dcim", "0004_squashed_0007_interface_vrf"),
    ("circuits", "0001_squashed_0004_custom_field_data"),
    ("core", "0001_initial"),
    *(
        NOT_SQUASHED := [
            ("dcim", "0008_nautobot_choices"),
            ("extras", "0006_nautobot_choices"),
            ("ipam", "0005_nautobot_choices"),
            ("ipam", "0006_default_roles_and_vrf_down"),
            ("dcim", "0009_interface_role_asset_tag_label"),
            ("extras", "0007_default_device_roles"),
            ("dcim", "0010_power_feed_breaker_and_destination_panel"),
            ("dcim", "0011_natural_ordering"),
            ("extras", "0008_job_nautobot_fields"),
            ("dcim", "0012_interface_speed_duplex_power_factor_tenants"),
            ("ipam", "0007_namespace_tenant_and_assignment_flags"),
            ("virtualization", "0001_initial"),
            ("ipam", "0008_vm_interface_assignment"),
            ("ipam", "0009_service"),
            ("dcim", "0013_device_family_redundancy_group"),
            ("dcim", "0014_software_versions"),
            ("virtualization", "0002_virtual_machine_software_version"),
            ("dcim", "0015_interface_redundancy_vdc"),
            ("dcim", "0016_controllers"),
            ("dcim", "0017_virtual_device_context_controller_group"),
            ("ipam", "0010_vrf_and_location_assignments"),
            ("ipam", "0011_vrf_device_assignment_virtual_device_context"),
            ("virtualization", "0003_device_clusters_declared_on_device"),
            ("dcim", "0018_device_clusters"),
            ("ipam", "0012_ip_address_interfaces"),
            ("extras", "0009_custom_field_advanced_ui_scope_filter"),
            ("users", "0003_object_permission"),
            ("dcim", "0019_device_type_images"),
            ("extras", "0010_graphql_query"),
            ("extras", "0011_graphql_query_owner"),
        ]
    ),
]

# The migrations release 0.1.0 shipped (netkeel/releases/releases.json names its commit): a database it
# made has exactly these of netkeel's applied.
RELEASE_0_1_0 = {
    ("circuits", "0001_initial"),
    ("circuits", "0002_default_statuses"),
    ("core", "0001_initial"),
    ("dcim", "0001_initial"),
    ("dcim", "0002_default_statuses"),
    ("dcim", "0003_device_tenant_location_tenant_rack_tenant"),
    ("dcim", "0004_device_primary_ip4_device_primary_ip6_and_more"),
    ("extras", "0001_initial"),
    ("extras", "0002_default_statuses"),
    ("ipam", "0001_initial"),
    ("ipam", "0002_global_namespace_and_statuses"),
    ("tenancy", "0001_initial"),
    ("users", "0001_initial"),
}

# What such a database still needs: the originals after 0.1.0, each app in its own order.
AFTER_0_1_0 = [
    ("circuits", "0003_tags"),
    ("circuits", "0004_custom_field_data"),
    ("dcim", "0005_tags"),
    ("dcim", "0006_custom_field_data"),
    ("dcim", "0007_interface_vrf"),
    ("extras", "0003_note"),
    ("extras", "0004_changelog_jobs_custom_fields_webhooks"),
    ("extras", "0005_job_run_permission"),
    ("ipam", "0003_tags"),
    ("ipam", "0004_custom_field_data"),
    ("tenancy", "0002_tags"),
    ("tenancy", "0003_custom_field_data"),
    ("users", "0002_token"),
    *NOT_SQUASHED,
]


def netkeel_plan(plan: list[tuple[migrations.Migration, bool]]) -> list[tuple[str, str]]:
    assert not any(backwards for _, backwards in plan), plan
    return [(migration.app_label, migration.name) for migration, _ in plan if migration.app_label in NETKEEL_APPS]


def test_a_fresh_database_is_planned_through_the_squashed_migrations() -> None:
    loader = MigrationLoader(None, ignore_no_migrations=True)  # no database: nothing is applied
    keys: list[tuple[str, str]] = []
    for leaf in loader.graph.leaf_nodes():
        keys.extend(key for key in loader.graph.forwards_plan(leaf) if key not in keys)
    planned = netkeel_plan([(loader.get_migration(*key), False) for key in keys])
    assert sorted(planned) == sorted(FRESH)
    for earlier, later in zip(FRESH, FRESH[1:], strict=False):
        if earlier[0] == later[0]:
            assert planned.index(earlier) < planned.index(later)
    assert planned.index(("ipam", "0001_squashed_0004_custom_field_data")) < planned.index(
        ("dcim", "0004_squashed_0007_interface_vrf")
    ), "dcim's relations to IPAM come after IPAM's tables"
    squashes = [
        loader.get_migration(*key) for key in FRESH if key != ("core", "0001_initial") and key not in NOT_SQUASHED
    ]
    assert all(isinstance(migration, BatchedMigration) and migration.replaces for migration in squashes)


@pytest.mark.django_db
def test_a_database_of_release_0_1_0_is_planned_through_the_originals() -> None:
    """The test database went through the squashes; forget, inside the test's transaction, what 0.1.0
    had not applied, and the plan is the originals 0.1.0 lacks: no squash, nothing applied twice."""
    recorder = MigrationRecorder(connection)
    applied = set(recorder.applied_migrations())
    assert RELEASE_0_1_0 <= applied, "the squashes record the originals they replace as applied"
    for app_label, name in applied:
        if app_label in NETKEEL_APPS and (app_label, name) not in RELEASE_0_1_0:
            recorder.migration_qs.filter(app=app_label, name=name).delete()

    executor = MigrationExecutor(connection)
    planned = netkeel_plan(executor.migration_plan(executor.loader.graph.leaf_nodes()))
    assert sorted(planned) == sorted(AFTER_0_1_0)
    for app_label in NETKEEL_APPS:
        names = [name for app, name in planned if app == app_label]
        assert names == sorted(names), f"{app_label} out of order: {names}"
    assert planned.index(("ipam", "0004_custom_field_data")) < planned.index(("dcim", "0007_interface_vrf"))
    # dcim 0001-0003 are all applied, so their squash counts as applied; 0004-0007 only in part, so not.
    applied_now = executor.loader.applied_migrations
    assert ("dcim", "0001_squashed_0003_device_tenant_location_tenant_rack_tenant") in applied_now
    assert ("dcim", "0004_squashed_0007_interface_vrf") not in applied_now


def test_a_batched_migration_refuses_operations_it_cannot_apply_in_one_pass() -> None:
    class SchemaAfterData(BatchedMigration):
        operations = [
            migrations.RunPython(migrations.RunPython.noop),
            migrations.AddField("note", "extra", models.CharField(max_length=10, default="")),
        ]

    with pytest.raises(TypeError, match=r"extras\.9999_after_data: .*then RunPython ones; not <AddField"):
        SchemaAfterData("9999_after_data", "extras")

    class Renames(BatchedMigration):
        operations = [migrations.RenameField("note", "note", "text")]

    with pytest.raises(TypeError, match=r"not <RenameField"):
        Renames("9999_rename", "extras")

    class Options(BatchedMigration):  # a change of the state alone is taken with the rest (dcim 0010)
        operations = [
            migrations.AlterModelOptions("note", {"ordering": ["created"]}),
            migrations.RunPython(migrations.RunPython.noop),
        ]

    Options("9999_options", "extras")


def test_what_each_squash_creates_is_known_to_the_repair_of_a_killed_run() -> None:
    """On MySQL/MariaDB post_upgrade repairs a migration that a killed run left half applied from what its
    operations create; every squash's operations are told, its data steps being repeatable."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    editor = connection.schema_editor()  # names things only; no SQL is run
    for key in FRESH:
        if key in NOT_SQUASHED:
            continue
        migration = loader.get_migration(*key)
        footprint = created_objects(migration.app_label, migration.operations, loader.project_state(key, False), editor)
        assert footprint.unknown == (), key
        assert footprint.objects, key
    made = {}
    for name in ("0001_squashed_0003_device_tenant_location_tenant_rack_tenant", "0004_squashed_0007_interface_vrf"):
        state = loader.project_state(("dcim", name), at_end=False)
        found = created_objects("dcim", loader.get_migration("dcim", name).operations, state, editor).objects
        made[name[:4]] = {(item.kind, item.table, item.name) for item in found}
    assert {("table", "dcim_device", ""), ("table", "dcim_manufacturer", "")} <= made["0001"]
    assert {("table", "dcim_device_tags", ""), ("column", "dcim_device", "custom_field_data")} <= made["0004"]


# Run by `netkeel-server shell -c` on an empty SQLite database: migrate through the squashes (as `migrate`
# does) or through the originals alone, then print the schema, order-independent: per table its columns,
# indexes (with their columns and uniqueness) and foreign keys.
SCHEMA_SCRIPT = """
import json, os
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader

executor = MigrationExecutor(connection)
if os.environ["MIGRATE_THROUGH"] == "originals":
    executor.loader = MigrationLoader(connection, replace_migrations=False)
    targets = [node for node in executor.loader.graph.leaf_nodes() if "_squashed_" not in node[1]]
else:
    targets = executor.loader.graph.leaf_nodes()
planned = [migration.name for migration, _ in executor.migration_plan(targets)]
executor.migrate(targets)
schema = {}
with connection.cursor() as cursor:
    tables = [row[0] for row in cursor.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
    for table in tables:
        columns = sorted(list(row[1:]) for row in cursor.execute(f'PRAGMA table_info("{table}")'))
        indexes = []
        for _, name, unique, origin, partial in cursor.execute(f'PRAGMA index_list("{table}")').fetchall():
            named = [row[2] for row in cursor.execute(f'PRAGMA index_info("{name}")')]
            indexes.append([name if origin == "c" else origin, unique, partial, named])
        keys = sorted([row[2], row[3], row[4], row[5], row[6]] for row in cursor.execute(
            f'PRAGMA foreign_key_list("{table}")'))
        schema[table] = {"columns": columns, "indexes": sorted(indexes), "foreign_keys": keys}
print(json.dumps({"schema": schema, "planned": planned}, sort_keys=True))
"""


@pytest.mark.slow
def test_the_squashes_make_exactly_the_schema_the_originals_make(tmp_path: Any) -> None:
    """A fresh install through the squashes (one pass each) and one through the released originals,
    operation by operation, end in the same tables, columns (type, null, default, key), indexes and
    foreign keys; a Django release that changed how the batched pass renders would show here first."""
    schemas = {}
    for path in ("squashes", "originals"):
        env = {key: value for key, value in os.environ.items() if not key.startswith("NETKEEL_")}
        env.pop("DJANGO_SETTINGS_MODULE", None)
        env.update({"NETKEEL_ROOT": str(tmp_path / path), "HOME": str(tmp_path), "MIGRATE_THROUGH": path})
        done = subprocess.run(
            [sys.executable, "-m", "netkeel", "shell", "-c", SCHEMA_SCRIPT],
            env=env, capture_output=True, text=True, timeout=600,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr[-3000:]
        printed = json.loads(done.stdout.strip().splitlines()[-1])
        went_through_squashes = any("_squashed_" in name for name in printed["planned"])
        assert went_through_squashes == (path == "squashes"), (path, printed["planned"])
        schemas[path] = printed["schema"]
    squashed, original = schemas["squashes"], schemas["originals"]
    assert len(original) > 100 and sorted(squashed) == sorted(original)
    for table in original:
        assert squashed[table] == original[table], table
