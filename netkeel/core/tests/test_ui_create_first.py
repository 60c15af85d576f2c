"""A required choice with nothing to choose says so and links to where one is made (issue 14, item 4): a
newcomer's first device needs a device type and a location before it can be saved, and a role."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from django.contrib.contenttypes.models import ContentType

from netkeel.core.testing.ui import make_user, signed_in
from netkeel.dcim.models import Device
from netkeel.extras.models import Role

pytestmark = pytest.mark.django_db

LINK = re.compile(r'There is no ([^<]+) to choose yet: <a href="([^"]+)">create one first</a>')


def create_first_links(html: str) -> dict[str, str]:
    return {noun: unquote(url.replace("&amp;", "&")) for noun, url in LINK.findall(html)}


def test_an_empty_required_select_links_to_its_add_page_and_back() -> None:
    client = signed_in(make_user("first-hour", superuser=True))
    page = client.get("/dcim/devices/add/")
    assert page.status_code == 200
    links = create_first_links(page.content.decode())
    assert links["device type"] == "/dcim/device-types/add/?return_url=/dcim/devices/add/"
    assert links["location"] == "/dcim/locations/add/?return_url=/dcim/devices/add/"
    assert "role" not in links  # a fresh install has roles for devices
    assert "tenant" not in links and "platform" not in links  # optional: left empty, nothing to say


def test_a_role_made_from_the_link_is_offered_on_the_form_that_asked() -> None:
    Role.objects.all().delete()
    client = signed_in(make_user("no-roles", superuser=True))
    links = create_first_links(client.get("/dcim/devices/add/").content.decode())
    url = urlsplit(links["role"])
    assert url.path == "/extras/roles/add/"
    device = ContentType.objects.get_for_model(Device)
    assert parse_qs(url.query) == {"content_types": [str(device.pk)], "return_url": ["/dcim/devices/add/"]}
    form = client.get(links["role"]).content.decode()
    assert re.search(rf'<option value="{device.pk}" selected>', form), "devices are preselected"


def test_no_link_for_someone_who_may_not_add_one() -> None:
    user = make_user("viewer", perms=("dcim.add_device", "dcim.view_device", "dcim.view_devicetype"))
    page = signed_in(user).get("/dcim/devices/add/")
    assert page.status_code == 200
    assert not create_first_links(page.content.decode())
