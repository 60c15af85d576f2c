"""Controller pages under Devices > Controllers: controllers (a controller's page has its device groups and the
devices they hold as tabs) and controller-managed device groups (a group's page has its devices as a tab); both
forms offer the capabilities as check boxes, the list the API takes."""

from __future__ import annotations

from typing import Any

from django import forms

from netkeel.core.ui import UIRouter
from netkeel.core.ui.forms import NetkeelModelForm, writable_fields
from netkeel.core.ui.tables import table_for
from netkeel.dcim import models as dcim
from netkeel.dcim.api.serializers_controllers import ControllerManagedDeviceGroupSerializer, ControllerSerializer
from netkeel.dcim.choices_controllers import ControllerCapabilitiesChoices
from netkeel.dcim.ui.devices import related_tab

ControllerTable = table_for(
    dcim.Controller,
    default_columns=("name", "status", "location", "platform", "role", "controller_device", "tenant"),
)
ControllerManagedDeviceGroupTable = table_for(
    dcim.ControllerManagedDeviceGroup, default_columns=("name", "controller", "parent", "weight", "tenant")
)


class CapabilitiesFormMixin(NetkeelModelForm):
    """The capabilities as check boxes, handed to the API's field as the list of the values checked."""

    Meta: Any
    capabilities = forms.MultipleChoiceField(
        choices=ControllerCapabilitiesChoices.flat(), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.order_fields(self.Meta.fields)
        if not self.instance._state.adding:
            self.initial["capabilities"] = self.instance.capabilities or []


class ControllerForm(CapabilitiesFormMixin):
    class Meta:
        model = dcim.Controller
        fields = writable_fields(dcim.Controller, ControllerSerializer)


class ControllerManagedDeviceGroupForm(CapabilitiesFormMixin):
    class Meta:
        model = dcim.ControllerManagedDeviceGroup
        fields = writable_fields(dcim.ControllerManagedDeviceGroup, ControllerManagedDeviceGroupSerializer)


def register(router: UIRouter) -> None:
    router.register(
        dcim.Controller,
        table=ControllerTable,
        form=ControllerForm,
        menu_group="Controllers",
        tabs=[
            related_tab("device-groups", "Device groups", dcim.ControllerManagedDeviceGroup, "controller"),
            # The devices of every group of the controller.
            related_tab("devices", "Managed devices", dcim.Device, "controller_managed_device_group__controller"),
        ],
    )
    router.register(
        dcim.ControllerManagedDeviceGroup,
        table=ControllerManagedDeviceGroupTable,
        form=ControllerManagedDeviceGroupForm,
        menu_group="Controllers",
        tabs=[related_tab("devices", "Devices", dcim.Device, "controller_managed_device_group")],
    )
