"""The API builds only the filters a request names: a device list without filter parameters builds no filter
set, and a filtered one copies and validates only the filters it uses (the device filter set has hundreds;
building them all cost tens of milliseconds a request). The UI's filter form still has them all."""

from __future__ import annotations

from typing import Any

import pytest
from django.http import QueryDict

from netkeel.core.testing.api import APIClient
from netkeel.dcim.api.filters_devices import DeviceFilterSet
from netkeel.dcim.tests import factories as f

pytestmark = pytest.mark.django_db


def test_only_the_named_filters_are_built_for_the_api() -> None:
    data = QueryDict("name=leaf01&status=Active")
    narrow = DeviceFilterSet(data=data, only_given=True)
    assert set(narrow.filters) == {"name", "status"}
    assert set(narrow.form.fields) == {"name", "status"}
    assert len(DeviceFilterSet(data=data).filters) > 100  # the UI's form shows every filter


def test_lists_filter_and_refuse_as_before(api: APIClient, monkeypatch: Any) -> None:
    location = f.location()
    f.device("leaf01", f.device_type(), location)
    f.device("leaf02", f.device_type(), location)
    built: list[Any] = []
    original = DeviceFilterSet.__init__

    def counting(self: Any, *args: Any, **kwargs: Any) -> None:
        built.append(self)
        original(self, *args, **kwargs)

    monkeypatch.setattr(DeviceFilterSet, "__init__", counting)
    assert api.send("GET", "/api/dcim/devices/?limit=10&depth=1").json()["count"] == 2
    assert built == [], "a list without filter parameters builds no filter set"
    assert api.send("GET", "/api/dcim/devices/?name=leaf01").json()["count"] == 1
    assert api.send("GET", "/api/dcim/devices/?name__n=leaf01&sort=-name").json()["count"] == 1
    unknown = api.send("GET", "/api/dcim/devices/?nmae=leaf01")
    assert unknown.status_code == 400 and "nmae" in unknown.json()
    bad = api.send("GET", "/api/dcim/devices/?created__gte=yesterday")
    assert bad.status_code == 400 and "created__gte" in bad.json()
