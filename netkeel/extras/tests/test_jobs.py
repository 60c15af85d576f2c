"""The Job base class and its typed inputs: what a class declares, and every bad input reported at once."""

from __future__ import annotations

from typing import Any

import pytest

from netkeel.extras.jobs import (
    BooleanVar,
    ChoiceVar,
    IntegerVar,
    Job,
    JobInputError,
    JSONVar,
    ObjectVar,
    StringVar,
)
from netkeel.extras.jobs.variables import check_inputs, load_inputs
from netkeel.extras.models import Status
from netkeel.extras.tests import sample_jobs


def test_meta_names_describes_and_groups_a_job() -> None:
    meta = sample_jobs.EveryType.meta()
    assert (meta.name, meta.description, meta.grouping, meta.atomic) == (
        "Every type",
        "One input of each kind.",
        "Kinds",
        True,
    )
    # No Meta description: the first line of the docstring; no grouping: left to discovery.
    greet = sample_jobs.Greet.meta()
    assert (greet.name, greet.description, greet.grouping) == ("Greet", "Say hello.", "")
    assert sample_jobs.MakeTagNotAtomic.meta().atomic is False


def test_plain_class_attributes_name_a_job_too() -> None:
    class Plain(Job):
        name = "Plain job"
        description = "Described plainly."
        grouping = "Plain"
        label = StringVar()

        def run(self, label: str) -> None:
            return None

    meta = Plain.meta()
    assert (meta.name, meta.description, meta.grouping) == ("Plain job", "Described plainly.", "Plain")

    class Unnamed(Job):
        name = StringVar()  # an input called "name" is an input, not the job's name

    assert Unnamed.meta().name == "Unnamed"
    assert list(Unnamed.variables()) == ["name"]


def test_variables_in_written_order_base_first() -> None:
    assert list(sample_jobs.EveryType.variables()) == ["text", "number", "flag", "colour", "status", "blob"]
    assert list(sample_jobs.MakeTagNotAtomic.variables()) == ["tag", "fail"]


def test_abstract_is_not_inherited() -> None:
    assert Job.abstract and sample_jobs.Base.abstract
    assert not sample_jobs.Greet.abstract

    class Concrete(sample_jobs.Base):
        pass

    assert not Concrete.abstract


def test_variable_descriptions() -> None:
    described = {item["name"]: item for item in sample_jobs.Greet.describe_variables()}
    assert described["who"] == {
        "name": "who",
        "type": "StringVar",
        "label": "Who",
        "description": "",
        "required": True,
        "default": None,
        "min_length": 2,
        "max_length": 20,
        "regex": "[A-Za-z ]+",
    }
    assert described["times"]["required"] is False and described["times"]["default"] == 1
    assert described["times"]["min_value"] == 1 and described["times"]["max_value"] == 3
    every = {item["name"]: item for item in sample_jobs.EveryType.describe_variables()}
    assert every["colour"]["choices"] == [["red", "Red"], ["green", "Green"]]
    assert every["status"]["model"] == "extras.status"
    assert every["flag"]["required"] is False and every["flag"]["default"] is False
    assert every["blob"]["required"] is False


@pytest.mark.parametrize(
    ("variable", "value", "expected"),
    [
        (StringVar(), "abc", "abc"),
        (StringVar(), 12, "12"),
        (IntegerVar(), "42", 42),
        (IntegerVar(), 7.0, 7),
        (IntegerVar(min_value=-5), " -5 ", -5),
        (BooleanVar(), "yes", True),
        (BooleanVar(), "False", False),
        (BooleanVar(), 1, True),
        (ChoiceVar(choices={"a": "Alpha"}), "alpha", "a"),
        (ChoiceVar(choices=["x", "y"]), {"value": "y"}, "y"),
        (JSONVar(), '{"a": [1, 2]}', {"a": [1, 2]}),
        (JSONVar(), [1, {"b": None}], [1, {"b": None}]),
    ],
)
def test_good_values(variable: Any, value: Any, expected: Any) -> None:
    assert variable.to_json(value) == expected


