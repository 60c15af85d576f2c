"""The plugin's post_upgrade step, `example-widgets` (after `migrate`, skipped with
`--no-example-widgets`): make sure the default widget exists. Idempotent, like every step."""

from __future__ import annotations

from netkeel.core.upgrade.pipeline import Context, Outcome, register_app_step

DEFAULT_WIDGET = "default"


def ensure_default_widget(context: Context) -> Outcome:
    from netkeel_example_plugin.services import make_widgets

    made = make_widgets(DEFAULT_WIDGET, 1)
    if not made:
        return Outcome(False, "the default widget exists")
    return Outcome(True, f"made the default widget {made[0].name!r}", {"made": [made[0].name]})


def register() -> None:
    register_app_step(
        "example-widgets", "Example widgets", ensure_default_widget, after="migrate", app="netkeel_example_plugin"
    )
