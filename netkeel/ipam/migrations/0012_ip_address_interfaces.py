"""An IP address's `interfaces` and `vm_interfaces`, through its interface assignments (the table exists:
nothing in the database changes)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('dcim', '0018_device_clusters'),
        ('ipam', '0011_vrf_device_assignment_virtual_device_context'),
        ('virtualization', '0003_device_clusters_declared_on_device'),
    ]

    # The assignment table is already there: only Django's picture of the models changes (on SQLite an
    # AddField of a many-to-many field would otherwise copy the whole table to add nothing).
    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddField(
                    model_name='ipaddress',
                    name='interfaces',
                    field=models.ManyToManyField(blank=True, related_name='ip_addresses', through='ipam.IPAddressToInterface', to='dcim.interface'),
                ),
                migrations.AddField(
                    model_name='ipaddress',
                    name='vm_interfaces',
                    field=models.ManyToManyField(blank=True, related_name='ip_addresses', through='ipam.IPAddressToInterface', to='virtualization.vminterface'),
                ),
            ],
        ),
    ]
