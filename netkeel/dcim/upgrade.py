"""DCIM's post_upgrade step, `cable-paths` (after `migrate`, skipped with `--no-cable-paths`): generate every
missing cable path, and list the origins it could not trace instead of aborting (DESIGN §1, step 6)."""

from __future__ import annotations

from netkeel.core.upgrade.pipeline import Context, Outcome, register_app_step


def cable_paths(context: Context) -> Outcome:
    from netkeel.dcim.cabling.rebuild import rebuild_paths

    report = rebuild_paths(progress=context.console.is_terminal)
    untraced = [(str(origin), reason) for origin, reason in report.untraced]
    for origin, reason in untraced:
        context.console.print(f"  [yellow]•[/yellow] skipped {origin}: {reason}")
    if not report.origins:
        return Outcome(False, "no missing paths")
    note = f"; {len(untraced)} origin(s) could not be traced (listed above)" if untraced else ""
    return Outcome(
        True, f"created {report.created} path(s){note}", {"created": report.created, "untraced": len(untraced)}
    )


def register() -> None:
    register_app_step("cable-paths", "Cable paths", cable_paths, after="migrate", app="dcim")
