"""The GraphQL schema's contract against Nautobot 3.2.7's SDL: every query field and type netkeel serves has
Nautobot's names, field types and argument shapes (see `contract`).

What Nautobot has and netkeel lacks or types differently fails unless `nautobot_contract_allowed.json` lists
it under a one-line reason; what netkeel has and Nautobot does not (a lookup more, a reverse relation of a
model Nautobot names otherwise) breaks no client and is only counted. An allowed difference that is gone
fails too, so the list only shrinks."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from graphql import GraphQLArgument, GraphQLList, GraphQLString

from netkeel.core.api.tests.contract import load_allowed
from netkeel.core.graphql.schema import build_schema
from netkeel.core.graphql.tests.contract import differences, nautobot_schema

ALLOWED = Path(__file__).with_name("nautobot_contract_allowed.json")


def test_the_comparison_sees_what_differs() -> None:
    theirs = nautobot_schema()
    assert differences(theirs, theirs) == {}
    query = theirs.query_type
    assert query is not None
    devices = query.fields["devices"]
    del devices.args["serial"]
    devices.args["name"] = GraphQLArgument(GraphQLString)
    found = differences(theirs, nautobot_schema())
    assert found == {
        "query devices(serial)": "missing",
        "query devices(name)": f"type {GraphQLList(GraphQLString)} != String",
    }


@pytest.mark.django_db
def test_netkeel_speaks_nautobots_graphql(capsys: pytest.CaptureFixture[str]) -> None:
    found = differences(build_schema({}), nautobot_schema())
    allowed = load_allowed(ALLOWED)
    extras = {key for key, what in found.items() if what == "extra"}
    failing = {key: what for key, what in found.items() if key not in allowed and key not in extras}
    gone = sorted(key for key in allowed if key not in found)
    with capsys.disabled():
        print(f"\nNautobot 3.2.7 GraphQL contract: {len(extras)} things netkeel has that Nautobot lacks (not failed)")
        for reason, count in Counter(allowed[key] for key in found if key in allowed).most_common():
            print(f"{count:6d}  {reason}")
    assert not failing, f"{len(failing)} differences from Nautobot's GraphQL, not in {ALLOWED.name}:\n" + "\n".join(
        f"{key}: {what}" for key, what in sorted(failing.items())[:200]
    )
    assert not gone, f"allowed differences that are gone (take them out of {ALLOWED.name}):\n" + "\n".join(gone)
