"""Custom fields: site-defined attributes on any kind of object, validated per type, read and written as
`custom_fields` on every endpoint and filtered as `cf_<key>` (the field definitions are
netkeel/extras/models/customfields.py; the writes of fields and choices are services.py)."""

from __future__ import annotations


def connect() -> None:
    """Give every endpoint custom fields; called once from ExtrasConfig.ready()."""
    from netkeel.core.api.hooks import register_custom_fields_provider
    from netkeel.extras.customfields import schema
    from netkeel.extras.customfields.provider import CustomFieldsProvider

    register_custom_fields_provider(CustomFieldsProvider())
    schema.register()
