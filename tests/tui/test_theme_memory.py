"""The theme chosen in the command palette is kept per profile and used at the next start."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.command import CommandList
from textual.pilot import Pilot

from rapidly_tui.api.client import RapidlyClient
from rapidly_tui.app import RapidlyApp
from rapidly_tui.config import ConfigError, load_config, parse_config, save_theme
from rapidly_tui.connection import DEMO_URL, Connection
from rapidly_tui.demo import DEMO_TOKEN, create_app, demo_transport
from tests.tui.harness import SIZE, TODAY, make_harness, screen_named, wait_until

CONFIG = """
[profiles.default]
default_workspace = "acme"

[profiles.work]
server = "sandbox"
default_workspace = "acme"
"""
DEFAULT_THEME = "textual-dark"


def make_app(config_file: Path, *, environ: dict[str, str] | None = None) -> RapidlyApp:
    """The app as `rapidly-tui --profile work` starts it: a connection with the config
    it was read from (on the in-process demo API)."""
    transport = demo_transport(create_app())
    connection = Connection(
        server_url=DEMO_URL,
        token=DEMO_TOKEN,
        token_source="keyring",
        profile="work",
        default_workspace="acme",
        config=load_config(config_file),
    )

    def client(conn: Connection) -> RapidlyClient:
        return RapidlyClient(conn.server_url, conn.token, transport=transport)

    return RapidlyApp(
        connection=connection, client_factory=client, today=TODAY, environ=environ or {}
    )


async def choose_theme(pilot: Pilot[Any], name: str) -> None:
    """As a person does: ctrl+p, "theme", Enter (the "Theme" command), the theme's
    name, Enter."""
    app = pilot.app

    def first_option(prompt: str) -> bool:
        options = app.screen.query_one(CommandList)
        first = options.get_option_at_index(0)
        return options.highlighted == 0 and str(first.prompt).startswith(prompt)

    await pilot.press("ctrl+p")
    await pilot.press(*"theme")
    await wait_until(pilot, lambda: first_option("Theme"), what="the Theme command")
    await pilot.press("enter")
    await pilot.press(*name)
    await wait_until(pilot, lambda: first_option(name), what=f"the theme {name}")
    await pilot.press("enter")
    await wait_until(pilot, lambda: app.theme == name, what=f"theme {name}")


async def test_the_theme_chosen_is_kept_for_the_profile_and_used_at_the_next_start(
    tmp_path: Path,
) -> None:
    config_file = tmp_path / "config.toml"
    config_file.write_text(CONFIG)

    first = make_app(config_file)
    async with first.run_test(size=SIZE) as pilot:
        await wait_until(pilot, screen_named(first, "OverviewScreen"), what="overview")
        assert first.theme == DEFAULT_THEME
        await choose_theme(pilot, "textual-light")

    saved = load_config(config_file)
    assert saved.profile("work").theme == "textual-light"
    assert saved.profile("work").server == "sandbox"  # the rest of the file is kept
    assert saved.profile("default").theme is None  # per profile
    assert saved.profile("default").default_workspace == "acme"
    assert 'theme = "textual-light"' in config_file.read_text()

    second = make_app(config_file)
    async with second.run_test(size=SIZE) as pilot:
        await wait_until(pilot, screen_named(second, "OverviewScreen"), what="overview")
        assert second.theme == "textual-light"
        assert second.current_theme.dark is False


async def test_no_color_wins_over_the_remembered_theme(tmp_path: Path) -> None:
    config_file = tmp_path / "config.toml"
    config_file.write_text(CONFIG.replace('server = "sandbox"', 'theme = "textual-light"'))
    before = config_file.read_bytes()
    app = make_app(config_file, environ={"NO_COLOR": "1"})
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, screen_named(app, "OverviewScreen"), what="overview")
        assert app.theme == DEFAULT_THEME
    assert config_file.read_bytes() == before  # not applied, not forgotten either


async def test_a_theme_that_no_longer_exists_is_ignored(tmp_path: Path) -> None:
    config_file = tmp_path / "config.toml"
    config_file.write_text(CONFIG.replace('server = "sandbox"', 'theme = "gone-theme"'))
    app = make_app(config_file)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, screen_named(app, "OverviewScreen"), what="overview")
        assert app.theme == DEFAULT_THEME


async def test_the_demo_writes_no_config_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    h = make_harness()
    async with h.app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, screen_named(h.app, "OverviewScreen"), what="overview")
        h.app.theme = "textual-light"
        await pilot.pause(0.1)
    assert not (tmp_path / "rapidly-tui").exists()


def test_the_theme_is_a_string_in_the_config_file(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    with pytest.raises(ConfigError, match="'theme' must be a string"):
        parse_config(b"[profiles.default]\ntheme = 3\n", path)
    path.write_text(CONFIG)
    save_theme(path, "ops", "nord")  # a profile not in the file yet
    assert load_config(path).profile("ops").theme == "nord"
    assert load_config(path).profile("work").server == "sandbox"
