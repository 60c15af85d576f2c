"""Offer the default statuses on circuits."""

from django.db import migrations

from netkeel.extras.defaults import link_default_statuses, unlink_default_statuses

MODELS = ["circuits.circuit"]


def link(apps, schema_editor):  # type: ignore[no-untyped-def]
    link_default_statuses(apps, MODELS)


def unlink(apps, schema_editor):  # type: ignore[no-untyped-def]
    unlink_default_statuses(apps, MODELS)


class Migration(migrations.Migration):
    dependencies = [
        ("circuits", "0001_initial"),
        ("extras", "0002_default_statuses"),
    ]

    operations = [migrations.RunPython(link, unlink)]
