"""Device families (a device type's `device_family`) and device redundancy groups (a device's
`device_redundancy_group` and `device_redundancy_group_priority`), as Nautobot 3 has them; the default
statuses offered on redundancy groups."""

import uuid

import django.core.serializers.json
import django.core.validators
import django.db.models.deletion
from django.db import migrations, models

import netkeel.extras.fields
from netkeel.extras.defaults import link_default_statuses, unlink_default_statuses

STATUS_MODELS = ["dcim.deviceredundancygroup"]


def link(apps, schema_editor):  # type: ignore[no-untyped-def]
    link_default_statuses(apps, STATUS_MODELS)


def unlink(apps, schema_editor):  # type: ignore[no-untyped-def]
    unlink_default_statuses(apps, STATUS_MODELS)


class Migration(migrations.Migration):
    dependencies = [
        ("dcim", "0012_interface_speed_duplex_power_factor_tenants"),
        ("extras", "0008_job_nautobot_fields"),
    ]

    operations = [
        migrations.AddField(
            model_name="device",
            name="device_redundancy_group_priority",
            field=models.PositiveSmallIntegerField(
                blank=True,
                help_text="The priority the device has in its redundancy group.",
                null=True,
                validators=[django.core.validators.MinValueValidator(1)],
            ),
        ),
        migrations.CreateModel(
            name="DeviceFamily",
            fields=[
                ("id", models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ("created", models.DateTimeField(auto_now_add=True)),
                ("last_updated", models.DateTimeField(auto_now=True)),
                (
                    "custom_field_data",
                    models.JSONField(blank=True, default=dict, encoder=django.core.serializers.json.DjangoJSONEncoder),
                ),
                ("name", models.CharField(max_length=255, unique=True)),
                ("description", models.CharField(blank=True, max_length=255)),
                (
                    "tags",
                    netkeel.extras.fields.TagsField(
                        blank=True, related_name="%(app_label)s_%(class)s_related", to="extras.tag"
                    ),
                ),
            ],
            options={
                "verbose_name_plural": "device families",
                "ordering": ["name"],
                "abstract": False,
            },
        ),
        migrations.AddField(
            model_name="devicetype",
            name="device_family",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="device_types",
                to="dcim.devicefamily",
            ),
        ),
        migrations.CreateModel(
            name="DeviceRedundancyGroup",
            fields=[
                ("id", models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ("created", models.DateTimeField(auto_now_add=True)),
                ("last_updated", models.DateTimeField(auto_now=True)),
                (
                    "custom_field_data",
                    models.JSONField(blank=True, default=dict, encoder=django.core.serializers.json.DjangoJSONEncoder),
                ),
                ("name", models.CharField(max_length=255, unique=True)),
                ("description", models.CharField(blank=True, max_length=255)),
                (
                    "failover_strategy",
                    models.CharField(
                        blank=True,
                        choices=[("active-active", "Active/Active"), ("active-passive", "Active/Passive")],
                        max_length=50,
                    ),
                ),
                ("comments", models.TextField(blank=True)),
                (
                    "status",
                    netkeel.extras.fields.StatusField(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="%(app_label)s_%(class)s_related",
                        to="extras.status",
                    ),
                ),
                (
                    "tags",
                    netkeel.extras.fields.TagsField(
                        blank=True, related_name="%(app_label)s_%(class)s_related", to="extras.tag"
                    ),
                ),
            ],
            options={
                "ordering": ["name"],
            },
        ),
        migrations.AddField(
            model_name="device",
            name="device_redundancy_group",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="devices",
                to="dcim.deviceredundancygroup",
            ),
        ),
        migrations.RunPython(link, unlink),
    ]
