"""ipam 0001_initial to 0004_custom_field_data as one migration, for a fresh database; see
netkeel/core/migrations/_batched.py. The data steps are the originals' functions, imported from them.
"""

import uuid
from importlib import import_module

import django.core.serializers.json
import django.core.validators
import django.db.models.deletion
from django.db import migrations, models

import netkeel.extras.fields
import netkeel.ipam.fields
import netkeel.ipam.models.namespaces
from netkeel.core.migrations._batched import BatchedMigration, RepeatableRunPython

_global_namespace_and_statuses = import_module("netkeel.ipam.migrations.0002_global_namespace_and_statuses")


class Migration(BatchedMigration):
    replaces = [
        ("ipam", "0001_initial"),
        ("ipam", "0002_global_namespace_and_statuses"),
        ("ipam", "0003_tags"),
        ("ipam", "0004_custom_field_data"),
    ]

    initial = True

    dependencies = [
        ("dcim", "0003_device_tenant_location_tenant_rack_tenant"),
        ("extras", "0002_default_statuses"),
        ("tenancy", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="RIR",
            fields=[
                ("id", models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ("created", models.DateTimeField(auto_now_add=True)),
                ("last_updated", models.DateTimeField(auto_now=True)),
                ("name", models.CharField(max_length=100, unique=True)),
                ("is_private", models.BooleanField(default=False)),
                ("description", models.CharField(blank=True, max_length=200)),
                (
                    "custom_field_data",
                    models.JSONField(blank=True, default=dict, encoder=django.core.serializers.json.DjangoJSONEncoder),
                ),
            ],
            options={
                "verbose_name": "RIR",
                "ordering": ["name"],
            },
        ),
        migrations.CreateModel(
            name="Namespace",
            fields=[
                ("id", models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ("created", models.DateTimeField(auto_now_add=True)),
                ("last_updated", models.DateTimeField(auto_now=True)),
                ("name", models.CharField(max_length=255, unique=True)),
                ("description", models.CharField(blank=True, max_length=200)),
                (
                    "location",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="namespaces",
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
                    "custom_field_data",
                    models.JSONField(blank=True, default=dict, encoder=django.core.serializers.json.DjangoJSONEncoder),
                ),
            ],
            options={
                "ordering": ["name"],
            },
        ),
        migrations.CreateModel(
            name="RouteTarget",
            fields=[
                ("id", models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ("created", models.DateTimeField(auto_now_add=True)),
                ("last_updated", models.DateTimeField(auto_now=True)),
                (
                    "name",
                    models.CharField(help_text="Route target value (RFC 4360 format)", max_length=21, unique=True),
                ),
                ("description", models.CharField(blank=True, max_length=200)),
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
            name="VLANGroup",
            fields=[
                ("id", models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ("created", models.DateTimeField(auto_now_add=True)),
                ("last_updated", models.DateTimeField(auto_now=True)),
                ("name", models.CharField(max_length=255, unique=True)),
                (
                    "range",
                    models.CharField(default="1-4094", help_text="VLAN ids allowed, e.g. 1-99,200", max_length=1024),
                ),
                ("description", models.CharField(blank=True, max_length=200)),
                (
                    "location",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="vlan_groups",
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
                    "custom_field_data",
                    models.JSONField(blank=True, default=dict, encoder=django.core.serializers.json.DjangoJSONEncoder),
                ),
            ],
            options={
                "verbose_name": "VLAN group",
                "ordering": ["name"],
            },
        ),
        migrations.CreateModel(
            name="VLAN",
            fields=[
                ("id", models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ("created", models.DateTimeField(auto_now_add=True)),
                ("last_updated", models.DateTimeField(auto_now=True)),
                (
                    "vid",
                    models.PositiveSmallIntegerField(
                        validators=[
                            django.core.validators.MinValueValidator(1, "A VLAN id is at least 1."),
                            django.core.validators.MaxValueValidator(4094, "A VLAN id is at most 4094."),
                        ],
                        verbose_name="VLAN ID",
                    ),
                ),
                ("name", models.CharField(max_length=255)),
                ("description", models.CharField(blank=True, max_length=200)),
                ("locations", models.ManyToManyField(blank=True, related_name="vlans", to="dcim.location")),
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
                    "vlan_group",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="vlans",
                        to="ipam.vlangroup",
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
                "verbose_name": "VLAN",
                "ordering": ["vlan_group", "vid"],
                "constraints": [
                    models.UniqueConstraint(fields=("vlan_group", "vid"), name="ipam_vlan_unique_group_vid"),
                    models.UniqueConstraint(fields=("vlan_group", "name"), name="ipam_vlan_unique_group_name"),
                ],
            },
        ),
        migrations.CreateModel(
            name="Prefix",
            fields=[
                ("id", models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ("created", models.DateTimeField(auto_now_add=True)),
                ("last_updated", models.DateTimeField(auto_now=True)),
                ("network", netkeel.ipam.fields.VarbinaryIPField(editable=True)),
                ("broadcast", netkeel.ipam.fields.VarbinaryIPField(editable=True)),
                ("prefix_length", models.PositiveSmallIntegerField()),
                ("ip_version", models.PositiveSmallIntegerField(choices=[(4, "IPv4"), (6, "IPv6")], editable=False)),
                (
                    "type",
                    models.CharField(
                        choices=[("container", "Container"), ("network", "Network"), ("pool", "Pool")],
                        default="network",
                        max_length=50,
                    ),
                ),
                ("date_allocated", models.DateTimeField(blank=True, null=True)),
                ("description", models.CharField(blank=True, max_length=200)),
                ("locations", models.ManyToManyField(blank=True, related_name="prefixes", to="dcim.location")),
                (
                    "namespace",
                    models.ForeignKey(
                        db_index=False,
                        default=netkeel.ipam.models.namespaces.global_namespace_id,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="prefixes",
                        to="ipam.namespace",
                    ),
                ),
                (
                    "parent",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_index=False,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="children",
                        to="ipam.prefix",
                    ),
                ),
                (
                    "role",
                    netkeel.extras.fields.RoleField(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="%(app_label)s_%(class)s_related",
                        to="extras.role",
                    ),
                ),
                (
                    "status",
                    netkeel.extras.fields.StatusField(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="%(app_label)s_%(class)s_related",
                        to="extras.status",
                    ),
                ),
                (
                    "tenant",
                    models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="%(app_label)s_%(class)s_related",
                        to="tenancy.tenant",
                    ),
                ),
                (
                    "rir",
                    models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="prefixes",
                        to="ipam.rir",
                    ),
                ),
                (
                    "vlan",
                    models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="prefixes",
                        to="ipam.vlan",
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
                "verbose_name_plural": "prefixes",
                "ordering": ["namespace", "ip_version", "network", "prefix_length"],
                "indexes": [
                    models.Index(fields=["parent", "prefix_length"], name="ipam_prefix_children"),
                    models.Index(
                        condition=models.Q(("role__isnull", False)), fields=["role"], name="ipam_prefix_role_set"
                    ),
                    models.Index(
                        condition=models.Q(("tenant__isnull", False)), fields=["tenant"], name="ipam_prefix_tenant_set"
                    ),
                    models.Index(
                        condition=models.Q(("vlan__isnull", False)), fields=["vlan"], name="ipam_prefix_vlan_set"
                    ),
                    models.Index(
                        condition=models.Q(("rir__isnull", False)), fields=["rir"], name="ipam_prefix_rir_set"
                    ),
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("namespace", "ip_version", "network", "broadcast", "prefix_length"),
                        name="ipam_prefix_unique_containment",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="IPAddress",
            fields=[
                ("id", models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ("created", models.DateTimeField(auto_now_add=True)),
                ("last_updated", models.DateTimeField(auto_now=True)),
                ("host", netkeel.ipam.fields.VarbinaryIPField(editable=True)),
                ("mask_length", models.PositiveSmallIntegerField()),
                ("ip_version", models.PositiveSmallIntegerField(choices=[(4, "IPv4"), (6, "IPv6")], editable=False)),
                (
                    "type",
                    models.CharField(
                        choices=[("host", "Host"), ("dhcp", "DHCP"), ("slaac", "SLAAC")], default="host", max_length=50
                    ),
                ),
                (
                    "dns_name",
                    models.CharField(
                        blank=True,
                        max_length=255,
                        validators=[
                            django.core.validators.RegexValidator(
                                message="Only letters, digits, hyphens, underscores and dots are allowed in a DNS name.",
                                regex="^([0-9A-Za-z_-]+|\\*)(\\.[0-9A-Za-z_-]+)*\\.?$",
                            )
                        ],
                    ),
                ),
                ("description", models.CharField(blank=True, max_length=200)),
                (
                    "nat_inside",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="nat_outside_list",
                        to="ipam.ipaddress",
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
                    "namespace",
                    models.ForeignKey(
                        db_index=False,
                        editable=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="ip_addresses",
                        to="ipam.namespace",
                    ),
                ),
                (
                    "parent",
                    models.ForeignKey(
                        editable=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="ip_addresses",
                        to="ipam.prefix",
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
                "verbose_name": "IP address",
                "verbose_name_plural": "IP addresses",
                "ordering": ["ip_version", "host", "mask_length"],
                "indexes": [models.Index(fields=["namespace", "ip_version", "host"], name="ipam_ipaddress_range")],
                "constraints": [
                    models.UniqueConstraint(fields=("namespace", "host"), name="ipam_ipaddress_unique_namespace_host")
                ],
            },
        ),
        migrations.CreateModel(
            name="IPAddressToInterface",
            fields=[
                ("id", models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ("created", models.DateTimeField(auto_now_add=True)),
                ("last_updated", models.DateTimeField(auto_now=True)),
                ("is_primary", models.BooleanField(default=False)),
                ("is_secondary", models.BooleanField(default=False)),
                ("is_standby", models.BooleanField(default=False)),
                ("is_default", models.BooleanField(default=False)),
                (
                    "interface",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="ip_address_assignments",
                        to="dcim.interface",
                    ),
                ),
                (
                    "ip_address",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="interface_assignments",
                        to="ipam.ipaddress",
                    ),
                ),
                (
                    "custom_field_data",
                    models.JSONField(blank=True, default=dict, encoder=django.core.serializers.json.DjangoJSONEncoder),
                ),
            ],
            options={
                "verbose_name": "IP address assignment",
                "ordering": ["interface", "ip_address"],
                "constraints": [
                    models.UniqueConstraint(fields=("ip_address", "interface"), name="ipam_ipaddresstointerface_unique")
                ],
            },
        ),
        migrations.CreateModel(
            name="VRF",
            fields=[
                ("id", models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ("created", models.DateTimeField(auto_now_add=True)),
                ("last_updated", models.DateTimeField(auto_now=True)),
                ("name", models.CharField(max_length=255)),
                ("rd", models.CharField(blank=True, max_length=21, null=True, verbose_name="route distinguisher")),
                ("description", models.CharField(blank=True, max_length=200)),
                (
                    "export_targets",
                    models.ManyToManyField(blank=True, related_name="exporting_vrfs", to="ipam.routetarget"),
                ),
                (
                    "import_targets",
                    models.ManyToManyField(blank=True, related_name="importing_vrfs", to="ipam.routetarget"),
                ),
                (
                    "namespace",
                    models.ForeignKey(
                        default=netkeel.ipam.models.namespaces.global_namespace_id,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="vrfs",
                        to="ipam.namespace",
                    ),
                ),
                (
                    "status",
                    netkeel.extras.fields.StatusField(
                        blank=True,
                        null=True,
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
                "verbose_name": "VRF",
                "ordering": ["namespace", "name", "rd"],
                "constraints": [
                    models.UniqueConstraint(fields=("namespace", "name"), name="ipam_vrf_unique_namespace_name"),
                    models.UniqueConstraint(fields=("namespace", "rd"), name="ipam_vrf_unique_namespace_rd"),
                ],
            },
        ),
        RepeatableRunPython(_global_namespace_and_statuses.forwards, _global_namespace_and_statuses.backwards),
    ]
