"""The `post_upgrade` pipeline: an ordered registry of named steps, each idempotent, skippable and timed.

Core's own steps are registered by `netkeel.core.upgrade.steps`; apps and plugins add theirs from their
AppConfig.ready() with `register_app_step` (DCIM's `cable-paths`, say), each placed after a named step and
skippable with `--no-<name>` like core's.

A step returns what it did (or that it had nothing to do); raising `Refused` stops the run before anything
changed (exit 1), any other error stops it with the step named (exit 2). The lock taken by the `lock` step
is held, through the run's exit stack, until the last step has run.
"""

from __future__ import annotations

import getpass
import platform
import socket
import sys
import time
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone
from rich.console import Console

from netkeel import __version__
from netkeel.core.upgrade.preflight import Preflight
from netkeel.core.upgrade.report import (
    DONE,
    EXIT_FAILED,
    EXIT_REFUSED,
    FAILED,
    NOTHING_TO_DO,
    REFUSED,
    SKIPPED,
    RunReport,
    StepResult,
)


class Refused(Exception):
    """The run must not go on, and nothing has been changed; the message is one sentence."""


@dataclass(frozen=True)
class Outcome:
    did_something: bool
    detail: str = ""
    data: dict[str, Any] = field(default_factory=dict)


@dataclass
class Options:
    skip: set[str] = field(default_factory=set)
    yes: bool = False
    force: bool = False
    backup_dir: Path | None = None
    lock_timeout: float = 60.0
    interactive: bool = True


@dataclass
class Context:
    options: Options
    console: Console
    stack: ExitStack
    report: RunReport
    started: Any = None
    preflight: Preflight | None = None


@dataclass(frozen=True)
class Step:
    name: str
    title: str
    run: Callable[[Context], Outcome]


@dataclass(frozen=True)
class AppStep:
    """A step an app adds: run right after the step named `after` (core's or another app's)."""

    step: Step
    after: str
    app: str


STEPS: list[Step] = []  # core's, in order
_app_steps: dict[str, AppStep] = {}


def step(name: str, title: str) -> Callable[[Callable[[Context], Outcome]], Callable[[Context], Outcome]]:
    def register(function: Callable[[Context], Outcome]) -> Callable[[Context], Outcome]:
        STEPS.append(Step(name, title, function))
        return function

    return register


def register_app_step(
    name: str, title: str, run: Callable[[Context], Outcome], *, after: str = "migrate", app: str = ""
) -> None:
    """Add the step `name` (its flag is `--no-<name>`) after the step `after`; for an app's ready().

    Registering a name again replaces the step (ready() may run twice in tests). Steps placed after the
    same step run in the order they were registered.
    """
    _app_steps[name] = AppStep(Step(name, title, run), after, app)


def app_steps() -> list[AppStep]:
    return list(_app_steps.values())


def ordered_steps() -> list[Step]:
    """Core's steps with every app's inserted after the step it names."""
    import netkeel.core.upgrade.steps  # noqa: F401 - registers core's steps, in order

    core = {registered.name for registered in STEPS}
    for added in _app_steps.values():
        if added.step.name in core:
            raise ValueError(
                f"{added.app or 'An app'} adds a post_upgrade step named {added.step.name!r}, which is a step of "
                "netkeel core; the app must name its step otherwise."
            )
    ordered: list[Step] = []
    pending = list(_app_steps.values())

    def place(anchor: str) -> None:
        for added in [added for added in pending if added.after == anchor]:
            pending.remove(added)
            ordered.append(added.step)
            place(added.step.name)

    for registered in STEPS:
        ordered.append(registered)
        place(registered.name)
    for added in pending:
        raise ValueError(
            f"The post_upgrade step {added.step.name!r} of {added.app or 'an app'} runs after "
            f"{added.after!r}, which is no step; name one of: {', '.join(step.name for step in ordered)}."
        )
    return ordered


def step_names() -> list[str]:
    return [registered.name for registered in ordered_steps()]


def run_post_upgrade(options: Options, console: Console) -> RunReport:
    from netkeel.core.models import recorded_version

    started = timezone.now()
    report = RunReport(version=__version__, previous_version=None)
    with ExitStack() as stack:
        context = Context(options, console, stack, report, started)
        try:
            report.previous_version = recorded_version()
        except Exception:  # noqa: BLE001 - an unreachable database is preflight's to report
            report.previous_version = None
        for registered in ordered_steps():
            if registered.name in options.skip:
                report.steps.append(StepResult(registered.name, SKIPPED, 0.0))
                console.print(f"[dim]- {registered.title}: skipped[/dim]")
                continue
            began = time.perf_counter()
            try:
                outcome = registered.run(context)
            except Refused as exc:
                report.steps.append(StepResult(registered.name, REFUSED, time.perf_counter() - began, str(exc)))
                report.exit_code, report.problem = EXIT_REFUSED, str(exc)
                console.print(f"[red]✗ {registered.title}: refused[/red]\n  {exc}")
                break
            except Exception as exc:  # noqa: BLE001 - any failure is reported with the step that failed
                message = failure_sentence(registered, exc)
                report.steps.append(StepResult(registered.name, FAILED, time.perf_counter() - began, message))
                report.exit_code, report.problem = EXIT_FAILED, message
                console.print(f"[red]✗ {registered.title}: failed[/red]\n  {message}")
                record_failure(report, started)
                break
            seconds = time.perf_counter() - began
            status = DONE if outcome.did_something else NOTHING_TO_DO
            report.steps.append(StepResult(registered.name, status, seconds, outcome.detail, outcome.data))
            mark = "✓" if outcome.did_something else "·"
            console.print(f"{mark} {registered.title}: {outcome.detail or status} [dim]({seconds:.2f}s)[/dim]")
    return report


def failure_sentence(registered: Step, exc: BaseException) -> str:
    first = next((line.strip() for line in str(exc).splitlines() if line.strip()), type(exc).__name__)
    return (
        f"The {registered.name} step failed: {first.rstrip('.')}. Fix the cause and run post_upgrade again; "
        f"finished steps are not repeated (or skip this one with --no-{registered.name})."
    )


def record_failure(report: RunReport, started: Any) -> None:
    """Keep a failed run in the installation history when the table exists; never hide the real error."""
    try:
        from netkeel.core.models import Installation

        write_installation(report, started, succeeded=False, model=Installation)
    except Exception:  # noqa: BLE001 - the history is best effort once a step has failed
        pass


def write_installation(report: RunReport, started: Any, *, succeeded: bool, model: Any) -> Any:
    from django.db import connection

    if model._meta.db_table not in connection.introspection.table_names():
        return None
    return model.objects.create(
        version=report.version,
        previous_version=report.previous_version or "",
        started=started,
        finished=timezone.now(),
        succeeded=succeeded,
        steps=report.as_json()["steps"],
        host=socket.gethostname()[:255],
        user=_user()[:100],
        python=platform.python_version(),
        database=settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1],
    )


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no user name in some containers
        return ""


def is_interactive() -> bool:
    return sys.stdin is not None and sys.stdin.isatty()
