"""A namespace's tenant and an address assignment's source, destination and preferred flags, as Nautobot has
them. Existing namespaces get no tenant and existing assignments all three flags false (column defaults)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("ipam", "0006_default_roles_and_vrf_down"),
        ("tenancy", "0003_custom_field_data"),
    ]

    operations = [
        migrations.AddField(
            model_name="ipaddresstointerface",
            name="is_destination",
            field=models.BooleanField(default=False),
        ),
        migrations.AddField(
            model_name="ipaddresstointerface",
            name="is_preferred",
            field=models.BooleanField(default=False),
        ),
        migrations.AddField(
            model_name="ipaddresstointerface",
            name="is_source",
            field=models.BooleanField(default=False),
        ),
        migrations.AddField(
            model_name="namespace",
            name="tenant",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="%(app_label)s_%(class)s_related",
                to="tenancy.tenant",
            ),
        ),
    ]
