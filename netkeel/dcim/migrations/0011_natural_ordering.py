"""Natural ordering (issue 14): a hidden `_name` column on every device component and component template,
on devices, locations and racks, filled for the rows there are and ordered by (netkeel.core.models.ordering).

The fill reads and writes by primary key in batches, so a database of millions of interfaces is never read
whole; it recomputes every value, so running it again (post_upgrade finishing a killed run) changes nothing.
A `BatchedMigration` (netkeel.core.migrations._batched): its sixty operations on twenty much-related models
are taken into the project state with one rendering, where Django's one by one took seconds on an empty
database.
"""

from django.db import migrations, models

import netkeel.core.models.ordering
from netkeel.core.migrations._batched import BatchedMigration, RepeatableRunPython

BATCH_SIZE = 2000

ON_DEVICE = ["device", "_name", "id"]
ON_TYPE = ["device_type", "_name", "id"]
# Each naturally ordered model: its ordering, and the fields of its index on the natural name (none for
# templates: a device type has a few dozen).
NATURALLY_ORDERED = {
    "consoleport": (ON_DEVICE, ["device", "_name"]),
    "consoleserverport": (ON_DEVICE, ["device", "_name"]),
    "powerport": (ON_DEVICE, ["device", "_name"]),
    "poweroutlet": (ON_DEVICE, ["device", "_name"]),
    "interface": (ON_DEVICE, ["device", "_name"]),
    "rearport": (ON_DEVICE, ["device", "_name"]),
    "frontport": (ON_DEVICE, ["device", "_name"]),
    "devicebay": (ON_DEVICE, ["device", "_name"]),
    "inventoryitem": (ON_DEVICE, ["device", "_name"]),
    "consoleporttemplate": (ON_TYPE, None),
    "consoleserverporttemplate": (ON_TYPE, None),
    "powerporttemplate": (ON_TYPE, None),
    "poweroutlettemplate": (ON_TYPE, None),
    "interfacetemplate": (ON_TYPE, None),
    "rearporttemplate": (ON_TYPE, None),
    "frontporttemplate": (ON_TYPE, None),
    "devicebaytemplate": (ON_TYPE, None),
    "device": (["_name", "id"], ["_name"]),
    "location": (["_name", "id"], ["_name"]),
    "rack": (["location", "_name", "id"], ["location", "_name"]),
}
INTERFACES = ("interface", "interfacetemplate")


def natural_name_field(model_name):
    naturalizer = netkeel.core.models.ordering.naturalize
    if model_name in INTERFACES:
        naturalizer = netkeel.core.models.ordering.naturalize_interface
    return netkeel.core.models.ordering.NaturalOrderingField(
        blank=True,
        editable=False,
        max_length=255,
        naturalize_function=naturalizer,
        null=model_name == "device",
        target_field="name",
    )


def fill_natural_names(apps, schema_editor):
    alias = schema_editor.connection.alias
    for model_name in NATURALLY_ORDERED:
        model = apps.get_model("dcim", model_name)
        field = model._meta.get_field("_name")
        rows = model._base_manager.using(alias).order_by("pk").only("pk", "name")
        last = None
        while True:
            batch = list((rows if last is None else rows.filter(pk__gt=last))[:BATCH_SIZE])
            if not batch:
                break
            for row in batch:
                row._name = field.natural_value(row)
            model._base_manager.using(alias).bulk_update(batch, ["_name"], batch_size=500)
            last = batch[-1].pk


class Migration(BatchedMigration):
    dependencies = [
        ("dcim", "0010_power_feed_breaker_and_destination_panel"),
    ]

    operations = [
        *(
            migrations.AddField(model_name=name, name="_name", field=natural_name_field(name))
            for name in NATURALLY_ORDERED
        ),
        *(
            migrations.AddIndex(model_name=name, index=models.Index(fields=fields, name=f"dcim_{name}_natural"))
            for name, (_, fields) in NATURALLY_ORDERED.items()
            if fields is not None
        ),
        *(
            migrations.AlterModelOptions(name=name, options={"ordering": list(ordering)})
            for name, (ordering, _) in NATURALLY_ORDERED.items()
        ),
        RepeatableRunPython(fill_natural_names, migrations.RunPython.noop),
    ]
