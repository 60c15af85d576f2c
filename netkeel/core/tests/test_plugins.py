"""Plugins load when they fit this netkeel and are skipped, loudly, when they do not (USER-PAIN §1.5).

INSTALLED_APPS cannot change inside a running test process, so what Django makes of a plugin is tested
in `netkeel-server` subprocesses; the sorting itself (`resolve_plugins`) is tested in process on small
packages written to a temporary folder.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from packaging.version import Version

from netkeel import __version__
from netkeel.conf import defaults
from netkeel.conf.loader import load_settings, resolve_plugins, within_range
from netkeel.core.plugins import installed_plugins, plugin_problems

Run = Callable[..., subprocess.CompletedProcess[str]]

EXAMPLE_PLUGIN_ROOT = Path(__file__).resolve().parents[3] / "examples" / "netkeel_example_plugin"


def write_plugin(folder: Path, name: str, **attributes: Any) -> str:
    """A plugin package `name` in `folder` whose config class has `attributes`; returns `name`."""
    package = folder / name
    package.mkdir(parents=True)
    body = "".join(f"    {key} = {value!r}\n" for key, value in attributes.items())
    (package / "__init__.py").write_text(
        "from netkeel.core.plugins import PluginConfig\n\n\n"
        "class FakeConfig(PluginConfig):\n"
        f"    name = {name!r}\n"
        f"{body}\n\n"
        "config = FakeConfig\n"
    )
    return name


@pytest.fixture
def plugin_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A folder on sys.path for fake plugins; the modules imported from it are forgotten afterwards."""
    folder = tmp_path / "plugins"
    folder.mkdir()
    monkeypatch.syspath_prepend(str(folder))
    yield folder
    for name in [name for name in sys.modules if name.split(".")[0] in {p.name for p in folder.iterdir()}]:
        del sys.modules[name]


def unique(prefix: str) -> str:
    # Each test imports its own package name: a module imported once stays in sys.modules.
    return f"{prefix}_{uuid.uuid4().hex[:8]}"


# --- The version range ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("current", "minimum", "maximum", "inside"),
    [
        ("0.1.0", None, None, True),
        ("0.1.0", "0.1", "0.1", True),
        ("0.1.7", None, "0.1", True),  # "0.1" is the whole series
        ("0.2.0", None, "0.1", False),
        ("0.1.4", None, "0.1.3", False),
        ("0.1.3", None, "0.1.3", True),
        ("0.1.0.dev0", "0.1.0", None, True),  # a pre-release counts as the release it leads to
        ("0.2.0rc1", "0.2", "0.2", True),
        ("0.1.0.dev0", None, "0.0.1", False),
        ("0.9", "1", None, False),
        ("1.0", "1", None, True),
        ("2.0.0", None, "1.9999", False),
        ("1", "1.0.0", "1.0.0", True),  # a shorter version is padded with zeros
    ],
)
def test_range_is_inclusive_at_the_precision_written(
    current: str, minimum: str | None, maximum: str | None, inside: bool
) -> None:
    assert (
        within_range(
            Version(current),
            None if minimum is None else Version(minimum),
            None if maximum is None else Version(maximum),
        )
        is inside
    )


# --- Sorting plugins in or out, in process ---------------------------------------------------------


def test_plugin_in_range_is_installed_as_its_config_class(plugin_folder: Path) -> None:
    name = write_plugin(plugin_folder, unique("nk_fits"), min_version="0.1", max_version="0.1")
    result = resolve_plugins([name, name], {}, netkeel_version="0.1.0")
    assert result.app_paths == (f"{name}.FakeConfig",), "listed twice, installed once"
    assert result.skipped == {}


def test_out_of_range_names_plugin_range_and_version(plugin_folder: Path) -> None:
    name = write_plugin(plugin_folder, unique("nk_old"), version="2.3", min_version="0.0.1", max_version="0.0.9")
    result = resolve_plugins([name], {}, netkeel_version="0.1.0.dev0")
    assert result.app_paths == ()
    sentence = result.skipped[name]
    assert f"plugin '{name}' 2.3 was skipped" in sentence
    assert "netkeel 0.0.1 to 0.0.9" in sentence and "this is netkeel 0.1.0.dev0" in sentence


def test_one_bad_plugin_does_not_keep_the_others_out(plugin_folder: Path) -> None:
    good = write_plugin(plugin_folder, unique("nk_good"))
    bad = write_plugin(plugin_folder, unique("nk_bad"), min_version="99")
    result = resolve_plugins(["nk_not_installed_anywhere", bad, good], {}, netkeel_version="0.1.0")
    assert result.app_paths == (f"{good}.FakeConfig",)
    assert list(result.skipped) == ["nk_not_installed_anywhere", bad]
    assert "ModuleNotFoundError" in result.skipped["nk_not_installed_anywhere"]
    assert "netkeel 99 or later" in result.skipped[bad]


