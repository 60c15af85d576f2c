"""Device types' front and rear images (Nautobot's front_image and rear_image): file names under MEDIA_ROOT,
empty when there is none."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('dcim', '0018_device_clusters'),
    ]

    operations = [
        migrations.AddField(
            model_name='devicetype',
            name='front_image',
            field=models.ImageField(blank=True, upload_to='devicetype-images'),
        ),
        migrations.AddField(
            model_name='devicetype',
            name='rear_image',
            field=models.ImageField(blank=True, upload_to='devicetype-images'),
        ),
    ]
