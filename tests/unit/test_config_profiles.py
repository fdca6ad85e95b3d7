"""The profiles file: where it lives, round trip, and what it refuses."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from rapidly_tui.auth import ConfigError
from rapidly_tui.config import (
    Config,
    Profile,
    app_paths,
    load_config,
    save_config,
    validate_profile_name,
)


@pytest.fixture(autouse=True)
def isolated_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in ("XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME"):
        monkeypatch.setenv(name, str(tmp_path / name.lower()))
    return tmp_path


def test_paths_follow_the_xdg_variables(isolated_dirs: Path) -> None:
    paths = app_paths()
    assert paths.config_file == isolated_dirs / "xdg_config_home" / "rapidly-tui" / "config.toml"
    assert paths.token_file.parent == paths.config_dir
    assert paths.state_dir == isolated_dirs / "xdg_state_home" / "rapidly-tui"
    assert paths.cache_dir == isolated_dirs / "xdg_cache_home" / "rapidly-tui"
    assert paths.log_dir.is_relative_to(paths.state_dir)


def test_missing_file_is_an_empty_config() -> None:
    config = load_config()
    assert not config.exists
    assert config.profiles == {}
    assert config.profile(None) == Profile("default")
    assert config.profile("staging") == Profile("staging")


def test_round_trip_keeps_every_field() -> None:
    config = load_config()
    config = config.with_profile(Profile("default", "production", "acme"))
    config = config.with_profile(Profile("staging", "https://staging.example.com", None, True))
    config = config.with_profile(Profile("bare"))
    save_config(config)
    again = load_config()
    assert again.exists
    assert dict(again.profiles) == dict(config.profiles)
    assert again.profile("staging").insecure_storage is True
    assert again.profile("default").default_workspace == "acme"


def test_saved_file_is_private_toml_without_tokens() -> None:
    path = save_config(load_config().with_profile(Profile("default", "sandbox"))).path
    text = path.read_text()
    assert "[profiles.default]" in text
    assert 'server = "sandbox"' in text
    assert "token =" not in text
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


def test_unknown_keys_are_ignored_for_forward_compatibility() -> None:
    path = app_paths().config_file
    path.parent.mkdir(parents=True)
    path.write_text('future = 1\n[profiles.default]\nserver = "sandbox"\ntheme = "dark"\n')
    assert load_config().profile("default").server == "sandbox"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("[profiles.default\n", "not valid TOML"),
        ("profiles = 3\n", "'profiles' must be a table"),
        ("[profiles.default]\nserver = 1\n", "'server' must be a string"),
        ("[profiles.default]\ninsecure_storage = 'yes'\n", "must be true or false"),
        ("[profiles.default]\ntoken = 'rapidly_oat_x'\n", "must not hold a token"),
        ('[profiles."bad name"]\n', "Invalid profile name"),
        (b"\xff\xfe".decode("latin-1"), "not valid TOML"),
    ],
)
def test_broken_files_are_usage_errors_naming_the_file(body: str, expected: str) -> None:
    path = app_paths().config_file
    path.parent.mkdir(parents=True)
    path.write_text(body, encoding="latin-1" if "\xff" in body else "utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config()
    assert expected in caught.value.message
    assert str(path) in caught.value.message
    assert caught.value.exit_code == 2
    assert "rapidly_oat_x" not in caught.value.message


@pytest.mark.parametrize("name", ["default", "prod-eu", "a", "x.y_z", "A1"])
def test_profile_names_accepted(name: str) -> None:
    assert validate_profile_name(name) == name


@pytest.mark.parametrize("name", ["", "-x", "has space", "a/b", "x" * 65, "\x1b[31m"])
def test_profile_names_refused(name: str) -> None:
    with pytest.raises(ConfigError) as caught:
        validate_profile_name(name)
    assert "\x1b" not in caught.value.message


def test_config_is_frozen_and_with_profile_copies() -> None:
    base = Config(Path("x.toml"))
    changed = base.with_profile(Profile("p"))
    assert base.profiles == {}
    assert "p" in changed.profiles
