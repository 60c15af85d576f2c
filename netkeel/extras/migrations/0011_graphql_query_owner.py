"""A saved GraphQL query may belong to an object (Nautobot 3's owner_content_type + owner_object_id)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('extras', '0010_graphql_query'),
    ]

    operations = [
        migrations.AddField(
            model_name='graphqlquery',
            name='owner_content_type',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='contenttypes.contenttype'),
        ),
        migrations.AddField(
            model_name='graphqlquery',
            name='owner_object_id',
            field=models.UUIDField(blank=True, null=True),
        ),
    ]
