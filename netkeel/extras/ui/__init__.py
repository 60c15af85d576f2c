"""Extras pages (statuses, roles, tags) and what extras lends the generic pages of every model: the CSV
importer and the custom fields of forms (netkeel.core.ui.hooks)."""
