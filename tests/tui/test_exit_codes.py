"""The TUI exits with the README's codes: one test per row of its exit-code table.

The explorer exits with the code of what kept it from starting (a whole-screen message,
or the login screen left without a token), whichever key quits (q, ctrl+q, Escape on
the login screen); once a screen with data is open, quitting is 0.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from rapidly_tui import exitcodes
from rapidly_tui.app import RapidlyApp
from rapidly_tui.connection import ConnectionOptions
from rapidly_tui.demo import FaultPlan
from tests.tui.harness import SIZE, make_harness, screen_named, wait_until


async def _quit_from_message(faults: FaultPlan, key: str = "q") -> tuple[int | None, str]:
    h = make_harness(faults=faults, default_workspace=None)
    async with h.app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, screen_named(h.app, "MessageScreen"), what="message")
        body: str = h.app.screen.body_plain  # type: ignore[attr-defined]
        await pilot.press(key)
    return h.app.return_code, body


async def test_0_success() -> None:
    h = make_harness()
    async with h.app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, screen_named(h.app, "OverviewScreen"))
        await pilot.press("q")
    assert h.app.return_code == exitcodes.OK


async def test_1_unexpected_error() -> None:
    faults = FaultPlan()
    faults.malformed_json("/api/workspaces/")
    code, body = await _quit_from_message(faults)
    assert "Unreadable response" in body
    assert code == exitcodes.UNEXPECTED


async def test_2_usage_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ("XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"):
        monkeypatch.setenv(name, str(tmp_path / name.lower()))
    monkeypatch.delenv("RAPIDLY_SERVER_URL", raising=False)
    monkeypatch.delenv("RAPIDLY_ACCESS_TOKEN", raising=False)
    app = RapidlyApp(ConnectionOptions(server="http://rapidly.example.com"))
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, screen_named(app, "MessageScreen"))
        await pilot.press("q")
    assert app.return_code == exitcodes.USAGE


@pytest.mark.parametrize("key", ["q", "ctrl+q"])
async def test_3_forbidden_at_start_up(key: str) -> None:
    faults = FaultPlan()
    faults.status("/api/", 403)  # neither workspaces nor customers can be read
    code, body = await _quit_from_message(faults, key)
    assert "Permission denied (403)" in body
    assert code == exitcodes.AUTH


async def test_3_rejected_token_from_the_environment() -> None:
    faults = FaultPlan()
    faults.status("/api/", 401)
    h = make_harness(faults=faults)
    h.app._connection = replace(h.app.connection, token_source="env")
    async with h.app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, screen_named(h.app, "MessageScreen"))
        await pilot.press("q")
    assert h.app.return_code == exitcodes.AUTH


@pytest.mark.parametrize("rejected", [False, True])
async def test_3_leaving_the_login_screen_without_a_token(rejected: bool) -> None:
    faults = FaultPlan()
    if rejected:
        faults.status("/api/", 401)  # a stored token the server rejects
    h = make_harness(faults=faults, token="rapidly_oat_stale" if rejected else None)
    async with h.app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, screen_named(h.app, "LoginScreen"))
        await pilot.press("escape")
    assert h.app.return_code == exitcodes.AUTH


async def test_4_not_found_at_start_up() -> None:
    faults = FaultPlan()
    faults.status("/api/workspaces/", 404)
    code, body = await _quit_from_message(faults)
    assert "Not found (404)" in body
    assert code == exitcodes.NOT_FOUND


async def test_5_retryable_failure() -> None:
    faults = FaultPlan()
    faults.server_error("/api/workspaces/", 503)
    code, body = await _quit_from_message(faults)
    assert "Server error" in body
    assert code == exitcodes.RETRYABLE
