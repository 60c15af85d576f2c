"""Release notes: the front matter parser and its errors, version ordering, which notes an upgrade shows,
how they are rendered, and that the notes netkeel ships parse. No database."""

from __future__ import annotations

import datetime
import re
import sys
from pathlib import Path

import pytest

import netkeel
from netkeel.core.upgrade.releases import (
    Release,
    ReleaseNotesError,
    SimpleVersion,
    load_releases,
    parse_release_notes,
    parse_version,
    releases_between,
    render_notes,
)

FIXTURES = Path(__file__).parent / "release_notes"


def release(version: str, *breaking: str, body: str = "") -> Release:
    return Release(version=version, date=None, breaking=breaking, body=body or f"Notes of {version}.")


# --- parsing ----------------------------------------------------------------------------------------


def test_fixture_releases_load_oldest_first_and_readme_is_ignored() -> None:
    releases = load_releases(FIXTURES)
    assert [r.version for r in releases] == ["0.1.0", "0.2.0", "0.2.1", "0.10.0"]
    first, second, patch, future = releases
    assert first == Release("0.1.0", datetime.date(2026, 1, 10), (), "The first release.")
    assert second.breaking == (
        "Interface names are now unique per device.",
        "The `/api/legacy/` endpoints are gone; use `/api/dcim/` instead (this item wraps onto a second line).",
    )
    assert second.body == "## What's new\n\n- Faster cable paths."
    assert patch.breaking == () and patch.body == "Bug fixes."
    assert future.date is None


def test_shipped_notes_parse_and_include_the_first_release() -> None:
    releases = load_releases()
    assert releases, "netkeel/releases/ holds no notes"
    first = releases[0]
    assert first.version == "0.1.0" and first.breaking == () and first.date is not None
    assert "first release" in first.body
    # A final release must ship its notes (a dev or pre-release may still be writing them).
    if re.fullmatch(r"\d+(\.\d+)*", netkeel.__version__):
        assert releases_between(None, netkeel.__version__, releases), f"no notes for {netkeel.__version__}"


@pytest.mark.parametrize(
    ("text", "line", "problem"),
    [
        ("version: 0.1.0\n", 1, "must start with a front matter block opened by ---"),
        ("---\nversion: 0.1.0\nbody\n", 3, "the front matter opened on line 1 is never closed with ---"),
        ("---\nversion 0.1.0\n---\n", 2, "expected `key: value`, found 'version 0.1.0'"),
        ("---\nversion: 0.1.0\nauthor: me\n---\n", 3, "unknown key 'author' (expected version, date, breaking)"),
        ("---\nversion: 0.1.0\nversion: 0.1.1\n---\n", 3, "version is already given on line 2"),
        ("---\nversion: one\n---\n", 2, "'one' is not a version such as 0.2.0 or 0.2.0rc1"),
        ("---\nversion: 0.1.0\ndate: 25/11/2026\n---\n", 3, "'25/11/2026' is not a date in the form YYYY-MM-DD"),
        ("---\nversion: 0.1.0\n- loose item\n---\n", 3, "a list item must follow `breaking:`"),
        ("---\nversion: 0.1.0\nbreaking: yes\n---\n", 3, "breaking must be a list of `- sentence` lines"),
        ("---\nversion: 0.1.0\n  indented: x\n---\n", 3, "unexpected indented line 'indented: x'"),
        ("---\nversion: 0.1.0\nbreaking:\n  - ''\n---\n", 3, "a breaking change is listed without a sentence"),
        ("---\ndate: 2026-11-25\n---\n", 1, "the front matter has no version"),
        ("", 1, "must start with a front matter block"),
    ],
)
def test_malformed_notes_fail_with_file_and_line(text: str, line: int, problem: str) -> None:
    with pytest.raises(ReleaseNotesError) as caught:
        parse_release_notes(text, "releases/0.1.0.md")
    message = str(caught.value)
    assert message.startswith(f"releases/0.1.0.md:{line}: ")
    assert problem in message and message.endswith(".")


def test_version_must_match_the_file_name(tmp_path: Path) -> None:
    (tmp_path / "0.3.0.md").write_text("---\n\nversion: 0.2.0\n---\nCopied.\n")
    with pytest.raises(ReleaseNotesError, match=r"0\.3\.0\.md:3: version 0\.2\.0 does not match the file name"):
        load_releases(tmp_path)


