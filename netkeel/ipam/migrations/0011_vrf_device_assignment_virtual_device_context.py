"""A VRF may be assigned to a virtual device context too (Nautobot 3's `virtual_device_context` of a VRF
device assignment: exactly one of a device, a virtual machine or a context)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('dcim', '0017_virtual_device_context_controller_group'),
        ('ipam', '0010_vrf_and_location_assignments'),
        ('virtualization', '0002_virtual_machine_software_version'),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='vrfdeviceassignment',
            options={'ordering': ['vrf', 'device', 'virtual_machine', 'virtual_device_context'], 'verbose_name': 'VRF device assignment'},
        ),
        migrations.AddField(
            model_name='vrf',
            name='virtual_device_contexts',
            field=models.ManyToManyField(blank=True, related_name='vrfs', through='ipam.VRFDeviceAssignment', through_fields=('vrf', 'virtual_device_context'), to='dcim.virtualdevicecontext'),
        ),
        migrations.AddField(
            model_name='vrfdeviceassignment',
            name='virtual_device_context',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='vrf_assignments', to='dcim.virtualdevicecontext'),
        ),
        migrations.AddConstraint(
            model_name='vrfdeviceassignment',
            constraint=models.UniqueConstraint(fields=('vrf', 'virtual_device_context'), name='ipam_vrfdeviceassignment_unique_vdc'),
        ),
        migrations.AddConstraint(
            model_name='vrfdeviceassignment',
            constraint=models.UniqueConstraint(fields=('virtual_device_context', 'rd', 'name'), name='ipam_vrfdeviceassignment_unique_vdc_rd_name'),
        ),
    ]
