"""The demo generator as a job: fill an empty database with the demo network from the API or the worker."""

from __future__ import annotations

from typing import Any

from netkeel.dcim.demo import SIZES
from netkeel.demo.builder import build_demo
from netkeel.extras.jobs import ChoiceVar, IntegerVar, Job


class GenerateDemoData(Job):
    class Meta:
        name = "Generate demo data"
        description = "Fill an empty database with a deterministic demo network (sites, racks, devices, cables)."

    size = ChoiceVar(
        choices=[(name, f"{name} ({size.sites} site(s))") for name, size in SIZES.items()],
        default="small",
        description="How big a network.",
    )
    seed = IntegerVar(min_value=0, default=1, description="The same seed always gives the same data.")

    def run(self, size: str = "small", seed: int = 1) -> dict[str, Any]:
        report = build_demo(size, seed=seed, progress=self.logger.info)
        if report.untraced:
            self.logger.warning("%d origin(s) could not be traced.", report.untraced)
        self.logger.success(
            "Generated the %s demo network (seed %d) in %.1fs.",
            report.size,
            report.seed,
            report.write_seconds + report.trace_seconds,
        )
        return {"size": report.size, "seed": report.seed, "counts": report.counts, "untraced": report.untraced}
