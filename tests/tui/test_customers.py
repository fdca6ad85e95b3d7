"""The customers browser: paging, search (debounced, stale answers dropped),
sorting, the local filter, hostile names shown literally."""

from __future__ import annotations

import asyncio
from typing import Any

from textual.widgets import Input, Static
from textual.worker import WorkerState

from rapidly_tui.app import RapidlyApp
from rapidly_tui.demo import FaultPlan, build_dataset
from rapidly_tui.screens.customers import CustomersScreen
from rapidly_tui.screens.detail import CustomerDetailScreen
from rapidly_tui.widgets.tables import RowTable
from tests.tui.harness import SIZE, big_dataset, make_harness, screen_named, wait_until
from tests.tui.test_startup import overview_filled


def browser(app: RapidlyApp) -> CustomersScreen:
    screen = app.screen
    assert isinstance(screen, CustomersScreen)
    return screen


def column(table: RowTable, label: str) -> list[str]:
    return [table.cell_plain(i, label) for i in range(table.row_count)]


async def open_browser(pilot: Any, app: RapidlyApp, rows: int = 100) -> CustomersScreen:
    await wait_until(pilot, screen_named(app, "OverviewScreen"))
    await pilot.press("c")
    await wait_until(pilot, screen_named(app, "CustomersScreen"))
    screen = browser(app)
    # Page 1 asks for page 2 at once (the first cursor move then draws no more than
    # any other): wait for both, so what is shown no longer depends on timing.
    await wait_until(
        pilot,
        lambda: screen.table.row_count >= rows and not screen.loading_next,
        what=f"{rows} rows and the page after them",
    )
    return screen


async def test_first_page_shows_the_range_and_total() -> None:
    h = make_harness()
    async with h.app.run_test(size=SIZE) as pilot:
        screen = await open_browser(pilot, h.app)
        assert screen.status_plain.startswith("1–200 of 1,214")
        assert "newest first (-created_at)" in screen.status_plain
        assert screen.table.cell_plain(0, "email") == "ada@example.com"
        assert screen.table.cell_plain(0, "members").strip() == "3"  # include_members=true
        customer_requests = [q for p, q in h.requests("/api/customers/") if "limit=100" in q]
        assert sorted("page=2" in q for q in customer_requests) == [False, True]
        assert all("include_members=true" in q for q in customer_requests)


async def test_scrolling_fetches_further_pages_on_demand_through_10000_customers() -> None:
    h = make_harness(dataset=big_dataset())
    async with h.app.run_test(size=SIZE) as pilot:
        screen = await open_browser(pilot, h.app)
        assert screen.status_plain.startswith("1–200 of 10,000")
        assert screen.pages_loaded == 2  # page 2 at once, page 3 not before the person moves
        for _ in range(12):
            await pilot.press("pagedown")
        await wait_until(pilot, lambda: screen.pages_loaded >= 2)
        assert screen.pages_loaded < 10  # on demand, not everything at once
        # The end key walks to the last loaded row; each arrival of a page prefetches
        # the next, so holding it reaches the last customer.
        for _ in range(150):
            await pilot.press("end")
            if screen.end_reached:
                break
            await wait_until(pilot, lambda: not screen.loading_next, timeout=20)
        await wait_until(pilot, lambda: screen.end_reached, timeout=30)
        await wait_until(pilot, lambda: screen.table.row_count == 10_000, timeout=30)
        assert "1–10,000 of 10,000" in screen.status_plain
        assert len(set(screen.by_id)) == 10_000
        # Deep in the list, the cursor's row is the one drawn highlighted on screen.
        await pilot.press("end")
        await pilot.press("pageup", "up", "up")
        await pilot.pause(0.2)
        table = screen.table
        row = table.cursor_row
        assert 9_900 < row < 9_990
        top = int(table.scroll_y)
        assert top <= row < top + table.size.height - 1  # header line excluded
        email = table.cell_plain(row, "email")
        drawn = "\n".join(line.text for line in table.render_lines(table.size.region))
        assert email[:24] in drawn  # the column cuts long emails


