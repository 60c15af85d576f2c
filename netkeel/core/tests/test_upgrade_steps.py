"""The order of post_upgrade's steps: core's, with those apps register from their ready() placed after the
step each names; a step in the wrong place or under core's name is refused with a sentence."""

from __future__ import annotations

import pytest
from rich.console import Console

from netkeel.core.upgrade import pipeline
from netkeel.core.upgrade.pipeline import Context, Outcome, register_app_step, step_names

CORE = [
    "preflight",
    "release-notes",
    "backup",
    "lock",
    "migrate",
    "static-files",
    "stale-content-types",
    "sessions",
    "cache",
    "record",
]


def noop(context: Context) -> Outcome:
    return Outcome(False, "nothing")


@pytest.fixture
def app_steps(monkeypatch: pytest.MonkeyPatch) -> None:
    """Steps registered in a test are forgotten afterwards."""
    monkeypatch.setattr(pipeline, "_app_steps", dict(pipeline._app_steps))


def test_dcim_adds_cable_paths_right_after_migrate() -> None:
    names = step_names()
    assert [name for name in names if name in CORE] == CORE
    assert names[names.index("migrate") + 1] == "cable-paths"
    [cable_paths] = [added for added in pipeline.app_steps() if added.step.name == "cable-paths"]
    assert (cable_paths.app, cable_paths.after, cable_paths.step.title) == ("dcim", "migrate", "Cable paths")


@pytest.mark.usefixtures("app_steps")
def test_an_app_step_may_follow_another_app_step_and_keeps_registration_order() -> None:
    register_app_step("after-paths", "After paths", noop, after="cable-paths", app="one")
    register_app_step("second-after-migrate", "Second", noop, after="migrate", app="two")
    register_app_step("before-record", "Before record", noop, after="cache", app="two")
    names = step_names()
    migrate = names.index("migrate")
    assert names[migrate : migrate + 4] == ["migrate", "cable-paths", "after-paths", "second-after-migrate"]
    assert names[-3:] == ["cache", "before-record", "record"]


@pytest.mark.usefixtures("app_steps")
def test_registering_a_name_again_replaces_the_step() -> None:
    register_app_step("twice", "Once", noop, after="sessions")
    register_app_step("twice", "Twice", noop, after="sessions")
    assert [step.title for step in pipeline.ordered_steps() if step.name == "twice"] == ["Twice"]


@pytest.mark.usefixtures("app_steps")
def test_a_step_after_no_step_is_one_sentence() -> None:
    register_app_step("lost", "Lost", noop, after="no-such-step", app="netkeel_lost")
    with pytest.raises(ValueError, match=r"^The post_upgrade step 'lost' of netkeel_lost runs after 'no-such-step', "):
        step_names()


@pytest.mark.usefixtures("app_steps")
def test_an_app_may_not_take_a_core_step_name() -> None:
    register_app_step("cache", "My cache", noop, after="sessions", app="netkeel_greedy")
    with pytest.raises(ValueError, match="netkeel_greedy adds a post_upgrade step named 'cache', which is a step of"):
        step_names()


@pytest.mark.usefixtures("app_steps")
def test_a_skipped_app_step_is_reported_as_skipped() -> None:
    ran: list[str] = []

    def record_run(context: Context) -> Outcome:
        ran.append("ran")
        return Outcome(True, "ran")

    register_app_step("probe", "Probe", record_run, after="record")
    # Only the app step runs: every core step and cable-paths are skipped, so nothing touches the database.
    skip = {name for name in step_names() if name != "probe"}
    console = Console(file=None, force_terminal=False, quiet=True)
    report = pipeline.run_post_upgrade(pipeline.Options(skip=skip, interactive=False), console)
    assert ran == ["ran"]
    assert [(result.name, result.status) for result in report.steps][-2:] == [("record", "skipped"), ("probe", "done")]
    report = pipeline.run_post_upgrade(pipeline.Options(skip=skip | {"probe"}, interactive=False), console)
    assert ran == ["ran"] and report.steps[-1].status == "skipped"


@pytest.mark.usefixtures("app_steps")
def test_post_upgrade_names_a_misplaced_app_step_in_one_sentence() -> None:
    from django.core.management import CommandError, call_command

    register_app_step("lost", "Lost", noop, after="no-such-step", app="netkeel_lost")
    with pytest.raises(CommandError, match=r"^The post_upgrade step 'lost' of netkeel_lost runs after 'no-such-step'"):
        call_command("post_upgrade", "--no-input")
