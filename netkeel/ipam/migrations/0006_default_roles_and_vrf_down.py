"""Nautobot's defaults that netkeel lacked: the IP address roles (Loopback, Secondary, Anycast, VIP, VRRP,
HSRP, GLBP, CARP) and the VRF status Down. Only what is missing is added, so a database that has its own
"Loopback", or statuses an operator changed, keeps them; running it again adds nothing."""

from django.db import migrations

from netkeel.extras.defaults import (
    create_default_roles,
    delete_default_roles,
    link_default_statuses,
)


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    create_default_roles(apps, ["ipam.ipaddress"])
    link_default_statuses(apps, ["ipam.vrf"], only={"Down"})


def backwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    delete_default_roles(apps, ["ipam.ipaddress"])


class Migration(migrations.Migration):
    dependencies = [
        ("ipam", "0005_nautobot_choices"),
        ("extras", "0006_nautobot_choices"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
