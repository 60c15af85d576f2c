"""The default statuses in Nautobot's colours (Offline and Down amber, Retired red, Secondary yellow,
Extended Support cyan), where a status still has the colour netkeel gave it before; one an operator
recoloured keeps theirs. Running it again changes nothing."""

from django.db import migrations

from netkeel.extras.defaults import recolor_default_statuses


class Migration(migrations.Migration):
    dependencies = [("extras", "0006_nautobot_choices")]

    operations = [migrations.RunPython(recolor_default_statuses, migrations.RunPython.noop)]
