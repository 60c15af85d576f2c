"""Name patterns of the add pages: `Ethernet[1-48]` makes 48 names, `[ge,xe]-0/0/[0-3]` eight, as in
Nautobot's expandable name fields. Each `[…]` holds a comma-separated list of items, an item a value
(`ge`) or an inclusive range of numbers (`1-48`; `01-12` keeps the width of its first number) or of single
letters of one case (`a-d`); the names are every combination, the leftmost group varying slowest.

Plain Python on strings: the add view (`netkeel.core.ui.views.edit`) turns a `PatternError` into a form
error on the field it came from.
"""

from __future__ import annotations

import itertools
import re

# One add makes at most this many objects (a typo like `[1-100000]` is refused, not run).
MAX_NAMES = 1000

_GROUP = re.compile(r"\[([^\[\]]*)\]")
_NUMBER = re.compile(r"\d+")
_LETTER = re.compile(r"[A-Za-z]")


class PatternError(ValueError):
    """A pattern that cannot be expanded; the message says why, to the person who typed it."""


def has_pattern(text: str) -> bool:
    return "[" in text or "]" in text


def _range(start: str, end: str) -> list[str]:
    if _NUMBER.fullmatch(start) and _NUMBER.fullmatch(end):
        first, last = int(start), int(end)
        if first > last:
            raise PatternError(f"The range {start}-{end} runs backwards; write it {end}-{start}.")
        width = len(start) if start.startswith("0") and len(start) > 1 else 0
        if last - first >= MAX_NAMES:
            raise PatternError(f"The range {start}-{end} makes more than {MAX_NAMES} names.")
        return [str(n).zfill(width) for n in range(first, last + 1)]
    same_case = start.isupper() == end.isupper()
    if _LETTER.fullmatch(start) and _LETTER.fullmatch(end) and same_case:
        if start > end:
            raise PatternError(f"The range {start}-{end} runs backwards; write it {end}-{start}.")
        return [chr(code) for code in range(ord(start), ord(end) + 1)]
    raise PatternError(f"{start}-{end} is not a range: give two numbers (1-48) or two letters of one case (a-d).")


def _group_values(body: str) -> list[str]:
    if not body.strip():
        raise PatternError("[] is empty: put a range (1-48) or a list (ge,xe) between the brackets.")
    values: list[str] = []
    for item in body.split(","):
        item = item.strip()
        if not item:
            raise PatternError(f"[{body}] has an empty item between its commas.")
        if "-" in item:
            start, _, end = item.partition("-")
            if "-" in end or not start or not end:
                raise PatternError(f"{item} is not a range: write it as first-last (1-48).")
            values += _range(start, end)
        else:
            values.append(item)
    return values


def expand(pattern: str) -> list[str]:
    """Every name `pattern` stands for, in order; a text without brackets is itself."""
    pieces = _GROUP.split(pattern)
    literals, groups = pieces[0::2], pieces[1::2]
    for literal in literals:
        if "[" in literal or "]" in literal:
            raise PatternError("A bracket is not closed (or not opened): write a range as [1-48].")
    choices = [_group_values(body) for body in groups]
    count = 1
    for values in choices:
        count *= len(values)
    if count > MAX_NAMES:
        raise PatternError(f"This pattern makes {count} names; at most {MAX_NAMES} are made at once.")
    names = []
    for combination in itertools.product(*choices):
        parts = [literals[0]]
        for value, literal in zip(combination, literals[1:], strict=True):
            parts += [value, literal]
        names.append("".join(parts))
    return names
