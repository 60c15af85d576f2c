"""The Nautobot Ansible collection (networktocode.nautobot 6.1.1, unchanged) against a live netkeel (issue 13,
Build 5): for every module of a model we have, one `ansible-playbook` run creates an object, runs the same task
again (it must report no change), updates it and deletes it; the `lookup` plugin reads objects back.

The collection comes from `../shared/data/networktocode-nautobot-6.1.1.tar.gz` (see that folder's README),
installed with `ansible-galaxy` into a temporary collections path; the test skips when the file is absent. The
objects a module points at (a location, a device, …) are made beforehand with pynautobot, under names unique
to the run. Not in `make test` (a few minutes): `.ci/run` runs it with `-m ansible`.

Every module in `CASES` (67 of the collection's 100 modules: one for every model netkeel has) passes its
round, and the lookup plugin reads devices, a location at depth 1 with its counts, and interfaces. `NOT_MODELLED`
lists the other modules, each with its reason (a model netkeel does not have yet); a test checks that the two
lists together are exactly the installed collection's modules. Where a case differs from a first guess, a comment
says why (the collection's own rules: a location is deleted by id, a VRF is found by its rd).

The `inventory` plugin reads the small demo network from a live netkeel of its own: every device and virtual
machine is a host, grouped by location, role, platform, cluster and tenant, with Nautobot's host variables
(interfaces and their addresses, services, config contexts). `query_graphql` and `lookup_graphql` read the
cases' location, devices and interfaces through GraphQL. The `gql_inventory` plugin reads the demo network with
its default query (extended and grouped as its documentation shows) and from a saved query.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from netkeel.core.testing.live import INSTALL_TIMEOUT, LiveNetkeel, serve_netkeel

pynautobot = pytest.importorskip("pynautobot")

pytestmark = pytest.mark.ansible

COLLECTION = Path(__file__).resolve().parents[5] / "shared" / "data" / "networktocode-nautobot-6.1.1.tar.gz"
RUN = uuid.uuid4().hex[:6]  # in every name this run makes: the live service is shared with other tests


def named(prefix: str) -> str:
    return f"{prefix}-{RUN}"


@dataclass(frozen=True)
class Case:
    """One module's round: `create`, then `update` merged over it (empty: the module has nothing to update),
    then the delete by `create`'s `keys` (or by `absent`, where the module deletes only by id)."""

    module: str
    create: dict[str, Any]
    update: dict[str, Any]
    keys: tuple[str, ...] = ("name",)
    absent: dict[str, Any] | None = None


# The objects the cases point at, made with pynautobot by the `world` fixture.
LOCATION_TYPE, LOCATION, MAKER, DEVICE_TYPE, DEVICE_ROLE = (named(n) for n in ("site", "dc", "acme", "box", "leaf"))
DEVICE, PEER, PANEL, PROVIDER, CIRCUIT_TYPE = (named(n) for n in ("sw1", "sw2", "panel", "carrier", "transit"))
CIRCUIT, SELECT_FIELD, ADDRESS = named("cid"), named("colour"), "192.0.2.1/24"
SERVICE_ADDRESS = "192.0.2.9/24"  # on the device's eth0, for the service it binds
HYPERVISOR, CLUSTER, VM = named("hypervisor"), named("cluster"), named("vm")
PLATFORM = named("nos")
CONTROLLER = named("wlc")  # the controller a managed device group belongs to
ASSIGNED_VRF, ASSIGNED_VLAN = named("vrf-on-sw1"), named("vlan-at-dc")  # what the assignment modules assign
COMPONENT = {"device": DEVICE}
TEMPLATE = {"device_type": DEVICE_TYPE}

