"""circuits 0001_initial to 0004_custom_field_data as one migration, for a fresh database; see
netkeel/core/migrations/_batched.py. The data steps are the originals' functions, imported from them.
"""

import uuid
from importlib import import_module

import django.core.serializers.json
import django.db.models.deletion
from django.db import migrations, models

import netkeel.extras.fields
from netkeel.core.migrations._batched import BatchedMigration, RepeatableRunPython

_default_statuses = import_module("netkeel.circuits.migrations.0002_default_statuses")


class Migration(BatchedMigration):
    replaces = [
        ("circuits", "0001_initial"),
        ("circuits", "0002_default_statuses"),
        ("circuits", "0003_tags"),
        ("circuits", "0004_custom_field_data"),
    ]

    initial = True

    dependencies = [
        ("dcim", "0003_device_tenant_location_tenant_rack_tenant"),
        ("extras", "0002_default_statuses"),
        ("tenancy", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="CircuitType",
            fields=[
                ("id", models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ("created", models.DateTimeField(auto_now_add=True)),
                ("last_updated", models.DateTimeField(auto_now=True)),
                ("name", models.CharField(max_length=100, unique=True)),
                ("description", models.CharField(blank=True, max_length=200)),
                (
                    "custom_field_data",
                    models.JSONField(blank=True, default=dict, encoder=django.core.serializers.json.DjangoJSONEncoder),
                ),
            ],
            options={
                "ordering": ["name"],
            },
        ),
        migrations.CreateModel(
            name="Provider",
            fields=[
                ("id", models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ("created", models.DateTimeField(auto_now_add=True)),
                ("last_updated", models.DateTimeField(auto_now=True)),
                ("name", models.CharField(max_length=100, unique=True)),
                ("asn", models.PositiveBigIntegerField(blank=True, null=True)),
                ("account", models.CharField(blank=True, max_length=100)),
                ("portal_url", models.URLField(blank=True)),
                ("noc_contact", models.TextField(blank=True)),
                ("admin_contact", models.TextField(blank=True)),
                ("comments", models.TextField(blank=True)),
                (
                    "tags",
                    netkeel.extras.fields.TagsField(
                        blank=True, related_name="%(app_label)s_%(class)s_related", to="extras.tag"
                    ),
                ),
                (
                    "custom_field_data",
                    models.JSONField(blank=True, default=dict, encoder=django.core.serializers.json.DjangoJSONEncoder),
                ),
            ],
            options={
                "ordering": ["name"],
            },
        ),
        migrations.CreateModel(
            name="Circuit",
            fields=[
                ("id", models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ("created", models.DateTimeField(auto_now_add=True)),
                ("last_updated", models.DateTimeField(auto_now=True)),
                ("cid", models.CharField(max_length=100, verbose_name="circuit ID")),
                ("install_date", models.DateField(blank=True, null=True)),
                (
                    "commit_rate",
                    models.PositiveIntegerField(blank=True, help_text="Committed rate in Kbps.", null=True),
                ),
                ("description", models.CharField(blank=True, max_length=200)),
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
                    "tenant",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="%(app_label)s_%(class)s_related",
                        to="tenancy.tenant",
                    ),
                ),
                (
                    "circuit_type",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="circuits", to="circuits.circuittype"
                    ),
                ),
                (
                    "provider",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="circuits", to="circuits.provider"
                    ),
                ),
                (
                    "tags",
                    netkeel.extras.fields.TagsField(
                        blank=True, related_name="%(app_label)s_%(class)s_related", to="extras.tag"
                    ),
                ),
                (
                    "custom_field_data",
                    models.JSONField(blank=True, default=dict, encoder=django.core.serializers.json.DjangoJSONEncoder),
                ),
            ],
            options={
                "ordering": ["provider", "cid"],
                "constraints": [
                    models.UniqueConstraint(fields=("provider", "cid"), name="circuits_circuit_unique_provider_cid")
                ],
            },
        ),
        migrations.CreateModel(
            name="ProviderNetwork",
            fields=[
                ("id", models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ("created", models.DateTimeField(auto_now_add=True)),
                ("last_updated", models.DateTimeField(auto_now=True)),
                ("name", models.CharField(max_length=100, unique=True)),
                ("description", models.CharField(blank=True, max_length=200)),
                ("comments", models.TextField(blank=True)),
                (
                    "provider",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="provider_networks",
                        to="circuits.provider",
                    ),
                ),
                (
                    "tags",
                    netkeel.extras.fields.TagsField(
                        blank=True, related_name="%(app_label)s_%(class)s_related", to="extras.tag"
                    ),
                ),
                (
                    "custom_field_data",
                    models.JSONField(blank=True, default=dict, encoder=django.core.serializers.json.DjangoJSONEncoder),
                ),
            ],
            options={
                "ordering": ["provider", "name"],
            },
        ),
        migrations.CreateModel(
            name="CircuitTermination",
            fields=[
                ("id", models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ("created", models.DateTimeField(auto_now_add=True)),
                ("last_updated", models.DateTimeField(auto_now=True)),
                ("term_side", models.CharField(choices=[("A", "A"), ("Z", "Z")], max_length=1, verbose_name="side")),
                ("port_speed", models.PositiveIntegerField(blank=True, help_text="Physical speed in Kbps.", null=True)),
                (
                    "upstream_speed",
                    models.PositiveIntegerField(blank=True, help_text="Upstream speed in Kbps.", null=True),
                ),
                ("xconnect_id", models.CharField(blank=True, max_length=50, verbose_name="cross-connect ID")),
                ("pp_info", models.CharField(blank=True, max_length=100, verbose_name="patch panel / port(s)")),
                ("description", models.CharField(blank=True, max_length=200)),
                (
                    "cable",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="dcim.cable",
                    ),
                ),
                (
                    "circuit",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="circuit_terminations",
                        to="circuits.circuit",
                    ),
                ),
                (
                    "location",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="circuit_terminations",
                        to="dcim.location",
                    ),
                ),
                (
                    "provider_network",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="circuit_terminations",
                        to="circuits.providernetwork",
                    ),
                ),
                (
                    "tags",
                    netkeel.extras.fields.TagsField(
                        blank=True, related_name="%(app_label)s_%(class)s_related", to="extras.tag"
                    ),
                ),
                (
                    "custom_field_data",
                    models.JSONField(blank=True, default=dict, encoder=django.core.serializers.json.DjangoJSONEncoder),
                ),
            ],
            options={
                "ordering": ["circuit", "term_side"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("circuit", "term_side"), name="circuits_circuittermination_unique_side"
                    )
                ],
            },
        ),
        RepeatableRunPython(_default_statuses.link, _default_statuses.unlink),
    ]
