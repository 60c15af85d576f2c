"""tenancy 0001_initial to 0003_custom_field_data as one migration, for a fresh database; see
netkeel/core/migrations/_batched.py.
"""

import uuid

import django.core.serializers.json
import django.db.models.deletion
from django.db import migrations, models

import netkeel.extras.fields
from netkeel.core.migrations._batched import BatchedMigration


class Migration(BatchedMigration):
    replaces = [("tenancy", "0001_initial"), ("tenancy", "0002_tags"), ("tenancy", "0003_custom_field_data")]

    initial = True

    dependencies = [
        ("extras", "0002_default_statuses"),
    ]

    operations = [
        migrations.CreateModel(
            name="TenantGroup",
            fields=[
                ("id", models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ("created", models.DateTimeField(auto_now_add=True)),
                ("last_updated", models.DateTimeField(auto_now=True)),
                ("name", models.CharField(max_length=100, unique=True)),
                ("description", models.CharField(blank=True, max_length=200)),
                (
                    "parent",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="children",
                        to="tenancy.tenantgroup",
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
            name="Tenant",
            fields=[
                ("id", models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ("created", models.DateTimeField(auto_now_add=True)),
                ("last_updated", models.DateTimeField(auto_now=True)),
                ("name", models.CharField(max_length=100, unique=True)),
                ("description", models.CharField(blank=True, max_length=200)),
                ("comments", models.TextField(blank=True)),
                (
                    "tenant_group",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="tenants",
                        to="tenancy.tenantgroup",
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
                "ordering": ["name"],
            },
        ),
    ]