CASES = [
    # Organization
    Case("location_type", {"name": named("lt"), "content_types": ["dcim.device"]}, {"description": "updated"}),
    Case(
        "location",
        {"name": named("room"), "location_type": LOCATION_TYPE, "status": "Active"},
        {"description": "updated", "facility": "F1"},
        absent={"id": "{{ create.location.id }}"},  # the module deletes a location only by id
    ),
    Case("manufacturer", {"name": named("maker")}, {"description": "updated"}),
    Case("platform", {"name": named("os"), "manufacturer": MAKER}, {"network_driver": "cisco_ios"}),
    Case("role", {"name": named("role"), "content_types": ["dcim.device"]}, {"color": "ff0000"}),
    Case("status", {"name": named("status"), "content_types": ["dcim.device"]}, {"color": "00ff00"}),
    Case("tag", {"name": named("tag"), "content_types": ["dcim.device"]}, {"description": "updated"}),
    Case("tenant_group", {"name": named("tg")}, {"description": "updated"}),
    Case("tenant", {"name": named("tenant")}, {"description": "updated"}),
    # DCIM
    Case("rack_group", {"name": named("rg"), "location": LOCATION}, {"description": "updated"}),
    Case("rack", {"name": named("rack"), "location": LOCATION, "status": "Active"}, {"u_height": 48}),
    Case("device_type", {"model": named("model"), "manufacturer": MAKER}, {"u_height": 2}, keys=("model",)),
    Case(
        "device",
        {
            "name": named("dev"),
            "device_type": DEVICE_TYPE,
            "role": DEVICE_ROLE,
            "location": LOCATION,
            "status": "Active",
        },
        {"serial": "SN-1"},
    ),
    Case("virtual_chassis", {"name": named("vc")}, {"domain": "updated"}),
    Case("device_family", {"name": named("family")}, {"description": "updated"}),
    Case(
        "device_redundancy_group",
        {"name": named("drg"), "status": "Active", "failover_strategy": "active-active"},
        {"failover_strategy": "active-passive", "description": "updated"},
    ),
    Case(
        # The module finds a version by its version text and platform (the collection's own rule).
        "software_version",
        {"version": named("4.2"), "platform": PLATFORM, "status": "Active", "release_date": "2025-03-10"},
        {"alias": "updated", "long_term_support": True, "end_of_support_date": "2030-03-31"},
        keys=("version", "platform"),
    ),
    Case(
        # The module finds a context by its name and device (the collection's own rule).
        "virtual_device_context",
        {"name": named("vdc"), "device": DEVICE, "status": "Active", "identifier": 1},
        {"identifier": 2, "description": "updated"},
        keys=("name", "device"),
    ),
    Case(
        # No controller_device: the module sends it as given, not looked up, so a name never reads back the same
        # (the collection's own rule; Nautobot answers with the device's reference too).
        "controller",
        {"name": named("ctl"), "location": LOCATION, "status": "Active"},
        {"description": "updated", "platform": PLATFORM},
    ),
    Case("controller_managed_device_group", {"name": named("cmdg"), "controller": CONTROLLER}, {"weight": 500}),
    Case("console_port", {**COMPONENT, "name": "con0"}, {"description": "updated"}, keys=("device", "name")),
    Case("console_server_port", {**COMPONENT, "name": "cs0"}, {"description": "updated"}, keys=("device", "name")),
    Case("power_port", {**COMPONENT, "name": "psu0"}, {"maximum_draw": 500}, keys=("device", "name")),
    Case("power_outlet", {**COMPONENT, "name": "out0"}, {"description": "updated"}, keys=("device", "name")),
    Case(
        "device_interface",
        {**COMPONENT, "name": "eth9", "type": "1000base-t", "status": "Active"},
        {"mtu": 9000},
        keys=("device", "name"),
    ),
    Case("rear_port", {**COMPONENT, "name": "rear9", "type": "8p8c"}, {"positions": 2}, keys=("device", "name")),
    Case(
        "front_port",
        {**COMPONENT, "name": "front0", "type": "8p8c", "rear_port": "rear0", "rear_port_position": 1},
        {"description": "updated"},
        keys=("device", "name"),
    ),
    Case("device_bay", {**COMPONENT, "name": "bay0"}, {"description": "updated"}, keys=("device", "name")),
    Case("inventory_item", {**COMPONENT, "name": "sfp0"}, {"serial": "SN-2"}, keys=("device", "name")),
    Case("console_port_template", {**TEMPLATE, "name": "con0"}, {"type": "rj-45"}, keys=("device_type", "name")),
    Case("console_server_port_template", {**TEMPLATE, "name": "cs0"}, {"type": "rj-45"}, keys=("device_type", "name")),
    Case("power_port_template", {**TEMPLATE, "name": "psu0"}, {"maximum_draw": 500}, keys=("device_type", "name")),
    Case(
        "power_outlet_template", {**TEMPLATE, "name": "out0"}, {"type": "iec-60320-c13"}, keys=("device_type", "name")
    ),
    Case(
        "device_interface_template",
        {**TEMPLATE, "name": "eth0", "type": "1000base-t"},
        {"mgmt_only": True},
        keys=("device_type", "name"),
    ),
    Case(
        "rear_port_template",
        {**TEMPLATE, "name": "rear9", "type": "8p8c"},
        {"positions": 2},
        keys=("device_type", "name"),
    ),
    Case(
        "front_port_template",
        {**TEMPLATE, "name": "front0", "type": "8p8c", "rear_port_template": "rear0", "rear_port_template_position": 1},
        {"type": "lc"},
        keys=("device_type", "name"),
    ),
    Case("device_bay_template", {**TEMPLATE, "name": "bay0"}, {}, keys=("device_type", "name")),
    Case(
        "cable",
        {
            "termination_a_type": "dcim.interface",
            "termination_a": {"device": DEVICE, "name": "eth0"},
            "termination_b_type": "dcim.interface",
            "termination_b": {"device": PEER, "name": "eth0"},
            "status": "Connected",
        },
        {"label": "updated"},
        keys=("termination_a_type", "termination_a", "termination_b_type", "termination_b"),
    ),
    Case("power_panel", {"name": named("pp"), "location": LOCATION}, {}, keys=("name", "location")),
    Case(
        "power_feed",
        {"name": named("feed"), "power_panel": PANEL, "status": "Active"},
        {"amperage": 32},
        keys=("name", "power_panel"),
    ),
    # Virtualization
    Case("cluster_type", {"name": named("ctype")}, {"description": "updated"}),
    Case("cluster_group", {"name": named("cgroup")}, {"description": "updated"}),
    Case(
        "cluster",
        {"name": named("cl"), "cluster_type": HYPERVISOR, "location": LOCATION},
        {"comments": "updated"},
    ),
    Case(
        "virtual_machine",
        {"name": named("guest"), "cluster": CLUSTER, "status": "Active"},
        {"vcpus": 4, "memory": 8192, "disk": 40},
        keys=("name", "cluster"),
    ),
    Case(
        "vm_interface",
        {"virtual_machine": VM, "name": "eth1", "status": "Active"},
        {"mtu": 9000, "description": "updated"},
        keys=("virtual_machine", "name"),
    ),
    Case("device_cluster_assignment", {"device": DEVICE, "cluster": CLUSTER}, {}, keys=("device", "cluster")),
    # Circuits
    Case("provider", {"name": named("isp")}, {"asn": 65000}),
    Case("circuit_type", {"name": named("ct")}, {"description": "updated"}),
    Case(
        "circuit",
        {"cid": named("c"), "circuit_provider": PROVIDER, "circuit_type": CIRCUIT_TYPE, "status": "Active"},
        {"commit_rate": 10000},
        keys=("cid",),
    ),
    Case(
        "circuit_termination",
        {"circuit": CIRCUIT, "term_side": "A", "location": LOCATION},
        {"port_speed": 10000},
        keys=("circuit", "term_side"),
    ),
    # IPAM
    Case("namespace", {"name": named("ns")}, {"description": "updated"}),
    Case("rir", {"name": named("rir")}, {"is_private": True}),
    Case("route_target", {"name": "65000:" + str(int(RUN, 16) % 60000)}, {"description": "updated"}),
    Case(
        # The module finds a VRF by name, namespace and rd: a new rd is another VRF to it, not an update.
        "vrf",
        {"name": named("vrf"), "namespace": "Global", "rd": "65000:1"},
        {"description": "updated"},
        keys=("name", "namespace", "rd"),
    ),
    Case("vlan_group", {"name": named("vg"), "location": LOCATION}, {"description": "updated"}),
    Case("vlan", {"name": named("vlan"), "vid": 100, "status": "Active"}, {"description": "updated"}, keys=("name",)),
    # Assignments have nothing to update: a round is create, the same again, delete.
    Case("vrf_device_assignment", {"vrf": ASSIGNED_VRF, "device": DEVICE}, {}, keys=("vrf", "device")),
    Case(
        "prefix_location",
        {"prefix": {"prefix": "192.0.2.0/24", "namespace": "Global"}, "location": LOCATION},
        {},
        keys=("prefix", "location"),
    ),
    Case("vlan_location", {"vlan": ASSIGNED_VLAN, "location": LOCATION}, {}, keys=("vlan", "location")),
    Case(
        "prefix",
        {"prefix": "198.51.100.0/24", "namespace": "Global", "status": "Active"},
        {"description": "updated"},
        keys=("prefix", "namespace"),
    ),
    Case(
        "ip_address",
        {"address": "192.0.2.7/24", "namespace": "Global", "status": "Active"},
        {"dns_name": "updated.example.com"},
        keys=("address", "namespace"),
    ),
    Case(
        "ip_address_to_interface",
        {"ip_address": {"address": ADDRESS}, "interface": {"device": DEVICE, "name": "eth0"}},
        {},
        keys=("ip_address", "interface"),
    ),
    # Extras and users
    Case(
        "custom_field",
        {"label": named("cf"), "key": named("cf").replace("-", "_"), "type": "text", "content_types": ["dcim.device"]},
        {"description": "updated"},
        keys=("label",),
    ),
    Case(
        "custom_field_choice",
        {"value": "red", "custom_field": SELECT_FIELD},
        {"weight": 200},
        keys=("value", "custom_field"),
    ),
    Case(
        # The module takes a protocol's label (TCP) or value, and the addresses by their text.
        "service",
        {
            "device": DEVICE,
            "name": named("ssh"),
            "protocol": "TCP",
            "ports": [22],
            "ip_addresses": [{"address": SERVICE_ADDRESS}],
        },
        {"ports": [22, 2222], "description": "updated"},
        keys=("device", "name"),
    ),
    Case("admin_group", {"name": named("ops")}, {}),
    Case("admin_user", {"username": named("ann")}, {"email": "ann@example.com"}, keys=("username",)),
    Case(
        "admin_permission",
        {"name": named("noc"), "object_types": ["dcim.device"], "actions": ["view"], "enabled": True},
        {"actions": ["view", "change"], "constraints": {"status__name": "Active"}, "description": "the NOC"},
    ),
]

