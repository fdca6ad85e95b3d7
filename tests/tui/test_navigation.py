"""Keys and navigation: help, lookup, command palette, back, refresh, auto-refresh,
login."""

from __future__ import annotations

import asyncio

from rich.text import Text

from rapidly_tui.screens.detail import CustomerDetailScreen
from rapidly_tui.screens.login import LoginScreen
from rapidly_tui.screens.modals import ErrorModal, HelpScreen, LookupModal
from rapidly_tui.screens.overview import OverviewScreen
from rapidly_tui.screens.palette import CustomerProvider
from rapidly_tui.widgets.field_list import FieldList
from rapidly_tui.widgets.panel import Panel
from rapidly_tui.widgets.tables import RowTable
from tests.tui.harness import SIZE, make_harness, screen_named, wait_until

FORBIDDEN_KEYS = {"ctrl+h", "ctrl+j", "ctrl+k", "ctrl+l", "ctrl+a", "ctrl+b"}


async def test_help_lists_the_keys_in_effect_on_each_screen() -> None:
    h = make_harness()
    async with h.app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, screen_named(h.app, "OverviewScreen"))
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: isinstance(h.app.screen, HelpScreen))
        keys = h.app.screen.keys_plain  # type: ignore[attr-defined]
        for expected in ("c Customers", "r Refresh", "w Workspaces", "q Quit", ": Go to"):
            assert expected in keys
        await pilot.press("escape")
        await pilot.press("c")
        await wait_until(pilot, screen_named(h.app, "CustomersScreen"))
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: isinstance(h.app.screen, HelpScreen))
        keys = h.app.screen.keys_plain  # type: ignore[attr-defined]
        assert "s Sort" in keys
        assert "f Filter" in keys
        assert "c Customers" not in keys


async def test_no_binding_on_keys_tmux_users_need() -> None:
    h = make_harness(start_customer="usr_1337")
    async with h.app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, screen_named(h.app, "CustomerDetailScreen"))
        for screen in h.app.screen_stack:
            bound = {b.key for _, b in screen._bindings}
            assert not bound & FORBIDDEN_KEYS
        assert not {b.key for _, b in h.app._bindings} & FORBIDDEN_KEYS


async def test_lookup_by_external_id_opens_the_customer() -> None:
    h = make_harness()
    async with h.app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, screen_named(h.app, "OverviewScreen"))
        await pilot.press("g")
        await wait_until(pilot, lambda: isinstance(h.app.screen, LookupModal))
        await pilot.press(*"usr_1337", "enter")
        await wait_until(pilot, screen_named(h.app, "CustomerDetailScreen"))
        assert h.app.screen.customer.email == "ada@example.com"  # type: ignore[attr-defined]
        await pilot.press("escape")
        await wait_until(pilot, screen_named(h.app, "OverviewScreen"))


async def test_lookup_of_a_customer_in_another_workspace_switches_workspace() -> None:
    h = make_harness()
    async with h.app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, screen_named(h.app, "OverviewScreen"))
        page = await h.app.client.list_customers(
            workspace_id=None, email=None, query_text=None, limit=100
        )
        globex_id = next(
            w.id for w in (await h.app.client.list_workspaces()).data if w.slug == "globex"
        )
        other = await h.app.client.list_customers(workspace_id=globex_id, limit=1)
        assert page.data
        await pilot.press("colon")
        await wait_until(pilot, lambda: isinstance(h.app.screen, LookupModal))
        await pilot.press(*other.data[0].id, "enter")
        await wait_until(pilot, screen_named(h.app, "CustomerDetailScreen"))
        await pilot.press("escape")
        await wait_until(pilot, screen_named(h.app, "OverviewScreen"))
        overview = h.app.screen
        assert isinstance(overview, OverviewScreen)
        assert overview.workspace_id == globex_id


async def test_command_palette_finds_customers_as_plain_text() -> None:
    h = make_harness()
    async with h.app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, screen_named(h.app, "OverviewScreen"))
        provider = CustomerProvider(h.app.screen)
        hits = [hit async for hit in provider.search("mallory")]
        assert all(isinstance(hit.match_display, Text) for hit in hits)
        plain = [hit.match_display.plain for hit in hits]  # type: ignore[union-attr]
        assert plain[0] == "Look up customer mallory"
        assert plain[1] == "[bold red]Mallory[/]  hostile0@example.com"
        # The same through the real palette: ctrl+p, type, pick the second hit.
        await pilot.press("ctrl+p")
        await wait_until(pilot, screen_named(h.app, "CommandPalette"))
        await pilot.press(*"mallory")
        await pilot.pause(0.5)
        await pilot.press("down", "enter")
        await wait_until(pilot, screen_named(h.app, "CustomerDetailScreen"))
        assert h.app.screen.customer.name == "[bold red]Mallory[/]"  # type: ignore[attr-defined]


