"""What a custom field accepts: one value checked against its field's type and limits, and the field's
own definition (its regular expression, bounds and default) checked when it is saved.

`validation_regex` is written by any administrator and run on every write, so it runs on RE2, an engine
whose time is linear in the input: `(a+)+$` on 10,000 characters answers in microseconds, where Python's
backtracking `re` would run for longer than the universe has. RE2 has no look-around and no
back-references; such a pattern is refused when the field is saved. (A length cap on the input would not
make `re` safe: a nested quantifier needs ~2^n steps, so 30 characters already take minutes.)
"""

from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import re2  # type: ignore[import-untyped]
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from netkeel.extras.choices import CustomFieldTypeChoices as Types

MAX_TEXT_LENGTH = 10_000
MAX_URL_LENGTH = 2_048
# Integers are compared as numbers by the databases' JSON functions: keep them within 64 bits.
MIN_INTEGER, MAX_INTEGER = -(2**63), 2**63 - 1
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")  # fixed shape, no repetition: safe on Python's engine
CHOICE_TYPES = frozenset({Types.SELECT, Types.MULTISELECT})
MAX_DATETIME_LENGTH = 40
RE2_MAX_MEMORY = 8 << 20  # bytes RE2 may use for one compiled pattern


@dataclass(frozen=True)
class Rules:
    """The parts of a custom field's definition that decide whether a value is valid."""

    key: str
    type: str
    validation_regex: str = ""
    validation_minimum: int | None = None
    validation_maximum: int | None = None
    choices: tuple[str, ...] = ()


class BadValue(ValueError):
    """A value the field does not accept; the message is the sentence shown to the client."""


def _options() -> Any:
    options = re2.Options()
    options.log_errors = False  # a refused pattern is reported to the client, not to stderr
    options.max_mem = RE2_MAX_MEMORY
    return options


@functools.lru_cache(maxsize=256)
def compile_regex(pattern: str) -> Any:
    """The compiled RE2 pattern; raises BadValue with RE2's reason when the pattern is not valid RE2."""
    try:
        return re2.compile(pattern, _options())
    except re2.error as exc:
        reason = exc.args[0].decode() if exc.args and isinstance(exc.args[0], bytes) else str(exc)
        raise BadValue(
            f"Not a valid regular expression ({reason}). Patterns use RE2 syntax: no look-around and no "
            f"back-references."
        ) from None


def _check_regex(rules: Rules, text: str) -> None:
    if rules.validation_regex and compile_regex(rules.validation_regex).search(text) is None:
        raise BadValue(f"The value must match the pattern {rules.validation_regex!r}.")


def _is_integer(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def clean_value(rules: Rules, value: Any) -> Any:
    """`value` as it is stored (never None: clearing is the caller's business); raises BadValue."""
    kind = rules.type
    if kind in (Types.TEXT, Types.MARKDOWN):
        if not isinstance(value, str):
            raise BadValue(f"Expected text, not {_json_kind(value)}.")
        if len(value) > MAX_TEXT_LENGTH:
            raise BadValue(f"Text is at most {MAX_TEXT_LENGTH:,} characters; this is {len(value):,}.")
        _check_regex(rules, value)
        return value
    if kind == Types.INTEGER:
        if not _is_integer(value):
            raise BadValue(f"Expected a whole number, not {_json_kind(value)}.")
        if not MIN_INTEGER <= value <= MAX_INTEGER:
            raise BadValue("The number is too large; it must fit in 64 bits.")
        if rules.validation_minimum is not None and value < rules.validation_minimum:
            raise BadValue(f"The value must be at least {rules.validation_minimum}.")
        if rules.validation_maximum is not None and value > rules.validation_maximum:
            raise BadValue(f"The value must be at most {rules.validation_maximum}.")
        return value
    if kind == Types.BOOLEAN:
        if not isinstance(value, bool):
            raise BadValue(f"Expected true or false, not {_json_kind(value)}.")
        return value
    if kind == Types.DATE:
        return clean_date(value)
    if kind == Types.DATETIME:
        return clean_datetime(value)
    if kind == Types.URL:
        if not isinstance(value, str):
            raise BadValue(f"Expected a URL, not {_json_kind(value)}.")
        if len(value) > MAX_URL_LENGTH:
            raise BadValue(f"A URL is at most {MAX_URL_LENGTH:,} characters.")
        try:
            URLValidator()(value)
        except ValidationError:
            raise BadValue(f"{value!r} is not a valid URL (such as https://example.com/path).") from None
        _check_regex(rules, value)
        return value
    if kind == Types.JSON:
        return value  # any JSON the client sent
    if kind == Types.SELECT:
        return _clean_choice(rules, value)
    if kind == Types.MULTISELECT:
        if not isinstance(value, list):
            raise BadValue(f"Expected a list of choices, not {_json_kind(value)}.")
        chosen: list[str] = []
        for item in value:
            item = _clean_choice(rules, item)
            if item not in chosen:
                chosen.append(item)
        return chosen
    raise BadValue(f"This custom field has an unknown type {kind!r}.")


def clean_datetime(value: Any) -> str:
    """An ISO 8601 date and time, stored in UTC as `YYYY-MM-DDTHH:MM:SS+00:00` (with the fraction of a
    second if given) so that stored values compare as text in time order; without an offset it is UTC."""
    if not isinstance(value, str) or len(value) > MAX_DATETIME_LENGTH:
        raise BadValue(f"Expected a date and time as YYYY-MM-DDTHH:MM[:SS][+HH:MM], not {_json_kind(value)}.")
    try:
        moment = datetime.datetime.fromisoformat(value)
    except ValueError:
        raise BadValue(f"{value!r} is not a date and time as YYYY-MM-DDTHH:MM[:SS][+HH:MM].") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.UTC)
    try:
        return moment.astimezone(datetime.UTC).isoformat()
    except OverflowError:
        raise BadValue(f"{value!r} is out of range.") from None


