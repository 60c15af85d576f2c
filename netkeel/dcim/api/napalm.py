"""`GET /api/dcim/devices/<id>/napalm/?method=get_facts[&method=…]`: NAPALM getters run on a device, as
Nautobot runs them, or a 503 with Nautobot's sentence saying what is missing: a platform, its NAPALM
driver, an address to reach the device at, the `napalm` package (a site installs it through
`local_requirements.txt`), or the driver itself.

Credentials and options come from the settings `NAPALM_USERNAME`, `NAPALM_PASSWORD`, `NAPALM_TIMEOUT`
(seconds, 30 by default) and `NAPALM_ARGS`, merged with the platform's `napalm_args`.
"""

from __future__ import annotations

import importlib
import socket
from typing import Any

from django.conf import settings
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import exceptions
from rest_framework.request import Request

from netkeel.dcim.models import Device, Platform

NOT_INSTALLED = "NAPALM is not installed. Please see the documentation for instructions."


class ServiceUnavailable(exceptions.APIException):
    status_code = 503
    default_detail = "Service temporarily unavailable, please try again later."


def _host(device: Device) -> str:
    prefer_ipv4 = bool(getattr(settings, "PREFER_IPV4", False))
    order = (device.primary_ip4, device.primary_ip6) if prefer_ipv4 else (device.primary_ip6, device.primary_ip4)
    primary = next((address for address in order if address is not None), None)
    if primary is not None:
        return primary.host_text
    if not device.name:
        raise ServiceUnavailable("This device does not have a primary IP address or device name to lookup configured.")
    try:
        return socket.gethostbyname(device.name)
    except (OSError, UnicodeError):
        raise ServiceUnavailable(
            f"Name lookup failure, unable to resolve IP address for {device.name}. Please set Primary IP or "
            "setup name resolution."
        ) from None


def _driver(platform: Platform) -> Any:
    try:
        napalm = importlib.import_module("napalm")
    except ModuleNotFoundError as exc:
        if exc.name == "napalm":
            raise ServiceUnavailable(
                "NAPALM is not installed. Please see the documentation for instructions."
            ) from None
        raise
    try:
        return napalm.get_network_driver(platform.napalm_driver)
    except Exception:  # noqa: BLE001 - napalm's ModuleImportError, and any failure to load a driver
        raise ServiceUnavailable(
            f"NAPALM driver for platform {platform} not found: {platform.napalm_driver}."
        ) from None


# The answer as documented: each getter's result under its name (`{"get_facts": {…}}`), under `method` in
# Nautobot's schema (its name for the key), so a client generated from either reads the same object.
NAPALM_RESULTS_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {"method": {"type": "object", "additionalProperties": {}}},
    "additionalProperties": {"type": "object", "additionalProperties": {}},
}
NAPALM_PARAMETERS = [
    OpenApiParameter("method", OpenApiTypes.STR, many=True, explode=True),
]


def run_napalm(device: Device, request: Request) -> dict[str, Any]:
    """The result of each `method` asked for (`{"error": …}` for one that failed), by method name."""
    platform = device.platform
    if platform is None:
        raise ServiceUnavailable("No platform is configured for this device.")
    if not platform.napalm_driver:
        raise ServiceUnavailable(f"No NAPALM driver is configured for this device's platform: {platform}.")
    host = _host(device)
    driver = _driver(platform)
    methods = request.query_params.getlist("method")
    options = {**getattr(settings, "NAPALM_ARGS", {}), **(platform.napalm_args or {})}
    try:
        connection = driver(
            hostname=host,
            username=getattr(settings, "NAPALM_USERNAME", ""),
            password=getattr(settings, "NAPALM_PASSWORD", ""),
            timeout=getattr(settings, "NAPALM_TIMEOUT", 30),
            optional_args=options,
        )
        connection.open()
    except Exception as exc:  # noqa: BLE001 - whatever the driver raises, the device could not be reached
        raise ServiceUnavailable(f"Error connecting to the device at {host}: {exc}") from None
    results: dict[str, Any] = {}
    try:
        for method in methods:
            function = getattr(connection, method, None) if method.startswith("get_") else None
            if function is None:
                results[method] = {"error": f"Unknown NAPALM method: {method}"}
                continue
            try:
                results[method] = function()
            except NotImplementedError:
                results[method] = {"error": f"Method {method} not implemented for NAPALM driver {driver}"}
            except Exception as exc:  # noqa: BLE001 - reported per method, as Nautobot does
                results[method] = {"error": f"Method {method} failed: {exc}"}
    finally:
        connection.close()
    return results
