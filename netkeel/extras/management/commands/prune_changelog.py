"""`netkeel-server prune_changelog [--days N] [--dry-run]`: delete change records older than N days
(default: the CHANGELOG_RETENTION setting, 90; 0 keeps them forever), in batches of 5,000. Run it daily.
A bad --days ends in one sentence and exit status 1."""

from __future__ import annotations

import argparse
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from netkeel.extras.changelog.retention import BATCH_SIZE, MAX_DAYS, prune_changes


def _whole_number(text: Any, option: str, minimum: int) -> int:
    try:
        number = int(str(text).strip())
    except ValueError:
        number = -1
    if number < minimum or number > MAX_DAYS:
        raise CommandError(f"{option} must be a whole number from {minimum} to {MAX_DAYS}, not {text!r}.")
    return number


class Command(BaseCommand):
    help = "Delete change log records older than the retention period (CHANGELOG_RETENTION days)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", help="keep this many days instead of CHANGELOG_RETENTION (0 keeps all)")
        parser.add_argument("--dry-run", action="store_true", help="only count what would be deleted")
        parser.add_argument("--batch-size", default=str(BATCH_SIZE), help=argparse.SUPPRESS)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["days"] is None:
            days = _whole_number(getattr(settings, "CHANGELOG_RETENTION", 90), "CHANGELOG_RETENTION", 0)
        else:
            days = _whole_number(options["days"], "--days", 0)
        batch_size = _whole_number(options["batch_size"], "--batch-size", 1)
        if days == 0:
            self.stdout.write("The change log is kept forever (retention 0 days): nothing deleted.")
            return
        report = prune_changes(days, batch_size=batch_size, dry_run=options["dry_run"])
        when = report.cutoff.strftime("%Y-%m-%d %H:%M UTC")
        if options["dry_run"]:
            self.stdout.write(f"Would delete {report.deleted} change record(s) older than {days} days (before {when}).")
        else:
            self.stdout.write(
                f"Deleted {report.deleted} change record(s) older than {days} days (before {when}) "
                f"in {report.batches} batch(es)."
            )
