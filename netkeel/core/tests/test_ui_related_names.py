"""A related object the reader may not view is never named on a page: list cells, detail fields, tags and
app templates' `|link` show it by its id, without a link (`netkeel.core.ui.visibility`), decided with one
query per related model whatever the number of rows; a reader who may view everything pays no query."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from netkeel.core.permissions import forget
from netkeel.core.testing.ui import make_user, signed_in
from netkeel.core.ui import visibility
from netkeel.dcim import models as dcim
from netkeel.dcim.tests import factories as f
from netkeel.extras.models import Tag
from netkeel.users.models import ObjectPermission

pytestmark = pytest.mark.django_db

SECRET = "Secret-Site-A"
OPEN = "Open-Site-B"
READER_PERMS = ("dcim.view_device", "dcim.view_devicetype", "dcim.view_manufacturer", "extras.view_role")


def grant(user: Any, model: type, constraints: Any) -> None:
    permission = ObjectPermission.objects.create(
        name=f"{user.username} {model.__name__} {constraints}", actions=["view"], constraints=constraints
    )
    permission.object_types.set([ContentType.objects.get_for_model(model)])
    permission.users.add(user)
    forget(user)


@pytest.fixture
def sites(db: Any) -> dict[str, Any]:
    dtype = f.device_type("Box-9")
    secret, shown = f.location(SECRET), f.location(OPEN)
    secret_tag = Tag.objects.create(name="Secret-Tag", color="ff0000")
    secret_tag.content_types.add(ContentType.objects.get_for_model(dcim.Device))
    in_secret = f.device("dev-a", dtype, secret)
    in_secret.tags.add(secret_tag)
    return {"dtype": dtype, "secret": secret, "open": shown, "in_secret": in_secret, "tag": secret_tag,
            "in_open": f.device("dev-b", dtype, shown)}  # fmt: skip


@pytest.fixture
def reader(sites: dict[str, Any]) -> Client:
    """May view every device, and the location B only (not A, where dev-a is); no tag."""
    user = make_user("reader", perms=READER_PERMS)
    grant(user, dcim.Location, {"name__startswith": OPEN})
    return signed_in(user)


def device_list(client: Client) -> str:
    response = client.get("/dcim/devices/?per_page=100")
    assert response.status_code == 200
    return response.content.decode()


def test_list_cells_name_only_related_objects_the_reader_may_view(reader: Client, sites: dict[str, Any]) -> None:
    page = device_list(reader)
    assert "dev-a" in page and "dev-b" in page
    assert SECRET not in page and str(sites["secret"].pk) in page
    assert f'href="/dcim/locations/{sites["secret"].pk}/"' not in page  # no link either
    assert OPEN in page and f'href="/dcim/locations/{sites["open"].pk}/"' in page
    assert "Box-9" in page  # a kind the reader may view in full
    assert "Secret-Tag" not in page and str(sites["tag"].pk) in page  # tags are related objects too


def test_detail_fields_and_tags_name_only_what_the_reader_may_view(reader: Client, sites: dict[str, Any]) -> None:
    response = reader.get(f"/dcim/devices/{sites['in_secret'].pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "dev-a" in page and "Box-9" in page
    assert SECRET not in page and str(sites["secret"].pk) in page
    assert "Secret-Tag" not in page
    shown = reader.get(f"/dcim/devices/{sites['in_open'].pk}/").content.decode()
    assert OPEN in shown


def test_a_constrained_list_decides_a_related_model_in_one_query(reader: Client, sites: dict[str, Any]) -> None:
    device_list(reader)  # warm (content types, sessions)
    with CaptureQueriesContext(connection) as few:
        device_list(reader)
    for index in range(8):  # each in a location of its own: a query per location would show
        f.device(f"more-{index}", sites["dtype"], f.location(f"{SECRET}-{index}" if index % 2 else f"{OPEN}-{index}"))
    with CaptureQueriesContext(connection) as many:
        page = device_list(reader)
    assert "more-7" in page and SECRET not in page and f"{OPEN}-6" in page
    assert len(many) == len(few)


def test_a_reader_who_may_view_everything_pays_no_query(sites: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[Any] = []
    real = visibility.allowed_ids

    def spy(*args: Any, **kwargs: Any) -> Any:  # the real one, counted
        asked.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(visibility, "allowed_ids", spy)
    admin = signed_in(make_user("admin", superuser=True))
    assert SECRET in device_list(admin) and "Secret-Tag" in device_list(admin)
    assert SECRET in admin.get(f"/dcim/devices/{sites['in_secret'].pk}/").content.decode()
    # A reader with model permissions on every kind shown: no object is asked about either.
    viewer = make_user("viewer", perms=(*READER_PERMS, "dcim.view_location", "extras.view_tag"))
    assert SECRET in device_list(signed_in(viewer))
    assert asked == []


def test_a_reader_who_may_view_no_location_sees_ids_without_a_query(sites: dict[str, Any]) -> None:
    user = make_user("nolocations", perms=READER_PERMS)
    page = device_list(signed_in(user))
    assert SECRET not in page and OPEN not in page
    assert str(sites["secret"].pk) in page and str(sites["open"].pk) in page


def test_outside_a_page_nothing_is_hidden(sites: dict[str, Any]) -> None:
    from netkeel.core.ui.tables import link

    assert SECRET in link(sites["secret"])
    nobody = make_user("nobody")
    with visibility.viewing(nobody):
        assert SECRET not in link(sites["secret"]) and str(sites["secret"].pk) in link(sites["secret"])


# ---------------------------------------------------------------------------------------- natural_slug

SLUG_TOKEN = "5a" * 20


def api_reader(sites: dict[str, Any]) -> Any:
    from netkeel.core.testing.api import APIClient
    from netkeel.core.testing.api import make_user as make_api_user

    user = make_api_user("slugreader", perms=(*READER_PERMS, "dcim.view_interface"), token=SLUG_TOKEN)
    grant(user, dcim.Location, {"name__startswith": OPEN})
    return APIClient(token=SLUG_TOKEN)


def test_natural_slug_leaves_out_the_name_of_a_related_object_the_reader_may_not_view(sites: dict[str, Any]) -> None:
    client = api_reader(sites)
    rows = {row["name"]: row for row in client.send("GET", "/api/dcim/devices/").json()["results"]}
    secret, shown = sites["in_secret"], sites["in_open"]
    assert rows["dev-a"]["natural_slug"] == f"dev-a__{str(secret.pk)[:4]}"
    assert rows["dev-b"]["natural_slug"] == shown.natural_slug == f"dev-b_open-site-b_{str(shown.pk)[:4]}"
    one = client.send("GET", f"/api/dcim/devices/{secret.pk}/").json()
    assert one["natural_slug"] == f"dev-a__{str(secret.pk)[:4]}"
    csv = client.send("GET", "/api/dcim/devices/", HTTP_ACCEPT="text/csv")
    text = b"".join(csv.streaming_content).decode() if csv.streaming else csv.content.decode()
    assert "secret-site-a" not in text.lower()
    # An admin reads every part.
    from netkeel.core.testing.api import APIClient
    from netkeel.core.testing.api import make_user as make_api_user

    make_api_user("slugadmin", superuser=True, token="5b" * 20)
    admin_rows = APIClient(token="5b" * 20).send("GET", "/api/dcim/devices/").json()["results"]
    assert {row["natural_slug"] for row in admin_rows} == {secret.natural_slug, shown.natural_slug}
    assert "secret-site-a" in secret.natural_slug


def test_natural_slug_decides_a_page_with_one_query_per_related_model(sites: dict[str, Any]) -> None:
    client = api_reader(sites)
    client.send("GET", "/api/dcim/interfaces/")  # warm
    for index in range(2):
        f.device(f"more-{index}", f.device_type(interfaces=2), sites["secret"] if index % 2 else sites["open"])
    with CaptureQueriesContext(connection) as few:
        assert client.send("GET", "/api/dcim/interfaces/").status_code == 200
    for index in range(2, 8):  # each in a location of its own
        site = f.location(f"{SECRET}-{index}" if index % 2 else f"{OPEN}-{index}")
        f.device(f"more-{index}", f.device_type(interfaces=2), site)
    with CaptureQueriesContext(connection) as many:
        rows = client.send("GET", "/api/dcim/interfaces/").json()["results"]
    assert len(rows) == 16 and len(many) == len(few)
    # An interface's natural key passes its device (viewable) and the device's location (A: not).
    slugs = {row["natural_slug"] for row in rows}
    assert not any("secret-site-a" in slug for slug in slugs)
    assert any("open-site-b" in slug for slug in slugs)


# ---------------------------------------------------------------------------------------------- search


def test_search_descriptions_name_only_related_objects_the_reader_may_view(
    reader: Client, sites: dict[str, Any]
) -> None:
    page = reader.get("/search/?q=dev-").content.decode()
    assert "dev-a" in page and "dev-b" in page
    assert SECRET not in page and str(sites["secret"].pk) in page
    assert OPEN in page and "Box-9" in page
    with CaptureQueriesContext(connection) as few:
        reader.get("/search/?q=dev-")
    for index in range(6):  # each in a location of its own
        f.device(f"dev-more-{index}", sites["dtype"], f.location(f"{SECRET}-{index}"))
    with CaptureQueriesContext(connection) as many:
        page = reader.get("/search/?q=dev-").content.decode()
    assert "dev-more-5" in page and SECRET not in page
    assert len(many) == len(few)
    admin = signed_in(make_user("searcher", superuser=True))
    assert SECRET in admin.get("/search/?q=dev-").content.decode()


# --------------------------------------------------------------------------------------- cabling cells


def test_cable_peer_and_endpoint_cells_hide_a_device_the_reader_may_not_view(db: Any) -> None:
    from netkeel.dcim.cabling import service as cabling

    dtype = f.device_type(interfaces=1)
    site = f.location("Site-C")
    mine, theirs = f.device("mine-1", dtype, site), f.device("Hidden-Peer-Box", dtype, site)
    near, far = mine.interfaces.get(), theirs.interfaces.get()
    cabling.connect(near, far, label="the-cable")
    user = make_user("cabler", perms=("dcim.view_cable", "dcim.view_location"))
    grant(user, dcim.Device, {"name": "mine-1"})
    grant(user, dcim.Interface, {"device__name": "mine-1"})
    page = signed_in(user).get(f"/dcim/interfaces/?device={mine.pk}").content.decode()
    assert "mine-1" in page and "the-cable" in page
    assert "Hidden-Peer-Box" not in page and str(far.pk) in page
    cables = signed_in(user).get("/dcim/cables/").content.decode()
    assert "the-cable" in cables and "Hidden-Peer-Box" not in cables and "mine-1" in cables
    admin = signed_in(make_user("cable-admin", superuser=True))
    assert "Hidden-Peer-Box" in admin.get(f"/dcim/interfaces/?device={mine.pk}").content.decode()


# ------------------------------------------------------------------------------------ apps' templates


def test_an_app_template_s_links_hide_what_the_reader_may_not_view_a_model_at_a_time(db: Any) -> None:
    """A prefix's page lists its children with their tenants through `|link`: decided for the page's
    objects at once (`note_context`), whatever the number of children."""
    from netkeel.extras.models import Status
    from netkeel.ipam import services
    from netkeel.tenancy.models import Tenant

    active = Status.objects.get(name="Active")
    secret, shown = Tenant.objects.create(name="Secret-Tenant"), Tenant.objects.create(name="Open-Tenant")
    container = services.create_prefix("10.9.0.0/16", status=active, type="container")
    services.create_prefix("10.9.0.0/24", status=active, tenant=secret)
    services.create_prefix("10.9.1.0/24", status=active, tenant=shown)
    user = make_user("ipam-reader", perms=("ipam.view_prefix", "ipam.view_namespace"))
    grant(user, Tenant, {"name__startswith": "Open-Tenant"})
    client = signed_in(user)
    page = client.get(f"/ipam/prefixes/{container.pk}/").content.decode()
    assert "10.9.0.0/24" in page and "Open-Tenant" in page
    assert "Secret-Tenant" not in page and str(secret.pk) in page
    with CaptureQueriesContext(connection) as few:
        client.get(f"/ipam/prefixes/{container.pk}/")
    for index in range(2, 8):  # each with a tenant of its own: a query per tenant would show
        tenant = Tenant.objects.create(name=f"Secret-Tenant-{index}" if index % 2 else f"Open-Tenant-{index}")
        services.create_prefix(f"10.9.{index}.0/24", status=active, tenant=tenant)
    with CaptureQueriesContext(connection) as many:
        page = client.get(f"/ipam/prefixes/{container.pk}/").content.decode()
    assert "10.9.7.0/24" in page and "Secret-Tenant" not in page and "Open-Tenant-6" in page
    assert len(many) == len(few)
