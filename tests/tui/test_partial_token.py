"""Degrade, don't stop: a token that cannot read workspaces but reads customers gets
the overview of the workspace its customers are in, each panel it cannot read saying
which scope is missing."""

from __future__ import annotations

from rapidly_tui import exitcodes
from rapidly_tui.connection import SANDBOX_URL
from rapidly_tui.demo import DEMO_LIMITED_TOKEN, FaultPlan, default_dataset
from rapidly_tui.screens.customers import CustomersScreen
from rapidly_tui.screens.overview import Figures, OverviewScreen
from rapidly_tui.widgets.panel import Panel
from rapidly_tui.widgets.tables import RowTable
from tests.tui.harness import SIZE, make_harness, screen_named, wait_until

WORKSPACE_SCOPES = "workspaces:read workspaces:write web:read web:write"


def _customers_only_token(**kwargs: object) -> tuple[FaultPlan, dict[str, object]]:
    """The demo's limited token (no payments, metrics, events) also refused workspaces."""
    faults = FaultPlan()
    faults.status("/api/workspaces/", 403, scopes=WORKSPACE_SCOPES)
    return faults, {"token": DEMO_LIMITED_TOKEN, "faults": faults, **kwargs}


def _panel(app: object, selector: str) -> Panel:
    return app.screen.query_one(selector, Panel)  # type: ignore[attr-defined]


async def test_without_workspaces_read_the_overview_opens_with_what_it_can_read() -> None:
    _, kwargs = _customers_only_token(default_workspace=None)
    h = make_harness(**kwargs)  # type: ignore[arg-type]
    acme_id = default_dataset().acme["id"]
    async with h.app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, screen_named(h.app, "OverviewScreen"), what="the overview")
        screen = h.app.screen
        assert isinstance(screen, OverviewScreen)
        assert screen.workspace_id == acme_id
        # What it can read: the latest customers.
        await wait_until(pilot, lambda: _panel(h.app, "#panel-customers").state == "ready")
        assert screen.query_one("#latest-customers", RowTable).row_count == 10
        # What it cannot: each panel names the scope it lacks.
        await wait_until(pilot, lambda: _panel(h.app, "#panel-workspace").state == "error")
        workspace = _panel(h.app, "#panel-workspace").status_text
        assert "Permission denied (403)" in workspace
        assert "workspaces:read or workspaces:write" in workspace
        await wait_until(pilot, lambda: _panel(h.app, "#panel-settings").state == "error")
        assert "workspaces:read" in _panel(h.app, "#panel-settings").status_text
        await wait_until(pilot, lambda: _panel(h.app, "#panel-payments").state == "error")
        assert "payments:read" in _panel(h.app, "#panel-payments").status_text
        await wait_until(pilot, lambda: _panel(h.app, "#panel-metrics").state == "error")
        assert "metrics:read" in _panel(h.app, "#panel-metrics").status_text
        await wait_until(pilot, lambda: "needs payments:read" in screen.query_one(Figures).plain)
        # The notice says what happened, and how the workspace was chosen.
        messages = [n.message for n in h.app._notifications]
        assert any(
            "cannot read workspaces" in m and acme_id in m and "named by its customers" in m
            for m in messages
        ), messages
        # No dead end: the customers browser works from here.
        await pilot.press("c")
        await wait_until(pilot, lambda: isinstance(h.app.screen, CustomersScreen))
        browser = h.app.screen
        assert isinstance(browser, CustomersScreen)
        await wait_until(pilot, lambda: browser.rows, what="customers")
        await pilot.press("q")
    assert h.app.return_code == exitcodes.OK


async def test_a_workspace_named_by_id_opens_without_workspaces_read() -> None:
    acme_id = default_dataset().acme["id"]
    _, kwargs = _customers_only_token(default_workspace=acme_id)
    h = make_harness(**kwargs)  # type: ignore[arg-type]
    async with h.app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, screen_named(h.app, "OverviewScreen"), what="the overview")
        assert h.app.screen.workspace_id == acme_id  # type: ignore[attr-defined]
        await wait_until(pilot, lambda: _panel(h.app, "#panel-customers").state == "ready")
        await wait_until(pilot, lambda: _panel(h.app, "#panel-workspace").state == "error")


async def test_a_token_that_reads_neither_still_stops_with_3() -> None:
    faults, kwargs = _customers_only_token(default_workspace=None)
    faults.status("/api/customers/", 403, scopes="customers:read customers:write")
    h = make_harness(**kwargs)  # type: ignore[arg-type]
    async with h.app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, screen_named(h.app, "MessageScreen"))
        assert "workspaces:read" in h.app.screen.body_plain  # type: ignore[attr-defined]
        await pilot.press("q")
    assert h.app.return_code == exitcodes.AUTH


async def test_the_detail_says_the_dashboard_is_unknown_when_the_workspace_is_unreadable() -> None:
    # A server with a known dashboard (the demo has none, so `o` is not offered there);
    # the requests still go to the in-process demo.
    _, kwargs = _customers_only_token(start_customer="usr_1337", server_url=SANDBOX_URL)
    h = make_harness(**kwargs)  # type: ignore[arg-type]
    async with h.app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, screen_named(h.app, "CustomerDetailScreen"))
        screen = h.app.screen
        # The screen's loads started (the workspace's among them) and that one ended.
        await wait_until(
            pilot,
            lambda: screen._started and "workspace" not in screen.loading_keys,  # type: ignore[attr-defined]
        )
        await pilot.press("o")
        await wait_until(pilot, lambda: h.app._notifications)
        messages = [n.message for n in h.app._notifications]
        assert "The workspace could not be read, so its dashboard is not known." in messages
        assert not any("still loading" in m for m in messages)
