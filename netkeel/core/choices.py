"""`ChoiceSet`: the values a choice field takes, optionally grouped, with their labels.

A choice's value is what the database and the API carry (`"1000base-t"`); its label is what people read
(`"1000BASE-T (1GE)"`). Groups only organise forms and the OPTIONS metadata.
"""

from __future__ import annotations

from typing import ClassVar

Choice = tuple[str, str]
Group = tuple[str, tuple[Choice, ...]]


class ChoiceSet:
    CHOICES: ClassVar[tuple[Choice | Group, ...]] = ()

    @classmethod
    def flat(cls) -> list[Choice]:
        flat: list[Choice] = []
        for entry in cls.CHOICES:
            if isinstance(entry[1], tuple):
                flat.extend(entry[1])
            else:
                flat.append(entry)
        return flat

    @classmethod
    def values(cls) -> list[str]:
        return [value for value, _ in cls.flat()]

    @classmethod
    def as_dict(cls) -> dict[str, str]:
        return dict(cls.flat())

    @classmethod
    def label_of(cls, value: str) -> str:
        return cls.as_dict().get(value, value)
