"""The plugin's job, registered from its config's `ready()` (`register_job_module`): make widgets in bulk."""

from __future__ import annotations

from typing import Any

from netkeel.extras.jobs import IntegerVar, Job, StringVar
from netkeel_example_plugin.services import make_widgets

name = "Example plugin"


class MakeWidgets(Job):
    """Make `count` widgets named `<prefix>-1` … `<prefix>-<count>` (those that exist are kept)."""

    class Meta:
        name = "Make widgets"

    prefix = StringVar(min_length=1, max_length=50)
    count = IntegerVar(min_value=1, max_value=100, default=3)

    def run(self, prefix: str, count: int) -> dict[str, Any]:
        made = make_widgets(prefix, count)
        self.logger.info("Made %d widget(s)", len(made))
        return {"made": [widget.name for widget in made]}
