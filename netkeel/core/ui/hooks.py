"""Hooks through which apps above core serve the UI's generic views, since core may not import them.

- CSV import: extras registers a `CSVImporter` (its `netkeel.extras.csv_io.import_csv`, or a job that runs
  it) from its UI module; without one the import page says that import is not available.
- Custom fields in forms: extras registers a `CustomFieldForms` giving the form fields (`cf_<key>`) of a
  model's custom fields; without one forms carry none.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from django import forms
from django.db import models


@dataclass(frozen=True)
class ImportProblem:
    line: int  # in the file; the header is line 1
    field: str
    message: str


@dataclass(frozen=True)
class ImportOutcome:
    rows: int
    created: int
    updated: int
    unchanged: int
    problems: Sequence[ImportProblem]
    written: bool
    # Set when the import was queued as a job: where to follow it.
    job_url: str | None = None


class CSVImporter(Protocol):
    def __call__(self, model: type[models.Model], text: str, *, user: Any) -> ImportOutcome:
        """Import `text` as objects of `model` for `user`; raises ValueError with a sentence when the file
        cannot be read at all."""
        ...


class CustomFieldForms(Protocol):
    def form_fields(self, model: type[models.Model]) -> dict[str, forms.Field]:
        """Form fields named `cf_<key>` for the custom fields of `model`, in display order."""
        ...

    def labels(self, model: type[models.Model]) -> dict[str, str]:
        """Each custom field's label by key, for the detail page."""
        ...


_csv_importer: CSVImporter | None = None
_custom_field_forms: CustomFieldForms | None = None


def register_csv_importer(importer: CSVImporter | None) -> None:
    global _csv_importer
    _csv_importer = importer


def csv_importer() -> CSVImporter | None:
    return _csv_importer


def register_custom_field_forms(provider: CustomFieldForms | None) -> None:
    global _custom_field_forms
    _custom_field_forms = provider


def custom_field_forms() -> CustomFieldForms | None:
    return _custom_field_forms
