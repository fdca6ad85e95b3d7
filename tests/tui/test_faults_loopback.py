"""Faults only a real socket shows, through the screens: the demo API served by uvicorn
on 127.0.0.1 and the production client (real httpx transport, pooling, timeouts).

* the server goes away while the app runs: the next refresh is refused (ECONNREFUSED);
* the server resets the connection in the middle of a body;
* the server takes longer than the client's read timeout.

Each ends with the error in the panel, the old rows still there, the retries the
policy promises, and a clean exit.
"""

from __future__ import annotations

from contextlib import ExitStack
from typing import Any

import httpx
from textual.pilot import Pilot

from rapidly_tui.api.client import RapidlyClient
from rapidly_tui.app import RapidlyApp
from rapidly_tui.connection import Connection
from rapidly_tui.demo import DEMO_TOKEN
from rapidly_tui.screens.customers import CustomersScreen
from rapidly_tui.widgets.panel import Panel
from rapidly_tui.widgets.tables import RowTable
from tests.support.server import DemoServer, serve_demo
from tests.tui.harness import SIZE, TODAY, Sleeper, wait_until

#: Generous for a normal answer on a busy 2-core machine (the server shares the GIL
#: with the app), short enough for three timed-out attempts to take ~3 s.
READ_TIMEOUT = 1.0


def loopback_app(base_url: str, sleeper: Sleeper, *, read_timeout: float = 10.0) -> RapidlyApp:
    connection = Connection(
        server_url=base_url,
        token=DEMO_TOKEN,
        token_source="env",
        profile="default",
        default_workspace="acme",
    )

    def client_factory(conn: Connection) -> RapidlyClient:
        return RapidlyClient(
            conn.server_url,
            conn.token,
            sleep=sleeper,
            timeout=httpx.Timeout(5.0, read=read_timeout),
        )

    return RapidlyApp(connection=connection, client_factory=client_factory, today=TODAY, environ={})


def browser_rows(app: RapidlyApp) -> list[str]:
    table = app.screen.query_one("#customers-table", RowTable)
    return [table.cell_plain(index, "email") for index in range(table.row_count)]


async def open_browser(pilot: Pilot[Any], app: RapidlyApp) -> list[str]:
    """Overview, then the customers browser with its first page and the second one
    (asked for with it); returns its rows."""
    await wait_until(pilot, lambda: type(app.screen).__name__ == "OverviewScreen")
    await pilot.press("c")
    await wait_until(
        pilot,
        lambda: (
            isinstance(app.screen, CustomersScreen)
            and not app.screen.loading_keys
            and app.screen.table.row_count == 200
        ),
        what="the first two pages",
    )
    return browser_rows(app)


async def refresh_fails(pilot: Pilot[Any], app: RapidlyApp, before: list[str]) -> str:
    """Press r; the refresh must fail in place. Returns the panel's status text."""
    screen = app.screen
    panel = screen.query_one("#panel-list", Panel)
    await pilot.press("r")
    await wait_until(pilot, lambda: panel.state == "error", timeout=20, what="the error")
    assert app.is_running
    assert app.screen is screen
    assert panel.body.display
    assert browser_rows(app) == before  # the rows from before stay
    status = panel.status_text
    assert "(showing the data from before)" in status
    assert "Traceback" not in status
    return status


async def quit_cleanly(pilot: Pilot[Any], app: RapidlyApp) -> None:
    await pilot.press("q")
    await pilot.pause()
    assert app.return_code == 0


async def test_server_gone_refresh_is_refused_then_retried_and_shown() -> None:
    sleeper = Sleeper()
    with ExitStack() as running:
        server = running.enter_context(serve_demo())
        app = loopback_app(server.base_url, sleeper)
        async with app.run_test(size=SIZE) as pilot:
            before = await open_browser(pilot, app)
            sleeper.delays.clear()
            # Stop the server: its listening socket closes, nothing answers the port
            # (and the pooled keep-alive connection is closed by the server).
            running.close()
            server.faults.clear_log()
            status = await refresh_fails(pilot, app, before)
            assert "Connection failed" in status
            assert "Could not reach 127.0.0.1 (connect error)." in status
            assert "Press r to retry." in status
            assert "request id" not in status  # there was no response
            # r re-reads both loaded pages: three attempts each.
            await wait_until(pilot, lambda: len(sleeper.delays) >= 4, what="the retries")
            await pilot.pause(0.2)
            assert len(sleeper.delays) == 4
            assert all(0.25 <= d <= 1.0 for d in sleeper.delays)
            assert server.faults.count("/") == 0
            await quit_cleanly(pilot, app)


async def test_connection_reset_mid_body(demo_server: DemoServer) -> None:
    sleeper = Sleeper()
    app = loopback_app(demo_server.base_url, sleeper)
    async with app.run_test(size=SIZE) as pilot:
        before = await open_browser(pilot, app)
        sleeper.delays.clear()
        demo_server.faults.clear_log()
        demo_server.faults.drop_connection("/api/customers/", after_bytes=100)
        status = await refresh_fails(pilot, app, before)
        assert "Connection failed" in status
        assert "(remote protocol error)" in status
        # r re-reads both loaded pages: three attempts each.
        await wait_until(pilot, lambda: len(sleeper.delays) >= 4)
        await wait_until(pilot, lambda: demo_server.faults.count("/api/customers/") >= 6)
        await pilot.pause(0.2)
        assert demo_server.faults.count("/api/customers/") == 6
        assert len(sleeper.delays) == 4
        demo_server.faults.clear()
        # The pool recovers: the next refresh reads the page again.
        await pilot.press("r")
        panel = app.screen.query_one("#panel-list", Panel)
        await wait_until(pilot, lambda: panel.state == "ready")
        assert browser_rows(app) == before
        await quit_cleanly(pilot, app)


async def test_read_timeout(demo_server: DemoServer) -> None:
    sleeper = Sleeper()
    app = loopback_app(demo_server.base_url, sleeper, read_timeout=READ_TIMEOUT)
    async with app.run_test(size=SIZE) as pilot:
        before = await open_browser(pilot, app)
        sleeper.delays.clear()
        demo_server.faults.clear_log()
        demo_server.faults.latency("/api/customers/", READ_TIMEOUT * 4)
        status = await refresh_fails(pilot, app, before)
        assert "Timed out" in status
        assert "The server did not answer in time (read timeout)." in status
        # r re-reads both loaded pages: three attempts each.
        await wait_until(pilot, lambda: len(sleeper.delays) >= 4)
        await wait_until(pilot, lambda: demo_server.faults.count("/api/customers/") >= 6)
        await pilot.pause(0.2)
        assert demo_server.faults.count("/api/customers/") == 6
        assert len(sleeper.delays) == 4
        await quit_cleanly(pilot, app)
