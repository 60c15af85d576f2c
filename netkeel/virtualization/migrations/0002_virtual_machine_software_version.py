"""A virtual machine's software version and image files (Nautobot 3.x's)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("dcim", "0014_software_versions"),
        ("virtualization", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="virtualmachine",
            name="software_image_files",
            field=models.ManyToManyField(blank=True, related_name="virtual_machines", to="dcim.softwareimagefile"),
        ),
        migrations.AddField(
            model_name="virtualmachine",
            name="software_version",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="virtual_machines",
                to="dcim.softwareversion",
            ),
        ),
    ]
