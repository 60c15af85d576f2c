"""The generic pages every registered model gets (see netkeel.core.ui), and the user's own pages."""

from netkeel.core.ui.views.account import OptionsView, ThemeView
from netkeel.core.ui.views.base import LoginRequiredView, ModelView, ObjectView, delete_object, safe_return_url
from netkeel.core.ui.views.bulk import BulkDeleteView, BulkEditView, ObjectImportView
from netkeel.core.ui.views.edit import ObjectDeleteView, ObjectEditView, deletion_preview
from netkeel.core.ui.views.objects import ObjectDetailView, ObjectListView, ObjectTabView, tab_page

__all__ = [
    "BulkDeleteView",
    "BulkEditView",
    "LoginRequiredView",
    "ModelView",
    "ObjectDeleteView",
    "ObjectDetailView",
    "ObjectEditView",
    "ObjectImportView",
    "ObjectListView",
    "ObjectTabView",
    "ObjectView",
    "OptionsView",
    "ThemeView",
    "delete_object",
    "deletion_preview",
    "safe_return_url",
    "tab_page",
]