async def test_refresh_keeps_the_overview_on_screen_and_refetches() -> None:
    h = make_harness()
    async with h.app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, screen_named(h.app, "OverviewScreen"))
        screen = h.app.screen
        table = screen.query_one("#latest-customers", RowTable)
        await wait_until(pilot, lambda: table.row_count == 10)
        await pilot.press("down", "down")
        h.faults.clear_log()
        answers = h.faults.hold("/api/")
        await pilot.press("r")
        # While refreshing, the rows stay and the panel says so.
        customers = screen.query_one("#panel-customers", Panel)
        await wait_until(pilot, lambda: customers.border_subtitle == "refreshing…")
        assert table.row_count == 10
        answers.set()
        await wait_until(pilot, lambda: customers.state == "ready")
        assert table.cursor_row == 2
        assert any(path.startswith("/api/workspaces/") for path, _ in h.requests())


async def test_auto_refresh_is_opt_in() -> None:
    h = make_harness(refresh_seconds=0.3)
    async with h.app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, screen_named(h.app, "OverviewScreen"))
        await pilot.pause(0.2)
        h.faults.clear_log()
        await wait_until(pilot, lambda: h.requests("/api/webhooks/"), timeout=3)
    quiet = make_harness()
    async with quiet.app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, screen_named(quiet.app, "OverviewScreen"))
        await pilot.pause(0.3)
        quiet.faults.clear_log()
        await pilot.pause(0.6)
        assert not quiet.requests()


async def test_auto_refresh_firing_during_pushes_and_shutdown_is_harmless() -> None:
    # CI once crashed here: the timer fired while Textual was taking the screen
    # apart at shutdown. A 10 ms interval hits such windows nearly every run.
    h = make_harness(refresh_seconds=0.01)
    async with h.app.run_test(size=SIZE) as pilot:
        # One predicate: the overview may be current before its table is composed.
        await wait_until(
            pilot, lambda: h.app.screen.query_one("#latest-customers", RowTable).row_count == 10
        )
        await pilot.press("enter")
        await wait_until(pilot, screen_named(h.app, "CustomerDetailScreen"))
        before = len(h.requests())
        await pilot.pause(0.2)
        assert not any(isinstance(s, ErrorModal) for s in h.app.screen_stack)
        assert h.app.return_code is None
        assert len(h.requests()) > before, "the auto-refresh never fired"
        detail = h.app.screen
        assert isinstance(detail, CustomerDetailScreen)
        assert (
            detail.query_one("#profile", FieldList)
            .value_plain("Email")
            .startswith("ada@example.com")
        )
        # q must reach the app (an error modal would swallow it) and shut it down cleanly.
        await pilot.press("q")
    assert h.app.return_code == 0


async def test_detail_opened_from_overview_shows_list_data_at_once() -> None:
    h = make_harness()
    async with h.app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, screen_named(h.app, "OverviewScreen"))
        await wait_until(pilot, lambda: h.app.screen.query_one("#latest-customers"))  # composed
        table = h.app.screen.query_one("#latest-customers", RowTable)
        await wait_until(pilot, lambda: table.row_count == 10)
        answers = h.faults.hold("/api/customers/")
        await pilot.press("enter")
        await wait_until(pilot, screen_named(h.app, "CustomerDetailScreen"))
        detail = h.app.screen
        assert isinstance(detail, CustomerDetailScreen)
        await pilot.pause(0.05)
        # The profile is shown from the list row while the fresh copy loads.
        assert detail.query_one("#profile").value_plain("Email").startswith("ada@example.com")  # type: ignore[attr-defined]
        assert detail.query_one("#panel-members", Panel).state == "loading"
        answers.set()
        await wait_until(pilot, lambda: detail.query_one("#panel-members", Panel).state == "ready")


async def test_login_checks_then_stores_the_token() -> None:
    stored: list[tuple[str, str]] = []

    def store(token: str, *, profile: str) -> str:
        stored.append((token, profile))
        return "the test store"

    from rapidly_tui.demo import DEMO_TOKEN

    h = make_harness(token=None, token_store=store)
    async with h.app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, screen_named(h.app, "LoginScreen"))
        login = h.app.screen
        assert isinstance(login, LoginScreen)
        await pilot.press(*"rapidly_oat_wrong", "enter")
        await wait_until(pilot, lambda: "Token rejected (401)" in login.status_plain)
        assert not stored
        assert "rapidly_oat_wrong" not in login.status_plain
        login.query_one("#token").value = DEMO_TOKEN  # type: ignore[attr-defined]
        await pilot.press("enter")
        await wait_until(pilot, screen_named(h.app, "OverviewScreen"))
        assert stored == [(DEMO_TOKEN, "demo")]


async def test_login_store_failure_is_explained_in_place() -> None:
    from rapidly_tui.auth import KeyringUnavailable
    from rapidly_tui.demo import DEMO_TOKEN

    def store(token: str, *, profile: str) -> str:
        raise KeyringUnavailable("No OS keyring is available.")

    h = make_harness(token=None, token_store=store)
    async with h.app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, screen_named(h.app, "LoginScreen"))
        login = h.app.screen
        assert isinstance(login, LoginScreen)
        login.query_one("#token").value = DEMO_TOKEN  # type: ignore[attr-defined]
        await pilot.press("enter")
        await wait_until(pilot, lambda: "Could not store" in login.status_plain)
        assert "RAPIDLY_ACCESS_TOKEN" in login.status_plain
        assert "--insecure-storage" in login.status_plain
        assert DEMO_TOKEN not in login.status_plain
        await asyncio.sleep(0)
