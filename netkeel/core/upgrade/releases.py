"""Release notes: `netkeel/releases/<version>.md`, read by the post_upgrade "release notes" step.

Each file opens with a front matter block — `version:`, `date:` and a `breaking:` list — then a Markdown
body. The block is a tiny YAML subset parsed here (no PyYAML dependency for ten lines of syntax); a
malformed file fails with one sentence naming the file and line, so a bad note is caught by the tests
of the release that ships it, never by a user's upgrade.

    ---
    version: 0.2.0
    date: 2027-03-01
    breaking:
      - One sentence per breaking change.
    ---
    Markdown body: what's new, upgrade notes.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import total_ordering
from pathlib import Path
from typing import Any

RELEASES_DIRECTORY = Path(__file__).resolve().parents[2] / "releases"
FENCE = "---"
KEYS = ("version", "date", "breaking")


class ReleaseNotesError(Exception):
    """A release notes file that cannot be read; the message names the file and line."""


@dataclass(frozen=True)
class Release:
    version: str
    date: datetime.date | None  # None while the release is not out yet
    breaking: tuple[str, ...]
    body: str


# --- versions ---------------------------------------------------------------------------------------

# X.Y[.Z...][{a|b|rc}N][.postN][.devN], the part of PEP 440 netkeel's own versions use.
_VERSION = re.compile(
    r"^v?(?P<release>\d+(?:\.\d+)*)"
    r"(?:[-_.]?(?P<pre>a|b|rc)(?P<pre_n>\d+))?"
    r"(?:[-_.]?post(?P<post>\d+))?"
    r"(?:[-_.]?dev(?P<dev>\d+))?$",
    re.IGNORECASE,
)


@total_ordering
class SimpleVersion:
    """PEP 440 ordering for the versions netkeel publishes, for when `packaging` is not installed
    (it is not one of netkeel's dependencies): 0.2.0.dev0 < 0.2.0a1 < 0.2.0rc1 < 0.2.0 < 0.2.0.post1."""

    def __init__(self, text: str) -> None:
        match = _VERSION.match(text.strip())
        if match is None:
            raise ValueError(f"invalid version: {text!r}")
        self.base_version = match["release"]
        release = tuple(int(part) for part in match["release"].split("."))
        while len(release) > 1 and release[-1] == 0:  # 0.2 == 0.2.0
            release = release[:-1]
        # Pre-releases sort by letter (a < b < rc); a bare dev release comes before all of them and a
        # final release after: the phase numbers -1 and 3 place them so.
        if match["pre"]:
            pre: tuple[int, int] = (("a", "b", "rc").index(match["pre"].lower()), int(match["pre_n"]))
        elif match["dev"] is not None and match["post"] is None:
            pre = (-1, 0)
        else:
            pre = (3, 0)
        post = int(match["post"]) if match["post"] is not None else -1
        dev = int(match["dev"]) if match["dev"] is not None else 2**63  # no dev part: after every devN
        self._key = (release, pre, post, dev)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, SimpleVersion) and self._key == other._key

    def __lt__(self, other: SimpleVersion) -> bool:
        return self._key < other._key

    def __hash__(self) -> int:
        return hash(self._key)


def parse_version(text: str) -> Any:
    """A comparable version: `packaging.version.Version` when installed, else `SimpleVersion`.

    Raises ValueError for a string that is not a version.
    """
    try:
        from packaging.version import InvalidVersion, Version
    except ImportError:
        return SimpleVersion(text)
    try:
        return Version(text)
    except InvalidVersion as exc:
        raise ValueError(str(exc)) from None


def _release_of(version: Any) -> Any:
    """The final release a (pre-/dev-)release leads to: 0.2.0.dev0 and 0.2.0rc1 lead to 0.2.0."""
    return parse_version(version.base_version)


# --- parsing ----------------------------------------------------------------------------------------

_KEY_VALUE = re.compile(r"^(?P<key>[A-Za-z_][A-Za-z0-9_-]*):(?:\s+(?P<value>.*?))?\s*$")
_ITEM = re.compile(r"^(?P<indent>\s*)-\s+(?P<text>.*?)\s*$")


