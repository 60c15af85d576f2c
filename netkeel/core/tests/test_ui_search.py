"""Global search (`/search/?q=`): names, labels, serials, asset tags, addresses and prefixes; each result
with its kind and link; only what the user may view; at most 20 of a kind with a link to the rest; the
same queries per kind whatever the number of matches."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from netkeel.core.testing.ui import PAYLOAD, assert_escaped, make_user, signed_in
from netkeel.core.ui import search
from netkeel.dcim import models as dcim
from netkeel.dcim.tests import factories as f
from netkeel.extras.models import Status
from netkeel.ipam import services
from netkeel.ipam.models import IPAddress, Prefix

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(db: Any) -> Client:
    return signed_in(make_user("search-admin", superuser=True))


def groups(client: Client, text: str) -> dict[str, list[str]]:
    response = client.get("/search/", {"q": text})
    assert response.status_code == 200
    return {group.label: [str(hit.obj) for hit in group.hits] for group in response.context["groups"]}


def active() -> Status:
    return Status.objects.get(name="Active")


def test_names_serials_asset_tags_and_labels_are_found(admin: Client) -> None:
    site = f.location("search-site")
    device = f.device("core-sw1", f.device_type(interfaces=1), site, serial="SN-4242", asset_tag="AT-0007")
    dcim.Interface.objects.filter(device=device).update(label="uplink to isp")
    f.rack("rack-core", site)
    assert groups(admin, "core")["Devices"] == ["core-sw1"]
    assert groups(admin, "core")["Racks"] == ["rack-core"]
    assert groups(admin, "sn-4242") == {"Devices": ["core-sw1"]}
    assert groups(admin, "AT-0007") == {"Devices": ["core-sw1"]}
    assert groups(admin, "uplink") == {"Interfaces": ["eth0"]}
    html = admin.get("/search/", {"q": "core-sw1"}).content.decode()
    assert f'href="/dcim/devices/{device.pk}/"' in html and "Devices" in html and "serial SN-4242" in html


def test_an_address_in_the_text_finds_it_and_its_containing_prefixes(admin: Client) -> None:
    services.create_prefix("10.0.0.0/8", type="container", status=active())
    services.create_prefix("10.1.0.0/16", type="container", status=active())
    services.create_prefix("10.1.2.0/24", status=active())
    services.create_prefix("192.168.0.0/24", status=active())
    services.create_ip_address("10.1.2.3/24", status=active())
    services.create_ip_address("10.1.2.4/24", status=active())
    found = groups(admin, "ping 10.1.2.3 fails")
    assert found["IP addresses"] == ["10.1.2.3/24"]
    assert found["Prefixes"] == ["10.1.2.0/24", "10.1.0.0/16", "10.0.0.0/8"], "the most specific first"
    assert groups(admin, "10.1.2.3/24")["IP addresses"] == ["10.1.2.3/24"]
    assert groups(admin, "10.1.0.0/16")["Prefixes"] == ["10.1.0.0/16", "10.0.0.0/8"]
    assert "Prefixes" not in groups(admin, "172.16.0.1")
    assert groups(admin, "2001:db8::1") == {}


def test_a_user_sees_only_what_they_may_view(db: Any) -> None:
    site = f.location("visible")
    f.device("secret-device", f.device_type(), site)
    f.rack("secret-rack", site)
    racks_only = signed_in(make_user("rack-viewer", perms=("dcim.view_rack",)))
    assert groups(racks_only, "secret") == {"Racks": ["secret-rack"]}
    nobody = signed_in(make_user("nobody"))
    assert groups(nobody, "secret") == {}
    anonymous = Client().get("/search/", {"q": "secret"})
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/login/")


def test_results_are_bounded_with_a_link_to_the_rest(admin: Client) -> None:
    site = f.location("many")
    dtype = f.device_type()
    for index in range(search.LIMIT + 5):
        f.device(f"edge-{index:02d}", dtype, site)
    response = admin.get("/search/", {"q": "edge-"})
    (group,) = [g for g in response.context["groups"] if g.label == "Devices"]
    assert len(group.hits) == search.LIMIT
    assert group.more_url == "/dcim/devices/?q=edge-"
    listed = admin.get(group.more_url)
    assert listed.context["table"].paginator.count == search.LIMIT + 5
    services.create_prefix("10.0.0.0/24", status=active())
    for host in range(1, search.LIMIT + 3):
        services.create_ip_address(f"10.0.0.{host}/24", status=active(), description="lab host")
    (addresses,) = [g for g in admin.get("/search/", {"q": "lab host"}).context["groups"] if g.label == "IP addresses"]
    assert addresses.more_url == "/ipam/ip-addresses/?q=lab+host"
    (prefixes,) = [g for g in admin.get("/search/", {"q": "10.0.0.9"}).context["groups"] if g.label == "Prefixes"]
    assert prefixes.more_url is None


def test_queries_per_kind_do_not_grow_with_matches(admin: Client) -> None:
    site = f.location("counted")
    dtype = f.device_type()

    def count(text: str) -> int:
        admin.get("/search/", {"q": text})
        with CaptureQueriesContext(connection) as ctx:
            admin.get("/search/", {"q": text})
        return len(ctx)

    f.device("node-a", dtype, site)
    few = count("node-")
    for index in range(30):
        f.device(f"node-{index}", dtype, site, serial=f"node-serial-{index}")
    assert count("node-") <= few


def test_results_and_the_search_text_are_escaped(admin: Client) -> None:
    site = f.location("escaped")
    dcim.Device.objects.filter(pk=f.device("x", f.device_type(), site).pk).update(name=f"{PAYLOAD}-dev")
    for text in (PAYLOAD, "script", '"><img src=x onerror=alert(1)>'):
        html = admin.get("/search/", {"q": text}).content.decode()
        assert_escaped(html, f"search for {text!r}")
    assert "&lt;script&gt;" in admin.get("/search/", {"q": "script"}).content.decode()


def test_the_navigation_bar_has_a_search_box(admin: Client) -> None:
    html = admin.get("/").content.decode()
    assert 'action="/search/"' in html and 'name="q"' in html
    assert 'value="needle"' in admin.get("/search/", {"q": "needle"}).content.decode()
    empty = admin.get("/search/")
    assert empty.status_code == 200 and empty.context["groups"] == []


def test_an_app_registers_what_it_searches() -> None:
    kinds = {searchable.model for searchable in search.searchables()}
    assert {dcim.Device, dcim.Interface, IPAddress, Prefix} <= kinds
    device = next(s for s in search.searchables() if s.model is dcim.Device)
    assert {"name", "serial", "asset_tag"} <= set(device.fields)
