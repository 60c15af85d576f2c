"""A device's `clusters`, through virtualization's device-cluster assignments (the table exists: nothing in the
database changes; the field moves from the cluster, virtualization 0003)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('dcim', '0017_virtual_device_context_controller_group'),
        ('virtualization', '0003_device_clusters_declared_on_device'),
    ]

    # The assignment table is already there: only Django's picture of the models changes (on SQLite an
    # AddField of a many-to-many field would otherwise copy the whole table to add nothing).
    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddField(
                    model_name='device',
                    name='clusters',
                    field=models.ManyToManyField(blank=True, related_name='devices', through='virtualization.DeviceClusterAssignment', to='virtualization.cluster'),
                ),
            ],
        ),
    ]
