"""Forms of prefixes and IP addresses: both are written as text (`10.0.0.0/24`, `10.0.0.1/24`), as the API
takes them; the stored byte columns are the service's business."""

from __future__ import annotations

from typing import Any

from django import forms

from netkeel.core.ui.forms import NetkeelModelForm, writable_fields
from netkeel.extras.models import Status
from netkeel.ipam.api.serializers import IPAddressSerializer, PrefixSerializer, ServiceSerializer
from netkeel.ipam.models import IPAddress, Namespace, Prefix, Service


class PrefixForm(NetkeelModelForm):
    # A form's `prefix` attribute (its field-name prefix) is untouched: the metaclass takes declared fields off.
    prefix = forms.CharField(  # type: ignore[assignment]
        max_length=64, help_text="The prefix with its length, such as 10.0.0.0/24."
    )

    class Meta:
        model = Prefix
        fields = writable_fields(Prefix, PrefixSerializer)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.order_fields(["prefix", *self.Meta.fields])
        namespace: Any = self.fields["namespace"]
        namespace.required = False
        namespace.help_text = "Global when empty."
        if not self.instance._state.adding:
            # Another prefix or namespace moves it: the service re-parents what it leaves and what it takes.
            self.initial["prefix"] = self.instance.prefix

    def clean(self) -> dict[str, Any]:
        return without_empty_namespace(super().clean() or {})


class IPAddressForm(NetkeelModelForm):
    address = forms.CharField(max_length=64, help_text="The address with its mask length, such as 10.0.0.1/24.")
    namespace = forms.ModelChoiceField(
        queryset=Namespace.objects.all(), required=False, help_text="Where the address goes (Global when empty)."
    )

    class Meta:
        model = IPAddress
        fields = writable_fields(IPAddress, IPAddressSerializer)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.order_fields(["address", "namespace", *self.Meta.fields])
        if not self.instance._state.adding:
            # Another address or namespace moves it, under the closest prefix holding it there.
            self.initial["address"] = self.instance.address
            self.initial["namespace"] = self.instance.namespace_id

    def clean(self) -> dict[str, Any]:
        return without_empty_namespace(super().clean() or {})


def without_empty_namespace(cleaned: dict[str, Any]) -> dict[str, Any]:
    """No namespace given: leave it to the serializer, which puts the object in Global."""
    if cleaned.get("namespace") is None:
        cleaned.pop("namespace", None)
    return cleaned


class AllocateAddressForm(forms.Form):
    """The next free address of a prefix: only its status is asked."""

    status: forms.ModelChoiceField[Any] = forms.ModelChoiceField(queryset=Status.objects.none(), empty_label=None)


class AllocatePrefixForm(forms.Form):
    prefix_length = forms.IntegerField(min_value=0, max_value=128)
    status: forms.ModelChoiceField[Any] = forms.ModelChoiceField(queryset=Status.objects.none(), empty_label=None)


class ServiceForm(NetkeelModelForm):
    """A service's ports as text, `22, 8000-8010`, read by the API's field."""

    ports = forms.CharField(max_length=1000, help_text="Port numbers and ranges: 22, 8000-8010.")

    class Meta:
        model = Service
        fields = writable_fields(Service, ServiceSerializer)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.order_fields(self.Meta.fields)
        if not self.instance._state.adding:
            self.initial["ports"] = self.instance.port_list
