"""GraphQL over DCIM: Nautobot's queries answered, a constant number of SQL queries per level whatever the
number of devices, limits refused before any SQL, and nested relations within the reader's permissions."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings

from netkeel.core.testing.api import APIClient, make_user, perm
from netkeel.dcim.cabling import service
from netkeel.dcim.models import Device, Interface, Location
from netkeel.dcim.tests import factories
from netkeel.extras.models import Status
from netkeel.ipam import services as ipam

pytestmark = pytest.mark.django_db

NESTED = """
query ($names: [String]) {
  devices(name: $names) {
    name
    face
    location { name }
    interfaces {
      name
      type
      ip_addresses { address }
      connected_endpoint { __typename ... on InterfaceType { name device { name } } }
    }
  }
}
"""


def graphql(client: APIClient, query: str, variables: dict[str, Any] | None = None) -> Any:
    return client.send("POST", "/api/graphql/", {"query": query, "variables": variables or {}})


def build(count: int) -> list[Device]:
    site = factories.location("site-1")
    dtype = factories.device_type(interfaces=2)
    devices = [factories.device(f"dev-{index}", dtype, site) for index in range(count)]
    status = Status.objects.get(name="Active")
    ipam.create_prefix("10.0.0.0/16", status=status)
    for index, device in enumerate(devices):
        eth0 = Interface.objects.get(device=device, name="eth0")
        address = ipam.create_ip_address(f"10.0.{index}.1/24", status=status)
        address.interfaces.add(eth0)
        if index % 2:
            service.connect(Interface.objects.get(device=devices[index - 1], name="eth1"), eth0)
    return devices


def count_queries(client: APIClient, query: str, variables: dict[str, Any]) -> tuple[int, Any]:
    with CaptureQueriesContext(connection) as captured:
        response = graphql(client, query, variables)
    return len(captured.captured_queries), response


def test_nested_devices_interfaces_addresses_and_endpoints_in_constant_queries(api: APIClient) -> None:
    build(10)
    graphql(api, "{ devices { id } }")  # the token's last use is recorded once, not per query
    few, response = count_queries(api, NESTED, {"names": ["dev-0", "dev-1"]})
    assert response.status_code == 200, response.content
    devices = response.json()["data"]["devices"]
    assert [device["name"] for device in devices] == ["dev-0", "dev-1"]
    eth0 = devices[1]["interfaces"][0]
    assert eth0["name"] == "eth0" and eth0["type"] == "A_1000BASE_T"
    assert eth0["ip_addresses"] == [{"address": "10.0.1.1/24"}]
    assert eth0["connected_endpoint"] == {"__typename": "InterfaceType", "name": "eth1", "device": {"name": "dev-0"}}
    many, response = count_queries(api, NESTED, {"names": [f"dev-{index}" for index in range(10)]})
    assert len(response.json()["data"]["devices"]) == 10
    assert many == few


def test_variables_and_filters_with_lookups(api: APIClient) -> None:
    build(3)
    response = graphql(api, NESTED, {"names": ["dev-2"]})
    assert [device["name"] for device in response.json()["data"]["devices"]] == ["dev-2"]
    response = graphql(api, '{ devices(name__ic: ["DEV-"], limit: 2, offset: 1) { name } }')
    assert [device["name"] for device in response.json()["data"]["devices"]] == ["dev-1", "dev-2"]
    response = graphql(api, '{ interfaces(name: ["eth0"]) { device { name } } }')
    assert len(response.json()["data"]["interfaces"]) == 3


def test_single_object_reverse_relations_and_custom_field_data(api: APIClient) -> None:
    device = build(1)[0]
    query = '{ device(id: "ID") { id name _custom_field_data location { devices { name } } } }'
    response = graphql(api, query.replace("ID", str(device.pk)))
    body = response.json()["data"]["device"]
    assert body["name"] == "dev-0" and body["_custom_field_data"] == {}
    assert body["location"]["devices"] == [{"name": "dev-0"}]


@override_settings(GRAPHQL_MAX_DEPTH=2)
def test_too_deep_refused_before_any_sql(api: APIClient) -> None:
    build(1)
    with CaptureQueriesContext(connection) as captured:
        response = graphql(api, "{ devices { interfaces { device { name } } } }")
    assert response.status_code == 400
    assert "3 levels deep" in response.json()["errors"][0]["message"]
    assert not [q for q in captured.captured_queries if "dcim_" in q["sql"]]


def test_errors_as_nautobot_answers(api: APIClient) -> None:
    response = graphql(api, "{ devices { nope } }")
    assert response.status_code == 400 and "nope" in response.json()["errors"][0]["message"]
    response = api.send("POST", "/api/graphql/", {"query": "{ devices { name "})
    assert response.status_code == 400 and "errors" in response.json()
    response = graphql(api, '{ devices(id: ["not-a-uuid"]) { name } }')
    assert response.status_code == 200 and response.json()["errors"] and response.json()["data"] == {"devices": None}
    assert APIClient(token=None).send("POST", "/api/graphql/", {"query": "{ devices { name } }"}).status_code == 403


def test_nested_relations_show_only_what_the_user_may_view(db: Any) -> None:
    build(2)
    make_user("viewer", perms=(perm(Device, "view"), perm(Interface, "view")), token="f" * 40)
    client = APIClient(token="f" * 40)
    response = graphql(
        client, "{ devices { name location { name } interfaces { name ip_addresses { address } } } locations { name } }"
    )
    data = response.json()["data"]
    assert len(data["devices"]) == 2 and data["locations"] == []
    assert all(device["location"] is None for device in data["devices"])
    assert all(interface["ip_addresses"] == [] for device in data["devices"] for interface in device["interfaces"])
    assert Location.objects.exists()


# What the Nautobot Ansible collection's gql_inventory plugin sends by default (its page size adds limit/offset).
INVENTORY = """
query {
  devices (limit: 2, offset: 0) { id name primary_ip4 { host } primary_ip6 { host } platform { napalm_driver } }
  virtual_machines (limit: 2, offset: 0) { id name primary_ip4 { host } primary_ip6 { host } platform { name } }
}
"""


def test_the_ansible_inventory_query(api: APIClient) -> None:
    devices = build(3)
    address = devices[0].interfaces.get(name="eth0").ip_addresses.get()
    Device.objects.filter(pk=devices[0].pk).update(primary_ip4=address)
    response = graphql(api, INVENTORY)
    assert response.status_code == 200, response.content
    data = response.json()["data"]
    assert [device["name"] for device in data["devices"]] == ["dev-0", "dev-1"]
    assert data["devices"][0]["primary_ip4"] == {"host": "10.0.0.1"}
    assert data["devices"][1]["primary_ip4"] is None and data["virtual_machines"] == []


def test_nested_lists_take_filters_limit_and_offset(api: APIClient) -> None:
    build(2)
    query = """{ devices(name: ["dev-0"]) {
      first: interfaces(limit: 1) { name }
      second: interfaces(offset: 1) { name }
      named: interfaces(name__ie: ["ETH1"]) { name }
    } }"""
    device = graphql(api, query).json()["data"]["devices"][0]
    assert device == {"first": [{"name": "eth0"}], "second": [{"name": "eth1"}], "named": [{"name": "eth1"}]}


def test_custom_fields_as_fields_and_filters(api: APIClient) -> None:
    from django.contrib.contenttypes.models import ContentType

    from netkeel.extras.models import CustomField

    devices = build(2)
    assert "cf_rack_note" not in str(graphql(api, '{ __type(name: "DeviceType") { fields { name } } }').json())
    field = CustomField.objects.create(key="rack_note", label="Rack note", type="text")
    field.content_types.add(ContentType.objects.get_for_model(Device))
    Device.objects.filter(pk=devices[1].pk).update(custom_field_data={"rack_note": "top shelf"})
    query = '{ devices(cf_rack_note__ic: ["TOP"]) { name cf_rack_note _custom_field_data } }'
    response = graphql(api, query)
    assert response.status_code == 200, response.content
    assert response.json()["data"]["devices"] == [
        {"name": "dev-1", "cf_rack_note": "top shelf", "_custom_field_data": {"rack_note": "top shelf"}}
    ]
