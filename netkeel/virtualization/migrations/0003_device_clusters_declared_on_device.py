"""The devices of a cluster stop being a field of the cluster: dcim 0018 declares them on the device as
`clusters`, as Nautobot does (the same assignment table; nothing in the database changes)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('virtualization', '0002_virtual_machine_software_version'),
    ]

    # The assignment table is already there: only Django's picture of the models changes (on SQLite an
    # AddField of a many-to-many field would otherwise copy the whole table to add nothing).
    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name='cluster',
                    name='devices',
                ),
            ],
        ),
    ]