# The collection's modules for models netkeel does not have yet (each needs that model first).
NOT_MODELLED = {
    **dict.fromkeys(
        (
            "cloud_account",
            "cloud_network",
            "cloud_network_prefix_assignment",
            "cloud_resource_type",
            "cloud_service",
            "cloud_service_network_assignment",
        ),
        "no cloud models in netkeel yet",
    ),
    **dict.fromkeys(("module", "module_bay", "module_bay_template", "module_type"), "no modules in netkeel yet"),
    **dict.fromkeys(("metadata_choice", "metadata_type", "object_metadata"), "no object metadata in netkeel yet"),
    **dict.fromkeys(
        ("min_max_rule", "regex_rule", "required_rule", "unique_rule"),
        "the data validation app's rules are not in netkeel",
    ),
    **dict.fromkeys(("radio_profile", "supported_data_rate", "wireless_network"), "no wireless models in netkeel yet"),
    **dict.fromkeys(("secret", "secrets_group", "secrets_groups_association"), "no secrets in netkeel yet"),
    **dict.fromkeys(("dynamic_group", "static_group_association"), "no dynamic groups in netkeel yet"),
    "contact": "no contacts in netkeel yet",
    "team": "no teams in netkeel yet",
    "relationship_association": "no relationships in netkeel yet",
    "job_button": "no job buttons in netkeel yet",
    "plugin": "a generic module for Nautobot apps' models; netkeel has no apps' models to offer",
    "nautobot_server": "runs nautobot-server on the Nautobot host (a management command, not the API)",
    "query_graphql": "not an object's module: a GraphQL query, played in test_graphql_module_and_lookup",
}


