"""The version handshake: a worker runs jobs only with the release the database was upgraded to, since
web and worker must run the same code (an old worker would write with old rules into a new schema)."""

from __future__ import annotations

from netkeel import __version__


def version_sentence(code: str, recorded: str) -> str:
    return f"This worker runs netkeel {code} but the database is at {recorded}; restart the worker after upgrading."


def version_problem() -> str | None:
    """The refusal sentence when the code differs from the version recorded by `post_upgrade`, else None.

    A database with no recorded release (set up with `migrate` alone, as `make run` does) is accepted:
    there is nothing to compare with.
    """
    from netkeel.core.models.installation import recorded_version

    recorded = recorded_version()
    if recorded is None or recorded == __version__:
        return None
    return version_sentence(__version__, recorded)
