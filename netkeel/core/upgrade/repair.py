"""Half-applied migrations on MySQL/MariaDB: found from what their operations create, and undone when the
leftovers hold no data, so that a `post_upgrade` killed inside a migration is finished by running it again.

MySQL and MariaDB commit every DDL statement at once: a run killed inside a migration leaves the tables,
columns and indexes it had created so far, without the django_migrations row, and Django would run the
migration again from its start and fail on the first object that exists ("Table ... already exists").
On PostgreSQL and SQLite a migration is one transaction, so there is never anything to repair.

- `created_objects()` lists what a migration's operations create, from the project state before it
  (pure: no database), and the operations whose effect could not be told or undone.
- `find_half_applied()` looks those of every pending migration up in the live database (read only).
- `repair()` drops the leftovers through the schema editor, tables with foreign-key checks off; the
  migrate step does it only when every leftover table is empty (`HalfApplied.repairable`), and refuses
  otherwise, since dropping a table that holds rows would lose data.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.backends.utils import truncate_name
from django.db.migrations import operations
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.migration import Migration
from django.db.migrations.operations.base import Operation
from django.db.migrations.state import ModelState, ProjectState

TABLE = "table"
COLUMN = "column"
INDEX = "index"  # an index or a named constraint (unique, check), found by its name

# Operations that change no schema object, or whose repetition changes nothing: harmless in a migration
# that runs again from its start.
REPEATABLE: tuple[type[Operation], ...] = (
    operations.AlterModelOptions,
    operations.AlterModelManagers,
    operations.AlterModelTableComment,
)
# Statements of an interrupted run that may still be running on the server after its client was killed.
_DDL_PREFIXES = ("ALTER", "CREATE", "DROP", "RENAME")


@dataclass(frozen=True, order=True)
class SchemaObject:
    """A table, a column of a table, or an index/constraint of a table (by name) that a migration creates."""

    kind: str
    table: str
    name: str = ""  # the column or the index/constraint; empty for a table

    def __str__(self) -> str:
        if self.kind == TABLE:
            return self.table
        if self.kind == COLUMN:
            return f"{self.table}.{self.name}"
        return f"{self.name} (on {self.table})"


@dataclass(frozen=True)
class Footprint:
    """What a migration creates, and the operations of it whose effect cannot be told from the schema."""

    objects: tuple[SchemaObject, ...]
    unknown: tuple[str, ...]  # operation names, e.g. "AlterField", "RunPython"


@dataclass(frozen=True)
class HalfApplied:
    """A pending migration some of whose objects already exist: what an interrupted run left behind."""

    migration: str  # "app.name"
    leftovers: tuple[SchemaObject, ...]
    tables_with_rows: tuple[str, ...] = ()
    unknown: tuple[str, ...] = ()

    @property
    def repairable(self) -> bool:
        return not self.tables_with_rows and not self.unknown

    def names(self, kind: str) -> list[str]:
        return [item.table if kind == TABLE else str(item) for item in self.leftovers if item.kind == kind]

    def summary(self) -> str:
        """What dropping the leftovers did, e.g. "repaired half-applied dcim.0001_initial: dropped 14 empty
        tables and 2 columns"."""
        counts = [(len(self.names(kind)), kind) for kind in (TABLE, COLUMN, INDEX)]
        parts = [f"{count} {'empty ' if kind == TABLE else ''}{plural(kind, count)}" for count, kind in counts if count]
        return f"repaired half-applied {self.migration}: dropped {_and(parts)}"

    def as_json(self) -> dict[str, Any]:
        return {
            "migration": self.migration,
            "tables": self.names(TABLE),
            "columns": self.names(COLUMN),
            "indexes": self.names(INDEX),
        }

    def refusal(self, backups: str, taken_now: str | None = None) -> str:
        """One sentence: why post_upgrade will not touch this migration's leftovers, and what to do;
        `taken_now` is a backup the refused run made itself, of the half-applied database."""
        left = ", ".join(str(item) for item in self.leftovers[:8]) + (" ..." if len(self.leftovers) > 8 else "")
        if self.tables_with_rows:
            why = (
                f"its {plural('table', len(self.tables_with_rows))} {', '.join(self.tables_with_rows)} already "
                f"{'holds' if len(self.tables_with_rows) == 1 else 'hold'} rows, which dropping would lose"
            )
        else:
            why = (
                f"it also has {', '.join(self.unknown)} operations, which post_upgrade cannot tell whether they ran "
                f"nor undo ({left} exist)"
            )
        where = f"in {backups}" + (f"; not {taken_now}, which holds the half-applied database" if taken_now else "")
        return (
            f"Migration {self.migration} was left half applied by an interrupted upgrade, and {why}; restore the "
            f"backup taken before that upgrade ({where}) with 'netkeel-server restore FILE', then run post_upgrade "
            f"again."
        )


