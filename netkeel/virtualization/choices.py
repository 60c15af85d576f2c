"""Choice values of the virtualization models: a VM interface's mode is a device interface's (Nautobot's
`InterfaceModeChoices`, shared by both endpoints)."""

from __future__ import annotations

from netkeel.dcim.choices import InterfaceModeChoices

__all__ = ["InterfaceModeChoices"]
