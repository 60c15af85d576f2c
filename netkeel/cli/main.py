"""The `netkeel-server` entry point.

`init` and `version` work before Django starts (`version` reads the settings and asks the database one
question, without setting up the apps). Every other command is a Django management command run with
the discovered configuration. Configuration problems and an
unreachable database end in one sentence on stderr and exit status 1, never a traceback.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import warnings
from collections.abc import Sequence
from pathlib import Path

from netkeel import SETTINGS_MODULE, __version__
from netkeel.cli.init import ConfigExistsError, init_target, write_config
from netkeel.conf import ConfigError
from netkeel.conf.discovery import discover_config_path, ensure_root

PROG = "netkeel-server"

USAGE = f"""usage: {PROG} [-c CONFIG] COMMAND [ARGS...]

Commands that need no configuration:
  init [PATH]       write a documented netkeel_config.py with a new secret key (never overwrites)
  version           print the versions of netkeel, Django and Python

Every other COMMAND is a netkeel/Django management command, for example:
  check             check the configuration, the database and Redis
  migrate           apply database migrations
  post_upgrade      upgrade the database to this netkeel (run after every upgrade)
  restore FILE      put a post_upgrade backup back
  start             serve netkeel with gunicorn
  help              list every command

Options:
  -c, --config PATH use this config file (else $NETKEEL_CONFIG, else $NETKEEL_ROOT/netkeel_config.py)