def plural(noun: str, count: int) -> str:
    if count == 1:
        return noun
    return noun[:-1] + "ices" if noun.endswith("ex") else noun + "s"


def _and(parts: Sequence[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


# ---------------------------------------------------------------------------------------- what it creates


def created_objects(
    app_label: str, migration_operations: Iterable[Operation], state: ProjectState, editor: BaseDatabaseSchemaEditor
) -> Footprint:
    """The tables, columns and indexes that these operations create, from `state`, the project state before
    them, which is advanced through them. Objects on a table that the same operations create are left
    out: dropping the table drops them. `editor` only names things (its connection's limits); it runs no SQL.
    """
    found: list[SchemaObject] = []
    unknown: list[str] = []
    for operation in migration_operations:
        created = _created_by(operation, app_label, state, editor)
        if created is None:
            unknown.append(type(operation).__name__)
        else:
            new_tables = {item.table for item in found if item.kind == TABLE}
            found.extend(item for item in created if item.kind == TABLE or item.table not in new_tables)
        operation.state_forwards(app_label, state)
    return Footprint(tuple(found), tuple(dict.fromkeys(unknown)))


def _created_by(
    operation: Any, app_label: str, state: ProjectState, editor: BaseDatabaseSchemaEditor
) -> list[SchemaObject] | None:
    """What one operation creates (`state` before it), or None when its effect cannot be told (the stubs
    describe few of the operations' attributes, hence `Any`)."""
    max_length = editor.connection.ops.max_name_length()
    if isinstance(operation, operations.CreateModel):
        created = ModelState(app_label, operation.name, list(operation.fields), dict(operation.options))
        if not has_table(created):
            return []
        table = table_name(created, max_length)
        through = [through_table(table, name, f, max_length) for name, f in operation.fields if is_auto_m2m(f)]
        return [SchemaObject(TABLE, name) for name in [table, *through]]
    if isinstance(operation, operations.AddField | operations.AddIndex | operations.AddConstraint):
        model = _model_with_table(state, app_label, getattr(operation, "model_name"))  # noqa: B009 - see above
        if model is None:
            return []
        table = table_name(model, max_length)
        if isinstance(operation, operations.AddIndex):
            return [SchemaObject(INDEX, table, operation.index.name)]
        if isinstance(operation, operations.AddConstraint):
            return [SchemaObject(INDEX, table, getattr(operation, "constraint").name)]  # noqa: B009 - see above
        if is_auto_m2m(operation.field):
            return [SchemaObject(TABLE, through_table(table, operation.name, operation.field, max_length))]
        column = column_name(operation.name, operation.field)
        return [SchemaObject(COLUMN, table, column)] if column else []
    if isinstance(operation, operations.AlterUniqueTogether):
        model = _model_with_table(state, app_label, operation.name)
        if model is None:
            return []
        table = table_name(model, max_length)
        before = {tuple(together) for together in model.options.get("unique_together") or ()}
        index_name: Callable[..., str] = editor._create_index_name  # type: ignore[attr-defined]
        return [
            SchemaObject(
                INDEX,
                table,
                index_name(table, [column_name(name, model.fields[name]) or name for name in added], "_uniq"),
            )
            for added in sorted(set(operation.option_value or ()) - before)
        ]
    if isinstance(operation, operations.AlterField):
        model = state.models.get((app_label, operation.model_name_lower))
        old_field = model.fields.get(operation.name) if model is not None else None
        if old_field is not None and _same_in_database(old_field, operation.field):
            return []  # a label or help text: nothing in the database changes
    return [] if is_repeatable(operation) else None


def _same_in_database(before: Any, after: Any) -> bool:
    """Whether two versions of a field differ only in what Django keeps out of the database (verbose_name,
    help_text, choices, …: `Field.non_db_attrs`)."""

    def kept(field: Any) -> tuple[Any, ...]:
        _, path, args, kwargs = field.deconstruct()
        return path, tuple(args), {key: value for key, value in kwargs.items() if key not in field.non_db_attrs}

    return kept(before) == kept(after)


def _model_with_table(state: ProjectState, app_label: str, model_name: str) -> ModelState | None:
    model: ModelState | None = state.models.get((app_label, model_name.lower()))
    return model if model is not None and has_table(model) else None


def is_repeatable(operation: Any) -> bool:
    if isinstance(operation, REPEATABLE):
        return True
    if isinstance(operation, operations.RunPython):
        # `repeatable`: a data step that only adds what is missing (netkeel.core.migrations._batched).
        return operation.code is operations.RunPython.noop or getattr(operation, "repeatable", False) is True
    if isinstance(operation, operations.RunSQL):
        return operation.sql == operations.RunSQL.noop
    if isinstance(operation, operations.SeparateDatabaseAndState):
        return not operation.database_operations
    return False


def has_table(model: ModelState) -> bool:
    """Whether the model has a table of its own in the database (not a proxy, managed, not swapped out)."""
    options = model.options
    if options.get("proxy") or options.get("managed", True) is False:
        return False
    swappable = options.get("swappable")
    if swappable:
        chosen = str(getattr(settings, swappable, "")).lower()
        return chosen in ("", f"{model.app_label}.{model.name_lower}")
    return True


def table_name(model: ModelState, max_length: int | None) -> str:
    """The model's table, named as Django's Options names it."""
    explicit = model.options.get("db_table")
    if explicit:
        return str(explicit)
    return truncate_name(f"{model.app_label}_{model.name_lower}", max_length)


def tables_of(state: ProjectState, max_length: int | None) -> set[str]:
    """The tables of every model of `state`, many-to-many tables included."""
    tables = set()
    for model in state.models.values():
        if has_table(model):
            table = table_name(model, max_length)
            tables.add(table)
            tables.update(
                through_table(table, name, f, max_length) for name, f in model.fields.items() if is_auto_m2m(f)
            )
    return tables


def is_auto_m2m(field: Any) -> bool:
    return bool(getattr(field, "many_to_many", False)) and getattr(field.remote_field, "through", None) is None


def through_table(table: str, name: str, field: Any, max_length: int | None) -> str:
    """The table of a many-to-many field without `through`, named as the field names it."""
    return str(field.db_table) if field.db_table else truncate_name(f"{table}_{name}", max_length)


def column_name(name: str, field: Any) -> str | None:
    if field.many_to_many:
        return None
    named = field.clone()
    named.set_attributes_from_name(name)
    column = named.column
    return str(column) if column else None


# ----------------------------------------------------------------------------------- in the live database


class LiveSchema:
    """What the connected database holds, read through Django's introspection and cached for one look."""

    def __init__(self, connection: BaseDatabaseWrapper) -> None:
        self.connection = connection
        with connection.cursor() as cursor:
            self.tables = set(connection.introspection.table_names(cursor))
        self._columns: dict[str, set[str]] = {}
        self._constraints: dict[str, dict[str, Any]] = {}

    def columns(self, table: str) -> set[str]:
        if table not in self._columns:
            with self.connection.cursor() as cursor:
                description = self.connection.introspection.get_table_description(cursor, table)
            self._columns[table] = {column.name for column in description}
        return self._columns[table]

    def constraints(self, table: str) -> dict[str, Any]:
        if table not in self._constraints:
            with self.connection.cursor() as cursor:
                self._constraints[table] = self.connection.introspection.get_constraints(cursor, table)
        return self._constraints[table]

    def has(self, item: SchemaObject) -> bool:
        if item.table not in self.tables:
            return False
        if item.kind == TABLE:
            return True
        if item.kind == COLUMN:
            return item.name in self.columns(item.table)
        return item.name in self.constraints(item.table)

    def has_rows(self, table: str) -> bool:
        with self.connection.cursor() as cursor:
            # A name quoted by the backend, no value: nothing here comes from input.
            cursor.execute(f"SELECT 1 FROM {self.connection.ops.quote_name(table)} LIMIT 1")
            return cursor.fetchone() is not None


def pending_plan(executor: MigrationExecutor) -> tuple[list[Migration], ProjectState]:
    """The migrations still to apply, in order, and the project state of the applied ones."""
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    pending = [migration for migration, backwards in plan if not backwards]
    applied = [key for key in executor.loader.applied_migrations if key in executor.loader.graph.nodes]
    if applied:
        state = executor.loader.project_state(applied, at_end=True)
    else:
        state = ProjectState(real_apps=executor.loader.unmigrated_apps)
    return pending, state


def half_applied_in(
    connection: BaseDatabaseWrapper, pending: Sequence[Migration], state: ProjectState
) -> list[HalfApplied]:
    """The pending migrations (in plan order, `state` the project state before the first) that have left
    objects in the database; `state` is advanced through them."""
    live = LiveSchema(connection)
    editor = connection.schema_editor()
    # A table the applied migrations made is no leftover, even if a pending one drops and makes it again.
    applied_tables = tables_of(state, editor.connection.ops.max_name_length())
    found = []
    for migration in pending:
        footprint = created_objects(migration.app_label, migration.operations, state, editor)
        leftovers = tuple(
            item
            for item in footprint.objects
            if live.has(item) and not (item.kind == TABLE and item.table in applied_tables)
        )
        if not leftovers:
            continue
        filled = tuple(item.table for item in leftovers if item.kind == TABLE and live.has_rows(item.table))
        found.append(HalfApplied(f"{migration.app_label}.{migration.name}", leftovers, filled, footprint.unknown))
    return found


def find_half_applied(connection: BaseDatabaseWrapper) -> list[HalfApplied]:
    """Every pending migration with leftovers in the database; always none where DDL is transactional."""
    if connection.features.can_rollback_ddl:
        return []
    executor = MigrationExecutor(connection)
    pending, state = pending_plan(executor)
    if not pending:
        return []
    return half_applied_in(connection, pending, state)


# ------------------------------------------------------------------------------------------------ repair


def repair(connection: BaseDatabaseWrapper, found: Sequence[HalfApplied]) -> None:
    """Drop the leftovers of these migrations, last first: indexes and constraints, then columns (their
    foreign keys first), then tables with foreign-key checks off, since leftover tables may refer to each
    other. Only for migrations whose leftovers hold no data (`repairable`)."""
    unrepairable = [half.migration for half in found if not half.repairable]
    if unrepairable:
        raise ValueError(f"refusing to drop the leftovers of {', '.join(unrepairable)}: they may hold data")
    live = LiveSchema(connection)
    with connection.schema_editor(atomic=False) as editor:
        quote = editor.quote_name
        for half in reversed(found):
            for item in half.leftovers:
                if item.kind == INDEX:
                    info = live.constraints(item.table)[item.name]
                    editor.execute(
                        _drop_constraint_template(editor, info) % {"table": quote(item.table), "name": quote(item.name)}
                    )
            for item in half.leftovers:
                if item.kind == COLUMN:
                    for name, info in live.constraints(item.table).items():
                        if info["foreign_key"] and item.name in info["columns"]:
                            editor.execute(editor.sql_delete_fk % {"table": quote(item.table), "name": quote(name)})
                    editor.execute(editor.sql_delete_column % {"table": quote(item.table), "column": quote(item.name)})
            tables = [item.table for item in half.leftovers if item.kind == TABLE]
            if tables:
                checks_disabled = connection.disable_constraint_checking()
                try:
                    for table in tables:
                        editor.execute(editor.sql_delete_table % {"table": quote(table)})
                finally:
                    if checks_disabled:
                        connection.enable_constraint_checking()


def _drop_constraint_template(editor: BaseDatabaseSchemaEditor, info: dict[str, Any]) -> str:
    if info["foreign_key"]:
        return str(editor.sql_delete_fk)
    if info["check"]:
        return str(editor.sql_delete_check)
    if info["unique"] and not info.get("index"):
        return str(editor.sql_delete_unique)
    return str(editor.sql_delete_index)


# ------------------------------------------------------------------ statements of the interrupted run


@dataclass(frozen=True)
class RunningStatement:
    session: int
    seconds: int
    sql: str


def interrupted_ddl(connection: BaseDatabaseWrapper) -> list[RunningStatement]:
    """Schema changes other sessions are running on this database: a killed client's statement goes on
    on the server until it ends, so a run that looks at the schema before then sees it half done."""
    if connection.vendor != "mysql":
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT ID, TIME, INFO FROM information_schema.PROCESSLIST "
            "WHERE DB = DATABASE() AND ID <> CONNECTION_ID() AND COMMAND = 'Query' AND INFO IS NOT NULL"
        )
        rows = cursor.fetchall()
    running = []
    for session, seconds, info in rows:
        sql = " ".join((info.decode(errors="replace") if isinstance(info, bytes) else str(info)).split())
        if sql.upper().startswith(_DDL_PREFIXES):
            running.append(RunningStatement(int(session), int(seconds or 0), sql[:120]))
    return running


def wait_for_interrupted_ddl(
    connection: BaseDatabaseWrapper, timeout: float, on_wait: Callable[[str], None], poll: float = 0.5
) -> list[RunningStatement]:
    """Wait until no other session runs a schema change on this database; what still runs at `timeout`."""
    deadline = time.monotonic() + timeout
    told = False
    while True:
        running = interrupted_ddl(connection)
        if not running or time.monotonic() >= deadline:
            return running
        if not told:
            on_wait(
                f"  waiting for a schema change still running on the database server (session {running[0].session}: "
                f"{running[0].sql}) to end"
            )
            told = True
        time.sleep(poll)


# ------------------------------------------------------------------------------------ for the migrate step


class RepairRefused(Exception):
    """Leftovers that must not be dropped, or a schema change still running; the message says what to do."""


def repair_half_applied(
    connection: BaseDatabaseWrapper,
    *,
    backups: str,
    timeout: float,
    on_progress: Callable[[str], None],
    taken_now: str | None = None,
) -> list[HalfApplied]:
    """Find and drop what interrupted runs left of the pending migrations, before migrate runs them again;
    what was repaired. Raises `RepairRefused`, having changed nothing, when a leftover may hold data."""
    if connection.features.can_rollback_ddl:
        return []
    running = wait_for_interrupted_ddl(connection, timeout, on_progress)
    if running:
        statement = running[0]
        raise RepairRefused(
            f"A schema change is still running on the database server after {statement.seconds}s (session "
            f"{statement.session}: {statement.sql}), most likely from an interrupted upgrade; wait for it to end "
            f"(or end it with KILL {statement.session}) and run post_upgrade again."
        )
    found = find_half_applied(connection)
    blocked = [half for half in found if not half.repairable]
    if blocked:
        raise RepairRefused(" ".join(half.refusal(backups, taken_now) for half in blocked))
    if not found:
        return []
    repair(connection, found)
    for half in found:
        on_progress(f"    {half.summary()}")
    left = find_half_applied(connection)
    if left:
        remaining = ", ".join(str(item) for half in left for item in half.leftovers)
        raise RuntimeError(f"dropping the leftovers of an interrupted upgrade left {remaining} in place")
    return found