def parse_release_notes(text: str, source: str = "<release notes>", expected_version: str | None = None) -> Release:
    """Parse one release notes file; `source` names it in errors ("…/0.2.0.md:3: …").

    With `expected_version` (the file name's), a `version:` that disagrees is an error: it is almost
    always a copied file.
    """
    lines = text.splitlines()

    def fail(line_number: int, problem: str) -> ReleaseNotesError:
        return ReleaseNotesError(f"{source}:{line_number}: {problem}.")

    if not lines or lines[0].strip() != FENCE:
        raise fail(1, f"release notes must start with a front matter block opened by {FENCE}")
    try:
        closing = next(index for index in range(1, len(lines)) if lines[index].strip() == FENCE)
    except StopIteration:
        raise fail(len(lines), f"the front matter opened on line 1 is never closed with {FENCE}") from None

    values: dict[str, Any] = {}
    seen: dict[str, int] = {}
    current_list: list[str] | None = None
    item_indent = 0
    for index in range(1, closing):
        line_number, line = index + 1, lines[index]
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        item = _ITEM.match(line)
        if item is not None:
            if current_list is None:
                raise fail(line_number, "a list item must follow `breaking:`")
            current_list.append(_unquote(item["text"]))
            item_indent = len(item["indent"])
            continue
        if line[:1].isspace():
            # A long item may wrap onto lines indented deeper than its dash, as YAML allows.
            if current_list and len(line) - len(line.lstrip()) > item_indent:
                current_list[-1] = f"{current_list[-1]} {line.strip()}"
                continue
            raise fail(line_number, f"unexpected indented line {line.strip()!r}")
        pair = _KEY_VALUE.match(line)
        if pair is None:
            raise fail(line_number, f"expected `key: value`, found {line.strip()!r}")
        key, value = pair["key"], _unquote(pair["value"] or "")
        if key not in KEYS:
            raise fail(line_number, f"unknown key {key!r} (expected {', '.join(KEYS)})")
        if key in seen:
            raise fail(line_number, f"{key} is already given on line {seen[key]}")
        seen[key] = line_number
        current_list = None
        if key == "breaking":
            if value not in ("", "[]"):
                raise fail(line_number, "breaking must be a list of `- sentence` lines (or [] for none)")
            current_list = []
            values[key] = current_list
        elif key == "version":
            try:
                version = parse_version(value)
            except ValueError:
                raise fail(line_number, f"{value!r} is not a version such as 0.2.0 or 0.2.0rc1") from None
            if expected_version is not None and version != parse_version(expected_version):
                raise fail(line_number, f"version {value} does not match the file name ({expected_version})")
            values[key] = value
        elif value:  # date; empty while the release is not out yet
            try:
                values[key] = datetime.date.fromisoformat(value)
            except ValueError:
                raise fail(line_number, f"{value!r} is not a date in the form YYYY-MM-DD") from None

    if "version" not in values:
        raise fail(1, "the front matter has no version")
    if any(not sentence for sentence in values.get("breaking", [])):
        raise fail(seen["breaking"], "a breaking change is listed without a sentence")
    body = "\n".join(lines[closing + 1 :]).strip("\n")
    return Release(
        version=values["version"],
        date=values.get("date"),
        breaking=tuple(values.get("breaking", ())),
        body=body.rstrip(),
    )


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        return value[1:-1]
    return value


def load_releases(directory: Path | None = None) -> list[Release]:
    """Every release notes file in `directory` (netkeel's own by default), oldest first.

    Only files named after a version (`0.2.0.md`) are notes, so a README.md may sit beside them.
    """
    directory = RELEASES_DIRECTORY if directory is None else directory
    releases: dict[Any, tuple[Release, Path]] = {}
    for path in sorted(directory.glob("*.md")):
        if not path.name[:1].isdigit():
            continue
        try:
            version = parse_version(path.stem)
        except ValueError:
            raise ReleaseNotesError(f"{path}:1: the file name is not a version such as 0.2.0.md.") from None
        release = parse_release_notes(path.read_text(encoding="utf-8"), str(path), expected_version=path.stem)
        if version in releases:
            raise ReleaseNotesError(f"{path}:1: {releases[version][1].name} already describes {release.version}.")
        releases[version] = (release, path)
    return [releases[version][0] for version in sorted(releases)]


# --- selection and rendering ------------------------------------------------------------------------


def releases_between(installed: str | None, current: str, releases: Iterable[Release]) -> list[Release]:
    """The releases a user crosses going from `installed` to `current`, oldest first.

    Newer than `installed`, up to and including `current` — where a pre-release or dev build of 0.2.0
    counts as 0.2.0, so the notes being written for it show. On a fresh install (`installed` None)
    only `current`'s own notes: a new user has no upgrade to make and no breaking change to heed.
    """
    target = _release_of(parse_version(current))
    if installed is None:
        return [release for release in releases if parse_version(release.version) == target]
    floor = parse_version(installed)
    chosen = [release for release in releases if floor < parse_version(release.version) <= target]
    return sorted(chosen, key=lambda release: parse_version(release.version))


def render_notes(releases: Iterable[Release]) -> str:
    """Plain text for the terminal: every breaking change first (they need an answer), then each
    release's notes, newest first. Empty when there is nothing to show."""
    newest_first = sorted(releases, key=lambda release: parse_version(release.version), reverse=True)
    if not newest_first:
        return ""
    sections: list[str] = []
    breaking = [(release.version, sentence) for release in newest_first for sentence in release.breaking]
    if breaking:
        sections.append(
            "Breaking changes\n================\n" + "\n".join(f"- {text} ({version})" for version, text in breaking)
        )
    for release in newest_first:
        heading = f"netkeel {release.version}" + (f" ({release.date.isoformat()})" if release.date else "")
        sections.append(f"{heading}\n{'=' * len(heading)}\n{release.body}".rstrip())
    return "\n\n".join(sections) + "\n"