"""


class UsageError(Exception):
    pass


def split_global_options(argv: Sequence[str]) -> tuple[str | None, list[str]]:
    """Take `-c PATH` / `--config PATH` / `--config=PATH` from before the command name."""
    config: str | None = None
    index = 0
    while index < len(argv):
        arg = argv[index]
        if arg in ("-c", "--config"):
            if index + 1 >= len(argv):
                raise UsageError(f"{arg} needs a path to a config file.")
            config = argv[index + 1]
            index += 2
        elif arg.startswith("--config="):
            config = arg.split("=", 1)[1]
            index += 1
        elif arg.startswith("-c") and len(arg) > 2:
            config = arg[2:]
            index += 1
        else:
            break
    return config, list(argv[index:])


def fail(message: str, code: int = 1) -> int:
    print(f"{PROG}: {message}", file=sys.stderr)
    return code


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        config_option, rest = split_global_options(args)
    except UsageError as exc:
        return fail(str(exc), 2)
    command = rest[0] if rest else None
    if command is None or command in ("-h", "--help"):
        print(USAGE, end="")
        return 0
    if command in ("version", "--version"):
        print_versions()
        if command == "version":
            print_database_version(config_option)
        return 0
    if command == "init":
        return run_init(rest[1:], config_option)
    return run_django_command(rest, config_option)


def print_versions() -> None:
    import django

    print(f"netkeel {__version__}")
    print(f"Django {django.get_version()}")
    print(f"Python {platform.python_version()}")


def print_database_version(config_option: str | None) -> None:
    """The release the database was last upgraded to, or why it cannot be told; never an error.

    Only the settings and one query: setting up every app would triple `version`'s start-up time.
    """
    try:
        config_path = discover_config_path(config_option)
        if config_path is not None:
            os.environ["NETKEEL_CONFIG"] = str(config_path)
        os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS_MODULE
        from django.conf import settings
        from django.db import connections

        database = settings.DATABASES["default"]
        if database["ENGINE"].endswith("sqlite3") and not Path(database["NAME"]).exists():
            # Asking SQLite would create an empty file; `version` changes nothing.
            print(f"Database: not created yet ({database['NAME']}); run 'netkeel-server post_upgrade'")
            return
        connection = connections["default"]
        # Django warns about queries before the apps are set up; this one reads a single known table.
        warnings.filterwarnings("ignore", message="Accessing the database during app initialization")
        try:
            if "core_installation" not in connection.introspection.table_names():
                print("Database: no netkeel release recorded yet (run 'netkeel-server post_upgrade')")
                return
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT version, finished FROM core_installation WHERE succeeded = %s "
                    "ORDER BY finished DESC, id DESC",
                    [True],
                )
                row = cursor.fetchone()
        except Exception as exc:  # noqa: BLE001 - unreachable: say so in one line
            from netkeel.core.connectivity import describe_database_error

            print(f"Database: {describe_database_error(exc)}")
            return
        if row is None:
            print("Database: no netkeel release recorded yet (run 'netkeel-server post_upgrade')")
        else:
            print(f"Database: netkeel {row[0]} (post_upgrade finished {str(row[1])[:16]} UTC)")
    except Exception as exc:  # noqa: BLE001 - version must always answer
        print(f"Database: unknown ({exc})")


def run_init(args: Sequence[str], config_option: str | None) -> int:
    parser = argparse.ArgumentParser(
        prog=f"{PROG} init",
        description="Write a documented netkeel_config.py with a freshly generated secret key. "
        "PATH is a folder (the file is named netkeel_config.py) or a .py file; by default "
        "$NETKEEL_ROOT/netkeel_config.py. An existing file is never overwritten.",
    )
    parser.add_argument("path", nargs="?", help="folder or .py file to write")
    parser.add_argument(
        "--quiet", action="store_true", help="print only what was written, not the next step (for scripts)"
    )
    options = parser.parse_args(list(args))
    target = init_target(options.path, config_option, os.environ)
    try:
        written = write_config(target)
    except ConfigExistsError as exc:
        return fail(str(exc))
    except OSError as exc:
        return fail(f"cannot write {target}: {exc.strerror or exc}.")
    print(f"Wrote {written} with a new secret key.")
    if not options.quiet:
        # post_upgrade, not migrate: it also collects static files and records the release installed.
        print(
            f"Next: review it, then run '{PROG} -c {written} post_upgrade'."
            if options.path or config_option
            else f"Next: review it, then run '{PROG} post_upgrade'."
        )
    return 0


def run_django_command(args: Sequence[str], config_option: str | None) -> int:
    try:
        config_path = discover_config_path(config_option)
    except ConfigError as exc:
        return fail(str(exc))
    if config_path is not None:
        os.environ["NETKEEL_CONFIG"] = str(config_path)
    os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS_MODULE

    try:
        import django
        from django.conf import settings

        settings.INSTALLED_APPS  # noqa: B018 - loads the settings now, so their errors land here
        if not _only_asks_for_help(args):  # help writes nothing, so it makes no root either
            ensure_root(getattr(settings, "NETKEEL_ROOT"))  # noqa: B009 - a netkeel setting the stubs do not know
        django.setup()
    except ConfigError as exc:
        return fail(str(exc))
    except ModuleNotFoundError as exc:
        return fail(
            f"the module {exc.name!r} cannot be imported; if it is a plugin listed in PLUGINS, install it "
            f"(pip install -r $NETKEEL_ROOT/local_requirements.txt) or remove it from PLUGINS."
        )

    from django.core.management import execute_from_command_line
    from django.db import InterfaceError, OperationalError, ProgrammingError

    from netkeel.core.connectivity import describe_database_error

    try:
        execute_from_command_line([PROG, *args])
    except (OperationalError, InterfaceError, ProgrammingError) as exc:
        if _is_missing_table(exc):
            return fail(
                f"the database {_database_named()} has no netkeel tables yet ({_first_line(exc)}); if that is "
                f"the database you meant, run '{PROG} post_upgrade'; if not, point {PROG} at the right one "
                f"(-c CONFIG, NETKEEL_CONFIG or NETKEEL_ROOT; from a checkout after 'make run', use ./{PROG})."
            )
        if not _is_connection_error(exc):
            raise
        return fail(describe_database_error(exc) + ".")
    return 0


def _only_asks_for_help(args: Sequence[str]) -> bool:
    return bool(args) and (args[0] == "help" or "--help" in args or "-h" in args)


def _database_named() -> str:
    """The default database as a user would look for it: the SQLite file, or engine, name and host."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    engine = str(database.get("ENGINE", "")).rsplit(".", 1)[-1]
    if engine == "sqlite3":
        return str(database.get("NAME"))
    return f"{database.get('NAME')} ({engine} at {database.get('HOST') or 'localhost'})"


def _first_line(exc: BaseException) -> str:
    return next((line.strip() for line in str(exc).splitlines() if line.strip()), type(exc).__name__)


def _is_missing_table(exc: BaseException) -> bool:
    text = str(exc).lower()
    return "no such table" in text or (
        ("relation" in text or "table" in text) and ("does not exist" in text or "doesn't exist" in text)
    )


def _is_connection_error(exc: BaseException) -> bool:
    from netkeel.core.connectivity import error_text

    text = error_text(exc).lower()
    markers = (
        "connection",
        "connect to",
        "timeout",
        "timed out",
        "could not translate host",
        "unknown database",
        "does not exist",
        "access denied",
        "password authentication",
        "unable to open database",
        "server has gone away",
        "lost connection",
    )
    return any(marker in text for marker in markers)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