@dataclass(frozen=True)
class Ansible:
    env: dict[str, str]
    root: Path

    def playbook(self, name: str, tasks: list[dict[str, Any]]) -> subprocess.CompletedProcess[str]:
        play = {
            "hosts": "localhost",
            "connection": "local",
            "gather_facts": False,
            "vars": {"ansible_python_interpreter": sys.executable},
            "tasks": tasks,
        }
        path = self.root / f"{name}.yml"
        path.write_text(json.dumps([play], indent=1))  # JSON is YAML
        return subprocess.run(
            [str(Path(sys.executable).with_name("ansible-playbook")), "-i", "localhost,", str(path)],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=300,
        )


@pytest.fixture(scope="module")
def ansible(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Ansible]:
    if not COLLECTION.exists():
        pytest.skip(f"The Nautobot Ansible collection is not at {COLLECTION} (see ../shared/data/README.md).")
    live_netkeel: LiveNetkeel = request.getfixturevalue("live_netkeel")  # started only when the test can run
    root = tmp_path_factory.mktemp("ansible")
    env = {key: value for key, value in os.environ.items() if not key.startswith(("NETKEEL_", "ANSIBLE_"))}
    env.update(
        {
            "HOME": str(root),
            "ANSIBLE_HOME": str(root / "home"),
            "ANSIBLE_LOCAL_TEMP": str(root / "tmp"),
            "ANSIBLE_COLLECTIONS_PATH": str(root / "collections"),
            "ANSIBLE_NOCOLOR": "1",
            "ANSIBLE_RETRY_FILES_ENABLED": "0",
            "ANSIBLE_PIPELINING": "1",  # a module runs without copying files to a temporary folder first
            "NAUTOBOT_URL": live_netkeel.url,
            "NAUTOBOT_TOKEN": live_netkeel.token,
        }
    )
    galaxy = Path(sys.executable).with_name("ansible-galaxy")
    installed = subprocess.run(
        [str(galaxy), "collection", "install", "--offline", "-p", str(root / "collections"), str(COLLECTION)],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert installed.returncode == 0, installed.stdout + installed.stderr
    yield Ansible(env=env, root=root)


@pytest.fixture(scope="module")
def world(ansible: Ansible) -> Any:
    """What the cases point at, made with pynautobot."""
    nb = pynautobot.api(ansible.env["NAUTOBOT_URL"], token=ansible.env["NAUTOBOT_TOKEN"], exclude_m2m=False)
    location_type = nb.dcim.location_types.create(
        name=LOCATION_TYPE,
        content_types=[
            "dcim.device",
            "dcim.rack",
            "dcim.rackgroup",
            "dcim.powerpanel",
            "circuits.circuittermination",
            "ipam.prefix",
            "ipam.vlan",
            "ipam.vlangroup",
            "virtualization.cluster",
        ],
    )
    location = nb.dcim.locations.create(name=LOCATION, location_type=location_type.id, status="Active")
    maker = nb.dcim.manufacturers.create(name=MAKER)
    nb.dcim.platforms.create(name=PLATFORM, manufacturer=maker.id)
    nb.dcim.controllers.create(name=CONTROLLER, location=location.id, status="Active")
    device_type = nb.dcim.device_types.create(model=DEVICE_TYPE, manufacturer=maker.id)
    nb.dcim.rear_port_templates.create(device_type=device_type.id, name="rear0", type="8p8c")  # the devices' rear0
    role = nb.extras.roles.create(name=DEVICE_ROLE, content_types=["dcim.device"])
    for name in (DEVICE, PEER):
        device = nb.dcim.devices.create(
            name=name, device_type=device_type.id, role=role.id, location=location.id, status="Active"
        )
        nb.dcim.interfaces.create(device=device.id, name="eth0", type="1000base-t", status="Active")
    nb.dcim.power_panels.create(name=PANEL, location=location.id)
    provider = nb.circuits.providers.create(name=PROVIDER)
    circuit_type = nb.circuits.circuit_types.create(name=CIRCUIT_TYPE)
    nb.circuits.circuits.create(cid=CIRCUIT, provider=provider.id, circuit_type=circuit_type.id, status="Active")
    nb.extras.custom_fields.create(
        label=SELECT_FIELD, key=SELECT_FIELD.replace("-", "_"), type="select", content_types=["dcim.device"]
    )
    hypervisor = nb.virtualization.cluster_types.create(name=HYPERVISOR)
    cluster = nb.virtualization.clusters.create(name=CLUSTER, cluster_type=hypervisor.id, location=location.id)
    nb.virtualization.virtual_machines.create(name=VM, cluster=cluster.id, status="Active")
    global_namespace = nb.ipam.namespaces.get(name="Global")
    nb.ipam.prefixes.create(prefix="192.0.2.0/24", namespace=global_namespace.id, status="Active")
    nb.ipam.vrfs.create(name=ASSIGNED_VRF, namespace=global_namespace.id)
    nb.ipam.vlans.create(name=ASSIGNED_VLAN, vid=200, status="Active")
    nb.ipam.ip_addresses.create(address=ADDRESS, namespace=global_namespace.id, status="Active")
    bound = nb.ipam.ip_addresses.create(address=SERVICE_ADDRESS, namespace=global_namespace.id, status="Active")
    eth0 = nb.dcim.interfaces.get(device=DEVICE, name="eth0")
    nb.ipam.ip_address_to_interface.create(ip_address=bound.id, interface=eth0.id)
    return nb


def round_tasks(case: Case) -> list[dict[str, Any]]:
    module = f"networktocode.nautobot.{case.module}"
    keys = case.absent or {key: case.create[key] for key in case.keys}
    steps = [
        ("create", {**case.create, "state": "present"}, True),
        ("create_again", {**case.create, "state": "present"}, False),
        *([("update", {**case.create, **case.update, "state": "present"}, True)] if case.update else []),
        ("delete", {**keys, "state": "absent"}, True),
    ]
    tasks: list[dict[str, Any]] = []
    for step, args, changed in steps:
        tasks.append({"name": step, module: args, "register": step})
        expectation = f"{step} is changed" if changed else f"{step} is not changed"
        tasks.append({"name": f"{step}: {expectation}", "ansible.builtin.assert": {"that": [expectation]}})
    return tasks


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.module)
def test_module_create_idempotent_update_delete(ansible: Ansible, world: Any, case: Case) -> None:
    done = ansible.playbook(case.module, round_tasks(case))
    assert done.returncode == 0, done.stdout[-6000:] + done.stderr[-3000:]


