"""The cable form: each end named the way people think of it (a kind of port, a device, the port's name),
or by id when a page links here with the end already chosen (`?termination_a_type=dcim.interface&
termination_a_id=<id>`). Either way the serializer gets `termination_<side>_type` and `_id`, as the API
takes them, and the cabling service makes the cable."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from netkeel.core.ui.forms import NetkeelModelForm, writable_fields
from netkeel.dcim.api.serializers_cabling import CableSerializer, termination_type_choices
from netkeel.dcim.cabling.kinds import model_of
from netkeel.dcim.models import Cable, Device

SIDES = ("a", "b")


class CableForm(NetkeelModelForm):
    termination_a_type = forms.ChoiceField(label="Side A kind", choices=())
    termination_a_id = forms.UUIDField(
        label="Side A id", required=False, help_text="Or give the device and the port's name below."
    )
    device_a = forms.ModelChoiceField(label="Side A device", queryset=Device.objects.all(), required=False)
    name_a = forms.CharField(label="Side A port name", required=False, max_length=64)
    termination_b_type = forms.ChoiceField(label="Side B kind", choices=())
    termination_b_id = forms.UUIDField(
        label="Side B id", required=False, help_text="Or give the device and the port's name below."
    )
    device_b = forms.ModelChoiceField(label="Side B device", queryset=Device.objects.all(), required=False)
    name_b = forms.CharField(label="Side B port name", required=False, max_length=64)

    class Meta:
        model = Cable
        fields = [name for name in writable_fields(Cable, CableSerializer) if not name.startswith("termination_")]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = termination_type_choices()
        for side in SIDES:
            kind: Any = self.fields[f"termination_{side}_type"]
            kind.choices = choices
        self.order_fields(
            [
                f"{prefix}{side}{suffix}"
                for side in SIDES
                for prefix, suffix in (
                    ("termination_", "_type"),
                    ("device_", ""),
                    ("name_", ""),
                    ("termination_", "_id"),
                )
            ]
        )
        status: Any = self.fields.get("status")
        if status is not None:
            status.required = False
            status.help_text = "Connected when left empty."
        for side in SIDES:
            if not self.initial.get(f"termination_{side}_type"):
                self.initial[f"termination_{side}_type"] = "dcim.interface"
            self._name_chosen_end(side)
        if not self.instance._state.adding:
            # A cable's ends never move (delete it and make another): show them, do not offer to change them.
            for side in SIDES:
                self.initial[f"termination_{side}_type"] = _kind(getattr(self.instance, f"termination_{side}_type"))
                self.initial[f"termination_{side}_id"] = getattr(self.instance, f"termination_{side}_id")
                for name in (f"termination_{side}_type", f"termination_{side}_id"):
                    self.fields[name].disabled = True
                self.fields.pop(f"device_{side}", None)
                self.fields.pop(f"name_{side}", None)
                self._name_chosen_end(side)

    def _name_chosen_end(self, side: str) -> None:
        """An end given by id (the Connect link of a port's row) is shown by its name, `device › port`, and
        not offered for change: its kind and id travel as hidden fields, also when the form comes back with
        errors."""
        source = self.data if self.is_bound else {}
        kind = source.get(f"termination_{side}_type") or self.initial.get(f"termination_{side}_type")
        pk = source.get(f"termination_{side}_id") or self.initial.get(f"termination_{side}_id")
        model = model_of(str(kind)) if kind and "." in str(kind) else None
        if model is None or not pk:
            return
        try:
            port = model._default_manager.filter(pk=pk).first()
        except (ValueError, ValidationError):
            return
        if port is None:
            return
        owner = getattr(port, "device", None)
        shown = forms.CharField(
            label=f"Side {side.upper()}",
            required=False,
            disabled=True,
            widget=forms.TextInput({"class": "form-control"}),
        )
        shown.initial = f"{owner} › {port}" if owner is not None else str(port)
        self.fields[f"end_{side}"] = shown
        for name in (f"termination_{side}_type", f"termination_{side}_id"):
            self.fields[name].widget = forms.HiddenInput()
        for name in (f"device_{side}", f"name_{side}"):
            self.fields.pop(name, None)
        order = [name for name in self.fields if name != f"end_{side}"]
        order.insert(order.index(f"termination_{side}_type"), f"end_{side}")
        self.order_fields(order)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("status") is None:
            cleaned.pop("status", None)  # the service picks Connected
        for side in SIDES:
            cleaned.pop(f"end_{side}", None)  # shown only
            device = cleaned.pop(f"device_{side}", None)
            name = (cleaned.pop(f"name_{side}", "") or "").strip()
            if cleaned.get(f"termination_{side}_id") or not self.instance._state.adding:
                continue
            kind = cleaned.get(f"termination_{side}_type")
            if not kind:
                continue
            if device is None or not name:
                self.add_error(f"termination_{side}_id", "Give the port's id, or its device and name.")
                continue
            found = _port(kind, device, name)
            if found is None:
                self.add_error(f"name_{side}", f"{device} has no {kind.split('.')[1]} named {name!r}.")
                continue
            cleaned[f"termination_{side}_id"] = found
        return cleaned


def _kind(content_type: Any) -> str:
    return f"{content_type.app_label}.{content_type.model}" if content_type is not None else ""


def _port(kind: str, device: Device, name: str) -> Any:
    model = model_of(kind)
    if model is None or not any(f.name == "device" for f in model._meta.concrete_fields):
        return None
    return model._default_manager.filter(device=device, name=name).values_list("pk", flat=True).first()