@pytest.mark.parametrize(
    ("variable", "value", "words"),
    [
        (StringVar(min_length=3), "ab", "at least 3"),
        (StringVar(max_length=2), "abc", "at most 2"),
        (StringVar(regex=r"\d+"), "12a", "does not match"),
        (StringVar(), {"a": 1}, "Expected text"),
        (StringVar(), True, "Expected text"),
        (IntegerVar(), "1.5", "whole number"),
        (IntegerVar(), True, "whole number"),
        (IntegerVar(min_value=1), 0, "at least 1"),
        (IntegerVar(max_value=1), 2, "at most 1"),
        (BooleanVar(), "maybe", "true or false"),
        (BooleanVar(), 2, "true or false"),
        (ChoiceVar(choices=["x"]), "z", r"not one of the choices \(x\)"),
        (JSONVar(), "{nope", "valid JSON"),
        (JSONVar(), {1, 2}, "Expected JSON"),
    ],
)
def test_bad_values_say_why(variable: Any, value: Any, words: str) -> None:
    with pytest.raises(ValueError, match=words):
        variable.to_json(value)


def test_every_bad_input_is_reported_at_once_by_name() -> None:
    with pytest.raises(JobInputError) as caught:
        check_inputs(sample_jobs.Greet.variables(), {"who": "x", "times": 9, "extra": 1})
    errors = caught.value.errors
    assert set(errors) == {"who", "times", "extra"}
    assert "at least 2" in errors["who"][0]
    assert "at most 3" in errors["times"][0]
    assert "no input named 'extra'" in errors["extra"][0] and "who, times" in errors["extra"][0]
    assert "who:" in str(caught.value) and "times:" in str(caught.value)


def test_required_defaults_and_optional_inputs() -> None:
    variables = sample_jobs.Greet.variables()
    with pytest.raises(JobInputError) as caught:
        check_inputs(variables, {})
    assert caught.value.errors == {"who": ["This input is required."]}
    assert check_inputs(variables, {"who": "Ann"}) == {"who": "Ann", "times": 1}
    assert check_inputs(variables, {"who": "Ann", "times": None}) == {"who": "Ann", "times": 1}
    with pytest.raises(JobInputError) as caught:
        check_inputs(variables, ["not", "an", "object"])
    assert "data" in caught.value.errors


@pytest.mark.django_db
def test_object_inputs_are_found_as_the_api_finds_references() -> None:
    active = Status.objects.get(name="Active")
    variable = ObjectVar(model="extras.status")
    variable.__set_name__(Job, "status")
    for reference in (str(active.pk), "Active", {"id": str(active.pk)}, {"name": "Active"},
                      f"http://x/api/extras/statuses/{active.pk}/"):  # fmt: skip
        assert variable.to_json(reference) == str(active.pk), reference
    with pytest.raises(ValueError, match="No status matches 'Nope'"):
        variable.to_json("Nope")
    assert load_inputs({"status": variable}, {"status": str(active.pk)}) == {"status": active}
    active_pk = str(active.pk)
    Status.objects.filter(pk=active_pk).update(name="Renamed")  # still found by id
    assert load_inputs({"status": variable}, {"status": active_pk})["status"].name == "Renamed"
    with pytest.raises(JobInputError, match="no longer exists"):
        load_inputs({"status": variable}, {"status": "00000000-0000-0000-0000-000000000000"})


@pytest.mark.django_db
def test_three_bad_inputs_three_errors() -> None:
    data = {"text": "too long", "number": -1, "flag": "perhaps", "colour": "red", "status": "Active"}
    with pytest.raises(JobInputError) as caught:
        check_inputs(sample_jobs.EveryType.variables(), data)
    assert sorted(caught.value.errors) == ["flag", "number", "text"]
