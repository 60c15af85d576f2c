from __future__ import annotations

import pytest

from netkeel.conf import ConfigError
from netkeel.conf.env import env_bool, env_int, env_list, env_optional, env_str


@pytest.mark.parametrize("raw", ["1", "true", "TRUE", " yes ", "on"])
def test_bool_true(raw: str) -> None:
    assert env_bool({"X": raw}, "X", False) is True


@pytest.mark.parametrize("raw", ["0", "false", "No", "off", ""])
def test_bool_false(raw: str) -> None:
    assert env_bool({"X": raw}, "X", True) is False


def test_bool_default_when_unset() -> None:
    assert env_bool({}, "X", True) is True


def test_bool_rejects_other_words_naming_the_variable() -> None:
    with pytest.raises(ConfigError, match=r"NETKEEL_DEBUG must be true or false .* not 'maybe'"):
        env_bool({"NETKEEL_DEBUG": "maybe"}, "NETKEEL_DEBUG", False)


def test_int_parses_and_checks_minimum() -> None:
    assert env_int({"X": " 42 "}, "X", 1) == 42
    assert env_int({}, "X", 7) == 7
    assert env_int({"X": ""}, "X", 7) == 7
    with pytest.raises(ConfigError, match="X must be a whole number, not 'ten'"):
        env_int({"X": "ten"}, "X", 1)
    with pytest.raises(ConfigError, match="X must be at least 1, not 0"):
        env_int({"X": "0"}, "X", 5, minimum=1)


def test_list_takes_commas_and_spaces() -> None:
    assert env_list({"H": "a.example.com, b.example.com c"}, "H", []) == ["a.example.com", "b.example.com", "c"]
    assert env_list({"H": ""}, "H", ["x"]) == []
    assert env_list({}, "H", ["x"]) == ["x"]


def test_str_and_optional() -> None:
    assert env_str({"S": "  v "}, "S", "d") == "v"
    assert env_str({}, "S", "d") == "d"
    assert env_optional({"S": "  "}, "S") is None
    assert env_optional({"S": "redis://x"}, "S") == "redis://x"
