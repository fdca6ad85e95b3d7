"""Navigation you can see: every focus stop highlighted, Tab and the panel order in
`?`, End at the real last row, the filter saying over what, empty tables saying so, no
footer action that cannot work here."""

from __future__ import annotations

import re
from typing import Any

import pytest
from textual.geometry import Region
from textual.widget import Widget

from rapidly_tui.screens.modals import HelpScreen
from rapidly_tui.widgets.panel import Panel
from rapidly_tui.widgets.tables import RowTable
from tests.tui.harness import big_dataset, make_harness, screen_named, wait_until
from tests.tui.test_customers import open_browser
from tests.tui.test_widths_on_screen import screen_lines

NO_PAYMENTS = "usr_0060"  # a demo customer without payments


def drawn(app: Any, region: Region) -> list[tuple[str, str]]:
    """Every character drawn in ``region`` and its style."""
    strips = app.screen._compositor.render_strips()
    cells: list[tuple[str, str]] = []
    for y in range(region.y, region.bottom):
        for segment in strips[y].crop(region.x, region.right):
            cells.extend((char, str(segment.style)) for char in segment.text)
    return cells


PAGES = ("detail-sections", "overview-scroll")


@pytest.mark.parametrize(
    ("start", "screen_name"),
    [({"start_customer": "usr_1337"}, "CustomerDetailScreen"), ({}, "OverviewScreen")],
)
async def test_every_focus_stop_is_visibly_highlighted(
    start: dict[str, str], screen_name: str
) -> None:
    h = make_harness(**start)
    # Tall and wide enough that nothing scrolls when the focus moves.
    async with h.app.run_test(size=(200, 70)) as pilot:
        await wait_until(pilot, screen_named(h.app, screen_name))
        await pilot.pause(0.5)
        chain = list(h.app.screen.focus_chain)
        tables = [w for w in chain if isinstance(w, RowTable)]
        assert len(tables) >= 2
        assert [w.id for w in chain if not isinstance(w, RowTable)] in ([], [PAGES[0]], [PAGES[1]])
        for stop in chain:
            if isinstance(stop, RowTable):
                assert isinstance(stop.parent, Panel)
                region = stop.parent.region
                other: Widget = next(t for t in tables if t.parent is not stop.parent)
            else:  # the page: seen on a panel that holds no focus stop
                region = next(
                    p for p in h.app.screen.query(Panel) if not isinstance(p.body, RowTable)
                ).region
                other = tables[0]
            other.focus()
            await pilot.pause()
            unfocused = drawn(h.app, region)
            stop.focus()
            await pilot.pause()
            assert drawn(h.app, region) != unfocused, f"{stop.id} shows no focus"


async def test_help_names_tab_and_the_panel_order() -> None:
    h = make_harness(start_customer="usr_1337")
    async with h.app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, screen_named(h.app, "CustomerDetailScreen"))
        events = h.app.screen.query_one("#panel-events", Panel)
        await wait_until(pilot, lambda: events.state == "ready", what="every panel")
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: isinstance(h.app.screen, HelpScreen))
        help_screen = h.app.screen
        assert isinstance(help_screen, HelpScreen)
        keys = dict(help_screen.keys)
        order = keys["tab / shift+tab"]
        assert order.startswith("Next / previous panel: the page (scrolls) → Metadata")
        assert order.index("Members") < order.index("Payments") < order.index("Events")


async def test_end_loads_the_pages_in_between_and_reaches_the_real_last_row() -> None:
    h = make_harness()
    async with h.app.run_test(size=(120, 40)) as pilot:
        screen = await open_browser(pilot, h.app)
        panel = screen.query_one("#panel-list", Panel)
        h.faults.latency("/api/customers/", 0.2)  # time to see the progress
        await pilot.press("end")
        progress = re.compile(r"to the last row: [\d,]+ of 1,214 loaded · any key stops")
        await wait_until(
            pilot, lambda: progress.search(str(panel.border_subtitle)), what="the progress"
        )
        await wait_until(pilot, lambda: screen.end_reached, timeout=30, what="the end")
        await wait_until(pilot, lambda: not screen.to_end)
        table = screen.table
        assert table.row_count == 1_214
        assert table.cursor_row == 1_213
        assert table.cursor_key() == screen.rows[-1].id


async def test_any_key_stops_the_walk_to_the_last_row() -> None:
    h = make_harness(dataset=big_dataset())
    async with h.app.run_test(size=(120, 40)) as pilot:
        screen = await open_browser(pilot, h.app)
        await wait_until(pilot, lambda: screen.pages_loaded >= 2 and not screen.loading_next)
        # The walk's next page waits for the test: the in-process demo answers fast
        # enough to reach row 10,000 before a check could see the walk under way.
        release = h.faults.hold("/api/customers/")
        await pilot.press("end")
        await wait_until(pilot, lambda: screen.loading_next, what="the walk asks for a page")
        assert screen.to_end  # still walking
        await pilot.press("x")
        assert not screen.to_end
        release.set()
        await wait_until(pilot, lambda: not screen.loading_next, timeout=20)
        pages = screen.pages_loaded
        await pilot.pause(0.3)
        assert screen.pages_loaded == pages  # the walk did not go on
        assert not screen.end_reached


async def test_the_filter_says_over_how_much_it_looked_and_is_not_cut_at_80() -> None:
    h = make_harness()
    async with h.app.run_test(size=(80, 24)) as pilot:
        screen = await open_browser(pilot, h.app)
        await pilot.press("f", *"Zoë")
        await wait_until(pilot, lambda: screen.filter_text == "Zoë")
        await pilot.pause()
        status = screen.status_plain
        shown = screen.table.row_count
        match = "match" if shown == 1 else "matches"
        said = f"filter “Zoë”: {shown} {match} over the 200 loaded of 1,214"
        assert said in status
        on_screen = " ".join(line.strip() for line in screen_lines(h.app))
        assert said in on_screen


async def test_an_empty_table_says_what_is_empty_without_a_stray_scrollbar() -> None:
    h = make_harness(start_customer=NO_PAYMENTS)
    async with h.app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, screen_named(h.app, "CustomerDetailScreen"))
        panel = h.app.screen.query_one("#panel-payments", Panel)
        await wait_until(pilot, lambda: panel.state == "ready", what="payments")
        await pilot.pause()
        table = h.app.screen.query_one("#payments", RowTable)
        assert table.row_count == 0
        assert panel.status_text == "no payments"
        assert not table.show_vertical_scrollbar
        assert not table.show_horizontal_scrollbar
        assert any("no payments" in line for line in screen_lines(h.app))


async def test_the_footer_offers_no_dashboard_where_there_is_none() -> None:
    h = make_harness(start_customer="usr_1337")
    async with h.app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, screen_named(h.app, "CustomerDetailScreen"))
        await pilot.pause()
        assert h.app.screen.check_action("dashboard", ()) is False
        assert not any("Dashboard" in line for line in screen_lines(h.app))
        assert "dashboard" not in {a.binding.action for a in h.app.active_bindings.values()} or (
            not h.app.active_bindings["o"].enabled
        )
