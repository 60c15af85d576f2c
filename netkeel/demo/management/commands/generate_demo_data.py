"""`netkeel-server generate_demo_data --size small|medium|large [--seed N]`: fill an empty database with a
demo data-centre network (see `netkeel.dcim.demo`) and trace its cable paths."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from netkeel.dcim.demo import SIZES, DemoDataError
from netkeel.demo.builder import build_demo


class Command(BaseCommand):
    help = "Fill an empty database with a deterministic demo network (sites, racks, devices, cables, paths)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--size", choices=list(SIZES), default="small", help="How big a network (default small).")
        parser.add_argument("--seed", type=int, default=1, help="The same seed always gives the same data (default 1).")
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing (and succeed) when the database already has devices."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from netkeel.dcim.models import Device

        if options["if_empty"] and Device.objects.exists():
            self.stdout.write(
                "The database already has devices, so no demo data was added (a demo never mixes with your "
                "own). To see the demo, give it a root of its own: make run DEMO=small "
                "RUN_ROOT=./.netkeel-demo (or NETKEEL_ROOT=... netkeel-server generate_demo_data --size small)."
            )
            return
        # Each stage is one line as it starts (a medium network takes half a minute); -v 0 keeps it quiet.
        write = self.stdout.write if options["verbosity"] >= 1 else None
        try:
            report = build_demo(options["size"], seed=options["seed"], progress=write)
        except DemoDataError as exc:
            raise CommandError(str(exc)) from None
        width = max(len(name) for name in report.counts)
        for name, count in report.counts.items():
            self.stdout.write(f"  {name:<{width}}  {count:>9,}")
        if report.untraced:
            self.stderr.write(f"{report.untraced} origin(s) could not be traced; run 'netkeel-server trace_paths'.")
        self.stdout.write(
            f"Generated the {report.size} demo network (seed {report.seed}): written in {report.write_seconds:.1f}s, "
            f"paths traced in {report.trace_seconds:.1f}s."
        )
