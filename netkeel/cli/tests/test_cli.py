"""`netkeel-server` as a user runs it: a real subprocess with its own environment."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

Run = Callable[..., subprocess.CompletedProcess[str]]

pytestmark = pytest.mark.slow


def _one_sentence(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, f"expected one line on stderr, got: {stderr!r}"
    assert "Traceback" not in stderr
    return lines[0]


def test_version_prints_all_three(netkeel_server: Run) -> None:
    result = netkeel_server("version")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "netkeel 0.2.0.dev0"
    assert lines[1].startswith("Django 5.2")
    assert lines[2].startswith("Python 3.")
    assert lines[3].startswith("Database: not created yet")


def test_init_writes_once_and_never_overwrites(netkeel_server: Run, clean_env: dict[str, str]) -> None:
    target = Path(clean_env["NETKEEL_ROOT"]) / "netkeel_config.py"
    first = netkeel_server("init")
    assert first.returncode == 0, first.stderr
    assert target.is_file()
    assert target.stat().st_mode & 0o077 == 0, "the file holds the secret key: only its owner may read it"
    before = target.read_bytes()

    second = netkeel_server("init")
    assert second.returncode == 1
    sentence = _one_sentence(second.stderr)
    assert str(target) in sentence and "already exists" in sentence
    assert target.read_bytes() == before


def test_init_into_a_new_folder_and_a_named_file(netkeel_server: Run, tmp_path: Path) -> None:
    folder = tmp_path / "etc" / "netkeel"
    assert netkeel_server("init", str(folder)).returncode == 0
    assert (folder / "netkeel_config.py").is_file()
    named = tmp_path / "site.py"
    assert netkeel_server("init", str(named)).returncode == 0
    assert named.is_file()
    assert (folder / "netkeel_config.py").read_text() != named.read_text(), "each file gets its own key"


def test_written_config_is_used_by_later_commands(netkeel_server: Run, tmp_path: Path) -> None:
    config = tmp_path / "nk.py"
    assert netkeel_server("init", str(config)).returncode == 0
    secret = next(line for line in config.read_text().splitlines() if line.startswith("SECRET_KEY"))
    result = netkeel_server(
        "-c", str(config), "shell", "--no-imports", "-c", "from django.conf import settings; print(settings.SECRET_KEY)"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() in secret


def _print_setting(name: str) -> tuple[str, ...]:
    return ("shell", "--no-imports", "-c", f"from django.conf import settings; print(settings.{name})")


def test_discovery_order_option_then_variable_then_root(
    netkeel_server: Run, clean_env: dict[str, str], tmp_path: Path
) -> None:
    root = Path(clean_env["NETKEEL_ROOT"])
    root.mkdir(parents=True)
    (root / "netkeel_config.py").write_text("TIME_ZONE = 'Europe/Oslo'\n")
    (tmp_path / "env.py").write_text("TIME_ZONE = 'Asia/Tokyo'\n")
    (tmp_path / "opt.py").write_text("TIME_ZONE = 'America/Lima'\n")

    assert netkeel_server(*_print_setting("TIME_ZONE")).stdout.strip() == "Europe/Oslo"
    by_env = netkeel_server(*_print_setting("TIME_ZONE"), env={"NETKEEL_CONFIG": str(tmp_path / "env.py")})
    assert by_env.stdout.strip() == "Asia/Tokyo"
    by_option = netkeel_server(
        "-c", str(tmp_path / "opt.py"), *_print_setting("TIME_ZONE"), env={"NETKEEL_CONFIG": str(tmp_path / "env.py")}
    )
    assert by_option.stdout.strip() == "America/Lima"
    no_file = netkeel_server(*_print_setting("TIME_ZONE"), env={"NETKEEL_ROOT": str(tmp_path / "empty")})
    assert no_file.stdout.strip() == "UTC"


def test_missing_config_file_is_one_sentence(netkeel_server: Run, tmp_path: Path) -> None:
    result = netkeel_server("-c", str(tmp_path / "missing.py"), "check")
    assert result.returncode == 1
    assert "does not exist" in _one_sentence(result.stderr)


def test_config_syntax_error_is_one_sentence(netkeel_server: Run, tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("DEBUG = (\n")
    result = netkeel_server("-c", str(bad), "migrate")
    assert result.returncode == 1
    assert "syntax error on line 1" in _one_sentence(result.stderr)


def test_bad_environment_value_is_one_sentence(netkeel_server: Run) -> None:
    result = netkeel_server("check", env={"NETKEEL_DB_ENGINE": "oracle"})
    assert result.returncode == 1
    assert "NETKEEL_DB_ENGINE must be one of" in _one_sentence(result.stderr)


def test_missing_plugin_warns_everywhere_and_fails_check(netkeel_server: Run, tmp_path: Path) -> None:
    config = tmp_path / "p.py"
    config.write_text("PLUGINS = ['netkeel_no_such_plugin']\n")
    # Any other command runs without the plugin, after one warning line that names it.
    shell = netkeel_server("-c", str(config), *_print_setting("PLUGINS_SKIPPED"))
    assert shell.returncode == 0, shell.stderr
    warning = _one_sentence(shell.stderr)
    assert warning.startswith("netkeel: warning: plugin 'netkeel_no_such_plugin' was skipped")
    # `check` fails: the same warning, then one sentence per skipped plugin.
    result = netkeel_server("-c", str(config), "check")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert lines == [warning, "netkeel-server: " + warning.removeprefix("netkeel: warning: ")]


def test_unmigrated_database_is_one_sentence(netkeel_server: Run) -> None:
    result = netkeel_server("ensure_superuser")
    assert result.returncode == 1
    sentence = _one_sentence(result.stderr)
    assert "run 'netkeel-server post_upgrade'" in sentence
    # It names the database it looked at, so a user who meant another one sees the difference.
    assert "netkeel.sqlite3" in sentence and "./netkeel-server" in sentence


def test_check_on_sqlite_defaults_passes(netkeel_server: Run) -> None:
    result = netkeel_server("check")
    assert result.returncode == 0, result.stderr
    assert "Database: SQLite" in result.stdout
    assert "Redis: not configured" in result.stdout


def test_check_unreachable_postgresql(netkeel_server: Run) -> None:
    result = netkeel_server(
        "check", env={"NETKEEL_DB_ENGINE": "postgresql", "NETKEEL_DB_HOST": "127.0.0.1", "NETKEEL_DB_PORT": "1"}
    )
    assert result.returncode == 1
    expected = "netkeel-server: cannot connect to PostgreSQL at 127.0.0.1:1: connection refused."
    assert _one_sentence(result.stderr) == expected


def test_check_unreachable_mysql(netkeel_server: Run) -> None:
    pytest.importorskip("MySQLdb")
    result = netkeel_server(
        "check", env={"NETKEEL_DB_ENGINE": "mysql", "NETKEEL_DB_HOST": "127.0.0.1", "NETKEEL_DB_PORT": "1"}
    )
    assert result.returncode == 1
    assert _one_sentence(result.stderr) == "netkeel-server: cannot connect to MySQL at 127.0.0.1:1: connection refused."


def test_migrate_on_unreachable_database_is_one_sentence(netkeel_server: Run) -> None:
    result = netkeel_server(
        "migrate", env={"NETKEEL_DB_ENGINE": "postgresql", "NETKEEL_DB_HOST": "127.0.0.1", "NETKEEL_DB_PORT": "1"}
    )
    assert result.returncode == 1
    expected = "netkeel-server: cannot connect to PostgreSQL at 127.0.0.1:1: connection refused."
    assert _one_sentence(result.stderr) == expected


def test_check_unreachable_redis(netkeel_server: Run) -> None:
    result = netkeel_server("check", env={"NETKEEL_REDIS_URL": "redis://:hunter2@127.0.0.1:1/0"})
    assert result.returncode == 1
    sentence = _one_sentence(result.stderr)
    assert sentence == "netkeel-server: cannot connect to Redis at 127.0.0.1:1: connection refused."
    assert "hunter2" not in result.stdout + result.stderr


def test_check_real_services(netkeel_server: Run, require_service: Callable[[str], None]) -> None:
    require_service("postgresql")
    require_service("redis")
    result = netkeel_server(
        "check",
        env={
            "NETKEEL_DB_ENGINE": "postgresql",
            "NETKEEL_DB_HOST": "127.0.0.1",
            "NETKEEL_DB_USER": "postgres",
            "NETKEEL_DB_NAME": "postgres",
            "NETKEEL_REDIS_URL": "redis://127.0.0.1:6379/15",
        },
    )
    assert result.returncode == 0, result.stderr
    assert "Database: PostgreSQL" in result.stdout
    assert "Redis 7" in result.stdout or "Redis 6" in result.stdout or "Redis 8" in result.stdout


def test_help_creates_no_root(netkeel_server: Run, clean_env: dict[str, str]) -> None:
    """Asking for help writes nothing: no netkeel root appears where the user did not ask for one."""
    root = Path(clean_env["NETKEEL_ROOT"])
    for args in (("help",), ("--help",), ("migrate", "--help")):
        result = netkeel_server(*args)
        assert result.returncode == 0, result.stderr
        assert not root.exists(), args


def test_init_quiet_prints_only_what_it_wrote(netkeel_server: Run, clean_env: dict[str, str]) -> None:
    loud = netkeel_server("init", str(Path(clean_env["NETKEEL_ROOT"]) / "a"))
    assert "Next: review it, then run" in loud.stdout and "post_upgrade" in loud.stdout
    quiet = netkeel_server("init", "--quiet", str(Path(clean_env["NETKEEL_ROOT"]) / "b"))
    assert quiet.returncode == 0 and quiet.stdout.splitlines() == [quiet.stdout.splitlines()[0]]
    assert quiet.stdout.startswith("Wrote ") and "Next" not in quiet.stdout
