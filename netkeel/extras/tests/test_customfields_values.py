"""Custom field values per type, and field definitions, checked without a database; the regular
expression engine stays fast on patterns that make a backtracking engine run forever."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from netkeel.extras.customfields.validation import (
    MAX_TEXT_LENGTH,
    BadValue,
    Rules,
    check_choice_value,
    check_definition,
    clean_value,
)

COLOURS = ("red", "green", "blue")

VALID: list[tuple[Rules, Any, Any]] = [
    (Rules("t", "text"), "hello", "hello"),
    (Rules("t", "text"), "", ""),
    (Rules("t", "text"), "x" * MAX_TEXT_LENGTH, "x" * MAX_TEXT_LENGTH),
    (Rules("t", "text", validation_regex=r"^[a-z]+\d$"), "leaf1", "leaf1"),
    (Rules("t", "text", validation_regex="é+"), "café", "café"),
    (Rules("i", "integer"), 0, 0),
    (Rules("i", "integer"), -5, -5),
    (Rules("i", "integer", validation_minimum=1, validation_maximum=10), 10, 10),
    (Rules("i", "integer"), 2**63 - 1, 2**63 - 1),
    (Rules("b", "boolean"), True, True),
    (Rules("b", "boolean"), False, False),
    (Rules("d", "date"), "2024-02-29", "2024-02-29"),
    (Rules("u", "url"), "https://example.com/a?b=c", "https://example.com/a?b=c"),
    (Rules("u", "url", validation_regex=r"^https://"), "https://x.example/", "https://x.example/"),
    (Rules("j", "json"), {"a": [1, 2, {"b": None}]}, {"a": [1, 2, {"b": None}]}),
    (Rules("j", "json"), [1, "two"], [1, "two"]),
    (Rules("j", "json"), "text", "text"),
    (Rules("j", "json"), 3.5, 3.5),
    (Rules("s", "select", choices=COLOURS), "green", "green"),
    (Rules("m", "multi-select", choices=COLOURS), ["red", "blue"], ["red", "blue"]),
    (Rules("m", "multi-select", choices=COLOURS), ["red", "red", "blue"], ["red", "blue"]),
    (Rules("m", "multi-select", choices=COLOURS), [], []),
]

INVALID: list[tuple[Rules, Any, str]] = [
    (Rules("t", "text"), 5, "Expected text"),
    (Rules("t", "text"), ["a"], "Expected text"),
    (Rules("t", "text"), "x" * (MAX_TEXT_LENGTH + 1), "at most 10,000 characters"),
    (Rules("t", "text", validation_regex=r"^[a-z]+\d$"), "Leaf1", "must match"),
    (Rules("i", "integer"), "5", "Expected a whole number"),
    (Rules("i", "integer"), 5.0, "Expected a whole number"),
    (Rules("i", "integer"), True, "Expected a whole number"),
    (Rules("i", "integer"), 2**63, "64 bits"),
    (Rules("i", "integer", validation_minimum=1), 0, "at least 1"),
    (Rules("i", "integer", validation_maximum=10), 11, "at most 10"),
    (Rules("b", "boolean"), "true", "Expected true or false"),
    (Rules("b", "boolean"), 1, "Expected true or false"),
    (Rules("d", "date"), "2024-02-30", "not a date in the calendar"),
    (Rules("d", "date"), "20240101", "YYYY-MM-DD"),
    (Rules("d", "date"), "2024-01-01T00:00:00", "YYYY-MM-DD"),
    (Rules("d", "date"), 20240101, "YYYY-MM-DD"),
    (Rules("u", "url"), "not a url", "not a valid URL"),
    (Rules("u", "url"), "https://" + "a" * 3000 + ".com", "at most 2,048"),
    (Rules("u", "url", validation_regex=r"^https://"), "http://x.example/", "must match"),
    (Rules("s", "select", choices=COLOURS), "pink", "not one of the field's choices"),
    (Rules("s", "select", choices=COLOURS), ["red"], "Expected one of the field's choices"),
    (Rules("s", "select"), "red", "none yet"),
    (Rules("m", "multi-select", choices=COLOURS), "red", "Expected a list of choices"),
    (Rules("m", "multi-select", choices=COLOURS), ["red", "pink"], "'pink' is not one"),
]


@pytest.mark.parametrize(("rules", "value", "stored"), VALID)
def test_valid_values_are_stored(rules: Rules, value: Any, stored: Any) -> None:
    assert clean_value(rules, value) == stored


@pytest.mark.parametrize(("rules", "value", "message"), INVALID)
def test_invalid_values_are_refused_with_a_sentence(rules: Rules, value: Any, message: str) -> None:
    with pytest.raises(BadValue, match=message):
        clean_value(rules, value)


def test_a_catastrophic_pattern_on_a_long_text_finishes_at_once() -> None:
    # On a backtracking engine `(a+)+$` against "aaa…ab" takes ~2^n steps; 10,000 characters would never end.
    rules = Rules("t", "text", validation_regex="(a+)+$")
    started = time.monotonic()
    with pytest.raises(BadValue, match="must match"):
        clean_value(rules, "a" * (MAX_TEXT_LENGTH - 1) + "!")
    assert clean_value(rules, "b" + "a" * (MAX_TEXT_LENGTH - 1)).endswith("a")
    nested = Rules("t", "text", validation_regex=r"^(\w+\s?)*$")
    with pytest.raises(BadValue):
        clean_value(nested, "word " * 1_999 + "!")
    assert time.monotonic() - started < 1.0


@pytest.mark.parametrize(
    ("pattern", "reason"),
    [("(a", "missing )"), (r"(a)\1", "invalid escape"), ("(?=a)b", "invalid perl operator"), ("[z-a]", "range")],
)
def test_a_pattern_re2_cannot_run_is_refused_when_the_field_is_saved(pattern: str, reason: str) -> None:
    with pytest.raises(ValidationError) as caught:
        check_definition(Rules("t", "text", validation_regex=pattern), None)
    [message] = caught.value.message_dict["validation_regex"]
    assert reason in message and "RE2" in message


def test_definitions_check_bounds_defaults_and_where_a_pattern_applies() -> None:
    check_definition(Rules("i", "integer", validation_minimum=1, validation_maximum=1), 1)
    with pytest.raises(ValidationError) as caught:
        check_definition(Rules("i", "integer", validation_minimum=5, validation_maximum=1), None)
    assert "validation_maximum" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        check_definition(Rules("t", "text", validation_minimum=1), None)
    assert "validation_minimum" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        check_definition(Rules("i", "integer", validation_regex="a"), None)
    assert "validation_regex" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        check_definition(Rules("i", "integer", validation_maximum=10), 11)
    assert "at most 10" in caught.value.message_dict["default"][0]
    with pytest.raises(ValidationError) as caught:
        check_definition(Rules("s", "select"), "red")
    assert "Create the field's choices first" in caught.value.message_dict["default"][0]
    check_definition(Rules("s", "select"), "red", choice_values=COLOURS)
    check_definition(Rules("j", "json"), {"any": ["json"]})


def test_a_choice_must_pass_its_fields_pattern_and_belong_to_a_selection_field() -> None:
    check_choice_value(Rules("s", "select", validation_regex="^[a-z]+$"), "red")
    with pytest.raises(ValidationError) as caught:
        check_choice_value(Rules("s", "select", validation_regex="^[a-z]+$"), "Red")
    assert "value" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        check_choice_value(Rules("t", "text"), "red")
    assert "only selection fields have choices" in caught.value.message_dict["custom_field"][0]
