"""`netkeel-server import_csv MODEL FILE [--no-update] [--partial]`: import a CSV file of one object type.

MODEL is app.model (`dcim.device`); FILE a path, or `-` for standard input. Rows go through the API's
serializers and services as `import_csv` describes. Each bad row is printed as `line N: field: message`
and the command exits 1; nothing is written then, unless `--partial` (the good rows are written).
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from netkeel.extras.csv_io import CSVError, import_csv, resolve_model


class Command(BaseCommand):
    help = "Create or update objects of one type from a CSV file (a header row of API field names)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("model", help="the object type as app.model, e.g. dcim.device")
        parser.add_argument("file", help="the CSV file (UTF-8), or - for standard input")
        parser.add_argument(
            "--no-update", action="store_true", help="refuse rows naming an existing object instead of updating it"
        )
        parser.add_argument("--partial", action="store_true", help="write the good rows even when others fail")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            model = resolve_model(options["model"])
        except CSVError as exc:
            raise CommandError(str(exc)) from None
        content = read_file(options["file"])
        try:
            with command_line_context(f"import_csv {options['model']} {options['file']}"):
                report = import_csv(
                    model, content, update_existing=not options["no_update"], atomic=not options["partial"]
                )
        except CSVError as exc:
            raise CommandError(str(exc)) from None
        for error in report.errors:
            self.stderr.write(str(error))
        summary = report.summary(str(model._meta.verbose_name_plural))
        if report.errors:
            raise CommandError(summary)
        self.stdout.write(summary)


def read_file(name: str) -> bytes:
    if name == "-":
        return sys.stdin.buffer.read()
    path = Path(name)
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise CommandError(f"There is no file {name!r}.") from None
    except IsADirectoryError:
        raise CommandError(f"{name!r} is a folder; give the CSV file in it.") from None
    except OSError as exc:
        raise CommandError(f"Cannot read {name!r}: {exc.strerror or exc}.") from None


@contextlib.contextmanager
def command_line_context(detail: str) -> Iterator[None]:
    """Changes recorded in the change log as made by this command, when the change log offers contexts."""
    from netkeel.extras import changelog

    factory = getattr(changelog, "change_context", None)
    if not callable(factory):
        yield
        return
    with factory("orm", detail=f"netkeel-server {detail}"):
        yield
