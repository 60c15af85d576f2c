"""A list renders each row's tags from the objects prefetched for the page (core/api/rows.py makes no
related manager per row): the same bytes as DRF's own walk, tags in the tag model's order, and the page's
queries do not grow with its rows or their tags."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

from netkeel.core.api.rows import row_plan
from netkeel.core.testing.api import APIClient, assert_rendered_as_drf_does
from netkeel.dcim.api.serializers_devices import DeviceSerializer
from netkeel.dcim.models import Device
from netkeel.dcim.tests import factories as f
from netkeel.extras.models import Tag

pytestmark = pytest.mark.django_db


def tagged_devices(count: int) -> list[Tag]:
    site, dtype = f.location(), f.device_type()
    f.role()
    tags = [Tag.objects.create(name=name) for name in ("zeta", "alpha", "mid")]
    for tag in tags:
        tag.content_types.add(ContentType.objects.get_for_model(Device))
    for index in range(count):
        device = f.device(f"leaf{index:02}", dtype, site)
        device.tags.set(tags[: index % 4])  # none, one, two or three tags
    return tags


def test_tags_render_from_the_prefetched_page_as_drf_renders_them(
    api: APIClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    tags = tagged_devices(8)
    plan = dict(row_plan(DeviceSerializer(context={"request": None})))
    assert plan["tags"].__qualname__.startswith("_many_renderer")
    for query in ("depth=0", "depth=1", "exclude_m2m=false"):
        assert_rendered_as_drf_does(api, monkeypatch, f"/api/dcim/devices/?{query}")
    rows = {row["name"]: row for row in api.send("GET", "/api/dcim/devices/").json()["results"]}
    assert [tag["id"] for tag in rows["leaf03"]["tags"]] == [str(tags[1].pk), str(tags[2].pk), str(tags[0].pk)]
    assert rows["leaf00"]["tags"] == []


def test_the_page_costs_the_same_queries_whatever_its_rows_and_tags(api: APIClient) -> None:
    tagged_devices(4)
    api.send("GET", "/api/dcim/devices/")
    with CaptureQueriesContext(connection) as few:
        assert api.send("GET", "/api/dcim/devices/?limit=2").status_code == 200
    with CaptureQueriesContext(connection) as many:
        assert api.send("GET", "/api/dcim/devices/?limit=4").status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries)


def tag_queries(api: APIClient, path: str) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        assert api.send("GET", path).status_code == 200
    return [query["sql"] for query in captured.captured_queries if "dcim_device_tags" in query["sql"]]


def test_a_page_at_depth_0_reads_only_the_ids_of_its_tags(api: APIClient) -> None:
    """A tag at depth 0 is its brief reference: the page reads (device, tag) id pairs in one query rather
    than every tag object; at depth 1 the tags render whole and are read whole, once; a page that hides
    its many-to-many fields reads none."""
    tagged_devices(4)
    api.send("GET", "/api/dcim/devices/")
    (lean,) = tag_queries(api, "/api/dcim/devices/")
    tag_name = f"{connection.ops.quote_name('extras_tag')}.{connection.ops.quote_name('name')}"
    assert tag_name not in lean.split(" FROM ")[0]
    (whole,) = tag_queries(api, "/api/dcim/devices/?depth=1")
    assert tag_name in whole.split(" FROM ")[0]
    assert tag_queries(api, "/api/dcim/devices/?exclude_m2m=true") == []