def test_every_module_is_played_or_named_with_a_reason(ansible: Ansible) -> None:
    modules_folder = ansible.root / "collections" / "ansible_collections" / "networktocode" / "nautobot" / "plugins"
    modules = {path.stem for path in (modules_folder / "modules").glob("*.py")} - {"__init__"}
    played = {case.module for case in CASES}
    assert not played & set(NOT_MODELLED)
    assert modules == played | set(NOT_MODELLED), (
        modules - played - set(NOT_MODELLED),
        played | set(NOT_MODELLED) - modules,
    )


def test_lookup_plugin(ansible: Ansible, world: Any) -> None:
    """The lookup plugin's queries as its documentation writes them: a filtered list, a location at depth 1 with
    its counts, and an endpoint's objects keyed by id."""
    lookup = "networktocode.nautobot.lookup"
    tasks = [
        {
            "name": "devices at the location",
            "ansible.builtin.set_fact": {
                "devices": f"{{{{ query('{lookup}', 'devices', api_filter='location={LOCATION}') }}}}",
                "location": f"{{{{ query('{lookup}', 'locations', api_filter='name={LOCATION} depth=1') }}}}",
                "interfaces": f"{{{{ query('{lookup}', 'interfaces', api_filter='device={DEVICE}') }}}}",
            },
        },
        {
            "name": "what the lookups found",
            "ansible.builtin.assert": {
                "that": [
                    f"devices | map(attribute='value.name') | sort == {sorted([DEVICE, PEER])}",
                    "devices | map(attribute='key') | select('match', '^[0-9a-f-]{36}$') | list | length == 2",
                    f"location | length == 1 and location[0].value.name == '{LOCATION}'",
                    "location[0].value.status.name == 'Active'",
                    "location[0].value.device_count == 2",
                    "interfaces | map(attribute='value.name') | list == ['eth0']",
                ]
            },
        },
    ]
    done = ansible.playbook("lookup", tasks)
    assert done.returncode == 0, done.stdout[-6000:] + done.stderr[-3000:]


