"""What the upgrade suite (netkeel/core/tests/test_upgrade_suite.py) drives netkeel with and compares
databases by: `fingerprint` (what a database holds, and what an upgrade may change of it), `databases`
(a scratch database of the engine under test) and `processes` (`netkeel-server` subprocesses, killed at
chosen moments). The jobs worker tests use the scratch database too."""

import pytest

# These modules hold the suite's assertions: rewritten, as in a test module, so a failure shows its values.
pytest.register_assert_rewrite(
    "netkeel.core.tests.upgrade_support.fingerprint",
    "netkeel.core.tests.upgrade_support.databases",
    "netkeel.core.tests.upgrade_support.processes",
)
