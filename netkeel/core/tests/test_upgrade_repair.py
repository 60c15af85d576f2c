"""The repair of half-applied migrations (netkeel/core/upgrade/repair.py).

What a migration creates is worked out from its operations alone, so those tests run on every engine
without a database. The rest runs on MariaDB/MySQL only (`NETKEEL_TEST_DB=mysql`), where a killed
migration leaves objects behind: each test makes a scratch database, points Django's default connection
at it (as pytest-django does for its test database, so the data migrations write there too), applies
some of a migration's operations by hand with a schema editor without recording it — what a kill leaves
— and checks what is found, what is dropped, and that a table holding rows is refused.
"""

from __future__ import annotations

import os
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import pytest
from django.conf import settings
from django.db import connection, models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations import operations
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.migration import Migration
from django.db.migrations.state import ProjectState

from netkeel.conf.testing import TEST_DB
from netkeel.core.upgrade.repair import (
    COLUMN,
    INDEX,
    TABLE,
    HalfApplied,
    LiveSchema,
    RepairRefused,
    SchemaObject,
    created_objects,
    find_half_applied,
    half_applied_in,
    interrupted_ddl,
    is_auto_m2m,
    repair_half_applied,
    table_name,
    tables_of,
    through_table,
    wait_for_interrupted_ddl,
)

mysql_only = pytest.mark.skipif(TEST_DB != "mysql", reason="only MySQL/MariaDB leave a killed migration half applied")

# ----------------------------------------------------------------------------------- without a database


@pytest.fixture(scope="module")
def loader() -> MigrationLoader:
    return MigrationLoader(None, ignore_no_migrations=True)


@pytest.fixture(scope="module")
def originals() -> MigrationLoader:
    """The migrations as released, which a fresh database skips for the squashes that replace them."""
    return MigrationLoader(None, ignore_no_migrations=True, replace_migrations=False)


def state_before(loader: MigrationLoader, label: str) -> ProjectState:
    app_label, name = label.split(".")
    return loader.project_state((app_label, name), at_end=False)


def footprint_of(loader: MigrationLoader, label: str) -> set[SchemaObject]:
    app_label, name = label.split(".")
    migration = loader.get_migration(app_label, name)
    return set(created_objects(app_label, migration.operations, state_before(loader, label), editor()).objects)


def editor() -> Any:
    """A schema editor that only names things: making one opens no connection."""
    return connection.schema_editor()


def full_plan(loader: MigrationLoader) -> list[Migration]:
    plan: list[Migration] = []
    seen: set[tuple[str, str]] = set()
    for leaf in sorted(loader.graph.leaf_nodes()):
        for key in loader.graph.forwards_plan(leaf):
            if key not in seen:
                seen.add(key)
                plan.append(loader.graph.nodes[key])
    return plan


def dropped_tables(app_label: str, migration_operations: Sequence[Any], state: ProjectState) -> set[str]:
    """The tables these operations drop: a model's, or an implicit many-to-many table whose field is removed
    (ipam 0010 moved prefixes' and VLANs' locations into assignment models of their own)."""
    state = state.clone()
    max_length = editor().connection.ops.max_name_length()
    dropped: set[str] = set()
    for operation in migration_operations:
        if isinstance(operation, operations.RemoveField):
            model = state.models[(app_label, operation.model_name_lower)]
            field = model.fields[operation.name]
            if is_auto_m2m(field):
                dropped.add(through_table(table_name(model, max_length), operation.name, field, max_length))
        elif isinstance(operation, operations.DeleteModel):
            dropped.add(table_name(state.models[(app_label, operation.name_lower)], max_length))
        operation.state_forwards(app_label, state)
    return dropped


def test_the_tables_all_migrations_create_are_the_tables_of_the_models(loader: MigrationLoader) -> None:
    """Walked from an empty project through every migration (Django's and netkeel's), the tables found in
    the operations are exactly the tables of the models Django renders at the end, many-to-many tables
    included, and every column found is a column of its model."""
    state = ProjectState(real_apps=loader.unmigrated_apps)
    found: list[SchemaObject] = []
    for migration in full_plan(loader):
        dropped = dropped_tables(migration.app_label, migration.operations, state)
        found.extend(created_objects(migration.app_label, migration.operations, state, editor()).objects)
        found = [item for item in found if item.table not in dropped]
    rendered = [
        model
        for model in state.apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy and not model._meta.swapped
    ]
    tables = [item.table for item in found if item.kind == TABLE]
    assert len(tables) == len(set(tables)), "a table found twice"
    assert set(tables) == {model._meta.db_table for model in rendered}
    columns = {model._meta.db_table: {f.column for f in model._meta.local_concrete_fields} for model in rendered}
    for item in found:
        if item.kind == COLUMN:
            assert item.name in columns[item.table], item


