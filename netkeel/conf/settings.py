"""The Django settings module of netkeel (`DJANGO_SETTINGS_MODULE=netkeel.conf.settings`).

Everything is assembled by `netkeel.conf.loader.load_settings`; see `netkeel.conf.defaults` for what
each `NETKEEL_*` variable sets.
"""

from netkeel.conf.loader import load_settings

globals().update(load_settings())
