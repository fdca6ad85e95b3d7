"""Errors in place: 401, 403 naming the scope, 404, 429 countdown, 5xx then retry,
bad data, and a bug in a panel, all with the app still running and quitting with 0."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from rapidly_tui.app import RapidlyApp
from rapidly_tui.demo import DEMO_LIMITED_TOKEN, FaultPlan
from rapidly_tui.screens.login import LoginScreen
from rapidly_tui.screens.modals import ErrorModal, LookupModal
from rapidly_tui.screens.overview import Figures, OverviewScreen
from rapidly_tui.widgets.panel import Panel
from rapidly_tui.widgets.tables import RowTable
from tests.tui.harness import SIZE, Sleeper, make_harness, screen_named, wait_until


def panel(app: RapidlyApp, selector: str) -> Panel:
    return app.screen.query_one(selector, Panel)


async def quit_cleanly(pilot, app: RapidlyApp) -> None:  # type: ignore[no-untyped-def]
    assert app.is_running
    await pilot.press("q")
    await pilot.pause(0.1)
    assert app.return_code == 0


async def test_token_without_payments_and_metrics_scopes_still_gets_the_rest() -> None:
    h = make_harness(token=DEMO_LIMITED_TOKEN, default_workspace=None)
    async with h.app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, screen_named(h.app, "OverviewScreen"))
        await wait_until(pilot, lambda: panel(h.app, "#panel-payments").state == "error")
        await wait_until(pilot, lambda: panel(h.app, "#panel-metrics").state == "error")
        await wait_until(pilot, lambda: panel(h.app, "#panel-customers").state == "ready")
        payments = panel(h.app, "#panel-payments").status_text
        assert "Permission denied (403)" in payments
        assert "payments:read" in payments
        assert "request id: " in payments
        assert "metrics:read" in panel(h.app, "#panel-metrics").status_text
        await wait_until(
            pilot, lambda: "needs payments:read" in h.app.screen.query_one(Figures).plain
        )
        assert panel(h.app, "#panel-workspace").state == "ready"
        assert h.app.screen.query_one("#latest-customers", RowTable).row_count == 10
        await quit_cleanly(pilot, h.app)


async def test_rate_limit_counts_down_then_fills_the_panel() -> None:
    faults = FaultPlan()
    faults.rate_limit("/api/webhooks/deliveries", retry_after=30, times=1)
    sleeper = Sleeper(gate=asyncio.Event())
    h = make_harness(faults=faults, sleeper=sleeper)
    async with h.app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, screen_named(h.app, "OverviewScreen"))
        await wait_until(pilot, lambda: h.app.screen.query_one("#panel-webhooks"))  # composed
        webhooks = h.app.screen.query_one("#panel-webhooks", Panel)
        await wait_until(pilot, lambda: webhooks.state == "retrying")
        assert sleeper.delays == [30.0]  # Retry-After honoured
        text = webhooks.status_text
        assert "Rate limited (429) — retrying in 30 s (try 2 of 3)" in text
        # The other panels are not held back.
        await wait_until(pilot, lambda: panel(h.app, "#panel-customers").state == "ready")
        assert webhooks.state == "retrying"
        sleeper.gate.set()  # type: ignore[union-attr]
        await wait_until(pilot, lambda: webhooks.state == "ready")
        assert h.app.screen.query_one("#failed-webhooks", RowTable).row_count > 0
        await quit_cleanly(pilot, h.app)


async def test_rate_limit_countdown_in_the_failed_payments_panel() -> None:
    faults = FaultPlan()
    sleeper = Sleeper(gate=asyncio.Event())
    h = make_harness(faults=faults, sleeper=sleeper)
    async with h.app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: panel(h.app, "#panel-payments").state == "ready")
        faults.rate_limit("/api/payments/", retry_after=30)
        await pilot.press("r")
        await wait_until(pilot, lambda: panel(h.app, "#panel-payments").state == "retrying")
        text = panel(h.app, "#panel-payments").status_text
        assert "Rate limited (429) — retrying in" in text
        faults.clear()
        sleeper.gate.set()  # type: ignore[union-attr]
        await wait_until(pilot, lambda: panel(h.app, "#panel-payments").state == "ready")
        assert panel(h.app, "#panel-payments").status_text == ""


async def test_server_errors_end_in_place_and_r_retries() -> None:
    faults = FaultPlan()
    faults.server_error("/api/webhooks/deliveries", 503)
    h = make_harness(faults=faults)
    async with h.app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: panel(h.app, "#panel-webhooks").state == "error")
        text = panel(h.app, "#panel-webhooks").status_text
        assert "Server error" in text
        assert "HTTP 503" in text
        assert "Press r to retry." in text
        # The client tried three times (2 waits) for each of Acme's 4 endpoints' failed
        # deliveries, or fewer once the first of them gave up (the others are cancelled).
        assert 2 <= len(h.sleeper.delays) <= 8
        assert panel(h.app, "#panel-customers").state == "ready"
        faults.clear()
        await pilot.press("r")
        await wait_until(pilot, lambda: panel(h.app, "#panel-webhooks").state == "ready")
        assert h.app.screen.query_one("#failed-webhooks", RowTable).row_count > 0
        await quit_cleanly(pilot, h.app)


async def test_unreadable_response_names_the_problem() -> None:
    faults = FaultPlan()
    faults.drop_field("/api/shares/", "name")
    faults.wrong_shape("/api/metrics/")
    h = make_harness(faults=faults)
    async with h.app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: panel(h.app, "#panel-metrics").state == "error")
        assert "Unreadable response" in panel(h.app, "#panel-metrics").status_text
        await wait_until(pilot, lambda: "Unreadable" in h.app.screen.query_one(Figures).plain)
        await quit_cleanly(pilot, h.app)


async def test_a_bug_while_showing_a_panel_opens_the_error_modal_not_a_traceback(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    h = make_harness()

    def broken(*_: object) -> None:
        raise ZeroDivisionError("boom")

    monkeypatch.setattr(OverviewScreen, "_show_failed_webhooks", broken)
    async with h.app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(h.app.screen, ErrorModal))
        await pilot.press("escape")
        await wait_until(pilot, screen_named(h.app, "OverviewScreen"))
        text = panel(h.app, "#panel-webhooks").status_text
        assert "ZeroDivisionError" in text
        assert "boom" not in text  # an exception's text is not shown
        await quit_cleanly(pilot, h.app)


async def test_rejected_token_at_startup_shows_the_login_screen() -> None:
    faults = FaultPlan()
    faults.status("/api/", 401)
    h = make_harness(faults=faults)
    async with h.app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, screen_named(h.app, "LoginScreen"))
        screen = h.app.screen
        assert isinstance(screen, LoginScreen)
        assert screen.rejected
        await pilot.press("escape")
    assert h.app.return_code == 3  # left without a usable token (README's table)


async def test_rejected_env_token_explains_how_to_fix_it() -> None:
    from dataclasses import replace

    faults = FaultPlan()
    faults.status("/api/", 401)
    h = make_harness(faults=faults)
    h.app._connection = replace(h.app.connection, token_source="env")
    async with h.app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, screen_named(h.app, "MessageScreen"))
        body = h.app.screen.body_plain  # type: ignore[attr-defined]
        assert "RAPIDLY_ACCESS_TOKEN" in body
        assert "rapidly-tui auth login" in body
        await pilot.press("q")
    assert h.app.return_code == 3


async def test_startup_network_failure_offers_retry() -> None:
    faults = FaultPlan()
    faults.drop_connection("/api/workspaces/", times=3)
    h = make_harness(faults=faults, default_workspace=None)
    async with h.app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, screen_named(h.app, "MessageScreen"))
        body = h.app.screen.body_plain  # type: ignore[attr-defined]
        assert "Connection failed" in body
        await pilot.press("r")
        await wait_until(pilot, screen_named(h.app, "WorkspacePickerScreen"))


async def test_lookup_not_found_is_shown_in_the_modal() -> None:
    h = make_harness()
    async with h.app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, screen_named(h.app, "OverviewScreen"))
        await pilot.press("colon")
        await wait_until(pilot, lambda: isinstance(h.app.screen, LookupModal))
        await pilot.press(*"nobody@example.com", "enter")
        modal = h.app.screen
        assert isinstance(modal, LookupModal)
        await wait_until(pilot, lambda: "Not found" in modal.status_plain)
        assert "No customer has the email or external id nobody@example.com." in modal.status_plain
        await pilot.press("escape")
        await wait_until(pilot, screen_named(h.app, "OverviewScreen"))


async def test_credentials_problem_at_start_is_a_message_not_a_traceback(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from rapidly_tui.connection import ConnectionOptions

    for name in ("XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"):
        monkeypatch.setenv(name, str(tmp_path / name.lower()))
    monkeypatch.delenv("RAPIDLY_SERVER_URL", raising=False)
    monkeypatch.delenv("RAPIDLY_ACCESS_TOKEN", raising=False)
    # Plain http to a host that is not loopback is refused without --allow-http.
    app = RapidlyApp(ConnectionOptions(server="http://rapidly.example.com"))
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, screen_named(app, "MessageScreen"))
        body = app.screen.body_plain  # type: ignore[attr-defined]
        assert "--allow-http" in body
        await pilot.press("q")
    assert app.return_code == 2
