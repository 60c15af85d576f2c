"""A virtual device context may belong to a controller-managed device group (Nautobot 3's
`controller_managed_device_group`; the group's `virtual_device_contexts`)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('dcim', '0016_controllers'),
    ]

    operations = [
        migrations.AddField(
            model_name='virtualdevicecontext',
            name='controller_managed_device_group',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='virtual_device_contexts', to='dcim.controllermanageddevicegroup'),
        ),
    ]
