"""A job's typed inputs: each variable checks one value and says what is wrong in a sentence.

`check_inputs(variables, data)` checks every value at once and raises `JobInputError` with every problem
keyed by the variable's name (an API 400 and a CLI message list them all). What it returns is JSON, so it
can be stored in `JobResult.task_kwargs`; `load_inputs` turns that JSON into what `run()` receives (an
`ObjectVar` becomes the object itself, fetched when the job runs).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from typing import Any, ClassVar

from django.apps import apps
from django.core.exceptions import ObjectDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from rest_framework import serializers

from netkeel.core.api.fields import resolve_object

NOT_GIVEN: Any = object()


class JobInputError(Exception):
    """Bad inputs: `errors` maps each variable (or `data`) to its problems."""

    def __init__(self, errors: Mapping[str, list[str]]) -> None:
        self.errors = {name: list(problems) for name, problems in errors.items()}
        super().__init__(self.sentence())

    def sentence(self) -> str:
        parts = [f"{name}: {' '.join(problems)}" for name, problems in self.errors.items()]
        return "Bad job input — " + "; ".join(parts)


class Variable:
    """One input of a job. `required` inputs must be given unless they have a default."""

    type_name: ClassVar[str] = "Variable"

    def __init__(
        self,
        *,
        label: str = "",
        description: str = "",
        default: Any = NOT_GIVEN,
        required: bool = True,
    ) -> None:
        self.name = ""  # set by the job class that holds it
        self.label = label
        self.description = description
        self.default = default
        self.required = required

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name
        if not self.label:
            self.label = name.replace("_", " ").capitalize()

    # What each type checks: turn an input into the JSON stored for the run, or raise ValueError.
    def to_json(self, value: Any) -> Any:
        raise NotImplementedError

    def from_json(self, value: Any) -> Any:
        """What `run()` receives for a stored value."""
        return value

    def describe(self) -> dict[str, Any]:
        """This variable for the API and `runjob --help`: type, label, required, default and its limits."""
        description: dict[str, Any] = {
            "name": self.name,
            "type": self.type_name,
            "label": self.label,
            "description": self.description,
            "required": self.required and self.default is NOT_GIVEN,
            "default": None if self.default is NOT_GIVEN else self.to_json(self.default),
        }
        description.update(self.limits())
        return description

    def limits(self) -> dict[str, Any]:
        return {}


class StringVar(Variable):
    type_name = "StringVar"

    def __init__(
        self, *, min_length: int | None = None, max_length: int | None = None, regex: str | None = None, **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        self.min_length = min_length
        self.max_length = max_length
        # The pattern is the job author's (trusted code); the value is the user's, matched as a whole.
        self.regex = re.compile(regex) if regex else None

    def to_json(self, value: Any) -> str:
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise ValueError(f"Expected text, not {_shown(value)}.")
        text = str(value)
        if self.min_length is not None and len(text) < self.min_length:
            raise ValueError(f"Give at least {self.min_length} character(s); {_shown(text)} has {len(text)}.")
        if self.max_length is not None and len(text) > self.max_length:
            raise ValueError(f"Give at most {self.max_length} character(s); this has {len(text)}.")
        if self.regex is not None and not self.regex.fullmatch(text):
            raise ValueError(f"{_shown(text)} does not match the pattern {self.regex.pattern!r}.")
        return text

    def limits(self) -> dict[str, Any]:
        return {
            "min_length": self.min_length,
            "max_length": self.max_length,
            "regex": self.regex.pattern if self.regex else None,
        }


class IntegerVar(Variable):
    type_name = "IntegerVar"

    def __init__(self, *, min_value: int | None = None, max_value: int | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.min_value = min_value
        self.max_value = max_value

    def to_json(self, value: Any) -> int:
        if isinstance(value, bool):
            raise ValueError(f"Expected a whole number, not {_shown(value)}.")
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, str) and re.fullmatch(r"\s*[-+]?\d+\s*", value):
            value = int(value)
        if not isinstance(value, int):
            raise ValueError(f"Expected a whole number, not {_shown(value)}.")
        if self.min_value is not None and value < self.min_value:
            raise ValueError(f"Must be at least {self.min_value}, not {value}.")
        if self.max_value is not None and value > self.max_value:
            raise ValueError(f"Must be at most {self.max_value}, not {value}.")
        return value

    def limits(self) -> dict[str, Any]:
        return {"min_value": self.min_value, "max_value": self.max_value}


TRUE_WORDS = frozenset({"true", "yes", "on", "1"})
FALSE_WORDS = frozenset({"false", "no", "off", "0"})


class BooleanVar(Variable):
    """A yes/no input; not required, false unless given."""

    type_name = "BooleanVar"

    def __init__(self, *, default: Any = False, required: bool = False, **kwargs: Any) -> None:
        super().__init__(default=default, required=required, **kwargs)

    def to_json(self, value: Any) -> bool:
        if isinstance(value, bool):
            return value
        if isinstance(value, int) and value in (0, 1):
            return bool(value)
        if isinstance(value, str) and value.strip().lower() in TRUE_WORDS | FALSE_WORDS:
            return value.strip().lower() in TRUE_WORDS
        raise ValueError(f"Expected true or false, not {_shown(value)}.")


class ChoiceVar(Variable):
    """One of `choices` ((value, label) pairs, a {value: label} dict or plain values), given by value or label."""

    type_name = "ChoiceVar"

    def __init__(self, *, choices: Iterable[Any] | Mapping[str, str], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        pairs = choices.items() if isinstance(choices, Mapping) else choices
        self.choices: list[tuple[str, str]] = [
            (str(item[0]), str(item[1])) if isinstance(item, list | tuple) else (str(item), str(item)) for item in pairs
        ]

    def to_json(self, value: Any) -> str:
        if isinstance(value, Mapping):
            value = value.get("value")
        text = str(value) if isinstance(value, str | int) and not isinstance(value, bool) else None
        if text is not None:
            for choice, label in self.choices:
                if text == choice or text.lower() == label.lower():
                    return choice
        offered = ", ".join(choice for choice, _ in self.choices)
        raise ValueError(f"{_shown(value)} is not one of the choices ({offered}).")

    def limits(self) -> dict[str, Any]:
        return {"choices": [[choice, label] for choice, label in self.choices]}


class ObjectVar(Variable):
    """An object of `model` (a model class or "app_label.model"), named as the API accepts references: its
    id, URL, {"id": …}, a dict of attributes or its natural key. `run()` receives the object."""

    type_name = "ObjectVar"

    def __init__(self, model: type[models.Model] | str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._model = model

    @property
    def model(self) -> type[models.Model]:
        if isinstance(self._model, str):
            self._model = apps.get_model(self._model)
        return self._model

    def to_json(self, value: Any) -> str:
        try:
            obj = resolve_object(self.model._default_manager.all(), value)
        except serializers.ValidationError as exc:
            raise ValueError(" ".join(str(detail) for detail in _details(exc.detail))) from None
        return str(obj.pk)

    def from_json(self, value: Any) -> Any:
        try:
            return self.model._default_manager.get(pk=value)
        except (ObjectDoesNotExist, ValueError, DjangoValidationError):
            raise ValueError(f"The {self.model._meta.verbose_name} {value} no longer exists.") from None

    def limits(self) -> dict[str, Any]:
        return {"model": f"{self.model._meta.app_label}.{self.model._meta.model_name}"}


class JSONVar(Variable):
    """Any JSON value; text is read as JSON."""

    type_name = "JSONVar"

    def to_json(self, value: Any) -> Any:
        if isinstance(value, str):
            try:
                return json.loads(value)
            except json.JSONDecodeError as exc:
                raise ValueError(f"Enter valid JSON ({exc.msg} at character {exc.pos}).") from None
        try:
            return json.loads(json.dumps(value))
        except (TypeError, ValueError):
            raise ValueError(f"Expected JSON, not {_shown(value)}.") from None


def check_inputs(variables: Mapping[str, Variable], data: Any) -> dict[str, Any]:
    """Every input checked at once: the JSON to store for the run, or `JobInputError` with every problem."""
    if data is None:
        data = {}
    if not isinstance(data, Mapping):
        raise JobInputError({"data": [f"Send the inputs as an object of name: value, not {_shown(data)}."]})
    errors: dict[str, list[str]] = {}
    cleaned: dict[str, Any] = {}
    for name in data:
        if name not in variables:
            known = ", ".join(variables) or "no inputs"
            errors[str(name)] = [f"This job has no input named {name!r} (it takes {known})."]
    for name, variable in variables.items():
        value = data.get(name, NOT_GIVEN)
        if value is NOT_GIVEN or value is None or value == "":
            if variable.default is not NOT_GIVEN:
                value = variable.default
            elif variable.required:
                errors[name] = ["This input is required."]
                continue
            else:
                cleaned[name] = None
                continue
        try:
            cleaned[name] = variable.to_json(value)
        except ValueError as exc:
            errors[name] = [str(exc)]
    if errors:
        raise JobInputError(errors)
    return cleaned


def load_inputs(variables: Mapping[str, Variable], stored: Mapping[str, Any]) -> dict[str, Any]:
    """The stored inputs as `run()` receives them; `JobInputError` if one no longer resolves."""
    errors: dict[str, list[str]] = {}
    loaded: dict[str, Any] = {}
    for name, variable in variables.items():
        value = stored.get(name)
        if value is None:
            loaded[name] = None
            continue
        try:
            loaded[name] = variable.from_json(value)
        except ValueError as exc:
            errors[name] = [str(exc)]
    if errors:
        raise JobInputError(errors)
    return loaded


def _details(detail: Any) -> list[str]:
    if isinstance(detail, list | tuple):
        return [text for item in detail for text in _details(item)]
    if isinstance(detail, Mapping):
        return [text for item in detail.values() for text in _details(item)]
    return [str(detail)]


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else f"{text[:57]}..."
