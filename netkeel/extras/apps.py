from __future__ import annotations

from typing import Any

from django.apps import AppConfig


class ExtrasConfig(AppConfig):
    name = "netkeel.extras"
    label = "extras"
    verbose_name = "Extras"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from netkeel.extras import changelog, customfields, jobs, webhooks
        from netkeel.extras.api import routes
        from netkeel.extras.jobs.discovery import register_job_module
        from netkeel.extras.ui import pages

        changelog.connect()
        webhooks.connect()
        customfields.connect()
        jobs.connect()
        register_job_module("netkeel.extras.csv_io.jobs", str(self.verbose_name))
        # The API routes first: the pages derive from them. Extras is ready before the domain apps, so the
        # tabs it lends every model are registered before any router is read.
        routes.register()
        pages.register()
        self.count_tagged_items()
        self.declare_features()

    def declare_features(self) -> None:
        """The Nautobot model features extras knows (`/api/extras/content-types/?feature=custom_fields`)."""
        from netkeel.core.api.hooks import has_custom_fields
        from netkeel.core.features import refers_to, register_feature
        from netkeel.extras.changelog.snapshots import is_recorded

        register_feature("custom_fields", has_custom_fields)
        register_feature("statuses", refers_to("extras.Status"))
        register_feature("roles", refers_to("extras.Role"))
        register_feature("webhooks", is_recorded)  # a webhook hears of the changes the change log records

    def count_tagged_items(self) -> None:
        """Nautobot's `tagged_items` of a tag: the objects of every kind that carry it, one count per kind's
        link table, summed in the tag list's own query."""
        import operator
        from functools import reduce

        from django.apps import apps
        from django.db.models import IntegerField, Value

        from netkeel.core.api.counts import count_of, register_row_count
        from netkeel.extras.fields import TagsField
        from netkeel.extras.models import Tag

        def tagged_items() -> Any:
            links = [
                count_of(through, field.m2m_reverse_field_name())
                for model in apps.get_models()
                for field in model._meta.local_many_to_many
                if isinstance(field, TagsField) and (through := field.remote_field.through) is not None
            ]
            return reduce(operator.add, links, Value(0, output_field=IntegerField()))

        register_row_count(Tag, "tagged_items", tagged_items)