def test_graphql_module_and_lookup(ansible: Ansible, world: Any) -> None:
    """`query_graphql` and `lookup_graphql` as their documentation writes them: a query with variables, read
    back through `data`."""
    url, token = ansible.env["NAUTOBOT_URL"], ansible.env["NAUTOBOT_TOKEN"]
    query = "query ($location: [String]) { locations (name: $location) { name devices { name interfaces { name } } } }"
    lookup = "networktocode.nautobot.lookup_graphql"
    tasks = [
        {
            "name": "the module",
            "networktocode.nautobot.query_graphql": {
                "url": url,
                "token": token,
                "query": query,
                "graph_variables": {"location": [LOCATION]},
            },
            "register": "answer",
        },
        {
            "name": "the lookup",
            "ansible.builtin.set_fact": {
                "found": f"{{{{ query('{lookup}', the_query, graph_variables=the_variables, url='{url}', "
                f"token='{token}') }}}}",
            },
            "vars": {"the_query": query, "the_variables": {"location": [LOCATION]}},
        },
        {
            "name": "what they read",
            "ansible.builtin.assert": {
                "that": [
                    f"answer.data.locations | map(attribute='name') | list == ['{LOCATION}']",
                    f"answer.data.locations[0].devices | map(attribute='name') | sort == {sorted([DEVICE, PEER])}",
                    "answer.data.locations[0].devices | map(attribute='interfaces') | flatten "
                    "| map(attribute='name') | select('equalto', 'eth0') | list | length >= 1",
                    f"(found | first).data.locations[0].name == '{LOCATION}'",
                ]
            },
        },
    ]
    done = ansible.playbook("graphql", tasks)
    assert done.returncode == 0, done.stdout[-6000:] + done.stderr[-3000:]


@pytest.fixture(scope="module")
def demo_network(ansible: Ansible, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveNetkeel]:
    """A live netkeel of its own holding the small demo network (the shared one has the cases' rows)."""
    with serve_netkeel(tmp_path_factory.mktemp("demo-netkeel")) as live:
        demo = live.server("generate_demo_data", "--size", "small", timeout=INSTALL_TIMEOUT)
        assert demo.returncode == 0, demo.stderr
        yield live


# The host variables Nautobot's inventory gives (plurals off, services and config contexts off): every host,
# a virtual machine of the demo, a leaf switch (no platform, tenant or cluster), and with `interfaces: true`.
HOST_VARIABLES = {"custom_fields", "is_virtual", "location", "locations", "role", "status", "tags"}
VM_VARIABLES = {"cluster", "cluster_type", "cluster_group", "vcpus", "memory", "disk", "platform", "tenant",
                "tenant_group", "primary_ip4", "ansible_host"}  # fmt: skip
LEAF_VARIABLES = {"device_type", "manufacturer", "rack", "primary_ip4", "ansible_host"}
INTERFACE_VARIABLES = {"interfaces", "dns_name"}
GROUP_BY = ("location", "role", "platform", "cluster", "tenant")


def list_inventory(
    ansible: Ansible, demo: LiveNetkeel, inventory: Path, config: dict[str, Any]
) -> subprocess.CompletedProcess[str]:
    """`ansible-inventory --list` of an inventory plugin configured with `config` (written to `inventory`),
    asserted to have parsed; its output for the caller to read."""
    inventory.write_text(json.dumps(config))  # JSON is YAML
    done = subprocess.run(
        [str(Path(sys.executable).with_name("ansible-inventory")), "-i", str(inventory), "--list"],
        env={**ansible.env, "NAUTOBOT_URL": demo.url, "NAUTOBOT_TOKEN": demo.token},
        capture_output=True,
        text=True,
        timeout=600,
    )
    # (Ansible warns of the dots a group name keeps, as `platform_ubuntu_24.04`, as it does with Nautobot.)
    parsed = done.returncode == 0 and "Unable to parse" not in done.stderr and "Failed to parse" not in done.stderr
    assert parsed, done.stdout[-3000:] + done.stderr[-3000:]
    return done


def play_inventory(ansible: Ansible, demo: LiveNetkeel, *, interfaces: bool, **options: Any) -> dict[str, Any]:
    """`ansible-inventory --list` of the inventory plugin over `demo`, as JSON (`options` add to its settings)."""
    inventory = ansible.root / f"demo-{interfaces}-{len(options)}.nautobot.yml"
    config = {
        "plugin": "networktocode.nautobot.inventory",
        "api_endpoint": demo.url,
        "token": demo.token,
        "plurals": False,
        "interfaces": interfaces,
        "services": False,
        "config_context": False,
        "group_by": list(GROUP_BY),
        **options,
    }
    done = list_inventory(ansible, demo, inventory, config)
    listed: dict[str, Any] = json.loads(done.stdout)
    return listed


def group_name(kind: str, value: str) -> str:
    """The inventory's group name for a value: lower case, spaces and hyphens as underscores."""
    return f"{kind}_{value}".replace("-", "_").replace(" ", "_").lower()


