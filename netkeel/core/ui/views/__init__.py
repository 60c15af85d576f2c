"""The generic pages every registered model gets (see netkeel.core.ui), and the user's own pages."""

from netkeel.core.ui.views.account import OptionsView, ThemeView, TokenListView
from netkeel.core.ui.views.base import LoginRequiredView, ModelView, ObjectView, delete_object, safe_return_url
from netkeel.core.ui.views.bulk import BulkDeleteView, BulkEditView, ObjectImportView
from netkeel.core.ui.views.edit import ObjectDeleteView, ObjectEditView, deletion_preview
from netkeel.core.ui.views.objects import (
    ObjectChangeLogView,
    ObjectDetailView,
    ObjectListView,
    ObjectNotesView,
    ObjectTabView,
)

__all__ = [
    "BulkDeleteView",
    "BulkEditView",
    "LoginRequiredView",
    "ModelView",
    "ObjectChangeLogView",
    "ObjectDeleteView",
    "ObjectDetailView",
    "ObjectEditView",
    "ObjectImportView",
    "ObjectListView",
    "ObjectNotesView",
    "ObjectTabView",
    "ObjectView",
    "OptionsView",
    "ThemeView",
    "TokenListView",
    "delete_object",
    "deletion_preview",
    "safe_return_url",
]
