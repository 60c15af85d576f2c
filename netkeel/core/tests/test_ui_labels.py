"""Labels read as a network engineer writes them, on every page the UI framework draws (issue 14, item 12)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import NoReverseMatch

from netkeel.core.testing.api import make_user
from netkeel.core.ui import labels, registry


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ip addresses", "IP addresses"),
        ("rirs", "RIRs"),
        ("vrfs", "VRFs"),
        ("vlan groups", "VLAN groups"),
        ("asn", "ASN"),
        ("vc position", "VC position"),
        ("mgmt only", "Management only"),
        ("mtu", "MTU"),
        ("mac address", "MAC address"),
        ("lag", "LAG"),
        ("ip_address", "IP address"),
        ("id", "ID"),
        ("devices", "Devices"),
        ("description", "Description"),
        ("status", "Status"),
        ("primary IPv4", "Primary IPv4"),
        ("ipv6 address", "IPv6 address"),
        ("IPV4", "IPv4"),
    ],
)
def test_label(raw: str, expected: str) -> None:
    assert labels.label(raw) == expected


@pytest.mark.parametrize(
    ("noun", "expected"),
    [
        ("IP address assignment", "an"),
        ("interface", "an"),
        ("device", "a"),
        ("VLAN", "a"),
        ("VRF", "a"),
        ("RIR", "an"),
        ("MTU", "an"),
        ("user", "a"),
        ("ASN", "an"),
        ("location type", "a"),
        ("IPv4 address", "an"),
    ],
)
def test_article(noun: str, expected: str) -> None:
    assert labels.article(noun) == expected


@pytest.mark.django_db
def test_no_page_heading_or_menu_entry_reads_like_a_python_name() -> None:
    """Every registered model's add page, list heading and menu entry: acronyms in capitals, the right article."""
    client = Client()
    client.force_login(make_user("labels-admin", superuser=True))
    lowered = {"Ip ", "Vrf", "Vlan", "Rir", "Asn", "Mtu", "Mac ", "Lag", "Vc "}
    checked = 0
    for model_ui in registry.registered_models():
        assert not any(model_ui.menu_label.startswith(bad) for bad in lowered), model_ui.menu_label
        try:
            add = model_ui.url("add")
        except NoReverseMatch:  # a model written only by the system (change records, job results)
            continue
        response = client.get(add)
        assert response.status_code == 200, (add, response.status_code)
        body = response.content.decode()
        heading = body.split('<h1 class="h3 mb-3">', 1)[1].split("</h1>", 1)[0]
        assert heading == f"Add {labels.article(model_ui.verbose_name)} {model_ui.verbose_name}", heading
        assert not any(f">{bad}" in body for bad in lowered), model_ui.model
        checked += 1
    assert checked > 20


@pytest.mark.django_db
def test_the_ip_address_assignment_page_reads_right(client: Any) -> None:
    client.force_login(make_user("labels-admin2", superuser=True))
    body = client.get("/ipam/ip-address-to-interface/add/").content.decode()
    assert "Add an IP address assignment" in body and ">IP address<" in body
    body = client.get("/dcim/interfaces/add/").content.decode()
    assert ">MTU<" in body and ">Management only<" in body and ">MAC address<" in body
    assert "Mtu" not in body and "Mgmt" not in body


@pytest.mark.parametrize(
    ("kbps", "shown"),
    [(10_000_000, "10 Gbps"), (1544, "1.544 Mbps"), (64, "64 Kbps"), (100_000, "100 Mbps"), (0, "0 Kbps")],
)
def test_rates_read_in_their_unit(kbps: int, shown: str) -> None:
    assert labels.rate(kbps) == shown


@pytest.mark.django_db
def test_a_status_filter_offers_only_the_statuses_of_its_model(client: Any) -> None:
    """A rack list's status filter has the statuses that apply to racks, not DHCP and SLAAC (issue 14)."""
    from netkeel.extras.models import Status

    client.force_login(make_user("filter-admin", superuser=True))
    form = client.get("/dcim/racks/").context["filter_form"]
    offered = {label for _, label in form.fields["status"].choices}
    assert "Active" in offered and "DHCP" not in offered and "SLAAC" not in offered
    assert len(offered) < Status.objects.count()
