"""dcim 0001_initial to 0003_device_tenant_location_tenant_rack_tenant as one migration, for a fresh database; see
netkeel/core/migrations/_batched.py. The data steps are the originals' functions, imported from them.
"""

import uuid
from importlib import import_module

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import netkeel.extras.fields
from netkeel.core.migrations._batched import BatchedMigration, RepeatableRunPython

_default_statuses = import_module("netkeel.dcim.migrations.0002_default_statuses")


class Migration(BatchedMigration):
    replaces = [
        ("dcim", "0001_initial"),
        ("dcim", "0002_default_statuses"),
        ("dcim", "0003_device_tenant_location_tenant_rack_tenant"),
    ]

    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("extras", "0002_default_statuses"),
        ("tenancy", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Manufacturer",
            fields=[
                ("id", models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ("created", models.DateTimeField(auto_now_add=True)),
                ("last_updated", models.DateTimeField(auto_now=True)),
                ("name", models.CharField(max_length=100, unique=True)),
                ("description", models.CharField(blank=True, max_length=200)),
            ],
            options={
                "ordering": ["name"],
            },
        ),
        migrations.CreateModel(
            name="DeviceType",
            fields=[
                ("id", models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ("created", models.DateTimeField(auto_now_add=True)),
                ("last_updated", models.DateTimeField(auto_now=True)),
                ("model", models.CharField(max_length=100)),
                ("part_number", models.CharField(blank=True, max_length=50)),
                (
                    "u_height",
                    models.PositiveSmallIntegerField(
                        default=1, validators=[django.core.validators.MaxValueValidator(100)]
                    ),
                ),
                ("is_full_depth", models.BooleanField(default=True)),
                (
                    "subdevice_role",
                    models.CharField(blank=True, choices=[("parent", "Parent"), ("child", "Child")], max_length=50),
                ),
                ("comments", models.TextField(blank=True)),
                (
                    "manufacturer",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="device_types", to="dcim.manufacturer"
                    ),
                ),
            ],
            options={
                "ordering": ["manufacturer", "model"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("manufacturer", "model"), name="dcim_devicetype_unique_manufacturer_model"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="Cable",
            fields=[
                ("id", models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ("created", models.DateTimeField(auto_now_add=True)),
                ("last_updated", models.DateTimeField(auto_now=True)),
                ("termination_a_id", models.UUIDField()),
                ("termination_b_id", models.UUIDField()),
                (
                    "type",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("cat3", "CAT3"),
                            ("cat5", "CAT5"),
                            ("cat5e", "CAT5e"),
                            ("cat6", "CAT6"),
                            ("cat6a", "CAT6a"),
                            ("cat7", "CAT7"),
                            ("cat7a", "CAT7a"),
                            ("cat8", "CAT8"),
                            ("dac-active", "Direct Attach Copper (Active)"),
                            ("dac-passive", "Direct Attach Copper (Passive)"),
                            ("mrj21-trunk", "MRJ21 Trunk"),
                            ("coaxial", "Coaxial"),
                            ("mmf", "Multimode Fiber"),
                            ("mmf-om1", "Multimode Fiber (OM1)"),
                            ("mmf-om2", "Multimode Fiber (OM2)"),
                            ("mmf-om3", "Multimode Fiber (OM3)"),
                            ("mmf-om4", "Multimode Fiber (OM4)"),
                            ("mmf-om5", "Multimode Fiber (OM5)"),
                            ("smf", "Singlemode Fiber"),
                            ("smf-os1", "Singlemode Fiber (OS1)"),
                            ("smf-os2", "Singlemode Fiber (OS2)"),
                            ("aoc", "Active Optical Cabling (AOC)"),
                            ("power", "Power"),
                            ("other", "Other"),
                        ],
                        max_length=50,
                    ),
                ),
                ("label", models.CharField(blank=True, max_length=100)),
                (
                    "color",
                    models.CharField(
                        blank=True,
                        max_length=6,
                        validators=[
                            django.core.validators.RegexValidator(
                                "^[0-9a-f]{6}$", "Six lowercase hex digits, such as aa1409."
                            )
                        ],
                    ),
                ),
                ("length", models.DecimalField(blank=True, decimal_places=2, max_digits=8, null=True)),
                (
                    "length_unit",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("km", "Kilometers"),
                            ("m", "Meters"),
                            ("cm", "Centimeters"),
                            ("mi", "Miles"),
                            ("ft", "Feet"),
                            ("in", "Inches"),
                        ],
                        max_length=50,
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
                    "termination_a_type",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="+", to="contenttypes.contenttype"
                    ),
                ),
                (
                    "termination_b_type",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="+", to="contenttypes.contenttype"
                    ),
                ),
            ],
            options={
                "ordering": ["label", "id"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("termination_a_type", "termination_a_id"), name="dcim_cable_unique_termination_a"
                    ),
                    models.UniqueConstraint(
                        fields=("termination_b_type", "termination_b_id"), name="dcim_cable_unique_termination_b"
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="CablePath",
            fields=[
                ("id", models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ("origin_id", models.UUIDField(unique=True)),
                ("destination_id", models.UUIDField(blank=True, db_index=True, null=True)),
                ("path", models.JSONField(default=list)),
                ("is_active", models.BooleanField(default=False)),
                ("is_split", models.BooleanField(default=False)),
                (
                    "destination_type",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="contenttypes.contenttype",
                    ),
                ),
                (
                    "origin_type",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="contenttypes.contenttype"
                    ),
                ),
            ],
            options={
                "ordering": ["id"],
            },
        ),
        migrations.CreateModel(
            name="CablePathNode",
            fields=[
                ("id", models.BigAutoField(primary_key=True, serialize=False)),
                ("node_id", models.UUIDField(db_index=True)),
                ("node_kind", models.CharField(max_length=50)),
                ("step", models.PositiveSmallIntegerField()),
                (
                    "cable_path",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.DO_NOTHING, related_name="nodes", to="dcim.cablepath"
                    ),
                ),
            ],
            options={
                "ordering": ["cable_path", "step"],
            },
        ),
        migrations.CreateModel(
            name="DeviceBayTemplate",
            fields=[
                ("id", models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ("created", models.DateTimeField(auto_now_add=True)),
                ("last_updated", models.DateTimeField(auto_now=True)),
                ("name", models.CharField(max_length=64)),
                ("label", models.CharField(blank=True, max_length=64)),
                ("description", models.CharField(blank=True, max_length=200)),
                (
                    "device_type",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="%(class)ss", to="dcim.devicetype"
                    ),
                ),
            ],
            options={
                "ordering": ["device_type", "name"],
                "abstract": False,
                "constraints": [
                    models.UniqueConstraint(fields=("device_type", "name"), name="dcim_devicebaytemplate_unique_name")
                ],
            },
        ),
        migrations.CreateModel(
            name="ConsoleServerPortTemplate",
            fields=[
                ("id", models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ("created", models.DateTimeField(auto_now_add=True)),
                ("last_updated", models.DateTimeField(auto_now=True)),
                ("name", models.CharField(max_length=64)),
                ("label", models.CharField(blank=True, max_length=64)),
                ("description", models.CharField(blank=True, max_length=200)),
                (
                    "type",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("de-9", "DE-9"),
                            ("db-25", "DB-25"),
                            ("rj-11", "RJ-11"),
                            ("rj-12", "RJ-12"),
                            ("rj-45", "RJ-45"),
                            ("mini-din-8", "Mini-DIN 8"),
                            ("usb-a", "USB Type A"),
                            ("usb-b", "USB Type B"),
                            ("usb-c", "USB Type C"),
                            ("usb-mini-a", "USB Mini A"),
                            ("usb-mini-b", "USB Mini B"),
                            ("usb-micro-a", "USB Micro A"),
                            ("usb-micro-b", "USB Micro B"),
                            ("usb-micro-ab", "USB Micro AB"),
                            ("other", "Other"),
                        ],
                        max_length=50,
                    ),
                ),
                (
                    "device_type",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="%(class)ss", to="dcim.devicetype"
                    ),
                ),
            ],
            options={
                "ordering": ["device_type", "name"],
                "abstract": False,
                "constraints": [
                    models.UniqueConstraint(
                        fields=("device_type", "name"), name="dcim_consoleserverporttemplate_unique_name"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="ConsolePortTemplate",
            fields=[
                ("id", models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ("created", models.DateTimeField(auto_now_add=True)),
                ("last_updated", models.DateTimeField(auto_now=True)),
                ("name", models.CharField(max_length=64)),
                ("label", models.CharField(blank=True, max_length=64)),
                ("description", models.CharField(blank=True, max_length=200)),
                (
                    "type",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("de-9", "DE-9"),
                            ("db-25", "DB-25"),
                            ("rj-11", "RJ-11"),
                            ("rj-12", "RJ-12"),
                            ("rj-45", "RJ-45"),
                            ("mini-din-8", "Mini-DIN 8"),
                            ("usb-a", "USB Type A"),
                            ("usb-b", "USB Type B"),
                            ("usb-c", "USB Type C"),
                            ("usb-mini-a", "USB Mini A"),
                            ("usb-mini-b", "USB Mini B"),
                            ("usb-micro-a", "USB Micro A"),
                            ("usb-micro-b", "USB Micro B"),
                            ("usb-micro-ab", "USB Micro AB"),
                            ("other", "Other"),
                        ],
                        max_length=50,
                    ),
                ),
                (
                    "device_type",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="%(class)ss", to="dcim.devicetype"
                    ),
                ),
            ],
            options={
                "ordering": ["device_type", "name"],
                "abstract": False,
                "constraints": [
                    models.UniqueConstraint(fields=("device_type", "name"), name="dcim_consoleporttemplate_unique_name")
                ],
            },
        ),
        migrations.CreateModel(
            name="InterfaceTemplate",
            fields=[
                ("id", models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ("created", models.DateTimeField(auto_now_add=True)),
                ("last_updated", models.DateTimeField(auto_now=True)),
                ("name", models.CharField(max_length=64)),
                ("label", models.CharField(blank=True, max_length=64)),
                ("description", models.CharField(blank=True, max_length=200)),
                (
                    "type",
                    models.CharField(
                        choices=[
                            ("virtual", "Virtual"),
                            ("bridge", "Bridge"),
                            ("lag", "Link Aggregation Group (LAG)"),
                            ("100base-tx", "100BASE-TX (10/100ME)"),
                            ("1000base-t", "1000BASE-T (1GE)"),
                            ("2.5gbase-t", "2.5GBASE-T (2.5GE)"),
                            ("5gbase-t", "5GBASE-T (5GE)"),
                            ("10gbase-t", "10GBASE-T (10GE)"),
                            ("10gbase-cx4", "10GBASE-CX4 (10GE)"),
                            ("1000base-x-gbic", "GBIC (1GE)"),
                            ("1000base-x-sfp", "SFP (1GE)"),
                            ("10gbase-x-sfpp", "SFP+ (10GE)"),
                            ("10gbase-x-xfp", "XFP (10GE)"),
                            ("10gbase-x-xenpak", "XENPAK (10GE)"),
                            ("10gbase-x-x2", "X2 (10GE)"),
                            ("25gbase-x-sfp28", "SFP28 (25GE)"),
                            ("50gbase-x-sfp56", "SFP56 (50GE)"),
                            ("40gbase-x-qsfpp", "QSFP+ (40GE)"),
                            ("50gbase-x-sfp28", "QSFP28 (50GE)"),
                            ("100gbase-x-cfp", "CFP (100GE)"),
                            ("100gbase-x-cfp2", "CFP2 (100GE)"),
                            ("200gbase-x-cfp2", "CFP2 (200GE)"),
                            ("100gbase-x-cfp4", "CFP4 (100GE)"),
                            ("100gbase-x-cpak", "Cisco CPAK (100GE)"),
                            ("100gbase-x-qsfp28", "QSFP28 (100GE)"),
                            ("200gbase-x-qsfp56", "QSFP56 (200GE)"),
                            ("400gbase-x-qsfpdd", "QSFP-DD (400GE)"),
                            ("400gbase-x-osfp", "OSFP (400GE)"),
                            ("800gbase-x-qsfpdd", "QSFP-DD (800GE)"),
                            ("800gbase-x-osfp", "OSFP (800GE)"),
                            ("ieee802.11a", "IEEE 802.11a"),
                            ("ieee802.11g", "IEEE 802.11b/g"),
                            ("ieee802.11n", "IEEE 802.11n"),
                            ("ieee802.11ac", "IEEE 802.11ac"),
                            ("ieee802.11ad", "IEEE 802.11ad"),
                            ("ieee802.11ax", "IEEE 802.11ax"),
                            ("gsm", "GSM"),
                            ("cdma", "CDMA"),
                            ("lte", "LTE"),
                            ("sonet-oc3", "OC-3/STM-1"),
                            ("sonet-oc12", "OC-12/STM-4"),
                            ("sonet-oc48", "OC-48/STM-16"),
                            ("sonet-oc192", "OC-192/STM-64"),
                            ("1gfc-sfp", "SFP (1GFC)"),
                            ("8gfc-sfpp", "SFP+ (8GFC)"),
                            ("16gfc-sfpp", "SFP+ (16GFC)"),
                            ("32gfc-sfp28", "SFP28 (32GFC)"),
                            ("t1", "T1 (1.544 Mbps)"),
                            ("e1", "E1 (2.048 Mbps)"),
                            ("t3", "T3 (45 Mbps)"),
                            ("e3", "E3 (34 Mbps)"),
                            ("cisco-stackwise", "Cisco StackWise"),
                            ("cisco-stackwise-plus", "Cisco StackWise Plus"),
                            ("juniper-vcp", "Juniper VCP"),
                            ("other", "Other"),
                        ],
                        max_length=50,
                    ),
                ),
                ("mgmt_only", models.BooleanField(default=False)),
                (
                    "device_type",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="%(class)ss", to="dcim.devicetype"
                    ),
                ),
            ],
            options={
                "ordering": ["device_type", "name"],
                "abstract": False,
                "constraints": [
                    models.UniqueConstraint(fields=("device_type", "name"), name="dcim_interfacetemplate_unique_name")
                ],
            },
        ),
        migrations.CreateModel(
            name="LocationType",
            fields=[
                ("id", models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ("created", models.DateTimeField(auto_now_add=True)),
                ("last_updated", models.DateTimeField(auto_now=True)),
                ("name", models.CharField(max_length=100, unique=True)),
                ("description", models.CharField(blank=True, max_length=200)),
                (
                    "nestable",
                    models.BooleanField(default=False, help_text="Locations of this type may contain others of it."),
                ),
                (
                    "content_types",
                    models.ManyToManyField(blank=True, related_name="location_types", to="contenttypes.contenttype"),
                ),
                (
                    "parent",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="children",
                        to="dcim.locationtype",
                    ),
                ),
            ],
            options={
                "ordering": ["name"],
            },
        ),
        migrations.CreateModel(
            name="Location",
            fields=[
                ("id", models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ("created", models.DateTimeField(auto_now_add=True)),
                ("last_updated", models.DateTimeField(auto_now=True)),
                ("name", models.CharField(max_length=100)),
                ("facility", models.CharField(blank=True, max_length=50)),
                ("asn", models.PositiveBigIntegerField(blank=True, null=True)),
                ("time_zone", models.CharField(blank=True, max_length=63)),
                ("description", models.CharField(blank=True, max_length=200)),
                ("physical_address", models.TextField(blank=True)),
                ("shipping_address", models.TextField(blank=True)),
                ("latitude", models.DecimalField(blank=True, decimal_places=6, max_digits=8, null=True)),
                ("longitude", models.DecimalField(blank=True, decimal_places=6, max_digits=9, null=True)),
                ("contact_name", models.CharField(blank=True, max_length=100)),
                ("contact_phone", models.CharField(blank=True, max_length=50)),
                ("contact_email", models.EmailField(blank=True, max_length=254)),
                ("comments", models.TextField(blank=True)),
                (
                    "parent",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="children",
                        to="dcim.location",
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
                    "location_type",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="locations", to="dcim.locationtype"
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
                "ordering": ["name"],
                "constraints": [
                    models.UniqueConstraint(fields=("parent", "name"), name="dcim_location_unique_parent_name")
                ],
            },
        ),
        migrations.CreateModel(
            name="Platform",
            fields=[
                ("id", models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ("created", models.DateTimeField(auto_now_add=True)),
                ("last_updated", models.DateTimeField(auto_now=True)),
                ("name", models.CharField(max_length=100, unique=True)),
                ("network_driver", models.CharField(blank=True, max_length=100)),
                ("napalm_driver", models.CharField(blank=True, max_length=50)),
                ("napalm_args", models.JSONField(blank=True, null=True)),
                ("description", models.CharField(blank=True, max_length=200)),
                (
                    "manufacturer",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="platforms",
                        to="dcim.manufacturer",
                    ),
                ),
            ],
            options={
                "ordering": ["name"],
            },
        ),
        migrations.CreateModel(
            name="PowerPortTemplate",
            fields=[
                ("id", models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ("created", models.DateTimeField(auto_now_add=True)),
                ("last_updated", models.DateTimeField(auto_now=True)),
                ("name", models.CharField(max_length=64)),
                ("label", models.CharField(blank=True, max_length=64)),
                ("description", models.CharField(blank=True, max_length=200)),
                (
                    "type",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("iec-60320-c6", "C6"),
                            ("iec-60320-c8", "C8"),
                            ("iec-60320-c14", "C14"),
                            ("iec-60320-c16", "C16"),
                            ("iec-60320-c20", "C20"),
                            ("iec-60320-c22", "C22"),
                            ("nema-5-15p", "NEMA 5-15P"),
                            ("nema-5-20p", "NEMA 5-20P"),
                            ("nema-l5-30p", "NEMA L5-30P"),
                            ("nema-l6-30p", "NEMA L6-30P"),
                            ("dc-terminal", "DC Terminal"),
                            ("other", "Other"),
                        ],
                        max_length=50,
                    ),
                ),
                (
                    "maximum_draw",
                    models.PositiveSmallIntegerField(
                        blank=True, null=True, validators=[django.core.validators.MinValueValidator(1)]
                    ),
                ),
                (
                    "allocated_draw",
                    models.PositiveSmallIntegerField(
                        blank=True, null=True, validators=[django.core.validators.MinValueValidator(1)]
                    ),
                ),
                (
                    "device_type",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="%(class)ss", to="dcim.devicetype"
                    ),
                ),
            ],
            options={
                "ordering": ["device_type", "name"],
                "abstract": False,
                "constraints": [
                    models.UniqueConstraint(fields=("device_type", "name"), name="dcim_powerporttemplate_unique_name")
                ],
            },
        ),
        migrations.CreateModel(
            name="PowerOutletTemplate",
            fields=[
                ("id", models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ("created", models.DateTimeField(auto_now_add=True)),
                ("last_updated", models.DateTimeField(auto_now=True)),
                ("name", models.CharField(max_length=64)),
                ("label", models.CharField(blank=True, max_length=64)),
                ("description", models.CharField(blank=True, max_length=200)),
                (
                    "type",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("iec-60320-c5", "C5"),
                            ("iec-60320-c7", "C7"),
                            ("iec-60320-c13", "C13"),
                            ("iec-60320-c15", "C15"),
                            ("iec-60320-c19", "C19"),
                            ("iec-60320-c21", "C21"),
                            ("nema-5-15r", "NEMA 5-15R"),
                            ("nema-5-20r", "NEMA 5-20R"),
                            ("nema-l5-30r", "NEMA L5-30R"),
                            ("nema-l6-30r", "NEMA L6-30R"),
                            ("dc-terminal", "DC Terminal"),
                            ("other", "Other"),
                        ],
                        max_length=50,
                    ),
                ),
                ("feed_leg", models.CharField(blank=True, choices=[("A", "A"), ("B", "B"), ("C", "C")], max_length=50)),
                (
                    "device_type",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="%(class)ss", to="dcim.devicetype"
                    ),
                ),
                (
                    "power_port_template",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="power_outlet_templates",
                        to="dcim.powerporttemplate",
                    ),
                ),
            ],
            options={
                "ordering": ["device_type", "name"],
                "abstract": False,
                "constraints": [
                    models.UniqueConstraint(fields=("device_type", "name"), name="dcim_poweroutlettemplate_unique_name")
                ],
            },
        ),
        migrations.CreateModel(
            name="RackGroup",
            fields=[
                ("id", models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ("created", models.DateTimeField(auto_now_add=True)),
                ("last_updated", models.DateTimeField(auto_now=True)),
                ("name", models.CharField(max_length=100)),
                ("description", models.CharField(blank=True, max_length=200)),
                (
                    "location",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="rack_groups", to="dcim.location"
                    ),
                ),
                (
                    "parent",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="children",
                        to="dcim.rackgroup",
                    ),
                ),
            ],
            options={
                "ordering": ["name"],
                "constraints": [
                    models.UniqueConstraint(fields=("location", "name"), name="dcim_rackgroup_unique_location_name")
                ],
            },
        ),
        migrations.CreateModel(
            name="PowerPanel",
            fields=[
                ("id", models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ("created", models.DateTimeField(auto_now_add=True)),
                ("last_updated", models.DateTimeField(auto_now=True)),
                ("name", models.CharField(max_length=100)),
                (
                    "location",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="power_panels", to="dcim.location"
                    ),
                ),
                (
                    "rack_group",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="power_panels",
                        to="dcim.rackgroup",
                    ),
                ),
            ],
            options={
                "ordering": ["location", "name"],
                "constraints": [
                    models.UniqueConstraint(fields=("location", "name"), name="dcim_powerpanel_unique_location_name")
                ],
            },
        ),
        migrations.CreateModel(
            name="Rack",
            fields=[
                ("id", models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ("created", models.DateTimeField(auto_now_add=True)),
                ("last_updated", models.DateTimeField(auto_now=True)),
                ("name", models.CharField(max_length=100)),
                ("facility_id", models.CharField(blank=True, max_length=50)),
                ("serial", models.CharField(blank=True, max_length=255)),
                ("asset_tag", models.CharField(blank=True, max_length=100, null=True, unique=True)),
                (
                    "type",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("2-post-frame", "2-post frame"),
                            ("4-post-frame", "4-post frame"),
                            ("4-post-cabinet", "4-post cabinet"),
                            ("wall-frame", "Wall-mounted frame"),
                            ("wall-cabinet", "Wall-mounted cabinet"),
                        ],
                        max_length=50,
                    ),
                ),
                (
                    "width",
                    models.PositiveSmallIntegerField(
                        choices=[(10, "10 inches"), (19, "19 inches"), (21, "21 inches"), (23, "23 inches")], default=19
                    ),
                ),
                (
                    "u_height",
                    models.PositiveSmallIntegerField(
                        default=42,
                        validators=[
                            django.core.validators.MinValueValidator(1),
                            django.core.validators.MaxValueValidator(100),
                        ],
                    ),
                ),
                ("desc_units", models.BooleanField(default=False, help_text="Units are numbered top to bottom.")),
                ("outer_width", models.PositiveSmallIntegerField(blank=True, null=True)),
                ("outer_depth", models.PositiveSmallIntegerField(blank=True, null=True)),
                (
                    "outer_unit",
                    models.CharField(blank=True, choices=[("mm", "Millimeters"), ("in", "Inches")], max_length=50),
                ),
                ("comments", models.TextField(blank=True)),
                (
                    "location",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="racks", to="dcim.location"
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
                    "rack_group",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="racks",
                        to="dcim.rackgroup",
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
                "ordering": ["location", "name"],
                "constraints": [
                    models.UniqueConstraint(fields=("location", "name"), name="dcim_rack_unique_location_name")
                ],
            },
        ),
        migrations.CreateModel(
            name="PowerFeed",
            fields=[
                ("id", models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ("created", models.DateTimeField(auto_now_add=True)),
                ("last_updated", models.DateTimeField(auto_now=True)),
                ("name", models.CharField(max_length=100)),
                (
                    "type",
                    models.CharField(
                        choices=[("primary", "Primary"), ("redundant", "Redundant")], default="primary", max_length=50
                    ),
                ),
                ("supply", models.CharField(choices=[("ac", "AC"), ("dc", "DC")], default="ac", max_length=50)),
                (
                    "phase",
                    models.CharField(
                        choices=[("single-phase", "Single phase"), ("three-phase", "Three-phase")],
                        default="single-phase",
                        max_length=50,
                    ),
                ),
                ("voltage", models.SmallIntegerField(default=120)),
                (
                    "amperage",
                    models.PositiveSmallIntegerField(
                        default=20, validators=[django.core.validators.MinValueValidator(1)]
                    ),
                ),
                (
                    "max_utilization",
                    models.PositiveSmallIntegerField(
                        default=80,
                        validators=[
                            django.core.validators.MinValueValidator(1),
                            django.core.validators.MaxValueValidator(100),
                        ],
                    ),
                ),
                ("comments", models.TextField(blank=True)),
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
                    "status",
                    netkeel.extras.fields.StatusField(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="%(app_label)s_%(class)s_related",
                        to="extras.status",
                    ),
                ),
                (
                    "power_panel",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="power_feeds", to="dcim.powerpanel"
                    ),
                ),
                (
                    "rack",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="power_feeds",
                        to="dcim.rack",
                    ),
                ),
            ],
            options={
                "ordering": ["power_panel", "name"],
                "constraints": [
                    models.UniqueConstraint(fields=("power_panel", "name"), name="dcim_powerfeed_unique_panel_name")
                ],
            },
        ),
        migrations.CreateModel(
            name="RackReservation",
            fields=[
                ("id", models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ("created", models.DateTimeField(auto_now_add=True)),
                ("last_updated", models.DateTimeField(auto_now=True)),
                ("units", models.JSONField(default=list)),
                ("description", models.CharField(max_length=200)),
                (
                    "rack",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="reservations", to="dcim.rack"
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="rack_reservations",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "ordering": ["created"],
            },
        ),
        migrations.CreateModel(
            name="RearPortTemplate",
            fields=[
                ("id", models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ("created", models.DateTimeField(auto_now_add=True)),
                ("last_updated", models.DateTimeField(auto_now=True)),
                ("name", models.CharField(max_length=64)),
                ("label", models.CharField(blank=True, max_length=64)),
                ("description", models.CharField(blank=True, max_length=200)),
                (
                    "type",
                    models.CharField(
                        choices=[
                            ("8p8c", "8P8C"),
                            ("8p6c", "8P6C"),
                            ("8p4c", "8P4C"),
                            ("8p2c", "8P2C"),
                            ("6p6c", "6P6C"),
                            ("6p4c", "6P4C"),
                            ("6p2c", "6P2C"),
                            ("4p4c", "4P4C"),
                            ("4p2c", "4P2C"),
                            ("gg45", "GG45"),
                            ("110-punch", "110 Punch"),
                            ("bnc", "BNC"),
                            ("mrj21", "MRJ21"),
                            ("fc", "FC"),
                            ("lc", "LC"),
                            ("lc-apc", "LC/APC"),
                            ("lsh", "LSH"),
                            ("mpo", "MPO"),
                            ("mtrj", "MTRJ"),
                            ("sc", "SC"),
                            ("sc-apc", "SC/APC"),
                            ("st", "ST"),
                            ("cs", "CS"),
                            ("sn", "SN"),
                            ("splice", "Splice"),
                            ("other", "Other"),
                        ],
                        max_length=50,
                    ),
                ),
                (
                    "positions",
                    models.PositiveSmallIntegerField(
                        default=1,
                        validators=[
                            django.core.validators.MinValueValidator(1),
                            django.core.validators.MaxValueValidator(1024),
                        ],
                    ),
                ),
                (
                    "device_type",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="%(class)ss", to="dcim.devicetype"
                    ),
                ),
            ],
            options={
                "ordering": ["device_type", "name"],
                "abstract": False,
                "constraints": [
                    models.UniqueConstraint(fields=("device_type", "name"), name="dcim_rearporttemplate_unique_name")
                ],
            },
        ),
        migrations.CreateModel(
            name="FrontPortTemplate",
            fields=[
                ("id", models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ("created", models.DateTimeField(auto_now_add=True)),
                ("last_updated", models.DateTimeField(auto_now=True)),
                ("name", models.CharField(max_length=64)),
                ("label", models.CharField(blank=True, max_length=64)),
                ("description", models.CharField(blank=True, max_length=200)),
                (
                    "type",
                    models.CharField(
                        choices=[
                            ("8p8c", "8P8C"),
                            ("8p6c", "8P6C"),
                            ("8p4c", "8P4C"),
                            ("8p2c", "8P2C"),
                            ("6p6c", "6P6C"),
                            ("6p4c", "6P4C"),
                            ("6p2c", "6P2C"),
                            ("4p4c", "4P4C"),
                            ("4p2c", "4P2C"),
                            ("gg45", "GG45"),
                            ("110-punch", "110 Punch"),
                            ("bnc", "BNC"),
                            ("mrj21", "MRJ21"),
                            ("fc", "FC"),
                            ("lc", "LC"),
                            ("lc-apc", "LC/APC"),
                            ("lsh", "LSH"),
                            ("mpo", "MPO"),
                            ("mtrj", "MTRJ"),
                            ("sc", "SC"),
                            ("sc-apc", "SC/APC"),
                            ("st", "ST"),
                            ("cs", "CS"),
                            ("sn", "SN"),
                            ("splice", "Splice"),
                            ("other", "Other"),
                        ],
                        max_length=50,
                    ),
                ),
                (
                    "rear_port_position",
                    models.PositiveSmallIntegerField(
                        default=1,
                        validators=[
                            django.core.validators.MinValueValidator(1),
                            django.core.validators.MaxValueValidator(1024),
                        ],
                    ),
                ),
                (
                    "device_type",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="%(class)ss", to="dcim.devicetype"
                    ),
                ),
                (
                    "rear_port_template",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="front_port_templates",
                        to="dcim.rearporttemplate",
                    ),
                ),
            ],
            options={
                "ordering": ["device_type", "name"],
                "abstract": False,
                "constraints": [
                    models.UniqueConstraint(fields=("device_type", "name"), name="dcim_frontporttemplate_unique_name"),
                    models.UniqueConstraint(
                        fields=("rear_port_template", "rear_port_position"),
                        name="dcim_frontporttemplate_unique_rear_position",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="Device",
            fields=[
                ("id", models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ("created", models.DateTimeField(auto_now_add=True)),
                ("last_updated", models.DateTimeField(auto_now=True)),
                ("name", models.CharField(blank=True, max_length=64, null=True)),
                ("serial", models.CharField(blank=True, db_index=True, max_length=255)),
                ("asset_tag", models.CharField(blank=True, max_length=100, null=True, unique=True)),
                (
                    "position",
                    models.PositiveSmallIntegerField(
                        blank=True, help_text="The lowest unit the device occupies.", null=True
                    ),
                ),
                ("face", models.CharField(blank=True, choices=[("front", "Front"), ("rear", "Rear")], max_length=50)),
                ("vc_position", models.PositiveSmallIntegerField(blank=True, null=True)),
                ("vc_priority", models.PositiveSmallIntegerField(blank=True, null=True)),
                ("local_config_context_data", models.JSONField(blank=True, null=True)),
                ("comments", models.TextField(blank=True)),
                (
                    "role",
                    netkeel.extras.fields.RoleField(
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
                    "device_type",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="devices", to="dcim.devicetype"
                    ),
                ),
                (
                    "location",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="devices", to="dcim.location"
                    ),
                ),
                (
                    "platform",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="devices",
                        to="dcim.platform",
                    ),
                ),
                (
                    "rack",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="devices",
                        to="dcim.rack",
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
                "ordering": ["name", "id"],
            },
        ),
        migrations.CreateModel(
            name="ConsoleServerPort",
            fields=[
                ("id", models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ("created", models.DateTimeField(auto_now_add=True)),
                ("last_updated", models.DateTimeField(auto_now=True)),
                ("name", models.CharField(max_length=64)),
                ("label", models.CharField(blank=True, max_length=64)),
                ("description", models.CharField(blank=True, max_length=200)),
                (
                    "type",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("de-9", "DE-9"),
                            ("db-25", "DB-25"),
                            ("rj-11", "RJ-11"),
                            ("rj-12", "RJ-12"),
                            ("rj-45", "RJ-45"),
                            ("mini-din-8", "Mini-DIN 8"),
                            ("usb-a", "USB Type A"),
                            ("usb-b", "USB Type B"),
                            ("usb-c", "USB Type C"),
                            ("usb-mini-a", "USB Mini A"),
                            ("usb-mini-b", "USB Mini B"),
                            ("usb-micro-a", "USB Micro A"),
                            ("usb-micro-b", "USB Micro B"),
                            ("usb-micro-ab", "USB Micro AB"),
                            ("other", "Other"),
                        ],
                        max_length=50,
                    ),
                ),
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
                    "device",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="%(class)ss", to="dcim.device"
                    ),
                ),
            ],
            options={
                "ordering": ["device", "name"],
                "abstract": False,
                "constraints": [
                    models.UniqueConstraint(fields=("device", "name"), name="dcim_consoleserverport_unique_device_name")
                ],
            },
        ),
        migrations.CreateModel(
            name="ConsolePort",
            fields=[
                ("id", models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ("created", models.DateTimeField(auto_now_add=True)),
                ("last_updated", models.DateTimeField(auto_now=True)),
                ("name", models.CharField(max_length=64)),
                ("label", models.CharField(blank=True, max_length=64)),
                ("description", models.CharField(blank=True, max_length=200)),
                (
                    "type",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("de-9", "DE-9"),
                            ("db-25", "DB-25"),
                            ("rj-11", "RJ-11"),
                            ("rj-12", "RJ-12"),
                            ("rj-45", "RJ-45"),
                            ("mini-din-8", "Mini-DIN 8"),
                            ("usb-a", "USB Type A"),
                            ("usb-b", "USB Type B"),
                            ("usb-c", "USB Type C"),
                            ("usb-mini-a", "USB Mini A"),
                            ("usb-mini-b", "USB Mini B"),
                            ("usb-micro-a", "USB Micro A"),
                            ("usb-micro-b", "USB Micro B"),
                            ("usb-micro-ab", "USB Micro AB"),
                            ("other", "Other"),
                        ],
                        max_length=50,
                    ),
                ),
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
                    "device",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="%(class)ss", to="dcim.device"
                    ),
                ),
            ],
            options={
                "ordering": ["device", "name"],
                "abstract": False,
                "constraints": [
                    models.UniqueConstraint(fields=("device", "name"), name="dcim_consoleport_unique_device_name")
                ],
            },
        ),
        migrations.CreateModel(
            name="DeviceBay",
            fields=[
                ("id", models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ("created", models.DateTimeField(auto_now_add=True)),
                ("last_updated", models.DateTimeField(auto_now=True)),
                ("name", models.CharField(max_length=64)),
                ("label", models.CharField(blank=True, max_length=64)),
                ("description", models.CharField(blank=True, max_length=200)),
                (
                    "device",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="%(class)ss", to="dcim.device"
                    ),
                ),
                (
                    "installed_device",
                    models.OneToOneField(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="parent_bay",
                        to="dcim.device",
                    ),
                ),
            ],
            options={
                "ordering": ["device", "name"],
                "abstract": False,
                "constraints": [
                    models.UniqueConstraint(fields=("device", "name"), name="dcim_devicebay_unique_device_name")
                ],
            },
        ),
        migrations.CreateModel(
            name="Interface",
            fields=[
                ("id", models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ("created", models.DateTimeField(auto_now_add=True)),
                ("last_updated", models.DateTimeField(auto_now=True)),
                ("name", models.CharField(max_length=64)),
                ("label", models.CharField(blank=True, max_length=64)),
                ("description", models.CharField(blank=True, max_length=200)),
                (
                    "type",
                    models.CharField(
                        choices=[
                            ("virtual", "Virtual"),
                            ("bridge", "Bridge"),
                            ("lag", "Link Aggregation Group (LAG)"),
                            ("100base-tx", "100BASE-TX (10/100ME)"),
                            ("1000base-t", "1000BASE-T (1GE)"),
                            ("2.5gbase-t", "2.5GBASE-T (2.5GE)"),
                            ("5gbase-t", "5GBASE-T (5GE)"),
                            ("10gbase-t", "10GBASE-T (10GE)"),
                            ("10gbase-cx4", "10GBASE-CX4 (10GE)"),
                            ("1000base-x-gbic", "GBIC (1GE)"),
                            ("1000base-x-sfp", "SFP (1GE)"),
                            ("10gbase-x-sfpp", "SFP+ (10GE)"),
                            ("10gbase-x-xfp", "XFP (10GE)"),
                            ("10gbase-x-xenpak", "XENPAK (10GE)"),
                            ("10gbase-x-x2", "X2 (10GE)"),
                            ("25gbase-x-sfp28", "SFP28 (25GE)"),
                            ("50gbase-x-sfp56", "SFP56 (50GE)"),
                            ("40gbase-x-qsfpp", "QSFP+ (40GE)"),
                            ("50gbase-x-sfp28", "QSFP28 (50GE)"),
                            ("100gbase-x-cfp", "CFP (100GE)"),
                            ("100gbase-x-cfp2", "CFP2 (100GE)"),
                            ("200gbase-x-cfp2", "CFP2 (200GE)"),
                            ("100gbase-x-cfp4", "CFP4 (100GE)"),
                            ("100gbase-x-cpak", "Cisco CPAK (100GE)"),
                            ("100gbase-x-qsfp28", "QSFP28 (100GE)"),
                            ("200gbase-x-qsfp56", "QSFP56 (200GE)"),
                            ("400gbase-x-qsfpdd", "QSFP-DD (400GE)"),
                            ("400gbase-x-osfp", "OSFP (400GE)"),
                            ("800gbase-x-qsfpdd", "QSFP-DD (800GE)"),
                            ("800gbase-x-osfp", "OSFP (800GE)"),
                            ("ieee802.11a", "IEEE 802.11a"),
                            ("ieee802.11g", "IEEE 802.11b/g"),
                            ("ieee802.11n", "IEEE 802.11n"),
                            ("ieee802.11ac", "IEEE 802.11ac"),
                            ("ieee802.11ad", "IEEE 802.11ad"),
                            ("ieee802.11ax", "IEEE 802.11ax"),
                            ("gsm", "GSM"),
                            ("cdma", "CDMA"),
                            ("lte", "LTE"),
                            ("sonet-oc3", "OC-3/STM-1"),
                            ("sonet-oc12", "OC-12/STM-4"),
                            ("sonet-oc48", "OC-48/STM-16"),
                            ("sonet-oc192", "OC-192/STM-64"),
                            ("1gfc-sfp", "SFP (1GFC)"),
                            ("8gfc-sfpp", "SFP+ (8GFC)"),
                            ("16gfc-sfpp", "SFP+ (16GFC)"),
                            ("32gfc-sfp28", "SFP28 (32GFC)"),
                            ("t1", "T1 (1.544 Mbps)"),
                            ("e1", "E1 (2.048 Mbps)"),
                            ("t3", "T3 (45 Mbps)"),
                            ("e3", "E3 (34 Mbps)"),
                            ("cisco-stackwise", "Cisco StackWise"),
                            ("cisco-stackwise-plus", "Cisco StackWise Plus"),
                            ("juniper-vcp", "Juniper VCP"),
                            ("other", "Other"),
                        ],
                        max_length=50,
                    ),
                ),
                ("enabled", models.BooleanField(default=True)),
                ("mgmt_only", models.BooleanField(default=False)),
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
                (
                    "bridge",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="bridged_interfaces",
                        to="dcim.interface",
                    ),
                ),
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
                    "device",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="%(class)ss", to="dcim.device"
                    ),
                ),
                (
                    "lag",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="member_interfaces",
                        to="dcim.interface",
                    ),
                ),
                (
                    "parent_interface",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="child_interfaces",
                        to="dcim.interface",
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
            ],
            options={
                "ordering": ["device", "name"],
                "abstract": False,
                "constraints": [
                    models.UniqueConstraint(fields=("device", "name"), name="dcim_interface_unique_device_name")
                ],
            },
        ),
        migrations.CreateModel(
            name="InventoryItem",
            fields=[
                ("id", models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ("created", models.DateTimeField(auto_now_add=True)),
                ("last_updated", models.DateTimeField(auto_now=True)),
                ("name", models.CharField(max_length=64)),
                ("label", models.CharField(blank=True, max_length=64)),
                ("part_id", models.CharField(blank=True, max_length=50)),
                ("serial", models.CharField(blank=True, db_index=True, max_length=255)),
                ("asset_tag", models.CharField(blank=True, max_length=100, null=True, unique=True)),
                ("discovered", models.BooleanField(default=False)),
                ("description", models.CharField(blank=True, max_length=200)),
                (
                    "device",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="inventory_items", to="dcim.device"
                    ),
                ),
                (
                    "parent",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="children",
                        to="dcim.inventoryitem",
                    ),
                ),
                (
                    "manufacturer",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="inventory_items",
                        to="dcim.manufacturer",
                    ),
                ),
            ],
            options={
                "ordering": ["device", "name"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("device", "parent", "name"), name="dcim_inventoryitem_unique_device_parent_name"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="PowerPort",
            fields=[
                ("id", models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ("created", models.DateTimeField(auto_now_add=True)),
                ("last_updated", models.DateTimeField(auto_now=True)),
                ("name", models.CharField(max_length=64)),
                ("label", models.CharField(blank=True, max_length=64)),
                ("description", models.CharField(blank=True, max_length=200)),
                (
                    "type",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("iec-60320-c6", "C6"),
                            ("iec-60320-c8", "C8"),
                            ("iec-60320-c14", "C14"),
                            ("iec-60320-c16", "C16"),
                            ("iec-60320-c20", "C20"),
                            ("iec-60320-c22", "C22"),
                            ("nema-5-15p", "NEMA 5-15P"),
                            ("nema-5-20p", "NEMA 5-20P"),
                            ("nema-l5-30p", "NEMA L5-30P"),
                            ("nema-l6-30p", "NEMA L6-30P"),
                            ("dc-terminal", "DC Terminal"),
                            ("other", "Other"),
                        ],
                        max_length=50,
                    ),
                ),
                (
                    "maximum_draw",
                    models.PositiveSmallIntegerField(
                        blank=True, null=True, validators=[django.core.validators.MinValueValidator(1)]
                    ),
                ),
                (
                    "allocated_draw",
                    models.PositiveSmallIntegerField(
                        blank=True, null=True, validators=[django.core.validators.MinValueValidator(1)]
                    ),
                ),
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
                    "device",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="%(class)ss", to="dcim.device"
                    ),
                ),
            ],
            options={
                "ordering": ["device", "name"],
                "abstract": False,
                "constraints": [
                    models.UniqueConstraint(fields=("device", "name"), name="dcim_powerport_unique_device_name")
                ],
            },
        ),
        migrations.CreateModel(
            name="PowerOutlet",
            fields=[
                ("id", models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ("created", models.DateTimeField(auto_now_add=True)),
                ("last_updated", models.DateTimeField(auto_now=True)),
                ("name", models.CharField(max_length=64)),
                ("label", models.CharField(blank=True, max_length=64)),
                ("description", models.CharField(blank=True, max_length=200)),
                (
                    "type",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("iec-60320-c5", "C5"),
                            ("iec-60320-c7", "C7"),
                            ("iec-60320-c13", "C13"),
                            ("iec-60320-c15", "C15"),
                            ("iec-60320-c19", "C19"),
                            ("iec-60320-c21", "C21"),
                            ("nema-5-15r", "NEMA 5-15R"),
                            ("nema-5-20r", "NEMA 5-20R"),
                            ("nema-l5-30r", "NEMA L5-30R"),
                            ("nema-l6-30r", "NEMA L6-30R"),
                            ("dc-terminal", "DC Terminal"),
                            ("other", "Other"),
                        ],
                        max_length=50,
                    ),
                ),
                ("feed_leg", models.CharField(blank=True, choices=[("A", "A"), ("B", "B"), ("C", "C")], max_length=50)),
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
                    "device",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="%(class)ss", to="dcim.device"
                    ),
                ),
                (
                    "power_port",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="power_outlets",
                        to="dcim.powerport",
                    ),
                ),
            ],
            options={
                "ordering": ["device", "name"],
                "abstract": False,
                "constraints": [
                    models.UniqueConstraint(fields=("device", "name"), name="dcim_poweroutlet_unique_device_name")
                ],
            },
        ),
        migrations.CreateModel(
            name="RearPort",
            fields=[
                ("id", models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ("created", models.DateTimeField(auto_now_add=True)),
                ("last_updated", models.DateTimeField(auto_now=True)),
                ("name", models.CharField(max_length=64)),
                ("label", models.CharField(blank=True, max_length=64)),
                ("description", models.CharField(blank=True, max_length=200)),
                (
                    "type",
                    models.CharField(
                        choices=[
                            ("8p8c", "8P8C"),
                            ("8p6c", "8P6C"),
                            ("8p4c", "8P4C"),
                            ("8p2c", "8P2C"),
                            ("6p6c", "6P6C"),
                            ("6p4c", "6P4C"),
                            ("6p2c", "6P2C"),
                            ("4p4c", "4P4C"),
                            ("4p2c", "4P2C"),
                            ("gg45", "GG45"),
                            ("110-punch", "110 Punch"),
                            ("bnc", "BNC"),
                            ("mrj21", "MRJ21"),
                            ("fc", "FC"),
                            ("lc", "LC"),
                            ("lc-apc", "LC/APC"),
                            ("lsh", "LSH"),
                            ("mpo", "MPO"),
                            ("mtrj", "MTRJ"),
                            ("sc", "SC"),
                            ("sc-apc", "SC/APC"),
                            ("st", "ST"),
                            ("cs", "CS"),
                            ("sn", "SN"),
                            ("splice", "Splice"),
                            ("other", "Other"),
                        ],
                        max_length=50,
                    ),
                ),
                (
                    "positions",
                    models.PositiveSmallIntegerField(
                        default=1,
                        validators=[
                            django.core.validators.MinValueValidator(1),
                            django.core.validators.MaxValueValidator(1024),
                        ],
                    ),
                ),
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
                    "device",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="%(class)ss", to="dcim.device"
                    ),
                ),
            ],
            options={
                "ordering": ["device", "name"],
                "abstract": False,
                "constraints": [
                    models.UniqueConstraint(fields=("device", "name"), name="dcim_rearport_unique_device_name")
                ],
            },
        ),
        migrations.CreateModel(
            name="FrontPort",
            fields=[
                ("id", models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ("created", models.DateTimeField(auto_now_add=True)),
                ("last_updated", models.DateTimeField(auto_now=True)),
                ("name", models.CharField(max_length=64)),
                ("label", models.CharField(blank=True, max_length=64)),
                ("description", models.CharField(blank=True, max_length=200)),
                (
                    "type",
                    models.CharField(
                        choices=[
                            ("8p8c", "8P8C"),
                            ("8p6c", "8P6C"),
                            ("8p4c", "8P4C"),
                            ("8p2c", "8P2C"),
                            ("6p6c", "6P6C"),
                            ("6p4c", "6P4C"),
                            ("6p2c", "6P2C"),
                            ("4p4c", "4P4C"),
                            ("4p2c", "4P2C"),
                            ("gg45", "GG45"),
                            ("110-punch", "110 Punch"),
                            ("bnc", "BNC"),
                            ("mrj21", "MRJ21"),
                            ("fc", "FC"),
                            ("lc", "LC"),
                            ("lc-apc", "LC/APC"),
                            ("lsh", "LSH"),
                            ("mpo", "MPO"),
                            ("mtrj", "MTRJ"),
                            ("sc", "SC"),
                            ("sc-apc", "SC/APC"),
                            ("st", "ST"),
                            ("cs", "CS"),
                            ("sn", "SN"),
                            ("splice", "Splice"),
                            ("other", "Other"),
                        ],
                        max_length=50,
                    ),
                ),
                (
                    "rear_port_position",
                    models.PositiveSmallIntegerField(
                        default=1,
                        validators=[
                            django.core.validators.MinValueValidator(1),
                            django.core.validators.MaxValueValidator(1024),
                        ],
                    ),
                ),
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
                    "device",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="%(class)ss", to="dcim.device"
                    ),
                ),
                (
                    "rear_port",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="frontports", to="dcim.rearport"
                    ),
                ),
            ],
            options={
                "ordering": ["device", "name"],
                "abstract": False,
                "constraints": [
                    models.UniqueConstraint(fields=("device", "name"), name="dcim_frontport_unique_device_name"),
                    models.UniqueConstraint(
                        fields=("rear_port", "rear_port_position"), name="dcim_frontport_unique_rear_position"
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="VirtualChassis",
            fields=[
                ("id", models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ("created", models.DateTimeField(auto_now_add=True)),
                ("last_updated", models.DateTimeField(auto_now=True)),
                ("name", models.CharField(max_length=64, unique=True)),
                ("domain", models.CharField(blank=True, max_length=30)),
                (
                    "master",
                    models.OneToOneField(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="vc_master_for",
                        to="dcim.device",
                    ),
                ),
            ],
            options={
                "verbose_name_plural": "virtual chassis",
                "ordering": ["name"],
            },
        ),
        migrations.AddField(
            model_name="device",
            name="virtual_chassis",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="members",
                to="dcim.virtualchassis",
            ),
        ),
        migrations.AddConstraint(
            model_name="device",
            constraint=models.UniqueConstraint(fields=("location", "name"), name="dcim_device_unique_location_name"),
        ),
        migrations.AddConstraint(
            model_name="device",
            constraint=models.UniqueConstraint(
                fields=("virtual_chassis", "vc_position"), name="dcim_device_unique_vc_position"
            ),
        ),
        RepeatableRunPython(_default_statuses.link, _default_statuses.unlink),
    ]
