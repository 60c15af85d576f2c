"""Controllers and the groups of devices they manage (a device's `controller_managed_device_group`), as
Nautobot 3 has them; the default statuses offered on controllers."""

import uuid

import django.core.serializers.json
import django.db.models.deletion
from django.db import migrations, models

import netkeel.extras.fields
from netkeel.extras.defaults import link_default_statuses, unlink_default_statuses

STATUS_MODELS = ["dcim.controller"]


def link(apps, schema_editor):  # type: ignore[no-untyped-def]
    link_default_statuses(apps, STATUS_MODELS)


def unlink(apps, schema_editor):  # type: ignore[no-untyped-def]
    unlink_default_statuses(apps, STATUS_MODELS)


class Migration(migrations.Migration):

    dependencies = [
        ('dcim', '0015_interface_redundancy_vdc'),
        ('extras', '0008_job_nautobot_fields'),
        ('tenancy', '0003_custom_field_data'),
    ]

    operations = [
        migrations.CreateModel(
            name='Controller',
            fields=[
                ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ('created', models.DateTimeField(auto_now_add=True)),
                ('last_updated', models.DateTimeField(auto_now=True)),
                ('custom_field_data', models.JSONField(blank=True, default=dict, encoder=django.core.serializers.json.DjangoJSONEncoder)),
                ('name', models.CharField(max_length=255, unique=True)),
                ('description', models.CharField(blank=True, max_length=255)),
                ('capabilities', models.JSONField(blank=True, null=True)),
                ('controller_device', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='controllers', to='dcim.device')),
                ('controller_device_redundancy_group', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='controllers', to='dcim.deviceredundancygroup')),
                ('location', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='controllers', to='dcim.location')),
                ('platform', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='controllers', to='dcim.platform')),
                ('role', netkeel.extras.fields.RoleField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='%(app_label)s_%(class)s_related', to='extras.role')),
                ('status', netkeel.extras.fields.StatusField(on_delete=django.db.models.deletion.PROTECT, related_name='%(app_label)s_%(class)s_related', to='extras.status')),
                ('tags', netkeel.extras.fields.TagsField(blank=True, related_name='%(app_label)s_%(class)s_related', to='extras.tag')),
                ('tenant', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='%(app_label)s_%(class)s_related', to='tenancy.tenant')),
            ],
            options={
                'ordering': ['name'],
            },
        ),
        migrations.CreateModel(
            name='ControllerManagedDeviceGroup',
            fields=[
                ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ('created', models.DateTimeField(auto_now_add=True)),
                ('last_updated', models.DateTimeField(auto_now=True)),
                ('custom_field_data', models.JSONField(blank=True, default=dict, encoder=django.core.serializers.json.DjangoJSONEncoder)),
                ('name', models.CharField(max_length=255, unique=True)),
                ('weight', models.PositiveIntegerField(default=1000, help_text='Sorts the groups within their parent group (lower first).')),
                ('capabilities', models.JSONField(blank=True, null=True)),
                ('description', models.CharField(blank=True, max_length=255)),
                ('controller', models.ForeignKey(help_text='The controller that manages the devices of this group.', on_delete=django.db.models.deletion.CASCADE, related_name='controller_managed_device_groups', to='dcim.controller')),
                ('parent', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='children', to='dcim.controllermanageddevicegroup')),
                ('tags', netkeel.extras.fields.TagsField(blank=True, related_name='%(app_label)s_%(class)s_related', to='extras.tag')),
                ('tenant', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='%(app_label)s_%(class)s_related', to='tenancy.tenant')),
            ],
            options={
                'verbose_name': 'controller managed device group',
                'ordering': ['weight', 'name'],
            },
        ),
        migrations.AddField(
            model_name='device',
            name='controller_managed_device_group',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='devices', to='dcim.controllermanageddevicegroup'),
        ),
        migrations.RunPython(link, unlink),
    ]
