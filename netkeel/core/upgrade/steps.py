"""The steps of `post_upgrade` that core owns, registered in the order they run (DESIGN §1); apps add theirs
through `pipeline.register_app_step` (DCIM its `cable-paths` after `migrate`)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.commands.migrate import Command as MigrateCommand
from django.utils import timezone

from netkeel import __version__
from netkeel.core.upgrade.pipeline import Context, Outcome, Refused, is_interactive, step, write_installation
from netkeel.core.upgrade.preflight import run_preflight

if TYPE_CHECKING:
    from netkeel.core.upgrade.repair import HalfApplied


@step("preflight", "Preflight")
def preflight(context: Context) -> Outcome:
    result = run_preflight()
    context.preflight = result
    if not result.ok:
        for problem in result.problems:
            context.console.print(f"  [red]•[/red] {problem}")
        raise Refused(f"{len(result.problems)} problem(s) found (listed above); nothing was changed.")
    pending = len(result.pending)
    detail = f"{pending} migration(s) to apply" if pending else "nothing to migrate"
    # Checking changes nothing: the step "did something" only in that it found work for the others.
    return Outcome(
        bool(pending), f"{detail}; database at {result.recorded or 'a fresh install'}", {"pending": result.pending}
    )


@step("release-notes", "Release notes")
def release_notes(context: Context) -> Outcome:
    try:
        from netkeel.core.upgrade.releases import load_releases, releases_between, render_notes
    except ImportError:
        return Outcome(False, "no release notes shipped")
    recorded = context.preflight.recorded if context.preflight else context.report.previous_version
    if recorded == __version__:
        return Outcome(False, f"already at {__version__}")
    if recorded is None and _fresh_database():
        # A new installation upgrades from nothing: no change to heed, no notes to scroll past.
        return Outcome(False, f"a fresh install of {__version__}: nothing to upgrade from")
    releases = releases_between(recorded, __version__, load_releases())
    if not releases:
        return Outcome(False, "no notes for this version")
    # Markdown may hold [brackets] that rich would read as markup.
    context.console.print(render_notes(releases), markup=False, highlight=False)
    breaking = [change for release in releases for change in release.breaking]
    if breaking and not context.options.yes:
        if not (context.options.interactive and is_interactive()):
            raise Refused(
                f"This upgrade has {len(breaking)} breaking change(s) (listed above); read them, then run "
                f"post_upgrade again with --yes."
            )
        answer = input(f"{len(breaking)} breaking change(s). Continue the upgrade? [y/N] ")
        if answer.strip().lower() not in {"y", "yes"}:
            raise Refused("The upgrade was not confirmed; nothing was changed.")
    versions = ", ".join(release.version for release in releases)
    return Outcome(
        True, f"shown for {versions}" + (f"; {len(breaking)} breaking change(s) accepted" if breaking else "")
    )


@step("backup", "Backup")
def backup(context: Context) -> Outcome:
    if _fresh_database():
        return Outcome(False, "fresh database: nothing to back up")
    if context.preflight is not None and not context.preflight.pending:
        return Outcome(False, "no migrations to apply: nothing a backup would protect")
    from netkeel.core.upgrade.backup import BackupError, backup_database, default_backup_dir

    directory = context.options.backup_dir or default_backup_dir()
    try:
        made = backup_database(directory, context.report.previous_version or "unknown")
    except BackupError as exc:
        raise Refused(str(exc)) from None  # nothing has changed yet, so this is a refusal, not a failure
    return Outcome(True, f"{made.path} ({made.size_bytes / 1_048_576:.1f} MiB)", {"path": str(made.path)})


def _fresh_database() -> bool:
    from django.db import connection

    return "django_migrations" not in connection.introspection.table_names()


@step("lock", "Lock")
def lock(context: Context) -> Outcome:
    from netkeel.core.upgrade.lock import LockTimeout, upgrade_lock

    try:
        held = context.stack.enter_context(
            upgrade_lock(context.options.lock_timeout, on_wait=lambda sentence: context.console.print(sentence))
        )
    except LockTimeout as exc:
        raise Refused(str(exc)) from None
    waited = f" after waiting {held.waited_seconds:.1f}s" if held.waited_seconds >= 0.5 else ""
    # Holding a lock changes no data; the step counts as work only when it had to wait for another run.
    return Outcome(bool(waited), f"holding the {held.label or held.kind}{waited}")


class TimedMigrate(MigrateCommand):
    """Django's migrate, printing one line per migration with its time instead of Django's own output."""

    def __init__(self, console: Any) -> None:
        super().__init__()
        self.console = console
        self.applied: list[tuple[str, float]] = []
        self._began = 0.0

    def migration_progress_callback(self, action: str, migration: Any = None, fake: bool = False) -> None:
        if action == "apply_start":
            self._began = time.perf_counter()
        elif action == "apply_success":
            seconds = time.perf_counter() - self._began
            label = f"{migration.app_label}.{migration.name}"
            self.applied.append((label, seconds))
            self.console.print(f"    {label} [dim]({seconds:.2f}s)[/dim]")


@step("migrate", "Migrations")
def migrate(context: Context) -> Outcome:
    if context.preflight is not None and not context.preflight.pending:
        # Django's migrate would rebuild the graph preflight just built and fire post_migrate for nothing.
        return Outcome(False, "nothing to migrate")
    repaired = _repair_half_applied(context)
    command = TimedMigrate(context.console)
    call_command(command, interactive=False, verbosity=0)
    data: dict[str, Any] = {"applied": [name for name, _ in command.applied]}
    if repaired:
        data["repaired"] = [half.as_json() for half in repaired]
    details = [half.summary() for half in repaired] + ([f"applied {len(command.applied)}"] if command.applied else [])
    if not details:
        return Outcome(False, "nothing to migrate")
    return Outcome(True, "; ".join(details), data)


def _repair_half_applied(context: Context) -> list[HalfApplied]:
    """On MySQL/MariaDB, drop what a killed run left of a migration (see repair.py) under the lock, so
    that no other run is migrating while we look."""
    from django.db import connection

    from netkeel.core.upgrade.backup import default_backup_dir
    from netkeel.core.upgrade.repair import RepairRefused, repair_half_applied

    backups = context.options.backup_dir or default_backup_dir()
    # This run's own backup, if it took one, is of the half-applied database: the refusal must not send
    # anyone to it.
    taken_now = next(
        (str(done.data["path"]) for done in context.report.steps if done.name == "backup" and "path" in done.data), None
    )
    try:
        return repair_half_applied(
            connection,
            backups=str(backups),
            timeout=context.options.lock_timeout,
            on_progress=lambda line: context.console.print(line, markup=False, highlight=False),
            taken_now=taken_now,
        )
    except RepairRefused as exc:
        raise Refused(str(exc)) from None


@step("static-files", "Static files")
def static_files(context: Context) -> Outcome:
    from django.contrib.staticfiles.management.commands.collectstatic import Command as CollectStatic

    def collect(post_process: bool) -> dict[str, Any]:
        command = CollectStatic()
        command.set_options(
            interactive=False,
            verbosity=0,
            link=False,
            clear=False,
            dry_run=False,
            ignore_patterns=[],
            use_default_ignore_patterns=True,
            post_process=post_process,
        )
        return command.collect()

    # Hashing and compressing every file again costs most of a no-op run; do it only when something
    # changed or the manifest is missing.
    collected = collect(post_process=False)
    copied = len(collected["modified"])
    manifest = Path(str(settings.STATIC_ROOT)) / "staticfiles.json"
    if not copied and manifest.exists():
        return Outcome(False, f"{len(collected['unmodified'])} file(s) already current")
    collect(post_process=True)
    return Outcome(True, f"collected {copied} file(s) into {settings.STATIC_ROOT}")


@step("stale-content-types", "Stale content types")
def stale_content_types(context: Context) -> Outcome:
    from django.contrib.contenttypes.models import ContentType
    from django.db.models.deletion import Collector

    stale = [content_type for content_type in ContentType.objects.all() if content_type.model_class() is None]
    if not stale:
        return Outcome(False, "none")
    removed, kept = [], []
    for content_type in stale:
        collector = Collector(using="default")
        collector.collect([content_type])
        carried = {
            model._meta.label: len(objects)
            for model, objects in collector.data.items()
            if model is not ContentType and model._meta.label != "auth.Permission" and objects
        }
        label = f"{content_type.app_label}.{content_type.model}"
        if carried and not context.options.force:
            kept.append(label)
            context.console.print(
                f"  [yellow]•[/yellow] kept {label}: it still carries {carried} (--force deletes them)"
            )
            continue
        content_type.delete()
        removed.append(label)
    detail = f"removed {len(removed)}" + (f", kept {len(kept)} that still carry data" if kept else "")
    return Outcome(bool(removed), detail, {"removed": removed, "kept": kept})


@step("sessions", "Expired sessions")
def sessions(context: Context) -> Outcome:
    from django.contrib.sessions.models import Session

    deleted, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return Outcome(bool(deleted), f"deleted {deleted}" if deleted else "none expired")


@step("cache", "Cache")
def cache(context: Context) -> Outcome:
    from netkeel.core.upgrade.cache import clear_netkeel_cache

    cleared = clear_netkeel_cache()
    return Outcome(bool(cleared), cleared.detail)


@step("record", "Record")
def record(context: Context) -> Outcome:
    from netkeel.core.models import Installation

    if context.report.previous_version == __version__ and not any(
        result.status == "done" for result in context.report.steps if result.name not in {"preflight", "lock"}
    ):
        return Outcome(False, f"already recorded at {__version__}")
    write_installation(context.report, context.started, succeeded=True, model=Installation)
    return Outcome(True, f"netkeel {__version__} recorded")
