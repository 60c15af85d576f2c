"""The eight component template endpoints against the shared endpoint contract."""

from __future__ import annotations

from typing import Any, ClassVar

import pytest
from django.db import models

from netkeel.core.testing.api import APIEndpointTests
from netkeel.dcim.models import (
    ConsolePortTemplate,
    ConsoleServerPortTemplate,
    DeviceBayTemplate,
    DeviceType,
    FrontPortTemplate,
    InterfaceTemplate,
    Manufacturer,
    PowerOutletTemplate,
    PowerPortTemplate,
    RearPortTemplate,
)

pytestmark = pytest.mark.django_db


def template_type() -> DeviceType:
    maker = Manufacturer.objects.get_or_create(name="Acme")[0]
    return DeviceType.objects.get_or_create(manufacturer=maker, model="tmpl-model")[0]


def other_type() -> DeviceType:
    maker = Manufacturer.objects.get_or_create(name="Other")[0]
    return DeviceType.objects.get_or_create(manufacturer=maker, model="other-model")[0]


class TemplateEndpointCases(APIEndpointTests):
    """One template endpoint: `prefix` names its templates, `extra(index)` gives the model fields beyond
    device type and name, `payload_extra` the same for POST bodies."""

    prefix: ClassVar[str]
    payload_extra: ClassVar[dict[str, Any]] = {}
    update_payload = {"label": "changed", "description": "changed"}

    def extra(self, index: int) -> dict[str, Any]:
        return dict(self.payload_extra)

    @property
    def filter_cases(self) -> list[tuple[str, str, int]]:  # type: ignore[override]
        return [
            ("device_type", "tmpl-model", 3),
            ("device_type__n", "tmpl-model", 0),
            ("manufacturer", "Acme", 3),
            ("name", f"{self.prefix}1", 1),
            ("name__isw", self.prefix, 3),
            ("label", "label-2", 1),
            ("q", f"{self.prefix}2", 1),
        ]

    @property
    def bad_payloads(self) -> list[tuple[Any, str]]:  # type: ignore[override]
        dtype = str(template_type().pk)
        return [
            ({"name": "x", **self.payload_extra}, "device_type"),
            ({"device_type": dtype, "name": "", **self.payload_extra}, "name"),
            ({"device_type": "no-such-model", "name": "x", **self.payload_extra}, "device_type"),
            *self.more_bad_payloads(),
        ]

    def more_bad_payloads(self) -> list[tuple[Any, str]]:
        return []

    def make(self, index: int) -> models.Model:
        return self.model._default_manager.create(
            device_type=template_type(), name=f"{self.prefix}{index}", label=f"label-{index}", **self.extra(index)
        )

    def create_payloads(self) -> list[dict[str, Any]]:
        dtype = template_type()
        return [
            {"device_type": str(dtype.pk), "name": f"{self.prefix}new-1", **self.payload_extra},
            {"device_type": {"model": "tmpl-model"}, "name": f"{self.prefix}new-2", **self.payload_extra},
            {"device_type": "tmpl-model;Acme", "name": f"{self.prefix}new-3", **self.payload_extra},
        ]


class TestConsolePortTemplates(TemplateEndpointCases):
    endpoint = "/api/dcim/console-port-templates/"
    model = ConsolePortTemplate
    prefix = "con"
    payload_extra = {"type": "rj-45"}

    def more_bad_payloads(self) -> list[tuple[Any, str]]:
        return [({"device_type": str(template_type().pk), "name": "x", "type": "rj-99"}, "type")]


class TestConsoleServerPortTemplates(TemplateEndpointCases):
    endpoint = "/api/dcim/console-server-port-templates/"
    model = ConsoleServerPortTemplate
    prefix = "cs"
    payload_extra = {"type": "rj-45"}


class TestPowerPortTemplates(TemplateEndpointCases):
    endpoint = "/api/dcim/power-port-templates/"
    model = PowerPortTemplate
    prefix = "psu"
    payload_extra = {"type": "iec-60320-c14", "maximum_draw": 500}

    def more_bad_payloads(self) -> list[tuple[Any, str]]:
        dtype = str(template_type().pk)
        return [({"device_type": dtype, "name": "x", "maximum_draw": 100, "allocated_draw": 200}, "allocated_draw")]


