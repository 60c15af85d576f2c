"""A platform's network driver in the words of each automation library (`Platform.network_driver_mappings`).

The table is netutils' (the field's own mapping: `cisco_ios` is `cisco.ios.ios` to Ansible, `ios` to NAPALM,
`iosxe` to pyATS), extended or overridden by the `NETWORK_DRIVERS` setting as in Nautobot:
`{"<library>": {"<network driver>": "<that library's name for it>"}}`.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.conf import settings
from netutils.lib_mapper import NAME_TO_ALL_LIB_MAPPER


def configured_drivers() -> Mapping[str, Mapping[str, str]]:
    configured = getattr(settings, "NETWORK_DRIVERS", None) or {}
    return configured if isinstance(configured, Mapping) else {}


def driver_mappings(network_driver: str) -> dict[str, str]:
    """Each library's name for `network_driver` (`{}` when neither netutils nor the setting knows it)."""
    if not network_driver:
        return {}
    mappings = dict(NAME_TO_ALL_LIB_MAPPER.get(network_driver, {}))
    for library, names in configured_drivers().items():
        if isinstance(names, Mapping) and network_driver in names:
            mappings[str(library)] = str(names[network_driver])
    return mappings