def test_tables_of_a_state_are_the_tables_of_its_rendered_models(loader: MigrationLoader) -> None:
    state = loader.project_state()
    rendered = {
        model._meta.db_table
        for model in state.apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy and not model._meta.swapped
    }
    assert tables_of(state, connection.ops.max_name_length()) == rendered


def test_an_initial_migration_creates_tables_only(originals: MigrationLoader) -> None:
    """dcim.0001_initial adds foreign keys and constraints to models it creates: they go with the tables."""
    found = footprint_of(originals, "dcim.0001_initial")
    assert {item.kind for item in found} == {TABLE}
    assert {SchemaObject(TABLE, "dcim_device"), SchemaObject(TABLE, "dcim_manufacturer")} <= found


def test_fields_added_to_existing_models_are_columns_and_many_to_many_tables(originals: MigrationLoader) -> None:
    assert footprint_of(originals, "dcim.0004_device_primary_ip4_device_primary_ip6_and_more") == {
        SchemaObject(COLUMN, "dcim_device", "primary_ip4_id"),
        SchemaObject(COLUMN, "dcim_device", "primary_ip6_id"),
        SchemaObject(TABLE, "dcim_interface_tagged_vlans"),
        SchemaObject(COLUMN, "dcim_interface", "untagged_vlan_id"),
    }
    assert footprint_of(originals, "dcim.0003_device_tenant_location_tenant_rack_tenant") == {
        SchemaObject(COLUMN, table, "tenant_id") for table in ("dcim_device", "dcim_location", "dcim_rack")
    }


def test_indexes_and_constraints_on_existing_tables_are_found_by_name(loader: MigrationLoader) -> None:
    state = loader.project_state()
    check = models.CheckConstraint(condition=models.Q(vid__gte=1), name="vlan_vid_positive")
    footprint = created_objects(
        "ipam",
        [
            operations.AddIndex("vlan", models.Index(fields=["name"], name="ipam_vlan_by_name")),
            operations.AddConstraint("vlan", check),
            operations.AlterUniqueTogether("vlan", {("vlan_group", "name")}),
        ],
        state,
        editor(),
    )
    names = [item.name for item in footprint.objects]
    assert [item.kind for item in footprint.objects] == [INDEX, INDEX, INDEX]
    assert {item.table for item in footprint.objects} == {"ipam_vlan"}
    assert names[:2] == ["ipam_vlan_by_name", "vlan_vid_positive"]
    assert names[2].startswith("ipam_vlan_vlan_group_id_name_") and names[2].endswith("_uniq")
    assert footprint.unknown == ()
    assert state.models["ipam", "vlan"].options["unique_together"] == {("vlan_group", "name")}, "state advanced"


def test_what_has_no_table_of_its_own_is_not_looked_for(loader: MigrationLoader) -> None:
    state = loader.project_state()
    footprint = created_objects(
        "dcim",
        [
            operations.CreateModel("Shadow", [("id", models.AutoField(primary_key=True))], {"managed": False}),
            operations.CreateModel("DeviceProxy", [], {"proxy": True}, bases=("dcim.device",)),
            operations.CreateModel(
                "Named",
                [("id", models.AutoField(primary_key=True)), ("tags", models.ManyToManyField("extras.tag"))],
                {"db_table": "named_things"},
            ),
            operations.AddField("named", "note", models.CharField(max_length=10, default="")),
            operations.AddIndex("named", models.Index(fields=["note"], name="named_note")),
        ],
        state,
        editor(),
    )
    assert footprint.objects == (SchemaObject(TABLE, "named_things"), SchemaObject(TABLE, "named_things_tags"))


def test_operations_whose_effect_cannot_be_told_are_named(loader: MigrationLoader) -> None:
    def forwards(apps: Any, schema_editor: Any) -> None:
        pass

    footprint = created_objects(
        "dcim",
        [
            operations.AlterModelOptions("manufacturer", {"ordering": ["name"]}),
            operations.RunPython(operations.RunPython.noop),
            operations.AddField("manufacturer", "note", models.CharField(max_length=10, default="")),
            operations.AlterField("manufacturer", "note", models.CharField(max_length=20, default="")),
            operations.RunPython(forwards),
            operations.RunSQL("UPDATE dcim_manufacturer SET note = ''"),
            operations.RunPython(forwards),
        ],
        loader.project_state(),
        editor(),
    )
    assert footprint.objects == (SchemaObject(COLUMN, "dcim_manufacturer", "note"),)
    assert footprint.unknown == ("AlterField", "RunPython", "RunSQL")


