"""Pages for many objects at once: bulk edit and bulk delete of a list page's selection, and CSV import.

Bulk writes are all-or-nothing: every object goes through the serializer (edit) or the viewset's delete
hook (delete) in one transaction, and the first refusal rolls back the lot and is shown with the object
it concerns.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.deletion import ProtectedError, RestrictedError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from rest_framework.exceptions import APIException

from netkeel.core.ui import hooks, labels
from netkeel.core.ui.forms import BulkEditForm, messages_of, serializer_context
from netkeel.core.ui.views.base import ModelView, delete_object, safe_return_url
from netkeel.core.ui.views.edit import SelectionMixin, deletion_failure

# Objects a bulk confirmation page lists by name (the rest are counted).
LISTED = 100
# The largest CSV file the import page reads (bigger files: the API or the command line).
MAX_IMPORT_BYTES = 20 * 1024 * 1024


class BulkEditView(SelectionMixin):
    action = "bulk_edit"
    template_name = "netkeel/ui/bulk_edit.html"

    def respond(self, form: BulkEditForm, objects: list[Any], errors: list[str], status: int = 200) -> HttpResponse:
        context = {
            **self.base_context(),
            "form": form,
            "objects": objects[:LISTED],
            "count": len(objects),
            "errors": errors,
            "return_url": safe_return_url(self.request, self.ui.url("list")),
        }
        return render(self.request, self.template_name, context, status=status)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return HttpResponseRedirect(self.ui.url("list"))  # a selection comes by POST from the list

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        objects = self.selected(request)
        ids = [str(obj.pk) for obj in objects]
        if not objects:
            messages.warning(request, f"Select the {self.ui.verbose_name_plural} to edit first.")
            return HttpResponseRedirect(safe_return_url(request, self.ui.url("list")))
        applying = "_apply" in request.POST
        form = BulkEditForm(
            request.POST if applying else None, model_form=self.ui.form, user=request.user, ids=ids,
            initial={"pk": ids},
        )  # fmt: skip
        if not applying:
            return self.respond(form, objects, [])
        if not form.is_valid():
            return self.respond(form, objects, [], status=400)
        changes = form.changes()
        if not changes:
            return self.respond(form, objects, ["Choose at least one field to change."], status=400)
        errors = self.apply(request, objects, changes)
        if errors:
            return self.respond(form, objects, errors, status=400)
        messages.success(request, f"Changed {len(objects)} {self.ui.verbose_name_plural}.")
        return HttpResponseRedirect(safe_return_url(request, self.ui.url("list")))

    def apply(self, request: HttpRequest, objects: list[Any], changes: dict[str, Any]) -> list[str]:
        serializer_class = self.ui.serializer
        if serializer_class is None:
            return [f"{labels.label(self.ui.verbose_name_plural)} cannot be written here."]
        context = serializer_context(request)
        with transaction.atomic():
            for obj in objects:
                serializer = serializer_class(obj, data=changes, partial=True, context=context)
                try:
                    if serializer.is_valid():
                        serializer.save()
                        continue
                    problems = messages_of(dict(serializer.errors))
                except (ValidationError, APIException) as exc:
                    problems = deletion_failure(exc).split("\n")
                transaction.set_rollback(True)
                return [f"{obj}: {problem}" for problem in problems] + ["Nothing was changed."]
            self.check_written(objects, "change")
        return []


class BulkDeleteView(SelectionMixin):
    action = "bulk_delete"
    template_name = "netkeel/ui/bulk_delete.html"

    def respond(self, objects: list[Any], error: str | None = None, status: int = 200) -> HttpResponse:
        context = {
            **self.base_context(),
            "objects": objects[:LISTED],
            "ids": [str(obj.pk) for obj in objects],
            "count": len(objects),
            "error": error,
            "return_url": safe_return_url(self.request, self.ui.url("list")),
        }
        return render(self.request, self.template_name, context, status=status)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return HttpResponseRedirect(self.ui.url("list"))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        objects = self.selected(request)
        if not objects:
            messages.warning(request, f"Select the {self.ui.verbose_name_plural} to delete first.")
            return HttpResponseRedirect(safe_return_url(request, self.ui.url("list")))
        if "_confirm" not in request.POST:
            return self.respond(objects)
        try:
            with transaction.atomic():
                for obj in objects:
                    delete_object(self.ui, request, obj)
        except (ProtectedError, RestrictedError, APIException, ValidationError) as exc:
            return self.respond(objects, f"{deletion_failure(exc)} Nothing was deleted.", status=409)
        messages.success(request, f"Deleted {len(objects)} {self.ui.verbose_name_plural}.")
        return HttpResponseRedirect(safe_return_url(request, self.ui.url("list")))


class ObjectImportView(ModelView):
    """CSV import: paste or upload a file; each row goes through the API serializer (by the importer that
    extras registers), and every problem is listed with its line."""

    action = "import"
    template_name = "netkeel/ui/import.html"

    def extra_permissions(self) -> list[str]:
        return [self.ui.permission("change")]  # rows naming existing objects update them

    def columns(self) -> list[str]:
        from netkeel.core.ui.forms import writable_fields

        return writable_fields(self.ui.model, self.ui.serializer)

    def respond(self, text: str = "", outcome: Any = None, error: str | None = None, status: int = 200) -> HttpResponse:
        context = {
            **self.base_context(),
            "text": text,
            "outcome": outcome,
            "error": error,
            "available": hooks.csv_importer() is not None,
            "columns": self.columns(),
        }
        return render(self.request, self.template_name, context, status=status)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.respond()

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        importer = hooks.csv_importer()
        text = request.POST.get("csv", "")
        upload = request.FILES.get("csv_file")
        if upload is not None:
            if upload.size is not None and upload.size > MAX_IMPORT_BYTES:
                return self.respond(text, error="The file is larger than 20 MB; import it with the API.", status=400)
            try:
                text = upload.read().decode("utf-8-sig")
            except UnicodeDecodeError:
                return self.respond(error="The file is not UTF-8 text.", status=400)
        if importer is None:
            return self.respond(text, error="CSV import is not available on this installation.", status=503)
        if not text.strip():
            return self.respond(text, error="Paste CSV text or choose a file.", status=400)
        try:
            outcome = importer(self.ui.model, text, user=request.user)
        except ValueError as exc:
            return self.respond(text, error=str(exc), status=400)
        if outcome.job_url:
            messages.info(request, "The import runs in the background; its result is shown on the job page.")
            return HttpResponseRedirect(outcome.job_url)
        if outcome.problems:
            return self.respond(text, outcome, status=400)
        messages.success(
            request,
            f"Imported {outcome.rows} rows: {outcome.created} created, {outcome.updated} updated, "
            f"{outcome.unchanged} unchanged.",
        )
        return HttpResponseRedirect(self.ui.url("list"))
