"""Services (Nautobot's `ipam.Service`): an application on a device or a virtual machine, its protocol, ports and
addresses."""

import uuid

import django.core.serializers.json
import django.db.models.deletion
from django.db import migrations, models

import netkeel.extras.fields


class Migration(migrations.Migration):
    dependencies = [
        ("dcim", "0012_interface_speed_duplex_power_factor_tenants"),
        ("extras", "0008_job_nautobot_fields"),
        ("ipam", "0008_vm_interface_assignment"),
        ("virtualization", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="Service",
            fields=[
                ("id", models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ("created", models.DateTimeField(auto_now_add=True)),
                ("last_updated", models.DateTimeField(auto_now=True)),
                (
                    "custom_field_data",
                    models.JSONField(blank=True, default=dict, encoder=django.core.serializers.json.DjangoJSONEncoder),
                ),
                ("name", models.CharField(db_index=True, max_length=255)),
                ("protocol", models.CharField(choices=[("tcp", "TCP"), ("udp", "UDP")], max_length=50)),
                ("ports", models.JSONField(verbose_name="port numbers")),
                ("description", models.CharField(blank=True, max_length=255)),
                (
                    "device",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="services",
                        to="dcim.device",
                    ),
                ),
                (
                    "ip_addresses",
                    models.ManyToManyField(
                        blank=True, related_name="services", to="ipam.ipaddress", verbose_name="IP addresses"
                    ),
                ),
                (
                    "tags",
                    netkeel.extras.fields.TagsField(
                        blank=True, related_name="%(app_label)s_%(class)s_related", to="extras.tag"
                    ),
                ),
                (
                    "virtual_machine",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="services",
                        to="virtualization.virtualmachine",
                    ),
                ),
            ],
            options={
                "ordering": ["protocol", "name", "id"],
                "constraints": [
                    models.UniqueConstraint(fields=("name", "device"), name="ipam_service_unique_device_name"),
                    models.UniqueConstraint(fields=("name", "virtual_machine"), name="ipam_service_unique_vm_name"),
                ],
            },
        ),
    ]
