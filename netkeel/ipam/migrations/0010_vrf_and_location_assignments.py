"""Nautobot 3's assignments as rows of their own, each with an id and an API route: a VRF on a device or a
virtual machine (VRFDeviceAssignment) and on a prefix (VRFPrefixAssignment), and a prefix's and a VLAN's
locations (PrefixLocationAssignment, VLANLocationAssignment). A prefix's and a VLAN's locations were kept in
Django's implicit many-to-many tables: every row is copied into the new tables, in batches, before the old
tables go (and copied back when the migration is reversed)."""

import uuid

import django.core.serializers.json
import django.db.models.deletion
from django.db import migrations, models

BATCH_SIZE = 2000

# (model holding `locations`, its new through model, the column naming it in both tables)
LOCATED = (("prefix", "prefixlocationassignment", "prefix_id"), ("vlan", "vlanlocationassignment", "vlan_id"))


def _copy(rows, target, column, with_ids):
    """Insert a `target` row per (owner, location) of `rows`, in batches."""
    batch = []
    for owner, location in rows:
        fields = {column: owner, "location_id": location}
        batch.append(target(id=uuid.uuid4(), **fields) if with_ids else target(**fields))
        if len(batch) >= BATCH_SIZE:
            target.objects.bulk_create(batch)
            batch = []
    if batch:
        target.objects.bulk_create(batch)


def _tables(apps, owner, through):
    """(the implicit table of `owner`.locations, as the state before this migration has it; the new one)"""
    return apps.get_model("ipam", owner)._meta.get_field("locations").remote_field.through, apps.get_model(
        "ipam", through
    )


def _rows(model, column):
    return model.objects.order_by("pk").values_list(column, "location_id").iterator(chunk_size=BATCH_SIZE)


def copy_locations(apps, schema_editor):
    for owner, through, column in LOCATED:
        old, new = _tables(apps, owner, through)
        _copy(_rows(old, column), new, column, with_ids=True)


def copy_locations_back(apps, schema_editor):
    for owner, through, column in LOCATED:
        old, new = _tables(apps, owner, through)
        _copy(_rows(new, column), old, column, with_ids=False)


def _base_fields():
    return [
        ("id", models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
        ("created", models.DateTimeField(auto_now_add=True)),
        ("last_updated", models.DateTimeField(auto_now=True)),
        (
            "custom_field_data",
            models.JSONField(blank=True, default=dict, encoder=django.core.serializers.json.DjangoJSONEncoder),
        ),
    ]


class Migration(migrations.Migration):
    dependencies = [
        ("dcim", "0014_software_versions"),
        ("ipam", "0009_service"),
        ("virtualization", "0002_virtual_machine_software_version"),
    ]

    operations = [
        migrations.CreateModel(
            name="PrefixLocationAssignment",
            fields=[
                *_base_fields(),
                (
                    "location",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="prefix_assignments",
                        to="dcim.location",
                    ),
                ),
                (
                    "prefix",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="location_assignments",
                        to="ipam.prefix",
                    ),
                ),
            ],
            options={
                "verbose_name": "prefix location assignment",
                "ordering": ["prefix", "location"],
                "constraints": [
                    models.UniqueConstraint(fields=("prefix", "location"), name="ipam_prefixlocationassignment_unique")
                ],
            },
        ),
        migrations.CreateModel(
            name="VLANLocationAssignment",
            fields=[
                *_base_fields(),
                (
                    "location",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="vlan_assignments",
                        to="dcim.location",
                    ),
                ),
                (
                    "vlan",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="location_assignments",
                        to="ipam.vlan",
                    ),
                ),
            ],
            options={
                "verbose_name": "VLAN location assignment",
                "ordering": ["vlan", "location"],
                "constraints": [
                    models.UniqueConstraint(fields=("vlan", "location"), name="ipam_vlanlocationassignment_unique")
                ],
            },
        ),
        migrations.RunPython(copy_locations, copy_locations_back),
        migrations.RemoveField(model_name="prefix", name="locations"),
        migrations.RemoveField(model_name="vlan", name="locations"),
        migrations.AddField(
            model_name="prefix",
            name="locations",
            field=models.ManyToManyField(
                blank=True, related_name="prefixes", through="ipam.PrefixLocationAssignment", to="dcim.location"
            ),
        ),
        migrations.AddField(
            model_name="vlan",
            name="locations",
            field=models.ManyToManyField(
                blank=True, related_name="vlans", through="ipam.VLANLocationAssignment", to="dcim.location"
            ),
        ),
        migrations.CreateModel(
            name="VRFDeviceAssignment",
            fields=[
                *_base_fields(),
                ("rd", models.CharField(blank=True, max_length=21, null=True, verbose_name="route distinguisher")),
                ("name", models.CharField(blank=True, max_length=255)),
                (
                    "device",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="vrf_assignments",
                        to="dcim.device",
                    ),
                ),
                (
                    "virtual_machine",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="vrf_assignments",
                        to="virtualization.virtualmachine",
                    ),
                ),
                (
                    "vrf",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="device_assignments", to="ipam.vrf"
                    ),
                ),
            ],
            options={
                "verbose_name": "VRF device assignment",
                "ordering": ["vrf", "device", "virtual_machine"],
                "constraints": [
                    models.UniqueConstraint(fields=("vrf", "device"), name="ipam_vrfdeviceassignment_unique_device"),
                    models.UniqueConstraint(
                        fields=("vrf", "virtual_machine"), name="ipam_vrfdeviceassignment_unique_vm"
                    ),
                    models.UniqueConstraint(
                        fields=("device", "rd", "name"), name="ipam_vrfdeviceassignment_unique_device_rd_name"
                    ),
                    models.UniqueConstraint(
                        fields=("virtual_machine", "rd", "name"), name="ipam_vrfdeviceassignment_unique_vm_rd_name"
                    ),
                ],
            },
        ),
        migrations.AddField(
            model_name="vrf",
            name="devices",
            field=models.ManyToManyField(
                blank=True,
                related_name="vrfs",
                through="ipam.VRFDeviceAssignment",
                through_fields=("vrf", "device"),
                to="dcim.device",
            ),
        ),
        migrations.AddField(
            model_name="vrf",
            name="virtual_machines",
            field=models.ManyToManyField(
                blank=True,
                related_name="vrfs",
                through="ipam.VRFDeviceAssignment",
                through_fields=("vrf", "virtual_machine"),
                to="virtualization.virtualmachine",
            ),
        ),
        migrations.CreateModel(
            name="VRFPrefixAssignment",
            fields=[
                *_base_fields(),
                (
                    "prefix",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="vrf_assignments",
                        to="ipam.prefix",
                    ),
                ),
                (
                    "vrf",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="prefix_assignments", to="ipam.vrf"
                    ),
                ),
            ],
            options={
                "verbose_name": "VRF prefix assignment",
                "ordering": ["vrf", "prefix"],
                "constraints": [
                    models.UniqueConstraint(fields=("vrf", "prefix"), name="ipam_vrfprefixassignment_unique")
                ],
            },
        ),
        migrations.AddField(
            model_name="vrf",
            name="prefixes",
            field=models.ManyToManyField(
                blank=True, related_name="vrfs", through="ipam.VRFPrefixAssignment", to="ipam.prefix"
            ),
        ),
    ]