def test_defaults_merge_under_the_operators_settings(plugin_folder: Path) -> None:
    name = write_plugin(plugin_folder, unique("nk_defaults"), default_settings={"colour": "blue", "size": 3})
    result = resolve_plugins([name], {name: {"size": 5}}, netkeel_version="0.1.0")
    assert result.config[name] == {"colour": "blue", "size": 5}


def test_missing_required_setting_skips_the_plugin(plugin_folder: Path) -> None:
    name = write_plugin(
        plugin_folder, unique("nk_needs"), required_settings=["api_url", "token"], default_settings={"token": "t"}
    )
    result = resolve_plugins([name], {name: {}}, netkeel_version="0.1.0")
    assert result.app_paths == ()
    assert f"PLUGINS_CONFIG['{name}'] lacks its required setting(s) 'api_url'" in result.skipped[name]
    assert resolve_plugins([name], {name: {"api_url": "x"}}, netkeel_version="0.1.0").skipped == {}


def test_a_crashing_import_is_a_skip_not_a_crash(plugin_folder: Path) -> None:
    name = unique("nk_crashes")
    (plugin_folder / name).mkdir()
    (plugin_folder / name / "__init__.py").write_text("raise RuntimeError('touches the database at import')\n")
    result = resolve_plugins([name], {}, netkeel_version="0.1.0")
    assert "RuntimeError: touches the database at import" in result.skipped[name]


@pytest.mark.parametrize(
    ("init", "expected"),
    [
        ("", "sets no `config` to a subclass of netkeel.core.plugins.PluginConfig"),
        (
            "from django.apps import AppConfig\nclass C(AppConfig):\n    name = __name__\nconfig = C\n",
            "sets no `config` to a subclass of netkeel.core.plugins.PluginConfig",
        ),
        (
            "from netkeel.core.plugins import PluginConfig\nclass C(PluginConfig):\n    name = 'other'\nconfig = C\n",
            "its config class names the app 'other'",
        ),
        (
            "from netkeel.core.plugins import PluginConfig\n"
            "class C(PluginConfig):\n    name = __name__\n    max_version = 'soon'\nconfig = C\n",
            "its max_version 'soon' is not a version number",
        ),
    ],
)
def test_packages_that_are_not_proper_plugins_are_skipped(plugin_folder: Path, init: str, expected: str) -> None:
    name = unique("nk_odd")
    (plugin_folder / name).mkdir()
    (plugin_folder / name / "__init__.py").write_text(init)
    assert expected in resolve_plugins([name], {}).skipped[name]


