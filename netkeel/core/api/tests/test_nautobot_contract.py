"""The REST API's contract against Nautobot 3.2.7 (issue 13, Build 1): netkeel's own `/api/swagger.json` compared
with Nautobot's OpenAPI, for every route netkeel serves, per method — query parameters (every filter and lookup),
request and response properties with their types, every enum (see `contract`).

What Nautobot has and netkeel lacks or types differently fails, unless `nautobot_contract_allowed.json` lists it
under a one-line reason; the run ends with the count of allowed differences per reason. What netkeel has and
Nautobot does not (an extra lookup, a notes route on a template) breaks no client: it is counted and printed, not
failed. An allowed difference that is gone fails too, so the list only shrinks to what is still true.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from netkeel.core.api.tests import contract

ALLOWED = Path(__file__).with_name("nautobot_contract_allowed.json")


@pytest.fixture(scope="module")
def reference() -> dict[str, Any]:
    return contract.load_reference()


def test_the_comparison_sees_what_differs(reference: dict[str, Any]) -> None:
    """A filter, a property, a type and an enum value taken out of Nautobot's own schema are each reported."""
    path = "/dcim/locations/"
    ours: dict[str, Any] = {
        "paths": {path: {**reference["paths"][path], "get": dict(reference["paths"][path]["get"])}},
        "components": reference["components"],
    }
    get = ours["paths"][path]["get"]
    get["parameters"] = [p for p in get["parameters"] if p.get("name") != "tenant_id"]
    found = contract.differences(ours, reference)
    assert f"{path} query tenant_id: missing" in found
    assert list(found) == [f"{path} query tenant_id: missing"], "the same schema must not differ from itself"

    schemas = {**reference["components"]["schemas"]}
    location = {**schemas["Location"], "properties": {**schemas["Location"]["properties"]}}
    del location["properties"]["prefix_count"]
    location["properties"]["parent"] = {"type": "string", "format": "uuid", "nullable": True}
    location["properties"]["status"] = {"type": "string"}
    schemas["Location"] = location
    modes = schemas["InterfaceModeChoices"]
    schemas["InterfaceModeChoices"] = {**modes, "enum": [mode for mode in modes["enum"] if mode != "tagged-all"]}
    found = contract.differences({"paths": reference["paths"], "components": {"schemas": schemas}}, reference)
    assert f"{path} response prefix_count: missing" in found
    assert f"{path} response parent: type string/uuid, Nautobot related" in found
    assert f"{path} response status: type string, Nautobot related" in found
    mode = found["/dcim/interfaces/ request mode: enum differs"]
    assert mode.detail.startswith("POST /dcim/interfaces/ lacks ['tagged-all'], has extra []")
    assert len(found) == 5, sorted(found)  # and the same mode on /virtualization/interfaces/


@pytest.mark.django_db
def test_netkeel_speaks_nautobots_api(api: Any, reference: dict[str, Any], capsys: pytest.CaptureFixture[str]) -> None:
    response = api.send("GET", "/api/swagger.json")
    assert response.status_code == 200
    found = contract.differences(response.json(), reference)
    allowed = contract.load_allowed(ALLOWED)

    extras = sorted(key for key in found if key.endswith(": not in Nautobot"))
    failing = {key: diff for key, diff in found.items() if key not in allowed and key not in extras}
    gone = sorted(key for key in allowed if key not in found)
    per_reason = Counter(allowed[key] for key in found if key in allowed)

    with capsys.disabled():
        print("\nNautobot 3.2.7 contract: allowed differences per reason")
        for reason, count in sorted(per_reason.items(), key=lambda item: (-item[1], item[0])):
            print(f"  {count:5d}  {reason}")
        total = sum(per_reason.values())
        print(f"  {total:5d}  in all; {len(extras)} things netkeel has that Nautobot lacks (not failed)")

    assert not failing, f"{len(failing)} differences from Nautobot's API, not in {ALLOWED.name}:\n" + "\n".join(
        f"  {key}    [{diff.detail[:200]}]" for key, diff in sorted(failing.items())
    )
    assert not gone, f"{len(gone)} allowed differences are gone; take them out of {ALLOWED.name}:\n" + "\n".join(
        f"  {key}" for key in gone
    )