def test_reports_of_a_half_applied_migration() -> None:
    half = HalfApplied(
        "dcim.0009_cabling",
        (
            SchemaObject(TABLE, "dcim_cable"),
            SchemaObject(TABLE, "dcim_cablepath"),
            SchemaObject(COLUMN, "dcim_device", "cable_id"),
            SchemaObject(INDEX, "dcim_device", "dcim_device_by_cable"),
        ),
    )
    assert half.repairable
    assert half.summary() == "repaired half-applied dcim.0009_cabling: dropped 2 empty tables, 1 column and 1 index"
    assert half.as_json() == {
        "migration": "dcim.0009_cabling",
        "tables": ["dcim_cable", "dcim_cablepath"],
        "columns": ["dcim_device.cable_id"],
        "indexes": ["dcim_device_by_cable (on dcim_device)"],
    }
    one = HalfApplied("dcim.0001_initial", (SchemaObject(TABLE, "dcim_device"),))
    assert one.summary() == "repaired half-applied dcim.0001_initial: dropped 1 empty table"

    filled = HalfApplied(half.migration, half.leftovers, tables_with_rows=("dcim_cable",))
    assert not filled.repairable
    assert filled.refusal("/srv/netkeel/backups") == (
        "Migration dcim.0009_cabling was left half applied by an interrupted upgrade, and its table dcim_cable "
        "already holds rows, which dropping would lose; restore the backup taken before that upgrade (in "
        "/srv/netkeel/backups) with 'netkeel-server restore FILE', then run post_upgrade again."
    )
    assert "(in /b; not /b/netkeel-0.1.0.sql.gz, which holds the half-applied database) with " in filled.refusal(
        "/b", "/b/netkeel-0.1.0.sql.gz"
    )
    unknown = HalfApplied(half.migration, half.leftovers[:1], unknown=("AlterField", "RunPython"))
    assert not unknown.repairable
    assert "it also has AlterField, RunPython operations, which post_upgrade cannot tell whether they ran nor " in (
        unknown.refusal("B")
    )


@pytest.mark.skipif(TEST_DB == "mysql", reason="MySQL/MariaDB is the engine that needs the repair")
def test_transactional_engines_never_look() -> None:
    """A migration on PostgreSQL or SQLite is one transaction: nothing to find, and no query made."""
    assert connection.features.can_rollback_ddl
    assert find_half_applied(connection) == []
    assert repair_half_applied(connection, backups="B", timeout=0, on_progress=print) == []


# ------------------------------------------------------------------------------------------ on MariaDB


