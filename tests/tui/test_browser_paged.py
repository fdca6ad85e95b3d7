"""The browsers' rows as one PagedList per query: a new query's list replaces the shown
one only when its first page arrives, and r after a failed search retries the search."""

from __future__ import annotations

from rapidly_tui.widgets.panel import Panel
from tests.tui.harness import SIZE, make_harness, wait_until
from tests.tui.test_customers import column, open_browser


async def test_a_failed_search_keeps_the_rows_and_r_sends_it_again() -> None:
    h = make_harness()
    async with h.app.run_test(size=SIZE) as pilot:
        screen = await open_browser(pilot, h.app)
        panel = screen.query_one("#panel-list", Panel)
        before = column(screen.table, "email")
        h.faults.status("/api/customers/", 500, times=1)  # not retried
        await pilot.press("slash", *"mallory", "enter")
        await wait_until(pilot, lambda: panel.state == "error", what="the failed search")
        # The rows from before stay, and Enter still opens what is shown.
        assert column(screen.table, "email") == before
        assert screen.table.cursor_key() in screen.by_id
        h.faults.clear_log()
        await pilot.press("r")
        await wait_until(pilot, lambda: panel.state == "ready" and not screen.loading_next)
        searched = [q for _, q in h.requests("/api/customers/")]
        assert searched
        assert all("query=mallory" in q for q in searched)
        assert "[bold red]Mallory[/]" in column(screen.table, "name")
        assert screen.table.row_count < len(before)
        assert "search: “mallory”" in screen.status_plain
