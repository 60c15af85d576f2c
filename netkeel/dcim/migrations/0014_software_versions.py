"""Software versions of platforms and their image files (Nautobot 3.x's), the image files that suit a device type,
and the software version and image files of a device and of an inventory item; the default statuses offered on
software versions and image files."""

import uuid

import django.core.serializers.json
import django.db.models.deletion
from django.db import migrations, models

import netkeel.extras.fields
from netkeel.extras.defaults import link_default_statuses, unlink_default_statuses

STATUS_MODELS = ["dcim.softwareversion", "dcim.softwareimagefile"]


def link(apps, schema_editor):  # type: ignore[no-untyped-def]
    link_default_statuses(apps, STATUS_MODELS)


def unlink(apps, schema_editor):  # type: ignore[no-untyped-def]
    unlink_default_statuses(apps, STATUS_MODELS)


class Migration(migrations.Migration):
    dependencies = [
        ("dcim", "0013_device_family_redundancy_group"),
        ("extras", "0008_job_nautobot_fields"),
    ]

    operations = [
        migrations.CreateModel(
            name="SoftwareImageFile",
            fields=[
                ("id", models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ("created", models.DateTimeField(auto_now_add=True)),
                ("last_updated", models.DateTimeField(auto_now=True)),
                (
                    "custom_field_data",
                    models.JSONField(blank=True, default=dict, encoder=django.core.serializers.json.DjangoJSONEncoder),
                ),
                ("image_file_name", models.CharField(max_length=255)),
                ("image_file_checksum", models.CharField(blank=True, max_length=256)),
                (
                    "hashing_algorithm",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("md5", "MD5"),
                            ("sha1", "SHA-1"),
                            ("sha224", "SHA-224"),
                            ("sha384", "SHA-384"),
                            ("sha256", "SHA-256"),
                            ("sha512", "SHA-512"),
                            ("sha3", "SHA-3"),
                            ("blake2", "BLAKE2"),
                            ("blake3", "BLAKE3"),
                        ],
                        max_length=255,
                    ),
                ),
                (
                    "image_file_size",
                    models.PositiveBigIntegerField(blank=True, help_text="Image file size in bytes.", null=True),
                ),
                ("download_url", models.URLField(blank=True, verbose_name="Download URL")),
                (
                    "default_image",
                    models.BooleanField(default=False, help_text="The default image of its software version."),
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
            ],
            options={
                "ordering": ["software_version", "image_file_name"],
            },
        ),
        migrations.CreateModel(
            name="DeviceTypeToSoftwareImageFile",
            fields=[
                ("id", models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ("created", models.DateTimeField(auto_now_add=True)),
                ("last_updated", models.DateTimeField(auto_now=True)),
                (
                    "custom_field_data",
                    models.JSONField(blank=True, default=dict, encoder=django.core.serializers.json.DjangoJSONEncoder),
                ),
                (
                    "device_type",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="software_image_file_assignments",
                        to="dcim.devicetype",
                    ),
                ),
                (
                    "software_image_file",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="device_type_assignments",
                        to="dcim.softwareimagefile",
                    ),
                ),
            ],
            options={
                "verbose_name": "device type to software image file",
                "ordering": ["device_type", "software_image_file"],
            },
        ),
        migrations.AddField(
            model_name="device",
            name="software_image_files",
            field=models.ManyToManyField(blank=True, related_name="devices", to="dcim.softwareimagefile"),
        ),
        migrations.AddField(
            model_name="devicetype",
            name="software_image_files",
            field=models.ManyToManyField(
                blank=True,
                related_name="device_types",
                through="dcim.DeviceTypeToSoftwareImageFile",
                to="dcim.softwareimagefile",
            ),
        ),
        migrations.AddField(
            model_name="inventoryitem",
            name="software_image_files",
            field=models.ManyToManyField(blank=True, related_name="inventory_items", to="dcim.softwareimagefile"),
        ),
        migrations.CreateModel(
            name="SoftwareVersion",
            fields=[
                ("id", models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ("created", models.DateTimeField(auto_now_add=True)),
                ("last_updated", models.DateTimeField(auto_now=True)),
                (
                    "custom_field_data",
                    models.JSONField(blank=True, default=dict, encoder=django.core.serializers.json.DjangoJSONEncoder),
                ),
                ("version", models.CharField(max_length=255)),
                (
                    "alias",
                    models.CharField(
                        blank=True, help_text="An optional alias, such as a release name.", max_length=255
                    ),
                ),
                ("release_date", models.DateField(blank=True, null=True)),
                ("end_of_support_date", models.DateField(blank=True, null=True)),
                ("documentation_url", models.URLField(blank=True, verbose_name="Documentation URL")),
                ("long_term_support", models.BooleanField(default=False, verbose_name="Long Term Support")),
                ("pre_release", models.BooleanField(default=False)),
                (
                    "platform",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="software_versions",
                        to="dcim.platform",
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
            ],
            options={
                "ordering": ["platform", "version"],
            },
        ),
        migrations.AddField(
            model_name="softwareimagefile",
            name="software_version",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="software_image_files",
                to="dcim.softwareversion",
            ),
        ),
        migrations.AddField(
            model_name="device",
            name="software_version",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="devices",
                to="dcim.softwareversion",
            ),
        ),
        migrations.AddField(
            model_name="inventoryitem",
            name="software_version",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="inventory_items",
                to="dcim.softwareversion",
            ),
        ),
        migrations.AddConstraint(
            model_name="devicetypetosoftwareimagefile",
            constraint=models.UniqueConstraint(
                fields=("device_type", "software_image_file"), name="dcim_devicetypetosoftwareimagefile_unique"
            ),
        ),
        migrations.AddConstraint(
            model_name="softwareversion",
            constraint=models.UniqueConstraint(
                fields=("platform", "version"), name="dcim_softwareversion_unique_platform_version"
            ),
        ),
        migrations.AddConstraint(
            model_name="softwareimagefile",
            constraint=models.UniqueConstraint(
                fields=("image_file_name", "software_version"), name="dcim_softwareimagefile_unique_name_version"
            ),
        ),
        migrations.RunPython(link, unlink),
    ]
