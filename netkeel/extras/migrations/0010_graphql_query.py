"""Saved GraphQL queries (Nautobot's extras.GraphQLQuery): name, query and the variables it declares."""

import uuid

import django.core.serializers.json
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('extras', '0009_custom_field_advanced_ui_scope_filter'),
    ]

    operations = [
        migrations.CreateModel(
            name='GraphQLQuery',
            fields=[
                ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ('created', models.DateTimeField(auto_now_add=True)),
                ('last_updated', models.DateTimeField(auto_now=True)),
                ('custom_field_data', models.JSONField(blank=True, default=dict, encoder=django.core.serializers.json.DjangoJSONEncoder)),
                ('name', models.CharField(max_length=255, unique=True)),
                ('query', models.TextField()),
                ('variables', models.JSONField(blank=True, default=dict, editable=False, null=True)),
            ],
            options={
                'verbose_name': 'GraphQL query',
                'verbose_name_plural': 'GraphQL queries',
                'ordering': ['name'],
            },
        ),
    ]
