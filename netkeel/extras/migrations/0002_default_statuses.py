"""Create the default statuses (Active, Planned, …); each domain app links them to its models later."""

from django.db import migrations

from netkeel.extras.defaults import create_default_statuses


def remove_untouched_defaults(apps, schema_editor):  # type: ignore[no-untyped-def]
    # Rolled back: statuses still offered on some model are in use by design, so only bare ones go.
    status_model = apps.get_model("extras", "Status")
    from netkeel.extras.defaults import DEFAULT_STATUSES

    status_model.objects.filter(
        name__in=[status.name for status in DEFAULT_STATUSES], content_types__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("extras", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_default_statuses, remove_untouched_defaults)]