def assert_every_demo_host(demo: LiveNetkeel, listed: dict[str, Any], *, interfaces: bool) -> None:
    nb = pynautobot.api(demo.url, token=demo.token)
    devices = sorted(device.name for device in nb.dcim.devices.all())
    vms = sorted(vm.name for vm in nb.virtualization.virtual_machines.all())
    assert len(devices) == 50 and len(vms) == 48
    hostvars = listed["_meta"]["hostvars"]
    assert set(hostvars) == set(devices) | set(vms)
    extra = INTERFACE_VARIABLES if interfaces else set()
    for name in devices:
        assert HOST_VARIABLES <= set(hostvars[name]), (name, sorted(hostvars[name]))
        assert hostvars[name]["is_virtual"] is False
    for name in vms:
        host = hostvars[name]
        assert HOST_VARIABLES | VM_VARIABLES | extra <= set(host), (name, sorted(host))
        assert host["is_virtual"] is True and host["ansible_host"] == host["primary_ip4"]
        assert host["cluster"].startswith(host["location"] + "-") and host["locations"][0] == host["location"]
        assert host["cluster_type"] in {"VMware vSphere", "KVM"} and host["vcpus"] >= 2 and host["memory"] >= 4096
        for kind in GROUP_BY:  # a platform is grouped by its network driver (none for Windows)
            if host[kind]:
                assert name in listed[group_name(kind, host[kind])]["hosts"], (kind, host[kind])
        assert host["platform"] in ("linux", "")
        if interfaces:
            assert [interface["name"] for interface in host["interfaces"]] == ["eth0"]
            addresses = host["interfaces"][0]["ip_addresses"]
            assert [address["address"].split("/")[0] for address in addresses] == [host["primary_ip4"]]
            assert host["dns_name"] == f"{name}.demo.netkeel.example"
    leaf = next(name for name in devices if "-leaf" in name)
    assert HOST_VARIABLES | LEAF_VARIABLES | extra <= set(hostvars[leaf]), sorted(hostvars[leaf])
    assert hostvars[leaf]["role"] == "Leaf" and leaf in listed[group_name("role", "Leaf")]["hosts"]
    server = next(name for name in devices if "-srv" in name)
    assert server in listed[group_name("tenant", hostvars[server]["tenant"])]["hosts"]


def test_inventory_plugin_lists_every_demo_device_and_virtual_machine(
    ansible: Ansible, demo_network: LiveNetkeel
) -> None:
    """`networktocode.nautobot.inventory` over the small demo network: every device and every virtual machine is
    a host, grouped by location, role, platform, cluster and tenant, with Nautobot's host variables."""
    listed = play_inventory(ansible, demo_network, interfaces=False)
    assert_every_demo_host(demo_network, listed, interfaces=False)


def test_inventory_plugin_with_interfaces_and_their_addresses(ansible: Ansible, demo_network: LiveNetkeel) -> None:
    listed = play_inventory(ansible, demo_network, interfaces=True)
    assert_every_demo_host(demo_network, listed, interfaces=True)
    hostvars = listed["_meta"]["hostvars"]
    leaf = next(name for name in hostvars if "-leaf" in name)
    assert any(interface["name"] == "Management1" for interface in hostvars[leaf]["interfaces"])
    server = next(name for name in hostvars if "-srv" in name)
    assert len(hostvars[server]["cluster"]) == 1  # a device lists its clusters' names


def test_inventory_plugin_with_services_config_contexts_and_query_filters(
    ansible: Ansible, demo_network: LiveNetkeel
) -> None:
    """`services: true` gives each host its services, `config_context: true` its rendered context, and
    `query_filters` keeps the hosts of one location (devices by their location, VMs by their cluster's)."""
    nb = pynautobot.api(demo_network.url, token=demo_network.token)
    location = next(vm.cluster.location.name for vm in nb.virtualization.virtual_machines.filter(limit=1))
    listed = play_inventory(
        ansible,
        demo_network,
        interfaces=False,
        services=True,
        config_context=True,
        query_filters=[{"location": location}],
    )
    hostvars = listed["_meta"]["hostvars"]
    devices = {device.name for device in nb.dcim.devices.filter(location=location)}
    vms = {vm.name for vm in nb.virtualization.virtual_machines.filter(location=location)}
    assert devices and vms and set(hostvars) == devices | vms
    assert all(hostvars[name]["location"] == location for name in hostvars)
    assert all(isinstance(host["config_context"], dict) for host in hostvars.values())
    served = {device.name: sorted(s.name for s in nb.ipam.services.filter(device=device.name)) for device in
              nb.dcim.devices.filter(location=location)}  # fmt: skip
    assert any(served.values())
    for name, services in served.items():
        assert sorted(service["name"] for service in hostvars[name].get("services") or []) == services, name
    spine = next((name for name in devices if "-spine" in name), None)
    if spine is not None:
        (bgp,) = [service for service in hostvars[spine]["services"] if service["name"] == "bgp"]
        assert bgp["protocol"]["value"] == "tcp" and bgp["ports"] == [179]