def test_load_settings_records_skips_and_warns(
    plugin_folder: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    name = write_plugin(plugin_folder, unique("nk_capped"), max_version="0.0.1")
    (tmp_path / "netkeel_config.py").write_text(f"PLUGINS = [{name!r}]\n")
    with caplog.at_level("WARNING", logger="netkeel.plugins"):
        settings = load_settings({"NETKEEL_ROOT": str(tmp_path)})
    assert list(settings["PLUGINS_SKIPPED"]) == [name]
    assert not any(app.startswith(name) for app in settings["INSTALLED_APPS"])
    assert settings["INSTALLED_APPS"] == list(defaults.INSTALLED_APPS), "nothing added for the skipped plugin"
    assert [record.getMessage() for record in caplog.records] == [
        f"netkeel: warning: {settings['PLUGINS_SKIPPED'][name]}"
    ]


def test_plugins_config_must_be_a_dict_of_dicts(tmp_path: Path) -> None:
    from netkeel.conf import ConfigError

    (tmp_path / "netkeel_config.py").write_text("PLUGINS_CONFIG = {'nk': 'on'}\n")
    with pytest.raises(ConfigError, match="PLUGINS_CONFIG must map each plugin's name to a dict"):
        load_settings({"NETKEEL_ROOT": str(tmp_path)})


def test_the_test_process_has_no_plugins() -> None:
    assert installed_plugins() == []
    assert plugin_problems() == []


# --- What Django makes of it: real netkeel-server processes ---------------------------------------

REPORT = (
    "import json; from django.apps import apps; from django.conf import settings; "
    "from netkeel.core.plugins import PluginConfig, installed_plugins, plugin_problems; "
    "print(json.dumps({'installed': [c.name for c in installed_plugins()], "
    "'plugin_configs': [isinstance(c, PluginConfig) for c in apps.get_app_configs() if c.name in settings.PLUGINS], "
    "'settings': settings.PLUGINS_CONFIG, 'problems': plugin_problems()}))"
)


def _report(
    netkeel_server: Run, clean_env: dict[str, str], tmp_path: Path, config: str, *paths: Path
) -> tuple[dict[str, Any], subprocess.CompletedProcess[str]]:
    config_file = tmp_path / "plugins_config.py"
    config_file.write_text(config)
    python_path = os.pathsep.join([*(str(path) for path in paths), clean_env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    result = netkeel_server(
        "-c", str(config_file), "shell", "--no-imports", "-c", REPORT, env={"PYTHONPATH": python_path}
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout), result


@pytest.mark.slow
def test_example_plugin_in_range_is_an_installed_plugin_config(
    netkeel_server: Run, clean_env: dict[str, str], tmp_path: Path
) -> None:
    report, result = _report(
        netkeel_server,
        clean_env,
        tmp_path,
        "PLUGINS = ['netkeel_example_plugin']\nPLUGINS_CONFIG = {'netkeel_example_plugin': {'extra': 1}}\n",
        EXAMPLE_PLUGIN_ROOT,
    )
    assert report["installed"] == ["netkeel_example_plugin"]
    assert report["plugin_configs"] == [True]
    assert report["settings"] == {"netkeel_example_plugin": {"greeting": "Hello", "extra": 1}}
    assert report["problems"] == []
    assert "warning" not in result.stderr


@pytest.mark.slow
def test_out_of_range_plugin_is_skipped_and_the_command_still_runs(
    netkeel_server: Run, clean_env: dict[str, str], tmp_path: Path
) -> None:
    folder = tmp_path / "site-plugins"
    write_plugin(folder, "nk_capped_plugin", version="1.4.0", max_version="0.0.1")
    report, result = _report(
        netkeel_server,
        clean_env,
        tmp_path,
        "PLUGINS = ['nk_capped_plugin', 'netkeel_example_plugin']\n",
        folder,
        EXAMPLE_PLUGIN_ROOT,
    )
    assert report["installed"] == ["netkeel_example_plugin"], "the other plugin still loads"
    [problem] = report["problems"]
    assert "'nk_capped_plugin' 1.4.0" in problem
    assert "netkeel up to 0.0.1" in problem and f"this is netkeel {__version__}" in problem
    warnings = [line for line in result.stderr.splitlines() if line.strip()]
    assert warnings == [f"netkeel: warning: {problem}"]


@pytest.mark.slow
def test_missing_required_setting_is_skipped(netkeel_server: Run, clean_env: dict[str, str], tmp_path: Path) -> None:
    folder = tmp_path / "site-plugins"
    write_plugin(folder, "nk_needs_token", required_settings=["token"])
    report, result = _report(netkeel_server, clean_env, tmp_path, "PLUGINS = ['nk_needs_token']\n", folder)
    assert report["installed"] == []
    [problem] = report["problems"]
    assert "PLUGINS_CONFIG['nk_needs_token'] lacks its required setting(s) 'token'" in problem
    assert "nk_needs_token" in result.stderr


@pytest.mark.slow
def test_plugin_that_is_not_installed_is_skipped(
    netkeel_server: Run, clean_env: dict[str, str], tmp_path: Path
) -> None:
    report, result = _report(netkeel_server, clean_env, tmp_path, "PLUGINS = ['netkeel_no_such_plugin']\n")
    assert report["installed"] == []
    assert "netkeel_no_such_plugin" in report["problems"][0]
    assert "Traceback" not in result.stderr


JOBS_REPORT = (
    "import json; from netkeel.extras.jobs.discovery import discover; found = discover(); "
    "print(json.dumps({'jobs': [[j.module_name, j.class_name, j.default_grouping] for j in found.jobs "
    "if not j.module_name.startswith('netkeel.')], 'errors': found.errors}))"
)


@pytest.mark.slow
def test_a_plugins_jobs_are_those_it_registers_not_a_module_found_by_name(
    netkeel_server: Run, clean_env: dict[str, str], tmp_path: Path
) -> None:
    folder = tmp_path / "site-plugins"
    write_plugin(folder, "nk_quiet_plugin")
    (folder / "nk_quiet_plugin" / "jobs.py").write_text(
        "from netkeel.extras.jobs import Job\n\n\nclass NotOffered(Job):\n    def run(self) -> None:\n        pass\n"
    )
    config_file = tmp_path / "plugins_config.py"
    config_file.write_text("PLUGINS = ['nk_quiet_plugin', 'netkeel_example_plugin']\n")
    python_path = os.pathsep.join([str(folder), str(EXAMPLE_PLUGIN_ROOT)])
    result = netkeel_server(
        "-c", str(config_file), "shell", "--no-imports", "-c", JOBS_REPORT, env={"PYTHONPATH": python_path}
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report == {"jobs": [["netkeel_example_plugin.jobs", "MakeWidgets", "Example plugin"]], "errors": {}}