def test_file_name_must_be_a_version(tmp_path: Path) -> None:
    (tmp_path / "0.3.x.md").write_text("---\nversion: 0.3.0\n---\n")
    with pytest.raises(ReleaseNotesError, match=r"0\.3\.x\.md:1: the file name is not a version"):
        load_releases(tmp_path)


def test_two_files_for_one_version(tmp_path: Path) -> None:
    (tmp_path / "0.3.md").write_text("---\nversion: 0.3\n---\n")
    (tmp_path / "0.3.0.md").write_text("---\nversion: 0.3.0\n---\n")
    with pytest.raises(ReleaseNotesError, match=r"already describes"):
        load_releases(tmp_path)


# --- versions ---------------------------------------------------------------------------------------

RELEASES = [release(v) for v in ("0.1.0", "0.2.0", "0.2.1", "0.10.0")]


def versions(releases: list[Release]) -> list[str]:
    return [r.version for r in releases]


ORDERED = ["0.1.0", "0.2.0.dev0", "0.2.0.dev1", "0.2.0a1", "0.2.0b2", "0.2.0rc1", "0.2.0", "0.2.0.post1", "0.10.0"]


@pytest.mark.parametrize("parse", [parse_version, SimpleVersion], ids=["default", "without-packaging"])
def test_version_ordering(parse: type) -> None:
    parsed = [parse(text) for text in ORDERED]
    assert sorted(reversed(parsed)) == parsed
    assert all(a < b for a, b in zip(parsed, parsed[1:], strict=False))
    assert parse("0.2") == parse("0.2.0")
    with pytest.raises(ValueError):
        parse("not-a-version")


def test_without_packaging_the_fallback_orders_and_selects(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "packaging.version", None)  # makes the import fail
    assert isinstance(parse_version("0.2.0"), SimpleVersion)
    assert versions(releases_between("0.1.0", "0.10.0.dev0", RELEASES)) == ["0.2.0", "0.2.1", "0.10.0"]
    assert versions(releases_between(None, "0.2.0rc1", RELEASES)) == ["0.2.0"]


# --- selection --------------------------------------------------------------------------------------


def test_between_two_releases_excludes_the_installed_one_and_includes_the_current() -> None:
    assert versions(releases_between("0.1.0", "0.2.1", RELEASES)) == ["0.2.0", "0.2.1"]
    assert versions(releases_between("0.1.0", "0.10.0", reversed(RELEASES))) == ["0.2.0", "0.2.1", "0.10.0"]
    assert releases_between("0.2.1", "0.2.1", RELEASES) == []


def test_a_dev_build_shows_the_notes_of_the_release_it_leads_to() -> None:
    assert versions(releases_between("0.2.1", "0.10.0.dev0", RELEASES)) == ["0.10.0"]
    assert versions(releases_between("0.2.1", "0.10.0rc1", RELEASES)) == ["0.10.0"]
    assert versions(releases_between("0.2.1", "0.3.0.dev0", RELEASES)) == []  # no notes written yet


def test_a_fresh_install_shows_only_the_current_release() -> None:
    assert versions(releases_between(None, "0.2.1", RELEASES)) == ["0.2.1"]
    assert versions(releases_between(None, "0.10.0.dev3", RELEASES)) == ["0.10.0"]


# --- rendering --------------------------------------------------------------------------------------


def test_render_puts_every_breaking_change_first_then_notes_newest_first() -> None:
    text = render_notes(releases_between("0.1.0", "0.10.0", load_releases(FIXTURES)))
    assert text == (
        "Breaking changes\n"
        "================\n"
        "- Python 3.11 is no longer supported. (0.10.0)\n"
        "- Interface names are now unique per device. (0.2.0)\n"
        "- The `/api/legacy/` endpoints are gone; use `/api/dcim/` instead (this item wraps onto a second line)."
        " (0.2.0)\n"
        "\n"
        "netkeel 0.10.0\n"
        "==============\n"
        "Not released yet.\n"
        "\n"
        "netkeel 0.2.1 (2026-03-15)\n"
        "==========================\n"
        "Bug fixes.\n"
        "\n"
        "netkeel 0.2.0 (2026-03-01)\n"
        "==========================\n"
        "## What's new\n"
        "\n"
        "- Faster cable paths.\n"
    )


def test_render_without_breaking_changes_or_releases() -> None:
    assert render_notes([release("0.2.1", body="Bug fixes.")]) == "netkeel 0.2.1\n=============\nBug fixes.\n"
    assert render_notes([]) == ""
