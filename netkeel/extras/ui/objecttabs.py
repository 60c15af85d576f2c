"""What extras lends every model's pages (netkeel.core.ui.extensions): the notes tab (Markdown, newest last,
added through the API's note serializer), the change-log tab (the object's changes and those of what
belongs to it, newest first), and the home page's recent changes. Models with integer keys carry neither
notes nor changes (both point at objects by UUID)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render

from netkeel.core.api import registry as api_registry
from netkeel.core.ui.extensions import HomePanel, register_home_panel, register_object_tab
from netkeel.core.ui.forms import messages_of, serializer_context
from netkeel.core.ui.registry import ObjectTab
from netkeel.core.ui.render import markdown
from netkeel.core.ui.views import ObjectTabView, tab_page
from netkeel.extras.api.serializers import NoteSerializer
from netkeel.extras.models import Note, ObjectChange
from netkeel.extras.ui.changes import VIEW_CHANGE, changed_object_url, readable_differences, viewable_changes

VIEW_NOTE = "extras.view_note"
ADD_NOTE = "extras.add_note"
RECENT_CHANGES = 10


def has_uuid_key(model: type[models.Model]) -> bool:
    return isinstance(model._meta.pk, models.UUIDField)


def notes_of(obj: models.Model) -> models.QuerySet[Note]:
    content_type = ContentType.objects.get_for_model(type(obj))
    return Note.objects.filter(assigned_object_type=content_type, assigned_object_id=obj.pk)


def changes_of(obj: models.Model) -> models.QuerySet[ObjectChange]:
    content_type = ContentType.objects.get_for_model(type(obj))
    return ObjectChange.objects.filter(
        Q(changed_object_type=content_type, changed_object_id=obj.pk)
        | Q(related_object_type=content_type, related_object_id=obj.pk)
    ).order_by("-time", "-pk")


class NotesTabView(ObjectTabView):
    template_name = "netkeel/ui/notes.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.show(self.get_object())

    def show(self, obj: Any, text: str = "", errors: list[str] | None = None, status: int = 200) -> HttpResponse:
        page = tab_page(self.request, notes_of(obj).order_by("created", "pk"))
        context = {
            **self.object_context(obj),
            "page": page,
            "notes": [(note, markdown(note.note)) for note in page],
            "may_add_note": self.request.user.has_perm(ADD_NOTE),
            "text": text,
            "errors": errors or [],
        }
        return render(self.request, self.template_name, context, status=status)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.has_perm(ADD_NOTE):
            raise PermissionDenied(f"You need the {ADD_NOTE} permission to add notes.")
        obj = self.get_object()
        text = request.POST.get("note", "")
        data = {
            "note": text,
            "assigned_object_type": api_registry.object_type(type(obj)),
            "assigned_object_id": str(obj.pk),
        }
        serializer = NoteSerializer(data=data, context=serializer_context(request))
        if not serializer.is_valid():
            return self.show(obj, text, messages_of(dict(serializer.errors)), status=400)
        with transaction.atomic():
            serializer.save(user=request.user)
        messages.success(request, "Note added.")
        return HttpResponseRedirect(self.ui.url("notes", obj))


class ChangeLogTabView(ObjectTabView):
    template_name = "netkeel/ui/changelog.html"

    def tab_context(self, obj: Any) -> dict[str, Any]:
        page = tab_page(self.request, changes_of(obj).select_related("changed_object_type"))
        return {"page": page, "changes": readable_differences(page)}


def recent_changes(request: HttpRequest) -> dict[str, Any]:
    """The last changes with a link to each object still there; None when the user may not see them."""
    if not request.user.has_perm(VIEW_CHANGE):
        return {"changes": None}
    latest = viewable_changes(ObjectChange.objects.all(), request.user).order_by("-time", "-pk")[:RECENT_CHANGES]
    return {"changes": [(change, changed_object_url(change)) for change in latest]}


def register() -> None:
    register_object_tab(
        ObjectTab(
            "notes",
            "Notes",
            NotesTabView,
            permission=VIEW_NOTE,
            badge=lambda obj: notes_of(obj).count(),
            applies_to=has_uuid_key,
        )
    )
    register_object_tab(ObjectTab("changelog", "Change log", ChangeLogTabView, VIEW_CHANGE, applies_to=has_uuid_key))
    register_home_panel(HomePanel("recent-changes", "netkeel/ui/recent_changes.html", recent_changes))
