"""The virtualization app: cluster types, groups, clusters, device-cluster assignments, virtual machines and VM
interfaces; the default statuses offered on virtual machines and VM interfaces."""

import uuid

import django.core.serializers.json
import django.core.validators
import django.db.models.deletion
from django.db import migrations, models

import netkeel.core.models.ordering
import netkeel.extras.fields
from netkeel.extras.defaults import link_default_statuses, unlink_default_statuses

STATUS_MODELS = ["virtualization.virtualmachine", "virtualization.vminterface"]


def link(apps, schema_editor):  # type: ignore[no-untyped-def]
    link_default_statuses(apps, STATUS_MODELS)


def unlink(apps, schema_editor):  # type: ignore[no-untyped-def]
    unlink_default_statuses(apps, STATUS_MODELS)


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("dcim", "0011_natural_ordering"),
        ("extras", "0007_default_device_roles"),
        ("ipam", "0006_default_roles_and_vrf_down"),
        ("tenancy", "0003_custom_field_data"),
    ]

    operations = [
        migrations.CreateModel(
            name="ClusterGroup",
            fields=[
                ("id", models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ("created", models.DateTimeField(auto_now_add=True)),
                ("last_updated", models.DateTimeField(auto_now=True)),
                (
                    "custom_field_data",
                    models.JSONField(blank=True, default=dict, encoder=django.core.serializers.json.DjangoJSONEncoder),
                ),
                ("name", models.CharField(max_length=100, unique=True)),
                ("description", models.CharField(blank=True, max_length=200)),
            ],
            options={
                "ordering": ["name"],
                "abstract": False,
            },
        ),
        migrations.CreateModel(
            name="ClusterType",
            fields=[
                ("id", models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ("created", models.DateTimeField(auto_now_add=True)),
                ("last_updated", models.DateTimeField(auto_now=True)),
                (
                    "custom_field_data",
                    models.JSONField(blank=True, default=dict, encoder=django.core.serializers.json.DjangoJSONEncoder),
                ),
                ("name", models.CharField(max_length=100, unique=True)),
                ("description", models.CharField(blank=True, max_length=200)),
            ],
            options={
                "ordering": ["name"],
                "abstract": False,
            },
        ),
        migrations.CreateModel(
            name="Cluster",
            fields=[
                ("id", models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ("created", models.DateTimeField(auto_now_add=True)),
                ("last_updated", models.DateTimeField(auto_now=True)),
                (
                    "custom_field_data",
                    models.JSONField(blank=True, default=dict, encoder=django.core.serializers.json.DjangoJSONEncoder),
                ),
                ("name", models.CharField(max_length=100, unique=True)),
                ("comments", models.TextField(blank=True)),
                (
                    "location",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="clusters",
                        to="dcim.location",
                    ),
                ),
                (
                    "tags",
                    netkeel.extras.fields.TagsField(
                        blank=True, related_name="%(app_label)s_%(class)s_related", to="extras.tag"
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
                    "cluster_group",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="clusters",
                        to="virtualization.clustergroup",
                    ),
                ),
                (
                    "cluster_type",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="clusters",
                        to="virtualization.clustertype",
                    ),
                ),
            ],
            options={
                "ordering": ["name"],
            },
        ),
        migrations.CreateModel(
            name="DeviceClusterAssignment",
            fields=[
                ("id", models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ("created", models.DateTimeField(auto_now_add=True)),
                ("last_updated", models.DateTimeField(auto_now=True)),
                (
                    "custom_field_data",
                    models.JSONField(blank=True, default=dict, encoder=django.core.serializers.json.DjangoJSONEncoder),
                ),
                (
                    "cluster",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="device_assignments",
                        to="virtualization.cluster",
                    ),
                ),
                (
                    "device",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="cluster_assignments",
                        to="dcim.device",
                    ),
                ),
            ],
            options={
                "verbose_name": "device cluster assignment",
                "ordering": ["cluster", "device"],
            },
        ),
        migrations.AddField(
            model_name="cluster",
            name="devices",
            field=models.ManyToManyField(
                blank=True, related_name="clusters", through="virtualization.DeviceClusterAssignment", to="dcim.device"
            ),
        ),
        migrations.CreateModel(
            name="VirtualMachine",
            fields=[
                ("id", models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ("created", models.DateTimeField(auto_now_add=True)),
                ("last_updated", models.DateTimeField(auto_now=True)),
                (
                    "custom_field_data",
                    models.JSONField(blank=True, default=dict, encoder=django.core.serializers.json.DjangoJSONEncoder),
                ),
                ("name", models.CharField(max_length=64)),
                (
                    "_name",
                    netkeel.core.models.ordering.NaturalOrderingField(
                        blank=True,
                        editable=False,
                        max_length=255,
                        naturalize_function=netkeel.core.models.ordering.naturalize,
                        target_field="name",
                    ),
                ),
                ("vcpus", models.PositiveIntegerField(blank=True, null=True, verbose_name="vCPUs")),
                ("memory", models.PositiveIntegerField(blank=True, help_text="Memory in MB.", null=True)),
                ("disk", models.PositiveIntegerField(blank=True, help_text="Disk in GB.", null=True)),
                ("local_config_context_data", models.JSONField(blank=True, null=True)),
                ("comments", models.TextField(blank=True)),
                (
                    "cluster",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="virtual_machines",
                        to="virtualization.cluster",
                    ),
                ),
                (
                    "platform",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="virtual_machines",
                        to="dcim.platform",
                    ),
                ),
                (
                    "primary_ip4",
                    models.OneToOneField(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="primary_ip4_for_virtual_machine",
                        to="ipam.ipaddress",
                        verbose_name="primary IPv4",
                    ),
                ),
                (
                    "primary_ip6",
                    models.OneToOneField(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="primary_ip6_for_virtual_machine",
                        to="ipam.ipaddress",
                        verbose_name="primary IPv6",
                    ),
                ),
                (
                    "role",
                    netkeel.extras.fields.RoleField(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="%(app_label)s_%(class)s_related",
                        to="extras.role",
                    ),
                ),
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
            ],
            options={
                "ordering": ["_name", "id"],
            },
        ),
        migrations.CreateModel(
            name="VMInterface",
            fields=[
                ("id", models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ("created", models.DateTimeField(auto_now_add=True)),
                ("last_updated", models.DateTimeField(auto_now=True)),
                (
                    "custom_field_data",
                    models.JSONField(blank=True, default=dict, encoder=django.core.serializers.json.DjangoJSONEncoder),
                ),
                ("name", models.CharField(max_length=64)),
                (
                    "_name",
                    netkeel.core.models.ordering.NaturalOrderingField(
                        blank=True,
                        editable=False,
                        max_length=255,
                        naturalize_function=netkeel.core.models.ordering.naturalize_interface,
                        target_field="name",
                    ),
                ),
                ("enabled", models.BooleanField(default=True)),
                (
                    "mtu",
                    models.PositiveIntegerField(
                        blank=True,
                        null=True,
                        validators=[
                            django.core.validators.MinValueValidator(1),
                            django.core.validators.MaxValueValidator(65536),
                        ],
                    ),
                ),
                ("mac_address", models.CharField(blank=True, db_index=True, max_length=18)),
                (
                    "mode",
                    models.CharField(
                        blank=True,
                        choices=[("access", "Access"), ("tagged", "Tagged"), ("tagged-all", "Tagged (All)")],
                        max_length=50,
                    ),
                ),
                ("description", models.CharField(blank=True, max_length=200)),
                (
                    "bridge",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="bridged_interfaces",
                        to="virtualization.vminterface",
                    ),
                ),
                (
                    "parent_interface",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="child_interfaces",
                        to="virtualization.vminterface",
                    ),
                ),
                (
                    "role",
                    netkeel.extras.fields.RoleField(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="%(app_label)s_%(class)s_related",
                        to="extras.role",
                    ),
                ),
                (
                    "status",
                    netkeel.extras.fields.StatusField(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="%(app_label)s_%(class)s_related",
                        to="extras.status",
                    ),
                ),
                (
                    "tagged_vlans",
                    models.ManyToManyField(blank=True, related_name="vm_interfaces_as_tagged", to="ipam.vlan"),
                ),
                (
                    "tags",
                    netkeel.extras.fields.TagsField(
                        blank=True, related_name="%(app_label)s_%(class)s_related", to="extras.tag"
                    ),
                ),
                (
                    "untagged_vlan",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="vm_interfaces_as_untagged",
                        to="ipam.vlan",
                    ),
                ),
                (
                    "virtual_machine",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="interfaces",
                        to="virtualization.virtualmachine",
                    ),
                ),
                (
                    "vrf",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="vm_interfaces",
                        to="ipam.vrf",
                    ),
                ),
            ],
            options={
                "verbose_name": "VM interface",
                "ordering": ["virtual_machine", "_name", "id"],
            },
        ),
        migrations.AddConstraint(
            model_name="deviceclusterassignment",
            constraint=models.UniqueConstraint(
                fields=("device", "cluster"), name="virtualization_devicecluster_unique"
            ),
        ),
        migrations.AddIndex(
            model_name="virtualmachine",
            index=models.Index(fields=["_name"], name="virtualization_vm_natural"),
        ),
        migrations.AddConstraint(
            model_name="virtualmachine",
            constraint=models.UniqueConstraint(
                fields=("cluster", "tenant", "name"), name="virtualization_vm_unique_name"
            ),
        ),
        migrations.AddIndex(
            model_name="vminterface",
            index=models.Index(fields=["virtual_machine", "_name"], name="virtualization_vmif_natural"),
        ),
        migrations.AddConstraint(
            model_name="vminterface",
            constraint=models.UniqueConstraint(
                fields=("virtual_machine", "name"), name="virtualization_vminterface_unique_name"
            ),
        ),
        migrations.RunPython(link, unlink),
    ]
