"""dcim 0004_device_primary_ip4_device_primary_ip6_and_more to 0007_interface_vrf as one migration, for a fresh database; see
netkeel/core/migrations/_batched.py.
"""

import django.core.serializers.json
import django.db.models.deletion
from django.db import migrations, models

import netkeel.extras.fields
from netkeel.core.migrations._batched import BatchedMigration


class Migration(BatchedMigration):
    replaces = [
        ("dcim", "0004_device_primary_ip4_device_primary_ip6_and_more"),
        ("dcim", "0005_tags"),
        ("dcim", "0006_custom_field_data"),
        ("dcim", "0007_interface_vrf"),
    ]

    dependencies = [
        ("dcim", "0003_device_tenant_location_tenant_rack_tenant"),
        ("extras", "0002_default_statuses"),
        ("ipam", "0001_initial"),
        ("ipam", "0004_custom_field_data"),
    ]

    operations = [
        migrations.AddField(
            model_name="device",
            name="primary_ip4",
            field=models.OneToOneField(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="primary_ip4_for",
                to="ipam.ipaddress",
                verbose_name="primary IPv4",
            ),
        ),
        migrations.AddField(
            model_name="device",
            name="primary_ip6",
            field=models.OneToOneField(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="primary_ip6_for",
                to="ipam.ipaddress",
                verbose_name="primary IPv6",
            ),
        ),
        migrations.AddField(
            model_name="interface",
            name="tagged_vlans",
            field=models.ManyToManyField(blank=True, related_name="interfaces_as_tagged", to="ipam.vlan"),
        ),
        migrations.AddField(
            model_name="interface",
            name="untagged_vlan",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="interfaces_as_untagged",
                to="ipam.vlan",
            ),
        ),
        migrations.AddField(
            model_name="cable",
            name="tags",
            field=netkeel.extras.fields.TagsField(
                blank=True, related_name="%(app_label)s_%(class)s_related", to="extras.tag"
            ),
        ),
        migrations.AddField(
            model_name="consoleport",
            name="tags",
            field=netkeel.extras.fields.TagsField(
                blank=True, related_name="%(app_label)s_%(class)s_related", to="extras.tag"
            ),
        ),
        migrations.AddField(
            model_name="consoleserverport",
            name="tags",
            field=netkeel.extras.fields.TagsField(
                blank=True, related_name="%(app_label)s_%(class)s_related", to="extras.tag"
            ),
        ),
        migrations.AddField(
            model_name="device",
            name="tags",
            field=netkeel.extras.fields.TagsField(
                blank=True, related_name="%(app_label)s_%(class)s_related", to="extras.tag"
            ),
        ),
        migrations.AddField(
            model_name="devicebay",
            name="tags",
            field=netkeel.extras.fields.TagsField(
                blank=True, related_name="%(app_label)s_%(class)s_related", to="extras.tag"
            ),
        ),
        migrations.AddField(
            model_name="devicetype",
            name="tags",
            field=netkeel.extras.fields.TagsField(
                blank=True, related_name="%(app_label)s_%(class)s_related", to="extras.tag"
            ),
        ),
        migrations.AddField(
            model_name="frontport",
            name="tags",
            field=netkeel.extras.fields.TagsField(
                blank=True, related_name="%(app_label)s_%(class)s_related", to="extras.tag"
            ),
        ),
        migrations.AddField(
            model_name="interface",
            name="tags",
            field=netkeel.extras.fields.TagsField(
                blank=True, related_name="%(app_label)s_%(class)s_related", to="extras.tag"
            ),
        ),
        migrations.AddField(
            model_name="inventoryitem",
            name="tags",
            field=netkeel.extras.fields.TagsField(
                blank=True, related_name="%(app_label)s_%(class)s_related", to="extras.tag"
            ),
        ),
        migrations.AddField(
            model_name="location",
            name="tags",
            field=netkeel.extras.fields.TagsField(
                blank=True, related_name="%(app_label)s_%(class)s_related", to="extras.tag"
            ),
        ),
        migrations.AddField(
            model_name="powerfeed",
            name="tags",
            field=netkeel.extras.fields.TagsField(
                blank=True, related_name="%(app_label)s_%(class)s_related", to="extras.tag"
            ),
        ),
        migrations.AddField(
            model_name="poweroutlet",
            name="tags",
            field=netkeel.extras.fields.TagsField(
                blank=True, related_name="%(app_label)s_%(class)s_related", to="extras.tag"
            ),
        ),
        migrations.AddField(
            model_name="powerpanel",
            name="tags",
            field=netkeel.extras.fields.TagsField(
                blank=True, related_name="%(app_label)s_%(class)s_related", to="extras.tag"
            ),
        ),
        migrations.AddField(
            model_name="powerport",
            name="tags",
            field=netkeel.extras.fields.TagsField(
                blank=True, related_name="%(app_label)s_%(class)s_related", to="extras.tag"
            ),
        ),
        migrations.AddField(
            model_name="rack",
            name="tags",
            field=netkeel.extras.fields.TagsField(
                blank=True, related_name="%(app_label)s_%(class)s_related", to="extras.tag"
            ),
        ),
        migrations.AddField(
            model_name="rackreservation",
            name="tags",
            field=netkeel.extras.fields.TagsField(
                blank=True, related_name="%(app_label)s_%(class)s_related", to="extras.tag"
            ),
        ),
        migrations.AddField(
            model_name="rearport",
            name="tags",
            field=netkeel.extras.fields.TagsField(
                blank=True, related_name="%(app_label)s_%(class)s_related", to="extras.tag"
            ),
        ),
        migrations.AddField(
            model_name="virtualchassis",
            name="tags",
            field=netkeel.extras.fields.TagsField(
                blank=True, related_name="%(app_label)s_%(class)s_related", to="extras.tag"
            ),
        ),
        migrations.AddField(
            model_name="cable",
            name="custom_field_data",
            field=models.JSONField(blank=True, default=dict, encoder=django.core.serializers.json.DjangoJSONEncoder),
        ),
        migrations.AddField(
            model_name="consoleport",
            name="custom_field_data",
            field=models.JSONField(blank=True, default=dict, encoder=django.core.serializers.json.DjangoJSONEncoder),
        ),
        migrations.AddField(
            model_name="consoleporttemplate",
            name="custom_field_data",
            field=models.JSONField(blank=True, default=dict, encoder=django.core.serializers.json.DjangoJSONEncoder),
        ),
        migrations.AddField(
            model_name="consoleserverport",
            name="custom_field_data",
            field=models.JSONField(blank=True, default=dict, encoder=django.core.serializers.json.DjangoJSONEncoder),
        ),
        migrations.AddField(
            model_name="consoleserverporttemplate",
            name="custom_field_data",
            field=models.JSONField(blank=True, default=dict, encoder=django.core.serializers.json.DjangoJSONEncoder),
        ),
        migrations.AddField(
            model_name="device",
            name="custom_field_data",
            field=models.JSONField(blank=True, default=dict, encoder=django.core.serializers.json.DjangoJSONEncoder),
        ),
        migrations.AddField(
            model_name="devicebay",
            name="custom_field_data",
            field=models.JSONField(blank=True, default=dict, encoder=django.core.serializers.json.DjangoJSONEncoder),
        ),
        migrations.AddField(
            model_name="devicebaytemplate",
            name="custom_field_data",
            field=models.JSONField(blank=True, default=dict, encoder=django.core.serializers.json.DjangoJSONEncoder),
        ),
        migrations.AddField(
            model_name="devicetype",
            name="custom_field_data",
            field=models.JSONField(blank=True, default=dict, encoder=django.core.serializers.json.DjangoJSONEncoder),
        ),
        migrations.AddField(
            model_name="frontport",
            name="custom_field_data",
            field=models.JSONField(blank=True, default=dict, encoder=django.core.serializers.json.DjangoJSONEncoder),
        ),
        migrations.AddField(
            model_name="frontporttemplate",
            name="custom_field_data",
            field=models.JSONField(blank=True, default=dict, encoder=django.core.serializers.json.DjangoJSONEncoder),
        ),
        migrations.AddField(
            model_name="interface",
            name="custom_field_data",
            field=models.JSONField(blank=True, default=dict, encoder=django.core.serializers.json.DjangoJSONEncoder),
        ),
        migrations.AddField(
            model_name="interfacetemplate",
            name="custom_field_data",
            field=models.JSONField(blank=True, default=dict, encoder=django.core.serializers.json.DjangoJSONEncoder),
        ),
        migrations.AddField(
            model_name="inventoryitem",
            name="custom_field_data",
            field=models.JSONField(blank=True, default=dict, encoder=django.core.serializers.json.DjangoJSONEncoder),
        ),
        migrations.AddField(
            model_name="location",
            name="custom_field_data",
            field=models.JSONField(blank=True, default=dict, encoder=django.core.serializers.json.DjangoJSONEncoder),
        ),
        migrations.AddField(
            model_name="locationtype",
            name="custom_field_data",
            field=models.JSONField(blank=True, default=dict, encoder=django.core.serializers.json.DjangoJSONEncoder),
        ),
        migrations.AddField(
            model_name="manufacturer",
            name="custom_field_data",
            field=models.JSONField(blank=True, default=dict, encoder=django.core.serializers.json.DjangoJSONEncoder),
        ),
        migrations.AddField(
            model_name="platform",
            name="custom_field_data",
            field=models.JSONField(blank=True, default=dict, encoder=django.core.serializers.json.DjangoJSONEncoder),
        ),
        migrations.AddField(
            model_name="powerfeed",
            name="custom_field_data",
            field=models.JSONField(blank=True, default=dict, encoder=django.core.serializers.json.DjangoJSONEncoder),
        ),
        migrations.AddField(
            model_name="poweroutlet",
            name="custom_field_data",
            field=models.JSONField(blank=True, default=dict, encoder=django.core.serializers.json.DjangoJSONEncoder),
        ),
        migrations.AddField(
            model_name="poweroutlettemplate",
            name="custom_field_data",
            field=models.JSONField(blank=True, default=dict, encoder=django.core.serializers.json.DjangoJSONEncoder),
        ),
        migrations.AddField(
            model_name="powerpanel",
            name="custom_field_data",
            field=models.JSONField(blank=True, default=dict, encoder=django.core.serializers.json.DjangoJSONEncoder),
        ),
        migrations.AddField(
            model_name="powerport",
            name="custom_field_data",
            field=models.JSONField(blank=True, default=dict, encoder=django.core.serializers.json.DjangoJSONEncoder),
        ),
        migrations.AddField(
            model_name="powerporttemplate",
            name="custom_field_data",
            field=models.JSONField(blank=True, default=dict, encoder=django.core.serializers.json.DjangoJSONEncoder),
        ),
        migrations.AddField(
            model_name="rack",
            name="custom_field_data",
            field=models.JSONField(blank=True, default=dict, encoder=django.core.serializers.json.DjangoJSONEncoder),
        ),
        migrations.AddField(
            model_name="rackgroup",
            name="custom_field_data",
            field=models.JSONField(blank=True, default=dict, encoder=django.core.serializers.json.DjangoJSONEncoder),
        ),
        migrations.AddField(
            model_name="rackreservation",
            name="custom_field_data",
            field=models.JSONField(blank=True, default=dict, encoder=django.core.serializers.json.DjangoJSONEncoder),
        ),
        migrations.AddField(
            model_name="rearport",
            name="custom_field_data",
            field=models.JSONField(blank=True, default=dict, encoder=django.core.serializers.json.DjangoJSONEncoder),
        ),
        migrations.AddField(
            model_name="rearporttemplate",
            name="custom_field_data",
            field=models.JSONField(blank=True, default=dict, encoder=django.core.serializers.json.DjangoJSONEncoder),
        ),
        migrations.AddField(
            model_name="virtualchassis",
            name="custom_field_data",
            field=models.JSONField(blank=True, default=dict, encoder=django.core.serializers.json.DjangoJSONEncoder),
        ),
        migrations.AddField(
            model_name="interface",
            name="vrf",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="interfaces",
                to="ipam.vrf",
            ),
        ),
    ]