def clean_date(value: Any) -> str:
    if not isinstance(value, str) or not ISO_DATE.fullmatch(value):
        raise BadValue(f"Expected a date as YYYY-MM-DD, not {value!r}.")
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        raise BadValue(f"{value!r} is not a date in the calendar.") from None
    return value


def _clean_choice(rules: Rules, value: Any) -> str:
    if not isinstance(value, str):
        raise BadValue(f"Expected one of the field's choices, not {_json_kind(value)}.")
    if value not in rules.choices:
        offered = ", ".join(repr(choice) for choice in rules.choices) or "none yet"
        raise BadValue(f"{value!r} is not one of the field's choices ({offered}).")
    return value


def _json_kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"a boolean ({str(value).lower()})"
    if isinstance(value, int | float):
        return f"a number ({value})"
    if isinstance(value, str):
        return f"text ({value[:40]!r})"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def check_definition(rules: Rules, default: Any, choice_values: Sequence[str] | None = None) -> None:
    """A field's definition as a whole: its regular expression compiles on RE2, its bounds are in order
    and apply to integers only, and its default is a value it would accept. Raises ValidationError per field."""
    errors: dict[str, list[str]] = {}
    if rules.validation_regex:
        if rules.type not in (Types.TEXT, Types.MARKDOWN, Types.URL, *CHOICE_TYPES):
            errors["validation_regex"] = [
                "A regular expression applies to text, Markdown, URL and selection fields only."
            ]
        else:
            try:
                compile_regex(rules.validation_regex)
            except BadValue as exc:
                errors["validation_regex"] = [str(exc)]
    bounds = (rules.validation_minimum, rules.validation_maximum)
    if any(bound is not None for bound in bounds) and rules.type != Types.INTEGER:
        errors["validation_minimum"] = ["Minimum and maximum apply to integer fields only."]
    elif None not in bounds and bounds[0] > bounds[1]:  # type: ignore[operator]
        errors["validation_maximum"] = ["The maximum must not be below the minimum."]
    if default is not None and not errors:
        choices = tuple(choice_values) if choice_values is not None else rules.choices
        try:
            clean_value(Rules(**{**rules.__dict__, "choices": choices}), default)
        except BadValue as exc:
            hint = " Create the field's choices first, then set a default." if rules.type in CHOICE_TYPES else ""
            errors["default"] = [f"The default is not a valid value: {exc}{hint}"]
    if errors:
        raise ValidationError(errors)


def check_choice_value(rules: Rules, value: str) -> None:
    """A choice offered by a field must itself pass the field's regular expression."""
    if rules.type not in CHOICE_TYPES:
        raise ValidationError(
            {
                "custom_field": [
                    f"Custom field {rules.key!r} is a {rules.type} field; only selection fields have choices."
                ]
            }
        )
    try:
        _check_regex(rules, value)
    except BadValue as exc:
        raise ValidationError({"value": [str(exc)]}) from None
