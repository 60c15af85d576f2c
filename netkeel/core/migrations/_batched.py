"""Squashed migrations, applied in one pass: how a fresh database reaches the schema in seconds.

Each app's migrations after release 0.1.0 are squashed (`<first>_squashed_<last>.py`, with `replaces`).
Django uses a squash when none of the migrations it replaces is applied; a database that has some of them
(0.1.0 has several) goes on through the originals, which stay as they were released. dcim is squashed in
two, 0001-0003 and 0004-0007, because IPAM's tables and dcim's relations to them (primary IPs, VLANs, VRF)
come between. In a squash the originals' operations are folded together (a field into its model's
CreateModel wherever no cycle of relations forbids it, constraints into the model's options) and their
data steps (default statuses, the Global namespace) run last, as the originals' own functions imported
from them: move those into the squash when the originals are deleted.

Django applies a migration one operation at a time and after each re-renders every historical model
related to the one that changed (`ProjectState.reload_model`). netkeel's schema is densely related (tags,
statuses and tenants reach nearly every model), so on an empty database that re-rendering, not SQL, was
most of `post_upgrade`: each of dcim's 18 `AddField(tags)` re-rendered about a hundred models. The
squashes are `BatchedMigration`s, whose `apply` makes the same schema with one rendering per migration:

- the project state takes every operation's change with its models unrendered, then is rendered once;
- each model the migration creates is created from its final state, with the fields, constraints and
  indexes that later operations of the same migration add (as `migrate --run-syncdb` creates tables), so
  those operations have nothing left to do in the database;
- a field, constraint or index added to a model that existed before is added one at a time against that
  model re-rendered alone, so that SQLite's table rebuilds copy exactly the columns the table has;
- data steps (RunPython) come last and see the final state, in a transaction of their own where the
  database cannot roll DDL back, as Django runs them.

Everything else is Django's own, operation by operation: the state that makemigrations and the loader
build (`mutate_state`), `sqlmigrate`'s SQL, unapplying. The migration loader skips modules named `_*`.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.migrations import Migration
from django.db.migrations.operations import AddConstraint, AddField, AddIndex, AlterModelOptions, CreateModel, RunPython
from django.db.migrations.state import ProjectState
from django.db.models.fields import NOT_PROVIDED

SCHEMA_OPERATIONS = (CreateModel, AddField, AddConstraint, AddIndex)
# Operations of the project state alone (no SQL): taken into the one rendering with the rest, nothing more.
STATE_OPERATIONS = (AlterModelOptions,)


class BatchedMigration(Migration):
    """A migration of CreateModel, AddField, AddConstraint, AddIndex and AlterModelOptions operations, then
    RunPython ones."""

    def __init__(self, name: str, app_label: str) -> None:
        super().__init__(name, app_label)
        check_batchable(self)

    def apply(self, project_state: ProjectState, schema_editor: Any, collect_sql: bool = False) -> ProjectState:
        if collect_sql:
            return super().apply(project_state, schema_editor, collect_sql)  # sqlmigrate: Django's exact SQL
        app_label = self.app_label
        existing = project_state.clone()  # the models as the database has them until this migration
        existing_apps = existing.apps  # rendered now if it was not; then changed one model at a time
        del existing.__dict__["apps"]
        project_state.__dict__.pop("apps", None)  # changed unrendered below, rendered once at the end
        for operation in self.operations:
            operation.state_forwards(app_label, project_state)
        # Rendered whole, no model is left stale: RunPython must not render it all again (nor the next
        # migration after it), as it does for a state that an earlier operation reloaded with delay.
        project_state.is_delayed = False
        final = project_state.apps
        created = {operation.name_lower for operation in self.operations if isinstance(operation, CreateModel)}
        for operation in self.operations:
            if isinstance(operation, CreateModel):
                model = final.get_model(app_label, operation.name)
                if operation.allow_migrate_model(schema_editor.connection.alias, model):
                    schema_editor.create_model(model)
            elif isinstance(operation, STATE_OPERATIONS):
                continue  # in `final` already; nothing in the database
            elif isinstance(operation, RunPython):
                if not schema_editor.atomic_migration and operation.atomic is not False:
                    with transaction.atomic(schema_editor.connection.alias):
                        operation.database_forwards(app_label, schema_editor, project_state, project_state)
                else:
                    operation.database_forwards(app_label, schema_editor, project_state, project_state)
            elif getattr(operation, "model_name_lower") not in created:  # noqa: B009 - untyped in the stubs
                change_existing_model(app_label, operation, existing, existing_apps, schema_editor)
        return project_state


class RepeatableRunPython(RunPython):
    """A data step that only adds what is missing, so running it again changes nothing: post_upgrade may
    repeat it after repairing a migration that a killed run left half applied (netkeel.core.upgrade.repair)."""

    repeatable = True


def check_batchable(migration: Migration) -> None:
    """Refuse, when the migration is loaded, any operation that `apply` would not carry out exactly."""
    data_seen = False
    for operation in migration.operations:
        if isinstance(operation, RunPython):
            data_seen = True
        elif not isinstance(operation, SCHEMA_OPERATIONS + STATE_OPERATIONS) or data_seen:
            raise TypeError(
                f"{migration.app_label}.{migration.name}: a BatchedMigration holds CreateModel, AddField, "
                f"AddConstraint, AddIndex and AlterModelOptions operations, then RunPython ones; not {operation!r} "
                "here."
            )


def change_existing_model(app_label: str, operation: Any, state: ProjectState, apps: Any, schema_editor: Any) -> None:
    """AddField, AddConstraint or AddIndex on a model this migration did not create: the model is
    re-rendered alone into `apps` (the other models need not see the change) before and after it."""
    key = (app_label, operation.model_name_lower)
    before = apps.get_model(*key)
    operation.state_forwards(app_label, state)  # `state` has no rendered apps: nothing else is rebuilt
    after = state.models[key].render(apps)
    if not operation.allow_migrate_model(schema_editor.connection.alias, after):
        return
    if isinstance(operation, AddField):
        field = after._meta.get_field(operation.name)
        if not operation.preserve_default:  # as AddField.database_forwards: the default only fills the rows
            field.default = operation.field.default
        schema_editor.add_field(before, field)
        if not operation.preserve_default:
            field.default = NOT_PROVIDED
    elif isinstance(operation, AddConstraint):
        schema_editor.add_constraint(after, getattr(operation, "constraint"))  # noqa: B009 - as above
    else:
        schema_editor.add_index(after, operation.index)
