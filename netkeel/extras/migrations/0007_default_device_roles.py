"""Roles for devices on a fresh install and on upgrade: Router, Switch, Firewall, Server and Patch Panel,
offered on devices, so that the first device can be added without first making a role (a device needs
one). Only what is missing is added: a role an operator already has under one of these names is left as
it is, and running it again adds nothing."""

from django.db import migrations

from netkeel.core.migrations._batched import RepeatableRunPython
from netkeel.extras.defaults import create_default_roles, delete_default_roles


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    create_default_roles(apps, ["dcim.device"])


def backwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    delete_default_roles(apps, ["dcim.device"])


class Migration(migrations.Migration):
    dependencies = [
        ("extras", "0006_nautobot_choices"),
        # The device model, for `backwards` (which keeps the roles devices use).
        ("dcim", "0009_interface_role_asset_tag_label"),
    ]

    operations = [RepeatableRunPython(forwards, backwards)]
