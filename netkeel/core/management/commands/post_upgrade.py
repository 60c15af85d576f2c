"""`netkeel-server post_upgrade`: run after every `pip install --upgrade netkeel` (and on a fresh install).

Exit status: 0 done, 1 refused before anything changed, 2 a step failed (the report names it).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.console import Console

from netkeel.core.upgrade.pipeline import Options, run_post_upgrade, step_names


class Command(BaseCommand):
    help = (
        "Upgrade the database to this netkeel: preflight, release notes, backup, lock, migrations, cable "
        "paths, static files, stale content types, sessions, cache, record."
    )
    requires_system_checks = []  # preflight does its own, and must run on an unmigrated database

    misplaced_step = ""  # the sentence saying which app step has no place in the list, if one has none

    def add_arguments(self, parser: CommandParser) -> None:
        try:
            names = step_names()
        except ValueError as exc:  # an app's step after no step, or under a core step's name
            self.misplaced_step, names = str(exc), []
        for name in names:
            parser.add_argument(
                f"--no-{name}", action="append_const", const=name, dest="skip", help=f"skip the {name} step"
            )
        parser.add_argument("--yes", action="store_true", help="accept breaking changes without asking")
        parser.add_argument("--json", action="store_true", help="print a machine-readable report on stdout")
        parser.add_argument("--backup-dir", type=Path, help="where the backup goes (default $NETKEEL_ROOT/backups)")
        parser.add_argument(
            "--lock-timeout",
            type=float,
            default=60.0,
            help="seconds to wait for another post_upgrade to finish (default 60)",
        )
        parser.add_argument(
            "--force", action="store_true", help="also delete stale content types that still carry data"
        )
        parser.add_argument(
            "--no-input",
            "--noinput",
            action="store_false",
            dest="interactive",
            help="never ask; refuse instead where a question would be needed",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if self.misplaced_step:
            raise CommandError(self.misplaced_step)
        as_json = options["json"]
        # With --json the progress goes to stderr, so stdout carries nothing but the report.
        console = Console(
            file=sys.stderr if as_json else self.stdout,  # type: ignore[arg-type]
            highlight=False,
            soft_wrap=True,  # a sentence cut at 80 columns is harder to read and to grep in a log
            force_terminal=None if not as_json else False,
        )
        run_options = Options(
            skip=set(options["skip"] or ()),
            yes=options["yes"],
            force=options["force"],
            backup_dir=options["backup_dir"],
            lock_timeout=options["lock_timeout"],
            interactive=options["interactive"],
        )
        report = run_post_upgrade(run_options, console)
        if as_json:
            self.stdout.write(json.dumps(report.as_json(), indent=2))
        else:
            verdict = {0: "done", 1: "refused: nothing was changed", 2: "stopped"}[report.exit_code]
            console.print(f"post_upgrade to netkeel {report.version}: {verdict} in {report.seconds:.1f}s")
        if report.exit_code:
            raise SystemExit(report.exit_code)