@pytest.fixture
def scratch(django_db_blocker: Any, require_service: Callable[[str], None]) -> Iterator[BaseDatabaseWrapper]:
    """Django's default connection on a new, empty database of the MySQL/MariaDB server; dropped after."""
    if TEST_DB != "mysql":
        pytest.skip("only MySQL/MariaDB leave a killed migration half applied")
    require_service("mysql")
    import MySQLdb

    config = settings.DATABASES["default"]
    server = {
        "host": str(config.get("HOST") or "127.0.0.1"),
        "port": int(config.get("PORT") or 3306),
        "user": str(config.get("USER") or "root"),
        "password": str(config.get("PASSWORD") or ""),
    }
    name = f"netkeel_repair_{os.getpid()}_{uuid.uuid4().hex[:10]}"

    def admin(sql: str) -> None:
        link = MySQLdb.connect(**server)
        try:
            link.cursor().execute(sql)
        finally:
            link.close()

    # A generated name of letters, digits and "_": safe between backquotes.
    admin(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4")
    original = connection.settings_dict["NAME"]
    with django_db_blocker.unblock():
        connection.close()
        connection.settings_dict["NAME"] = name
        try:
            yield connection
        finally:
            connection.close()
            connection.settings_dict["NAME"] = original
            admin(f"DROP DATABASE IF EXISTS `{name}`")


# The first dcim migration and the IPAM migration a fresh install applies (squashes, see
# test_squashed_migrations.py); an upgrade from 0.1.0 goes through the released originals instead.
FRESH_DCIM = "dcim.0001_squashed_0003_device_tenant_location_tenant_rack_tenant"
FRESH_IPAM = "0001_squashed_0004_custom_field_data"


def executor_for(connection: BaseDatabaseWrapper, *, originals: bool = False) -> MigrationExecutor:
    """Django's executor; with `originals`, over the released migrations only, as an older release's
    database is upgraded (the squashes are left out of its graph)."""
    executor = MigrationExecutor(connection)
    if originals:
        executor.loader = MigrationLoader(connection, replace_migrations=False)
    return executor


def migrate(connection: BaseDatabaseWrapper, *targets: tuple[str, str], originals: bool = False) -> None:
    executor_for(connection, originals=originals).migrate(list(targets))


def migrate_to_before(connection: BaseDatabaseWrapper, label: str, *, originals: bool = False) -> None:
    """Apply every migration that the one named `label` depends on."""
    app_label, name = label.split(".")
    graph = executor_for(connection, originals=originals).loader.graph
    parents = sorted(parent.key for parent in graph.node_map[app_label, name].parents)
    migrate(connection, *parents, originals=originals)


def migration_of(app_label: str, name: str, migration_operations: Sequence[Any]) -> Migration:
    """A migration with these operations, made the way Django makes one from a migration file."""
    made: type[Migration] = type("Migration", (Migration,), {"operations": list(migration_operations)})
    return made(name, app_label)


def half_apply(connection: BaseDatabaseWrapper, label: str, count: int, *, deferred: bool) -> ProjectState:
    """Apply the first `count` operations of a migration and leave it unrecorded, as a kill would; without
    `deferred`, the kill came before the foreign keys and indexes Django adds at the end of a migration.
    Returns the project state after those operations."""
    app_label, name = label.split(".")
    executor = MigrationExecutor(connection)
    migration = executor.loader.get_migration(app_label, name)
    partial = migration_of(app_label, name, migration.operations[:count])
    state = executor.loader.project_state((app_label, name), at_end=False)
    with connection.schema_editor(atomic=False) as schema_editor:
        state = partial.apply(state, schema_editor)
        if not deferred:
            schema_editor.deferred_sql.clear()
    return state


def recorded(connection: BaseDatabaseWrapper) -> set[str]:
    return {f"{app}.{name}" for app, name in MigrationExecutor(connection).loader.applied_migrations}


def repair_now(connection: BaseDatabaseWrapper) -> tuple[list[HalfApplied], list[str]]:
    said: list[str] = []
    return repair_half_applied(connection, backups="/backups", timeout=5, on_progress=said.append), said


@mysql_only
@pytest.mark.slow
def test_tables_left_by_a_kill_are_found_dropped_and_the_migration_then_applies(
    scratch: BaseDatabaseWrapper,
) -> None:
    migrate_to_before(scratch, FRESH_DCIM)
    before = set(LiveSchema(scratch).tables)
    half_apply(scratch, FRESH_DCIM, 9, deferred=False)
    left = set(LiveSchema(scratch).tables) - before
    assert len(left) == 9  # 9 CreateModel, no foreign keys yet

    found = find_half_applied(scratch)
    assert [half.migration for half in found] == [FRESH_DCIM]
    assert {item.table for item in found[0].leftovers} == left and found[0].repairable

    repaired, said = repair_now(scratch)
    assert repaired == found
    assert said == [f"    repaired half-applied {FRESH_DCIM}: dropped 9 empty tables"]
    assert set(LiveSchema(scratch).tables) == before
    migrate(scratch, ("dcim", FRESH_DCIM.split(".")[1]))
    assert FRESH_DCIM in recorded(scratch)
    assert find_half_applied(scratch) == []


@mysql_only
@pytest.mark.slow
def test_columns_with_foreign_keys_on_existing_tables_are_dropped(scratch: BaseDatabaseWrapper) -> None:
    """An upgrade from 0.1.0 (which goes through the released migrations) killed after the foreign key at
    the end of a migration was made, before it was recorded: the foreign key goes first, then the column;
    existing rows are kept."""
    label = "dcim.0007_interface_vrf"
    migrate_to_before(scratch, label, originals=True)
    from netkeel.extras.models import Status

    statuses = Status.objects.count()
    assert statuses > 0
    half_apply(scratch, label, 1, deferred=True)
    live = LiveSchema(scratch)
    assert "vrf_id" in live.columns("dcim_interface")
    constraints = live.constraints("dcim_interface").values()
    assert any(info["foreign_key"] for info in constraints if "vrf_id" in info["columns"])

    repaired, _ = repair_now(scratch)
    assert repaired[0].as_json() == {
        "migration": label,
        "tables": [],
        "columns": ["dcim_interface.vrf_id"],
        "indexes": [],
    }
    live = LiveSchema(scratch)
    assert "vrf_id" not in live.columns("dcim_interface")
    assert Status.objects.count() == statuses
    migrate(scratch, ("dcim", label.split(".")[1]))
    assert label in recorded(scratch)


@mysql_only
@pytest.mark.slow
def test_a_leftover_table_holding_rows_is_refused_and_nothing_is_dropped(scratch: BaseDatabaseWrapper) -> None:
    migrate_to_before(scratch, FRESH_DCIM)
    state = half_apply(scratch, FRESH_DCIM, 2, deferred=False)  # Manufacturer, DeviceType
    state.apps.get_model("dcim", "Manufacturer").objects.create(name="Acme")

    with pytest.raises(RepairRefused) as refused:
        repair_now(scratch)
    assert str(refused.value) == (
        f"Migration {FRESH_DCIM} was left half applied by an interrupted upgrade, and its table "
        "dcim_manufacturer already holds rows, which dropping would lose; restore the backup taken before that "
        "upgrade (in /backups) with 'netkeel-server restore FILE', then run post_upgrade again."
    )
    assert {"dcim_devicetype", "dcim_manufacturer"} <= LiveSchema(scratch).tables


@mysql_only
@pytest.mark.slow
def test_indexes_and_constraints_are_dropped_and_unknown_operations_refused(scratch: BaseDatabaseWrapper) -> None:
    """A migration of our own making on tables that exist: its index, check constraint, unique-together
    and column, applied by hand, are found by name and dropped; with an AlterField among its operations
    the same leftovers are refused instead."""
    migrate(scratch, ("ipam", FRESH_IPAM))
    executor = MigrationExecutor(scratch)
    state = executor.loader.project_state(("ipam", FRESH_IPAM))
    made = migration_of(
        "ipam",
        "0099_by_hand",
        [
            operations.AddField("vlan", "note", models.CharField(max_length=10, default="", db_index=True)),
            operations.AddIndex("vlan", models.Index(fields=["name"], name="ipam_vlan_by_name")),
            operations.AddConstraint(
                "vlan", models.CheckConstraint(condition=models.Q(vid__gte=1), name="vlan_vid_min")
            ),
            operations.AlterUniqueTogether("vlan", {("vlan_group", "name")}),
        ],
    )
    with scratch.schema_editor(atomic=False) as schema_editor:
        made.apply(state.clone(), schema_editor)
    with_unknown = migration_of(
        "ipam", "0099_by_hand", [*made.operations, operations.AlterField("vlan", "note", models.TextField(default=""))]
    )

    refused = half_applied_in(scratch, [with_unknown], state.clone())
    assert refused[0].unknown == ("AlterField",) and not refused[0].repairable

    found = half_applied_in(scratch, [made], state.clone())
    assert len(found) == 1 and found[0].repairable
    assert [(item.kind, item.name) for item in found[0].leftovers][:3] == [
        (COLUMN, "note"),
        (INDEX, "ipam_vlan_by_name"),
        (INDEX, "vlan_vid_min"),
    ]
    assert found[0].leftovers[3].name.endswith("_uniq")
    from netkeel.core.upgrade.repair import repair

    repair(scratch, found)
    assert half_applied_in(scratch, [made], state.clone()) == []


@mysql_only
@pytest.mark.slow
def test_a_schema_change_still_running_on_the_server_is_waited_for(scratch: BaseDatabaseWrapper) -> None:
    """A killed client's statement goes on on the server; the repair waits for it before it looks."""
    import MySQLdb

    config = settings.DATABASES["default"]
    other = MySQLdb.connect(
        host=str(config.get("HOST") or "127.0.0.1"),
        port=int(config.get("PORT") or 3306),
        user=str(config.get("USER") or "root"),
        password=str(config.get("PASSWORD") or ""),
        database=scratch.settings_dict["NAME"],
    )
    slow = threading.Thread(target=lambda: other.cursor().execute("CREATE TABLE slow_one AS SELECT SLEEP(2) AS x"))
    try:
        assert interrupted_ddl(scratch) == []
        slow.start()
        deadline = time.monotonic() + 5
        while not (running := interrupted_ddl(scratch)):
            assert time.monotonic() < deadline, "the statement never showed"
            time.sleep(0.05)
        assert running[0].sql.startswith("CREATE TABLE slow_one")
        said: list[str] = []
        assert wait_for_interrupted_ddl(scratch, 0.2, said.append, poll=0.05)  # still running at the deadline
        assert said and said[0].startswith("  waiting for a schema change still running")
        assert wait_for_interrupted_ddl(scratch, 10, said.append, poll=0.05) == []
        assert "slow_one" in LiveSchema(scratch).tables
    finally:
        slow.join(10)
        other.close()
