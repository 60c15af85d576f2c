"""`netkeel-server restore FILE`: replace the database with a backup made by `post_upgrade`.

It shows what will be replaced (engine, database, backup file, its size and date) and asks for `yes`
on a terminal; without one it needs `--yes`, so a script never replaces a database by accident.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from netkeel import __version__
from netkeel.core.connectivity import database_location
from netkeel.core.upgrade.backup import BackupError, check_restorable, restore_database


class Command(BaseCommand):
    help = "Replace the whole database with a backup file made by post_upgrade (in $NETKEEL_ROOT/backups)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="the backup file to restore")
        parser.add_argument(
            "--yes", action="store_true", help="do not ask for confirmation (needed when not run in a terminal)"
        )
        parser.add_argument("--database", default="default", help=argparse.SUPPRESS)

    def handle(self, *args: Any, **options: Any) -> None:
        alias: str = options["database"]
        try:
            backup = check_restorable(options["file"], alias=alias)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        engine = backup.engine

        label, where = database_location(alias)
        name = settings.DATABASES[alias]["NAME"]
        database = str(name) if engine == "sqlite" else f"{name} on {where}"
        made = backup.created.strftime("%Y-%m-%d %H:%M:%S UTC")
        holds = f", from a netkeel {backup.version} database" if backup.version else ""
        self.stdout.write("This replaces the whole database with the backup; changes made since are lost.")
        self.stdout.write(f"  engine:      {label}")
        self.stdout.write(f"  database:    {database}")
        self.stdout.write(f"  backup file: {backup.path}")
        self.stdout.write(f"               {human_size(backup.size_bytes)}, made {made}{holds}")

        if not options["yes"]:
            if not sys.stdin.isatty():
                raise CommandError("restore replaces the whole database, so it needs --yes when not run in a terminal.")
            self.stdout.flush()
            answer = input("Type yes to replace the database: ")
            if answer.strip().lower() != "yes":
                raise CommandError("nothing was restored (the answer was not yes).")

        started = time.monotonic()
        try:
            restore_database(backup.path, alias=alias)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"Restored {backup.path.name} in {time.monotonic() - started:.1f} s.")
        self._clear_cache()
        if backup.version and backup.version not in (__version__, "unknown"):
            self.stdout.write(
                f"The restored data is from netkeel {backup.version} and this is netkeel {__version__}: install "
                f"netkeel=={backup.version} before starting netkeel again, or run post_upgrade to upgrade the data."
            )

    def _clear_cache(self) -> None:
        # Cached pages and objects describe the data that was just replaced.
        from netkeel.core.upgrade.cache import clear_netkeel_cache

        try:
            cleared = clear_netkeel_cache()
        except Exception as exc:  # noqa: BLE001 - any cache failure only earns a warning here
            self.stderr.write(f"Warning: netkeel's cache could not be cleared ({exc}); run post_upgrade to clear it.")
            return
        if cleared:
            self.stdout.write(f"Cache: {cleared.detail}.")


def human_size(size: int) -> str:
    if size < 1024:
        return f"{size} bytes"
    value = size / 1024
    for unit in ("KiB", "MiB", "GiB"):
        if value < 1024 or unit == "GiB":
            break
        value /= 1024
    return f"{value:.1f} {unit}"