async def test_page_beyond_the_last_keeps_the_known_total() -> None:
    faults = FaultPlan()

    def beyond_last(body: Any) -> Any:
        # Page 2 answers like a page past the end: no data, total 0.
        if isinstance(body, dict) and body.get("meta", {}).get("page") == 2:
            return {"data": [], "meta": {"total": 0, "page": 2, "per_page": 100, "pages": 0}}
        return body

    faults.mutate("/api/customers/", beyond_last)
    h = make_harness(faults=faults, dataset=build_dataset(acme_customers=150))
    async with h.app.run_test(size=SIZE) as pilot:
        screen = await open_browser(pilot, h.app)
        total = screen.total
        assert total is not None
        assert total > 100
        await pilot.press("pagedown")
        await wait_until(pilot, lambda: screen.end_reached)
        assert screen.total == total
        assert f"1–100 of {total:,}" in screen.status_plain


async def test_search_is_debounced_and_shows_hostile_names_literally() -> None:
    h = make_harness()
    async with h.app.run_test(size=SIZE) as pilot:
        screen = await open_browser(pilot, h.app)
        await pilot.press("slash")
        assert h.app.focused is not None
        assert h.app.focused.id == "search"
        h.faults.clear_log()
        await pilot.press(*"mallory")
        await wait_until(pilot, lambda: screen.search == "mallory")
        await wait_until(pilot, lambda: not screen.loading_next)
        searched = [q for _, q in h.requests("/api/customers/") if "query=" in q]
        assert len(searched) == 1  # typing 7 letters sent one request
        assert "query=mallory" in searched[0]
        names = column(screen.table, "name")
        assert "[bold red]Mallory[/]" in names
        assert "search: “mallory”" in screen.status_plain
        # The app is still running and nothing was interpreted as markup.
        assert h.app.is_running


async def test_a_stale_search_answer_is_dropped() -> None:
    faults = FaultPlan()
    h = make_harness(faults=faults)
    async with h.app.run_test(size=SIZE) as pilot:
        screen = await open_browser(pilot, h.app)
        search = screen.query_one("#search", Input)
        # The first search answers after 5 s; the second one, sent while it waits, at
        # once. (Set, not typed: typing is slow enough here that the first answer came
        # before the second search was sent, and nothing was stale.)
        faults.latency("/api/customers/", 5.0, times=1)
        loop = asyncio.get_running_loop()
        sent = loop.time()
        await pilot.press("slash")
        search.value = "ada"
        await pilot.press("enter")
        await wait_until(pilot, lambda: screen.search == "ada" and screen.loading_next)
        await pilot.press("slash")
        search.value = "hostile"
        await pilot.press("enter")
        await wait_until(pilot, lambda: screen.search == "hostile" and not screen.loading_next)
        assert loop.time() - sent < 5.0, "the slow answer was not outstanding"
        searched = [q for _, q in h.requests("/api/customers/") if "query=" in q]
        assert ["query=ada" in q for q in searched] == [True, False]
        # The slow "ada" load has ended (cancelled, or answered and dropped), and
        # whatever it posted has been handled: only now can "it never landed" be checked.
        await wait_until(
            pilot,
            lambda: (
                not any(
                    w.state in (WorkerState.PENDING, WorkerState.RUNNING) for w in h.app.workers
                )
            ),
            what="every load ended",
        )
        await pilot.pause()
        emails = column(screen.table, "email")
        assert "hostile0@example.com" in emails
        assert "ada@example.com" not in emails  # the slow "ada" answer never landed


async def test_s_cycles_the_api_sort_keys() -> None:
    h = make_harness()
    async with h.app.run_test(size=SIZE) as pilot:
        screen = await open_browser(pilot, h.app)
        newest = screen.table.cell_plain(0, "created")
        await pilot.press("s")
        await wait_until(pilot, lambda: screen.sorting == "created_at" and not screen.loading_next)
        await wait_until(pilot, lambda: screen.table.cell_plain(0, "created") != newest)
        assert "oldest first (created_at)" in screen.status_plain
        assert screen.table.cell_plain(0, "created") < newest
        await pilot.press("s")
        await wait_until(pilot, lambda: screen.sorting == "email" and not screen.loading_next)
        await wait_until(
            pilot,
            lambda: (emails := column(screen.table, "email"))[:5] == sorted(emails[:5]),
        )
        assert any("sorting=email" in q for _, q in h.requests("/api/customers/"))