class TestPowerOutletTemplates(TemplateEndpointCases):
    endpoint = "/api/dcim/power-outlet-templates/"
    model = PowerOutletTemplate
    prefix = "out"
    payload_extra = {"type": "iec-60320-c13", "feed_leg": "A"}

    def extra(self, index: int) -> dict[str, Any]:
        inlet = PowerPortTemplate.objects.get_or_create(device_type=template_type(), name="inlet")[0]
        return {**self.payload_extra, "power_port_template": inlet}

    def more_bad_payloads(self) -> list[tuple[Any, str]]:
        foreign = PowerPortTemplate.objects.get_or_create(device_type=other_type(), name="inlet")[0]
        dtype = str(template_type().pk)
        return [
            ({"device_type": dtype, "name": "x", "power_port_template": str(foreign.pk)}, "power_port_template"),
            ({"device_type": dtype, "name": "x", "feed_leg": "D"}, "feed_leg"),
        ]


class TestInterfaceTemplates(TemplateEndpointCases):
    endpoint = "/api/dcim/interface-templates/"
    model = InterfaceTemplate
    prefix = "eth"
    payload_extra = {"type": "1000base-t", "mgmt_only": False}

    def extra(self, index: int) -> dict[str, Any]:
        return {"type": "1000base-t", "mgmt_only": index == 0}

    @property
    def filter_cases(self) -> list[tuple[str, str, int]]:  # type: ignore[override]
        return [*super().filter_cases, ("mgmt_only", "true", 1), ("type", "1000base-t", 3), ("type", "lag", 0)]

    def more_bad_payloads(self) -> list[tuple[Any, str]]:
        return [({"device_type": str(template_type().pk), "name": "x"}, "type")]


class TestRearPortTemplates(TemplateEndpointCases):
    endpoint = "/api/dcim/rear-port-templates/"
    model = RearPortTemplate
    prefix = "rear"
    payload_extra = {"type": "mpo", "positions": 4}

    def more_bad_payloads(self) -> list[tuple[Any, str]]:
        return [({"device_type": str(template_type().pk), "name": "x", "type": "mpo", "positions": 0}, "positions")]


class TestFrontPortTemplates(TemplateEndpointCases):
    endpoint = "/api/dcim/front-port-templates/"
    model = FrontPortTemplate
    prefix = "front"

    def rear(self) -> RearPortTemplate:
        return RearPortTemplate.objects.get_or_create(
            device_type=template_type(), name="trunk", defaults={"type": "mpo", "positions": 64}
        )[0]

    def extra(self, index: int) -> dict[str, Any]:
        return {"type": "lc", "rear_port_template": self.rear(), "rear_port_position": index + 1}

    @property
    def filter_cases(self) -> list[tuple[str, str, int]]:  # type: ignore[override]
        return [*super().filter_cases, ("rear_port_template__isnull", "false", 3), ("rear_port_position__gt", "1", 2)]

    def create_payloads(self) -> list[dict[str, Any]]:
        rear = str(self.rear().pk)
        return [
            {**payload, "type": "lc", "rear_port_template": rear, "rear_port_position": 40 + index}
            for index, payload in enumerate(super().create_payloads())
        ]

    @property
    def bad_payloads(self) -> list[tuple[Any, str]]:  # type: ignore[override]
        dtype, rear = str(template_type().pk), str(self.rear().pk)
        foreign = RearPortTemplate.objects.get_or_create(device_type=other_type(), name="trunk", type="mpo")[0]
        base = {"device_type": dtype, "name": "x", "type": "lc"}
        return [
            ({"name": "x", "type": "lc", "rear_port_template": rear}, "device_type"),
            (base, "rear_port_template"),
            (base | {"rear_port_template": rear, "rear_port_position": 65}, "rear_port_position"),
            (base | {"rear_port_template": str(foreign.pk)}, "rear_port_template"),
        ]


class TestDeviceBayTemplates(TemplateEndpointCases):
    endpoint = "/api/dcim/device-bay-templates/"
    model = DeviceBayTemplate
    prefix = "bay"
