"""schemathesis against netkeel's own `/api/swagger.json` (issue 13, Build 6): every operation of the schema, with
cases generated from it (bounded and derandomized, so a run repeats), sent to a real `netkeel-server start` that
holds the small demo network, as a superuser's token. Each response is checked for a server error (5xx) and for
conformance to the schema; the counts per operation are printed.

Not in `make test` (a few minutes): `.ci/run` runs it with `-m schemathesis`. Until both counts are 0 the run
fails only on a regression: an operation with more server errors or schema violations than
`schemathesis_baseline.json` records (NETKEEL_SCHEMATHESIS_WRITE_BASELINE=1 rewrites that file from a run).
NETKEEL_SCHEMATHESIS_EXAMPLES sets the cases per operation (default 3); NETKEEL_SCHEMATHESIS_ONLY, a regular
expression, runs only the operations whose label (`GET /dcim/devices/`) it finds (no baseline is then written).
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import response_schema_conformance
from schemathesis.core.failures import Failure, FailureGroup
from schemathesis.core.result import Err

from netkeel.core.testing.live import INSTALL_TIMEOUT, serve_netkeel

pytestmark = pytest.mark.schemathesis

BASELINE = Path(__file__).with_name("schemathesis_baseline.json")
EXAMPLES = int(os.environ.get("NETKEEL_SCHEMATHESIS_EXAMPLES", "3"))
ONLY = os.environ.get("NETKEEL_SCHEMATHESIS_ONLY", "")  # a regular expression: only the operations it finds


def _reason(exc: BaseException) -> str:
    """One line: what failed and where (`null is not of type "object"` at a property's schema)."""
    first = exc.exceptions[0] if isinstance(exc, FailureGroup) and exc.exceptions else exc
    lines = [line.strip() for line in str(first).splitlines() if line.strip()]
    where = next((line for line in lines if line.startswith("Schema at")), "")
    return " ".join([*lines[1:2], where])[:240]


def _exercise(operation: Any, base_url: str, session: requests.Session, counts: dict[str, Counter[str]]) -> None:
    label = operation.label

    @settings(
        max_examples=EXAMPLES,
        derandomize=True,  # the same cases on every run: a baseline compares like with like
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy())
    def run(case: Any) -> None:
        counts["cases"][label] += 1
        try:
            response = case.call(base_url=base_url, session=session, timeout=60)
        except requests.RequestException as exc:
            counts["server errors"][label] += 1
            counts["notes"][f"{label}: {type(exc).__name__}"] += 1
            return
        if response.status_code >= 500:
            counts["server errors"][label] += 1
            counts["notes"][f"{label}: {response.status_code} for {response.request.url}"[:240]] += 1
            return
        try:
            case.validate_response(response, checks=[response_schema_conformance])
        except (Failure, FailureGroup) as exc:
            counts["schema violations"][label] += 1
            counts["notes"][f"{label}: {_reason(exc)}"] += 1

    run()


def test_every_operation_answers_as_documented(tmp_path_factory: pytest.TempPathFactory) -> None:
    root = tmp_path_factory.mktemp("schemathesis")
    with serve_netkeel(root) as live:
        demo = live.server("generate_demo_data", "--size", "small", timeout=INSTALL_TIMEOUT)
        assert demo.returncode == 0, demo.stderr
        session = requests.Session()
        session.headers.update({"Authorization": f"Token {live.token}", "Accept": "application/json"})
        schema_response = session.get(f"{live.url}/api/swagger.json", timeout=120)
        assert schema_response.status_code == 200
        schema = schemathesis.openapi.from_dict(schema_response.json())
        counts: dict[str, Counter[str]] = {
            name: Counter() for name in ("cases", "server errors", "schema violations", "notes")
        }
        operations = 0
        for result in schema.get_all_operations():
            if isinstance(result, Err):
                counts["schema violations"]["(the schema itself)"] += 1
                counts["notes"][f"(the schema itself): {result.err()}"[:200]] += 1
                continue
            operation = result.ok()
            if ONLY and not re.search(ONLY, operation.label):
                continue
            operations += 1
            _exercise(operation, f"{live.url}/api", session, counts)

    found = {
        kind: dict(sorted(counts[kind].items())) for kind in ("server errors", "schema violations") if counts[kind]
    }
    print(f"\nschemathesis: {operations} operations, {sum(counts['cases'].values())} cases ({EXAMPLES} per operation)")
    for kind in ("server errors", "schema violations"):
        print(f"  {kind}: {sum(counts[kind].values())} on {len(counts[kind])} operations")
        for label, count in sorted(counts[kind].items()):
            print(f"    {count:3d}  {label}")
    for note, count in sorted(counts["notes"].items()):
        print(f"  [{count}] {note}")

    if os.environ.get("NETKEEL_SCHEMATHESIS_WRITE_BASELINE") and not ONLY:
        BASELINE.write_text(json.dumps(found, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        return
    baseline: dict[str, dict[str, int]] = json.loads(BASELINE.read_text(encoding="utf-8"))
    regressions = [
        f"{kind}: {label}: {count} (baseline {baseline.get(kind, {}).get(label, 0)})"
        for kind, per_operation in found.items()
        for label, count in per_operation.items()
        if count > baseline.get(kind, {}).get(label, 0)
    ]
    assert not regressions, "more failures than schemathesis_baseline.json records:\n" + "\n".join(regressions)
