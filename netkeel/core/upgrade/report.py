"""What a `post_upgrade` run did: one `StepResult` per step, and the run's report for people and machines."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

DONE = "done"
NOTHING_TO_DO = "nothing to do"
SKIPPED = "skipped"
FAILED = "failed"
REFUSED = "refused"

EXIT_DONE = 0
EXIT_REFUSED = 1
EXIT_FAILED = 2


@dataclass(frozen=True)
class StepResult:
    name: str
    status: str
    seconds: float
    detail: str = ""
    data: dict[str, Any] = field(default_factory=dict)


@dataclass
class RunReport:
    version: str
    previous_version: str | None
    steps: list[StepResult] = field(default_factory=list)
    exit_code: int = EXIT_DONE
    problem: str = ""  # the sentence that says why the run stopped, when it did

    @property
    def seconds(self) -> float:
        return sum(step.seconds for step in self.steps)

    def as_json(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "previous_version": self.previous_version,
            "exit_code": self.exit_code,
            "problem": self.problem,
            "seconds": round(self.seconds, 3),
            "steps": [{**asdict(step), "seconds": round(step.seconds, 3)} for step in self.steps],
        }
