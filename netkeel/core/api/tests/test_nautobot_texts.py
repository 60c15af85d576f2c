"""API version errors in Nautobot's own words and statuses: clients match on them."""

from __future__ import annotations

import pytest

from netkeel.core.api.versioning import ALLOWED_VERSIONS
from netkeel.core.testing.api import APIClient

pytestmark = pytest.mark.django_db

SUPPORTED = ", ".join(ALLOWED_VERSIONS)


def test_an_unsupported_version_in_the_accept_header_is_nautobots_406(api: APIClient) -> None:
    response = api.send("GET", "/api/status/", HTTP_ACCEPT="application/json; version=0.0")
    assert response.status_code == 406
    assert response.json() == {
        "detail": f'Invalid version "0.0" in "Accept" header. Supported versions are: {SUPPORTED}'
    }


def test_an_unsupported_version_in_the_query_is_nautobots_404(api: APIClient) -> None:
    response = api.send("GET", "/api/status/?api_version=9.9")
    assert response.status_code == 404
    assert response.json() == {
        "detail": f'Invalid version "9.9" in query parameter. Supported versions are: {SUPPORTED}'
    }


def test_a_header_and_query_version_that_disagree_are_nautobots_400(api: APIClient) -> None:
    response = api.send("GET", "/api/status/?api_version=2.0", HTTP_ACCEPT="application/json; version=3.0")
    assert response.status_code == 400
    assert response.json() == {"detail": 'Version mismatch between "Accept" header and query parameter.'}
