"""`import_csv`: create or update objects of any model from a CSV file, each row written through the
model's API serializer, so the API's rules and services apply (a device gets its components, a cable
retraces paths, a prefix re-parents).

A row names an existing object by its `id` column or by the model's natural key columns (`name` and
`location` for a device); such a row updates it (unless `update_existing=False`), any other row creates
one. Every row is tried, in file order (a later row may use what an earlier one created), then the failed
rows again while that gets further (a child listed before its parent), and every problem left is
reported with its line and field. One transaction: by default nothing is written when any row
failed; with `atomic=False` the good rows are written and the bad ones reported.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, MultipleObjectsReturned, ObjectDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DatabaseError, models, transaction
from django.http import HttpRequest
from rest_framework import serializers
from rest_framework.request import Request

from netkeel.core.api import registry
from netkeel.core.api.fields import natural_key_lookups, resolve_object
from netkeel.core.api.serializers import django_errors
from netkeel.core.permissions import COMMAND_LINE, allowed_ids, may
from netkeel.extras.csv_io.reading import (
    OMIT,
    Column,
    CSVFileError,
    CSVSource,
    Row,
    cell,
    custom_value,
    field_value,
    plan_columns,
    read_csv,
)
from netkeel.extras.models import CustomField

Progress = Callable[[int, int], None]  # (rows done, rows in the file)
NON_FIELD = "non_field_errors"


@dataclass(frozen=True)
class RowError:
    line: int  # in the file; the header is line 1
    field: str  # the column (API field name, cf_<key>) or non_field_errors
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.field}: {self.message}"


@dataclass(frozen=True)
class ImportReport:
    object_type: str  # "dcim.device"
    rows: int
    created: int
    updated: int
    unchanged: int
    errors: tuple[RowError, ...]
    written: bool  # False when the import was all-or-nothing and a row failed (or nothing to write)

    @property
    def failed_rows(self) -> int:
        return len({error.line for error in self.errors if error.line > 1})

    @property
    def refused(self) -> bool:
        """The file as a whole was refused (its header, or the user's permissions): no row was tried."""
        return any(error.line == 1 for error in self.errors)

    def summary(self, plural: str) -> str:
        """One sentence on the outcome, for a log or a terminal."""
        counts = f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged"
        if self.refused:
            return "The file was refused (see line 1), so nothing was written."
        if not self.errors:
            return f"Imported {self.rows} row(s) of {plural}: {counts}."
        if self.written:
            return f"{self.failed_rows} row(s) failed and were skipped; the others were written: {counts}."
        return f"{self.failed_rows} row(s) failed, so nothing was written."

    def as_dict(self) -> dict[str, Any]:
        return {
            "object_type": self.object_type,
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "failed_rows": self.failed_rows,
            "refused": self.refused,
            "written": self.written,
            "errors": [{"line": e.line, "field": e.field, "message": e.message} for e in self.errors],
        }


@dataclass
class _Tally:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


class RowFailed(Exception):
    def __init__(self, problems: list[tuple[str, str]]) -> None:
        super().__init__(problems)
        self.problems = problems


def import_csv(
    model: type[models.Model],
    text_or_file: CSVSource,
    *,
    user: Any = None,
    update_existing: bool = True,
    atomic: bool = True,
    progress: Progress | None = None,
) -> ImportReport:
    """Import every row of the file as `model` objects; see the module's docstring. `user` (None: the
    command line, no permission checks) needs add/change permission on the model for rows that
    create/update. Raises CSVFileError when the file cannot be read at all."""
    serializer_class = registry.serializer_for(model)
    object_type = registry.object_type(model)
    if serializer_class is None:
        raise CSVFileError(f"{object_type} has no API endpoint, so it cannot be imported.")
    csv_file = read_csv(text_or_file)
    context = _write_context(user)
    plural = str(model._meta.verbose_name_plural)
    columns, problems = plan_columns(
        csv_file.header, dict(serializer_class(context=context).fields), _custom_types(model), plural
    )
    total = len(csv_file.rows)
    refusal = _refusal(model, user)
    if refusal:
        problems.insert(0, (NON_FIELD, refusal))
    if problems:
        errors = tuple(RowError(1, name, message) for name, message in problems)
        return ImportReport(object_type, total, 0, 0, 0, errors, written=False)
    importer = _Importer(model, serializer_class, columns, len(csv_file.header), context, user, update_existing)
    tally = _Tally()
    with transaction.atomic():
        failures = _import_rows(importer, csv_file.rows, tally, progress)
        errors = tuple(error for _, row_errors in sorted(failures.items()) for error in row_errors)
        if errors and atomic:
            transaction.set_rollback(True)
    written = (tally.created + tally.updated > 0) and not (errors and atomic)
    return ImportReport(object_type, total, tally.created, tally.updated, tally.unchanged, errors, written=written)


def _import_rows(
    importer: _Importer, rows: tuple[Row, ...], tally: _Tally, progress: Progress | None
) -> dict[int, list[RowError]]:
    """Every row in file order; then, while that gets further, the failed rows again (a location listed
    before its parent succeeds once the parent exists). Returns each still failing line's errors."""
    total = len(rows)
    failures: dict[int, list[RowError]] = {}
    pending = list(rows)
    first_pass = True
    while pending:
        retry: list[Row] = []
        for done, row in enumerate(pending, start=1):
            errors = importer.import_row(row, tally)
            if errors:
                failures[row.line] = errors
                retry.append(row)
            else:
                failures.pop(row.line, None)
            if first_pass and progress is not None:
                progress(done, total)
        first_pass = False
        if len(retry) == len(pending):
            break  # nothing more succeeded: another pass would fail the same way
        pending = retry
    return failures


def _refusal(model: type[models.Model], user: Any) -> str:
    """Why `user` may not import `model` at all (neither create nor change), else ""."""
    if user is None or getattr(user, "is_superuser", False):
        return ""
    meta = model._meta
    if user.has_perm(f"{meta.app_label}.add_{meta.model_name}") or user.has_perm(
        f"{meta.app_label}.change_{meta.model_name}"
    ):
        return ""
    return f"You may neither create nor change {meta.verbose_name_plural}."


def _write_context(user: Any) -> dict[str, Any]:
    """What a serializer sees on a POST by `user`: every many-to-many field writable, the user's name
    for fields that default to the requester."""
    http = HttpRequest()
    http.method = "POST"
    http.META.update({"SERVER_NAME": "localhost", "SERVER_PORT": "80"})
    request = Request(http)
    request.user = user if user is not None else COMMAND_LINE
    request.auth = None
    return {"request": request, "depth": 0}


def _custom_types(model: type[models.Model]) -> dict[str, str]:
    content_type = ContentType.objects.get_for_model(model)
    return dict(CustomField.objects.filter(content_types=content_type).values_list("key", "type"))


class _Importer:
    def __init__(
        self,
        model: type[models.Model],
        serializer_class: Any,
        columns: list[Column],
        width: int,
        context: dict[str, Any],
        user: Any,
        update_existing: bool,
    ) -> None:
        self.model = model
        self.width = width
        self.serializer_class = serializer_class
        self.columns = columns
        self.by_name = {column.name: column for column in columns}
        self.context = context
        self.user = user
        self.update_existing = update_existing
        self.queryset = model._default_manager.all()
        self.name = str(model._meta.verbose_name)

    # ------------------------------------------------------------------------------ one row

    def import_row(self, row: Row, tally: _Tally) -> list[RowError]:
        """Write one row in a savepoint: whatever fails rolls back this row only, and becomes its errors."""
        try:
            with transaction.atomic():
                outcome = self._write(row)
        except RowFailed as failure:
            return [RowError(row.line, name or NON_FIELD, message) for name, message in failure.problems]
        except serializers.ValidationError as exc:
            return [RowError(row.line, name, message) for name, message in flatten_errors(exc.detail)]
        except DjangoValidationError as exc:
            return [RowError(row.line, name, message) for name, message in flatten_errors(django_errors(exc))]
        except DatabaseError as exc:
            reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            return [RowError(row.line, NON_FIELD, f"The database refused the row: {reason}")]
        setattr(tally, outcome, getattr(tally, outcome) + 1)
        return []

    def _write(self, row: Row) -> str:
        data, problems = self._data(row)
        instance, problem = self._existing(row)
        if problem is not None:
            problems.insert(0, problem)
        if problems:
            raise RowFailed(problems)
        self._check_permission(instance)
        serializer = self.serializer_class(instance, data=data, partial=instance is not None, context=self.context)
        if not serializer.is_valid():
            raise serializers.ValidationError(serializer.errors)
        if instance is not None and not changes(instance, serializer.validated_data):
            return "unchanged"
        saved = serializer.save()
        self._check_permission(saved, "add" if instance is None else "change")  # as written: else rolled back
        return "created" if instance is None else "updated"

    def _data(self, row: Row) -> tuple[dict[str, Any], list[tuple[str, str]]]:
        data: dict[str, Any] = {}
        custom: dict[str, Any] = {}
        problems: list[tuple[str, str]] = []
        for column in self.columns:
            if column.kind in ("id", "ignored"):
                continue
            text = cell(row, column)
            try:
                if column.kind == "custom":
                    custom[column.key] = custom_value(column, text)
                    continue
                value = field_value(column, text)
            except ValueError as exc:
                problems.append((column.name, str(exc)))
                continue
            if value is not OMIT:
                data[column.name] = value
        if custom:
            data["custom_fields"] = custom
        if any(text.strip() for text in row.cells[self.width :]):
            problems.append(
                (NON_FIELD, f"The row has {len(row.cells)} cells but the header names only {self.width} columns.")
            )
        return data, problems

    def _check_permission(self, instance: Any, action: str | None = None) -> None:
        """Whether the user may write the row: before, on the model (a new object) or the object found;
        after (`action` given), on the object as written, whose savepoint a refusal rolls back."""
        if self.user is None or getattr(self.user, "is_superuser", False):
            return
        action = action or ("add" if instance is None else "change")
        verb = "create" if action == "add" else "change"
        if not may(self.user, self.model, action):
            raise RowFailed([(NON_FIELD, f"You may not {verb} {self.model._meta.verbose_name_plural}.")])
        if instance is not None and instance.pk not in allowed_ids(self.user, self.model, [instance.pk], action):
            raise RowFailed([(NON_FIELD, f"You may not {verb} this {self.name}.")])

    # ------------------------------------------------------------------------------ which object

    def _existing(self, row: Row) -> tuple[Any, tuple[str, str] | None]:
        """The object the row names (by id, else by natural key), or None to create one."""
        found, named_by = None, ""
        id_column = self.by_name.get("id")
        text = cell(row, id_column) if id_column is not None else ""
        if text:
            try:
                pk = uuid.UUID(text) if isinstance(self.model._meta.pk, models.UUIDField) else text
            except ValueError:
                return None, ("id", f"{text!r} is not a valid {self.name} id (a UUID).")
            found, named_by = self.queryset.filter(pk=pk).first(), "id"
        if found is None:
            try:
                found = self._by_natural_key(row)
            except MultipleObjectsReturned:
                return None, (NON_FIELD, f"More than one {self.name} matches this row's natural key; give its id.")
            named_by = self.natural_key_columns()[0] if self.natural_key_columns() else "id"
        if found is not None and not self.update_existing:
            return None, (named_by, f"This {self.name} already exists, and the import does not update objects.")
        return found, None

    def natural_key_columns(self) -> list[str]:
        names = getattr(self.model, "natural_key_field_names", ("id",))
        heads = list(dict.fromkeys(name.split("__")[0] for name in names))
        return [] if heads == ["id"] else heads

    def _by_natural_key(self, row: Row) -> Any:
        """The object whose natural key the row's columns give (`name` + `location` for a device), None
        when a column is missing or empty or a related object cannot be found (the row then creates, and
        its own validation says what is wrong)."""
        names = list(getattr(self.model, "natural_key_field_names", ("id",)))
        if names == ["id"]:
            return None
        lookups: dict[str, Any] = {}
        related: dict[str, Any] = {}
        direct = True  # every key part is a column of the model (else the model's own lookups read them)
        for head in dict.fromkeys(name.split("__")[0] for name in names):
            column = self.by_name.get(head)
            if column is None:
                return None
            text = cell(row, column)
            try:
                model_field: Any = self.model._meta.get_field(head)
            except FieldDoesNotExist:
                model_field = None
            if model_field is not None and model_field.is_relation and model_field.concrete:
                if text == "":
                    lookups[head] = related[head] = None
                    continue
                try:
                    related[head] = lookups[head] = resolve_object(
                        model_field.related_model._default_manager.all(), text
                    )
                except serializers.ValidationError:
                    return None
            elif text == "":
                return None
            else:
                direct = direct and model_field is not None
                lookups[head] = text
        if not direct:
            # A key read through the model's own lookups (a prefix's "10.0.0.0/24" is several columns).
            values = [_walk(related[n.split("__")[0]], n) if n.split("__")[0] in related else lookups[n] for n in names]
            try:
                lookups = natural_key_lookups(self.model, values)
            except (ValueError, DjangoValidationError):
                return None
        try:
            return self.queryset.get(**lookups)
        except ObjectDoesNotExist:
            return None
        except (ValueError, TypeError, DjangoValidationError):
            return None


def _walk(obj: Any, path: str) -> Any:
    for attribute in path.split("__")[1:]:
        if obj is None:
            return None
        obj = getattr(obj, attribute, None)
    return obj


# --------------------------------------------------------------------------------------------- helpers


def flatten_errors(detail: Any, name: str = "") -> list[tuple[str, str]]:
    """DRF error detail as (field, message) pairs; custom field errors as cf_<key>."""
    if isinstance(detail, dict):
        pairs: list[tuple[str, str]] = []
        for key, value in detail.items():
            if name == "custom_fields":
                child = f"cf_{key}"
            elif name:
                child = f"{name}.{key}"
            else:
                child = NON_FIELD if key in ("__all__", NON_FIELD) else str(key)
            pairs.extend(flatten_errors(value, child))
        return pairs
    if isinstance(detail, list | tuple):
        return [pair for item in detail for pair in flatten_errors(item, name)]
    return [(name or NON_FIELD, str(detail))]


def changes(instance: models.Model, data: dict[str, Any]) -> bool:
    """Whether saving `data` would change `instance` (so an unchanged row writes nothing)."""
    meta = instance._meta
    for key, value in data.items():
        try:
            model_field: Any = meta.get_field(key)
        except FieldDoesNotExist:
            model_field = next((f for f in meta.concrete_fields if f.attname == key), None)
            if model_field is None:
                return True  # something the serializer passes to its service: assume it matters
            if getattr(instance, key) != value:
                return True
            continue
        if model_field.many_to_many:
            current = set(getattr(instance, key).values_list("pk", flat=True))
            if current != {getattr(item, "pk", item) for item in value}:
                return True
        elif model_field.one_to_one and model_field.auto_created:  # the reverse side: a device's parent_bay
            held = getattr(instance, key, None)  # None where no row points here
            if getattr(held, "pk", None) != getattr(value, "pk", value):
                return True
        elif model_field.is_relation:
            if getattr(instance, model_field.attname) != getattr(value, "pk", value):
                return True
        elif getattr(instance, key) != value:
            return True
    return False