def play_gql_inventory(ansible: Ansible, demo: LiveNetkeel, name: str, **options: Any) -> dict[str, Any]:
    """`ansible-inventory --list` of the `gql_inventory` plugin over `demo`, as JSON."""
    inventory = ansible.root / f"demo-gql-{name}.yml"
    config = {
        "plugin": "networktocode.nautobot.gql_inventory",
        "api_endpoint": demo.url,
        "token": demo.token,
        **options,
    }
    done = list_inventory(ansible, demo, inventory, config)
    # The plugin prints a line on stdout for each host a group_by path finds nothing on (a VM has no role):
    # the inventory is the JSON document after them.
    start = 0 if done.stdout.startswith("{") else done.stdout.index("\n{") + 1
    listed: dict[str, Any] = json.loads(done.stdout[start:])
    return listed


def expected_gql_hosts(demo: LiveNetkeel) -> dict[str, dict[str, Any]]:
    """Per host, what the plugin's default query makes of it: `ansible_host` (the primary IPv4 address without
    its length, else the name) and `ansible_network_os` (the platform's NAPALM driver mapped by netutils),
    read through REST so that the two APIs are checked against each other."""
    from netutils.lib_mapper import ANSIBLE_LIB_MAPPER_REVERSE, NAPALM_LIB_MAPPER

    nb = pynautobot.api(demo.url, token=demo.token)
    drivers = {platform.id: platform.napalm_driver for platform in nb.dcim.platforms.all()}
    hosts: dict[str, dict[str, Any]] = {}
    for kind, items in (("device", nb.dcim.devices.all()), ("vm", nb.virtualization.virtual_machines.all())):
        for item in items:
            address = item.primary_ip4.address.split("/")[0] if item.primary_ip4 else None
            driver = drivers.get(item.platform.id) if item.platform else None
            hosts[item.name] = {
                "kind": kind,
                "ansible_host": address or item.name,
                "primary_ip4": {"host": address} if address else None,
                "ansible_network_os": ANSIBLE_LIB_MAPPER_REVERSE.get(NAPALM_LIB_MAPPER.get(driver) or "")
                if kind == "device" and driver
                else None,
            }
    return hosts


def test_graphql_inventory_plugin_default_query_lists_every_demo_host(
    ansible: Ansible, demo_network: LiveNetkeel
) -> None:
    """`networktocode.nautobot.gql_inventory` with its default query (devices and virtual machines with their
    primary IPs and platform), extended as its documentation shows (location, role, status, cluster) and grouped
    by those: every demo device and virtual machine is a host with Nautobot's variables and groups."""
    listed = play_gql_inventory(
        ansible,
        demo_network,
        "default",
        query={
            "devices": {"location": "name", "role": "name", "status": "name"},
            "virtual_machines": {"cluster": "name", "status": "name"},
        },
        group_by=["location", "role", "status.name", "cluster"],
    )
    expected = expected_gql_hosts(demo_network)
    hostvars = listed["_meta"]["hostvars"]
    assert len(expected) == 98 and set(hostvars) == set(expected)
    nb = pynautobot.api(demo_network.url, token=demo_network.token)
    for name, want in expected.items():
        host = hostvars[name]
        assert host["ansible_host"] == want["ansible_host"], name
        assert host.get("primary_ip4") == want["primary_ip4"], name
        assert host.get("ansible_network_os") == want["ansible_network_os"], name
        assert name in listed[host["status"]["name"]]["hosts"]
    for device in nb.dcim.devices.all():
        host = hostvars[device.name]
        assert host["location"] == {"name": device.location.name} and host["role"] == {"name": device.role.name}
        assert device.name in listed[device.location.name]["hosts"] and device.name in listed[device.role.name]["hosts"]
    for vm in nb.virtualization.virtual_machines.all():
        assert hostvars[vm.name]["cluster"] == {"name": vm.cluster.name}
        assert vm.name in listed[vm.cluster.name]["hosts"]


def test_graphql_inventory_plugin_reads_a_saved_query(ansible: Ansible, demo_network: LiveNetkeel) -> None:
    """`saved_query: <name>`: the plugin reads the query from `/api/extras/graphql-queries/<name>/` and sends it."""
    nb = pynautobot.api(demo_network.url, token=demo_network.token)
    location = next(iter(nb.dcim.devices.filter(limit=1))).location.name
    query = (
        f'query {{ devices(location: ["{location}"]) {{ name primary_ip4 {{ host }} platform {{ napalm_driver }} }}'
        ' virtual_machines(name: ["no such machine"]) { name } }'
    )
    saved = nb.extras.graphql_queries.create(name=f"inventory-{RUN}", query=query)
    try:
        listed = play_gql_inventory(ansible, demo_network, "saved", saved_query=saved.name)
    finally:
        saved.delete()
    devices = {device.name for device in nb.dcim.devices.filter(location=location)}
    assert devices and set(listed["_meta"]["hostvars"]) == devices
