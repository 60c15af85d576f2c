"""Filters of the controller and controller-managed device group endpoints, with Nautobot 3.2.7's names, and the
`controller_managed_device_group` / `controller` filters a device takes (`ManagedDeviceFilters`). A controller
and a group are named by their name or id; `capabilities` finds the objects with any of the given ones."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db import models
from django.db.models.functions import Cast

from netkeel.core.api.filters import BaseFilterSet, RelatedFilter
from netkeel.dcim.choices_controllers import ControllerCapabilitiesChoices
from netkeel.dcim.models import Controller, ControllerManagedDeviceGroup, Device, DeviceRedundancyGroup
from netkeel.tenancy.api.filters import TenancyFilterSet


class ManagedDeviceFilters(BaseFilterSet):
    """Which group of which controller manages a device (a base of the device filter set)."""

    controller_managed_device_group = RelatedFilter(
        field_name="controller_managed_device_group", related=ControllerManagedDeviceGroup
    )
    controller = RelatedFilter(field_name="controller_managed_device_group__controller", related=Controller)


class CapabilitiesFilter(django_filters.MultipleChoiceFilter):
    """Objects having any of the given capabilities. The JSON list is matched as text for its quoted value,
    which reads the same on SQLite, PostgreSQL and MariaDB (JSON containment is not on SQLite)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=ControllerCapabilitiesChoices.flat(), **kwargs)

    def filter(self, qs: models.QuerySet[Any], value: Any) -> Any:
        if not value:
            return qs
        text = Cast("capabilities", models.TextField())
        condition = models.Q()
        for capability in value:
            condition |= models.Q(_capabilities_text__contains=f'"{capability}"')
        return qs.alias(_capabilities_text=text).filter(condition)


class ControllerFilterSet(TenancyFilterSet):
    search_fields = ("name", "description")
    capabilities = CapabilitiesFilter()
    controller_device = RelatedFilter(field_name="controller_device", related=Device)
    controller_device_redundancy_group = RelatedFilter(
        field_name="controller_device_redundancy_group", related=DeviceRedundancyGroup
    )

    class Meta:
        model = Controller
        fields = ["name", "description", "status", "role", "location", "platform"]


class ControllerManagedDeviceGroupFilterSet(TenancyFilterSet):
    search_fields = ("name", "description")
    relations = {"devices": "devices", "virtual_device_contexts": "virtual_device_contexts"}
    has_relations = relations
    capabilities = CapabilitiesFilter()
    parent = RelatedFilter(field_name="parent", related=ControllerManagedDeviceGroup, descendants=False)
    subtree = RelatedFilter(field_name="id", related=ControllerManagedDeviceGroup)

    class Meta:
        model = ControllerManagedDeviceGroup
        fields = ["name", "description", "controller", "weight"]
