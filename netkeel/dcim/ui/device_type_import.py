"""`/dcim/device-types/import-yaml/`: paste or upload the YAML of device types from the community library
(one file, several files, or documents separated by `---`); each is imported as the CLI imports it."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render

from netkeel.core.ui.views import ModelView
from netkeel.core.ui.views.bulk import MAX_IMPORT_BYTES
from netkeel.dcim.device_type_library import ImportReport, import_text


class DeviceTypeImportView(ModelView):
    action = "add"
    template_name = "dcim/device_type_import.html"

    def extra_permissions(self) -> list[str]:
        return [self.ui.permission("change")]  # a device type that exists is updated

    def respond(
        self, text: str = "", report: ImportReport | None = None, error: str = "", status: int = 200
    ) -> HttpResponse:
        context = {**self.base_context(), "text": text, "report": report, "error": error}
        return render(self.request, self.template_name, context, status=status)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.respond()

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        report = ImportReport()
        text = request.POST.get("yaml", "")
        uploads = request.FILES.getlist("yaml_files")
        if sum(upload.size or 0 for upload in uploads) + len(text) > MAX_IMPORT_BYTES:
            return self.respond(
                text, error="More than 20 MB; import it with netkeel-server import_device_types.", status=400
            )
        if not text.strip() and not uploads:
            return self.respond(text, error="Paste the YAML of a device type or choose files.", status=400)
        if text.strip():
            report = import_text(text)
        for upload in uploads:
            try:
                content = upload.read().decode("utf-8-sig")
            except UnicodeDecodeError:
                return self.respond(text, report, error=f"{upload.name} is not UTF-8 text.", status=400)
            one = import_text(content, source=str(upload.name))
            report.imported.extend(one.imported)
            report.failed.extend(one.failed)
        if report.failed:
            return self.respond(text, report, status=400)
        messages.success(request, f"Imported {report.summary()[0].lower()}{report.summary()[1:]}")
        return HttpResponseRedirect(self.ui.url("list"))
