"""Interface redundancy groups (HSRP, VRRP, GLBP, CARP groups of interfaces, each interface with its priority)
and virtual device contexts (a device's virtual partitions, their interfaces assigned), as Nautobot 3.x has
them; the default statuses offered on both."""

import uuid

import django.core.serializers.json
import django.db.models.deletion
from django.db import migrations, models

import netkeel.extras.fields
from netkeel.extras.defaults import link_default_statuses, unlink_default_statuses

STATUS_MODELS = ["dcim.interfaceredundancygroup", "dcim.virtualdevicecontext"]


def link(apps, schema_editor):  # type: ignore[no-untyped-def]
    link_default_statuses(apps, STATUS_MODELS)


def unlink(apps, schema_editor):  # type: ignore[no-untyped-def]
    unlink_default_statuses(apps, STATUS_MODELS)


class Migration(migrations.Migration):

    dependencies = [
        ('dcim', '0014_software_versions'),
        ('extras', '0008_job_nautobot_fields'),
        ('ipam', '0001_initial'),
        ('tenancy', '0003_custom_field_data'),
    ]

    operations = [
        migrations.CreateModel(
            name='InterfaceRedundancyGroup',
            fields=[
                ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ('created', models.DateTimeField(auto_now_add=True)),
                ('last_updated', models.DateTimeField(auto_now=True)),
                ('custom_field_data', models.JSONField(blank=True, default=dict, encoder=django.core.serializers.json.DjangoJSONEncoder)),
                ('name', models.CharField(max_length=255, unique=True)),
                ('description', models.CharField(blank=True, max_length=255)),
                ('protocol', models.CharField(blank=True, choices=[('hsrp', 'HSRP'), ('vrrp', 'VRRP'), ('glbp', 'GLBP'), ('carp', 'CARP')], max_length=50, verbose_name='Redundancy Protocol')),
                ('protocol_group_id', models.CharField(blank=True, max_length=255)),
                ('status', netkeel.extras.fields.StatusField(on_delete=django.db.models.deletion.PROTECT, related_name='%(app_label)s_%(class)s_related', to='extras.status')),
                ('tags', netkeel.extras.fields.TagsField(blank=True, related_name='%(app_label)s_%(class)s_related', to='extras.tag')),
                ('virtual_ip', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='interface_redundancy_groups', to='ipam.ipaddress')),
            ],
            options={
                'ordering': ['name'],
            },
        ),
        migrations.CreateModel(
            name='InterfaceRedundancyGroupAssociation',
            fields=[
                ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ('created', models.DateTimeField(auto_now_add=True)),
                ('last_updated', models.DateTimeField(auto_now=True)),
                ('custom_field_data', models.JSONField(blank=True, default=dict, encoder=django.core.serializers.json.DjangoJSONEncoder)),
                ('priority', models.PositiveIntegerField()),
                ('interface', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='interface_redundancy_group_associations', to='dcim.interface')),
                ('interface_redundancy_group', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='interface_redundancy_group_associations', to='dcim.interfaceredundancygroup')),
            ],
            options={
                'verbose_name': 'interface redundancy group association',
                'ordering': ['interface_redundancy_group', '-priority'],
            },
        ),
        migrations.AddField(
            model_name='interfaceredundancygroup',
            name='interfaces',
            field=models.ManyToManyField(blank=True, related_name='interface_redundancy_groups', through='dcim.InterfaceRedundancyGroupAssociation', to='dcim.interface'),
        ),
        migrations.CreateModel(
            name='InterfaceVDCAssignment',
            fields=[
                ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ('created', models.DateTimeField(auto_now_add=True)),
                ('last_updated', models.DateTimeField(auto_now=True)),
                ('custom_field_data', models.JSONField(blank=True, default=dict, encoder=django.core.serializers.json.DjangoJSONEncoder)),
                ('interface', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='virtual_device_context_assignments', to='dcim.interface')),
            ],
            options={
                'verbose_name': 'interface VDC assignment',
                'ordering': ['virtual_device_context', 'interface'],
            },
        ),
        migrations.CreateModel(
            name='VirtualDeviceContext',
            fields=[
                ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ('created', models.DateTimeField(auto_now_add=True)),
                ('last_updated', models.DateTimeField(auto_now=True)),
                ('custom_field_data', models.JSONField(blank=True, default=dict, encoder=django.core.serializers.json.DjangoJSONEncoder)),
                ('name', models.CharField(max_length=255)),
                ('identifier', models.PositiveSmallIntegerField(blank=True, help_text='Unique identifier provided by the platform being virtualized (Example: Nexus VDC Identifier)', null=True)),
                ('description', models.CharField(blank=True, max_length=255)),
                ('device', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='virtual_device_contexts', to='dcim.device')),
                ('interfaces', models.ManyToManyField(blank=True, related_name='virtual_device_contexts', through='dcim.InterfaceVDCAssignment', to='dcim.interface')),
                ('primary_ip4', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='ip4_vdcs', to='ipam.ipaddress', verbose_name='Primary IPv4')),
                ('primary_ip6', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='ip6_vdcs', to='ipam.ipaddress', verbose_name='Primary IPv6')),
                ('role', netkeel.extras.fields.RoleField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='%(app_label)s_%(class)s_related', to='extras.role')),
                ('status', netkeel.extras.fields.StatusField(on_delete=django.db.models.deletion.PROTECT, related_name='%(app_label)s_%(class)s_related', to='extras.status')),
                ('tags', netkeel.extras.fields.TagsField(blank=True, related_name='%(app_label)s_%(class)s_related', to='extras.tag')),
                ('tenant', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='%(app_label)s_%(class)s_related', to='tenancy.tenant')),
            ],
            options={
                'verbose_name': 'virtual device context',
                'ordering': ['name'],
            },
        ),
        migrations.AddField(
            model_name='interfacevdcassignment',
            name='virtual_device_context',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='interface_assignments', to='dcim.virtualdevicecontext'),
        ),
        migrations.AddConstraint(
            model_name='interfaceredundancygroupassociation',
            constraint=models.UniqueConstraint(fields=('interface_redundancy_group', 'interface'), name='dcim_interfaceredundancygroupassoc_unique'),
        ),
        migrations.AddConstraint(
            model_name='virtualdevicecontext',
            constraint=models.UniqueConstraint(fields=('device', 'identifier'), name='dcim_virtualdevicecontext_unique_identifier'),
        ),
        migrations.AddConstraint(
            model_name='virtualdevicecontext',
            constraint=models.UniqueConstraint(fields=('device', 'name'), name='dcim_virtualdevicecontext_unique_name'),
        ),
        migrations.AddConstraint(
            model_name='interfacevdcassignment',
            constraint=models.UniqueConstraint(fields=('virtual_device_context', 'interface'), name='dcim_interfacevdcassignment_unique'),
        ),
        migrations.RunPython(link, unlink),
    ]
