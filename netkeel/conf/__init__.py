"""netkeel's configuration: defaults driven by `NETKEEL_*` variables, the config file and its discovery.

Nothing in this package touches the network or a database; it only reads the environment and the
config file, so importing the settings is always safe.
"""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured


class ConfigError(ImproperlyConfigured):
    """The configuration cannot be used; the message is one sentence a person can act on."""
