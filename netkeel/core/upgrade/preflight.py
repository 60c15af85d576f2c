"""Everything `post_upgrade` checks before it changes anything, each problem one sentence, all at once.

- the Python, database and Redis servers against the prerequisites (DESIGN §5);
- every requirement of `$NETKEEL_ROOT/local_requirements.txt` installed at a satisfying version;
- every plugin loaded and within its version range;
- a database recorded at a newer netkeel than this code (a downgrade);
- rows that a pending migration would reject (duplicates under a new unique constraint), listed with the
  filter that finds them, so one run shows every row to fix instead of failing at the first.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.db.models import Count
from packaging.requirements import InvalidRequirement, Requirement
from packaging.version import InvalidVersion, Version

from netkeel import __version__
from netkeel.core.connectivity import probe_database, probe_redis, python_probe
from netkeel.core.models import recorded_version


@dataclass
class Preflight:
    problems: list[str] = field(default_factory=list)
    pending: list[str] = field(default_factory=list)  # "app.migration" in the order they will run
    recorded: str | None = None

    @property
    def ok(self) -> bool:
        return not self.problems


def run_preflight(alias: str = DEFAULT_DB_ALIAS) -> Preflight:
    result = Preflight()
    for probe in (python_probe(), probe_database(alias), probe_redis()):
        if probe is not None and not probe.ok:
            result.problems.append(probe.problem)
    if result.problems:
        return result  # without a database nothing else can be checked
    root = Path(getattr(settings, "NETKEEL_ROOT"))  # noqa: B009 - a netkeel setting the stubs do not know
    result.problems.extend(requirement_problems(root / "local_requirements.txt"))
    result.problems.extend(plugin_problems())
    result.recorded = recorded_version()
    downgrade = downgrade_problem(result.recorded, __version__)
    if downgrade:
        result.problems.append(downgrade)
    executor = MigrationExecutor(connections[alias])
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    result.pending = [f"{migration.app_label}.{migration.name}" for migration, backwards in plan if not backwards]
    result.problems.extend(rejected_rows(executor, plan))
    return result


def requirement_problems(path: Path) -> list[str]:
    """Each line of local_requirements.txt that is not installed at a version it allows."""
    if not path.is_file():
        return []
    problems = []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line or line.startswith("-"):
            continue  # pip options (-r, --index-url) are pip's business
        try:
            requirement = Requirement(line)
        except InvalidRequirement:
            problems.append(f"{path} line {number} ({line!r}) is not a valid requirement.")
            continue
        if requirement.marker is not None and not requirement.marker.evaluate():
            continue
        try:
            installed = metadata.version(requirement.name)
        except metadata.PackageNotFoundError:
            problems.append(
                f"{requirement.name} (from {path.name} line {number}) is not installed; run 'pip install -r {path}'."
            )
            continue
        if requirement.specifier and not requirement.specifier.contains(installed, prereleases=True):
            problems.append(
                f"{requirement.name} {installed} is installed but {path.name} line {number} asks for "
                f"{requirement}; run 'pip install --upgrade -r {path}'."
            )
    return problems


def plugin_problems() -> list[str]:
    try:
        from netkeel.core.plugins import plugin_problems as problems
    except ImportError:
        return []
    return problems()


def downgrade_problem(recorded: str | None, current: str) -> str | None:
    if recorded is None:
        return None
    try:
        newer = Version(recorded) > Version(current)
    except InvalidVersion:
        return f"The database records netkeel version {recorded!r}, which cannot be read as a version."
    if newer:
        return (
            f"The database was upgraded by netkeel {recorded}, newer than this netkeel {current}; install "
            f"netkeel {recorded} or newer, or restore a backup taken before that upgrade."
        )
    return None


def rejected_rows(executor: MigrationExecutor, plan: list[Any]) -> list[str]:
    """Duplicates that a pending unique constraint or unique field would reject, found on the schema as it
    stands before that migration (its historical models), all listed at once."""
    from django.db.migrations.operations import AddConstraint, AlterField, AlterUniqueTogether
    from django.db.models import UniqueConstraint

    problems: list[str] = []
    for migration, backwards in plan:
        if backwards:
            continue
        checks: list[tuple[str, list[str]]] = []
        operation: Any
        for operation in migration.operations:
            # The stubs do not describe AddConstraint's attributes; read them untyped.
            constraint = getattr(operation, "constraint", None) if isinstance(operation, AddConstraint) else None
            if isinstance(constraint, UniqueConstraint):
                if constraint.fields and constraint.condition is None:
                    checks.append((getattr(operation, "model_name"), list(constraint.fields)))  # noqa: B009
            elif isinstance(operation, AlterField) and getattr(operation.field, "unique", False):
                checks.append((operation.model_name, [operation.name]))
            elif isinstance(operation, AlterUniqueTogether):
                for together in operation.unique_together or ():
                    checks.append((operation.name, list(together)))
        if not checks:
            continue
        state = executor.loader.project_state((migration.app_label, migration.name), at_end=False)
        for model_name, unique_fields in checks:
            problems.extend(_duplicates(state, migration, model_name, unique_fields))
    return problems


def _duplicates(state: Any, migration: Any, model_name: str, fields: list[str]) -> list[str]:
    from django.core.exceptions import FieldDoesNotExist
    from django.db.migrations.operations import AddField

    try:
        model = state.apps.get_model(migration.app_label, model_name)
        table = model._meta.db_table
        if table not in connections[DEFAULT_DB_ALIAS].introspection.table_names():
            return []
    except LookupError:
        return []
    columns = []
    for name in fields:
        try:
            columns.append(model._meta.get_field(name).attname)
        except FieldDoesNotExist:
            # A column the migration itself adds: NULL on every row never collides; a default is one value
            # on every row, so the other fields alone decide.
            added = next(
                (op.field for op in migration.operations if isinstance(op, AddField) and op.name == name), None
            )
            if added is None or added.null:
                return []
    if not columns:
        return []
    # NULLs never collide under a unique constraint (rows with no asset tag are many and fine).
    groups = (
        model._default_manager.order_by()
        .filter(**{f"{column}__isnull": False for column in columns})
        .values(*columns)
        .annotate(rows=Count("pk"))
        .filter(rows__gt=1)
        .values_list(*columns, "rows")[:50]
    )
    label = f"{migration.app_label}.{migration.name}"
    problems = []
    for row in groups:
        shared = ", ".join(f"{column}={value!r}" for column, value in zip(columns, row[:-1], strict=True))
        problems.append(
            f"{label} makes ({', '.join(fields)}) unique, but {row[-1]} {model._meta.verbose_name_plural} share "
            f"{shared}; find them with {model.__name__}.objects.filter({shared}) and make them unique before "
            f"upgrading."
        )
    return problems
