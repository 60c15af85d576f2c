"""The CSV import page's importer: extras' `import_csv`, its report turned into the UI's outcome.

Imported when called, so that the page works (and says import is unavailable) before the CSV module is
installed in a tree that lacks it.
"""

from __future__ import annotations

from typing import Any

from django.db import models

from netkeel.core.ui.hooks import ImportOutcome, ImportProblem


def import_for_ui(model: type[models.Model], text: str, *, user: Any) -> ImportOutcome:
    try:
        from netkeel.extras.csv_io import CSVFileError, import_csv
    except ImportError:
        raise ValueError("CSV import is not available on this installation.") from None
    try:
        report = import_csv(model, text, user=user)
    except CSVFileError as exc:
        raise ValueError(str(exc)) from None
    return ImportOutcome(
        rows=report.rows,
        created=report.created,
        updated=report.updated,
        unchanged=report.unchanged,
        problems=[ImportProblem(error.line, error.field, error.message) for error in report.errors],
        written=report.written,
    )
