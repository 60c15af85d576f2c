"""Every install has the Global namespace; IPAM models offer their default statuses."""

from django.db import migrations
from django.utils import timezone

from netkeel.extras.defaults import link_default_statuses, unlink_default_statuses

MODELS = ["ipam.prefix", "ipam.ipaddress", "ipam.vlan", "ipam.vrf"]


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    namespace = apps.get_model("ipam", "Namespace")
    if not namespace.objects.filter(name="Global").exists():
        now = timezone.now()
        namespace.objects.create(name="Global", description="The default namespace.", created=now, last_updated=now)
    link_default_statuses(apps, MODELS)


def backwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    unlink_default_statuses(apps, MODELS)


class Migration(migrations.Migration):
    dependencies = [
        ("ipam", "0001_initial"),
        ("extras", "0002_default_statuses"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
