"""pynautobot's `nb.graphql.query()` against a live netkeel: a query with variables answered, and a query
that cannot run raising its GraphQLException (a 400 with `errors`), as against Nautobot."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from netkeel.core.testing.live import LiveNetkeel

pynautobot = pytest.importorskip("pynautobot")
graphql = pytest.importorskip("pynautobot.core.graphql")

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def nb(live_netkeel: LiveNetkeel) -> Any:
    return pynautobot.api(live_netkeel.url, token=live_netkeel.token)


def test_query_with_variables(nb: Any) -> None:
    prefix = f"gql-{uuid.uuid4().hex[:8]}"
    group = nb.tenancy.tenant_groups.create(name=f"{prefix}-group")
    nb.tenancy.tenants.create([{"name": f"{prefix}-{index}", "tenant_group": group.id} for index in range(3)])
    query = """
    query ($names: [String], $start: [String]) {
      tenants(name: $names, name__isw: $start) { name tenant_group { name tenants { name } } }
    }
    """
    result = nb.graphql.query(query, variables={"names": [f"{prefix}-0", f"{prefix}-2"], "start": [prefix]})
    assert result.status_code == 200
    tenants = result.json["data"]["tenants"]
    assert [tenant["name"] for tenant in tenants] == [f"{prefix}-0", f"{prefix}-2"]
    assert len(tenants[0]["tenant_group"]["tenants"]) == 3


def test_error_raises_graphql_exception(nb: Any) -> None:
    with pytest.raises(graphql.GraphQLException) as raised:
        nb.graphql.query("{ tenants { no_such_field } }")
    assert raised.value.status_code == 400
    assert "no_such_field" in raised.value.errors[0]["message"]