async def test_quick_filter_narrows_loaded_rows_and_says_so() -> None:
    h = make_harness()
    async with h.app.run_test(size=SIZE) as pilot:
        screen = await open_browser(pilot, h.app)
        h.faults.clear_log()
        await pilot.press("f", *"unicode")
        await wait_until(pilot, lambda: screen.filter_text == "unicode")
        emails = column(screen.table, "email")
        assert emails
        assert all("unicode" in e for e in emails)
        assert "filter “unicode”: " in screen.status_plain
        assert f"{len(emails)} matches over the 200 loaded of 1,214" in screen.status_plain
        assert not h.requests("/api/customers/")  # local: no request
        await pilot.press("escape")  # leaves the filter box, keeps the filter
        assert screen.filter_text == "unicode"
        assert type(h.app.screen).__name__ == "CustomersScreen"


async def test_enter_opens_the_detail_and_escape_comes_back_with_the_rows() -> None:
    h = make_harness()
    async with h.app.run_test(size=SIZE) as pilot:
        screen = await open_browser(pilot, h.app)
        await pilot.press("down", "down")
        key = screen.table.cursor_key()
        await pilot.press("enter")
        await wait_until(pilot, screen_named(h.app, "CustomerDetailScreen"))
        detail = h.app.screen
        assert isinstance(detail, CustomerDetailScreen)
        assert detail.customer_id == key
        await pilot.press("escape")
        await wait_until(pilot, screen_named(h.app, "CustomersScreen"))
        assert screen.table.row_count >= 100  # shown at once, no reload from scratch
        assert screen.table.cursor_key() == key


async def test_refresh_keeps_the_cursor_on_the_same_customer() -> None:
    h = make_harness()
    async with h.app.run_test(size=SIZE) as pilot:
        screen = await open_browser(pilot, h.app)
        for _ in range(5):
            await pilot.press("down")
        key = screen.table.cursor_key()
        h.faults.clear_log()
        await pilot.press("r")
        await wait_until(pilot, lambda: h.requests("/api/customers/") and not screen.loading_next)
        assert screen.table.cursor_key() == key
        assert screen.table.cursor_row == 5


async def test_clicking_a_row_opens_it() -> None:
    h = make_harness()
    async with h.app.run_test(size=SIZE) as pilot:
        screen = await open_browser(pilot, h.app)
        ada = screen.table.cell_plain(0, "email")
        assert ada == "ada@example.com"
        # Row 0 sits under the table header; click its email cell.
        region = screen.table.region
        await pilot.click(offset=(region.x + 4, region.y + 1))
        await wait_until(pilot, screen_named(h.app, "CustomerDetailScreen"))
        assert h.app.screen.customer.email == ada  # type: ignore[attr-defined]


async def test_coming_back_deep_in_the_list_keeps_every_row_and_the_cursor() -> None:
    h = make_harness(dataset=big_dataset())
    async with h.app.run_test(size=SIZE) as pilot:
        screen = await open_browser(pilot, h.app)
        # End walks toward the last of 10,000 rows; any key stops it after 4 pages.
        await pilot.press("end")
        await wait_until(pilot, lambda: screen.table.row_count >= 400, timeout=30)
        await pilot.press("x")
        await wait_until(pilot, lambda: not screen.loading_next and not screen.to_end)
        for _ in range(3):
            await pilot.press("up")
        key = screen.table.cursor_key()
        loaded = screen.table.row_count
        await pilot.press("enter")
        await wait_until(pilot, screen_named(h.app, "CustomerDetailScreen"))
        h.faults.clear_log()
        await pilot.press("escape")
        await wait_until(pilot, screen_named(h.app, "CustomersScreen"))
        await wait_until(pilot, lambda: h.requests("/api/customers/") and not screen.loading_next)
        assert screen.table.row_count >= loaded
        assert screen.table.cursor_key() == key
        pages = sorted(q for _, q in h.requests("/api/customers/"))
        assert len(pages) <= 10  # a window around the cursor, not every loaded page


async def test_an_undercounting_total_never_reads_fewer_than_the_rows_shown() -> None:
    faults = FaultPlan()
    faults.wrong_total("/api/customers/", 3)
    h = make_harness(faults=faults)
    async with h.app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: overview_filled(h.app))
        await pilot.press("c")
        await wait_until(
            pilot,
            lambda: (
                isinstance(screen := h.app.screen, CustomersScreen)
                and screen.pages_loaded == 2
                and not screen.loading_next
            ),
        )
        status = h.app.screen.query_one("#customers-status", Static).render()
        assert "1–200 of 200" in str(status)
