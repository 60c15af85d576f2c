"""An address assignment names a device's interface or a virtual machine's (`vm_interface`), exactly one, as
Nautobot's does. Existing assignments all name an interface, so no row changes."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("dcim", "0011_natural_ordering"),
        ("ipam", "0007_namespace_tenant_and_assignment_flags"),
        ("virtualization", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="ipaddresstointerface",
            name="vm_interface",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="ip_address_assignments",
                to="virtualization.vminterface",
            ),
        ),
        migrations.AlterField(
            model_name="ipaddresstointerface",
            name="interface",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="ip_address_assignments",
                to="dcim.interface",
            ),
        ),
        migrations.AddConstraint(
            model_name="ipaddresstointerface",
            constraint=models.UniqueConstraint(
                fields=("ip_address", "vm_interface"), name="ipam_ipaddresstointerface_unique_vm_interface"
            ),
        ),
    ]
