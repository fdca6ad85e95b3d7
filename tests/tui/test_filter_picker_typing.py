"""``v`` in a browser at 80x24: typed text goes to the picker's input, a value outside
the filter's choices is refused before any request, and a filter the server refuses
(422) is named as such and leaves the border true to the rows."""

from __future__ import annotations

from typing import Any

from rapidly_tui.app import RapidlyApp
from rapidly_tui.screens.browser import BrowserScreen
from rapidly_tui.screens.filter_picker import FilterPicker
from rapidly_tui.widgets.panel import Panel
from tests.tui.harness import make_harness, screen_named, wait_until
from tests.tui.test_customers import column

NARROW = (80, 24)


async def open_payments(pilot: Any, app: RapidlyApp) -> BrowserScreen:
    await wait_until(pilot, screen_named(app, "OverviewScreen"))
    await pilot.press("colon", *"payments", "enter")
    await wait_until(pilot, lambda: isinstance(app.screen, BrowserScreen))
    screen = app.screen
    assert isinstance(screen, BrowserScreen)
    await wait_until(pilot, lambda: screen.pages_loaded >= 1 and not screen.loading_next)
    return screen


def keys(text: str) -> list[str]:
    """Pilot key names for ``text`` ("=" has a name of its own)."""
    return ["equals_sign" if c == "=" else c for c in text]


def border(screen: BrowserScreen) -> str:
    return str(screen.query_one("#panel-list", Panel).border_title)


async def test_typing_in_the_picker_goes_to_its_input_and_enter_applies_it() -> None:
    h = make_harness()
    async with h.app.run_test(size=NARROW) as pilot:
        screen = await open_payments(pilot, h.app)
        assert len(set(column(screen.table, "STATUS"))) > 1
        await pilot.press("v")
        await wait_until(pilot, lambda: isinstance(h.app.screen, FilterPicker))
        await pilot.press(*keys("status=failed"), "enter")
        await wait_until(pilot, lambda: h.app.screen is screen)
        await wait_until(pilot, lambda: screen.shown_query.filters == (("status", "failed"),))
        assert set(column(screen.table, "STATUS")) == {"failed"}
        assert "status: failed" in border(screen)


async def test_a_value_outside_the_choices_is_refused_in_the_picker_naming_them() -> None:
    h = make_harness()
    async with h.app.run_test(size=NARROW) as pilot:
        screen = await open_payments(pilot, h.app)
        sent = len(h.requests("/api/payments/"))
        await pilot.press("v")
        await wait_until(pilot, lambda: isinstance(h.app.screen, FilterPicker))
        await pilot.press(*keys("status=bogus"), "enter")
        await wait_until(pilot, lambda: h.app._notifications, what="a message")
        message = [n.message for n in h.app._notifications][-1]
        assert "bogus" in message
        assert "succeeded" in message
        assert "failed" in message
        assert isinstance(h.app.screen, FilterPicker)  # still there to correct
        await pilot.pause()
        assert len(h.requests("/api/payments/")) == sent
        assert "status" not in border(screen)


async def test_a_filter_the_server_refuses_is_named_and_leaves_the_border_true() -> None:
    h = make_harness()
    async with h.app.run_test(size=NARROW) as pilot:
        screen = await open_payments(pilot, h.app)
        before = column(screen.table, "STATUS")
        panel = screen.query_one("#panel-list", Panel)
        # A value the server refuses (as an out-of-date list of choices would send).
        screen.set_filter("status", "bogus")
        await wait_until(pilot, lambda: panel.state == "error", what="the 422")
        status = str(panel.status.render())
        assert "refused the filter status 'bogus'" in status
        assert "this version sent" not in status
        assert "bogus" not in border(screen)
        assert "status:" not in border(screen)
        assert screen.filters == {}
        assert column(screen.table, "STATUS") == before


async def test_while_a_new_filter_loads_the_border_names_the_rows_shown() -> None:
    """The old rows stay until the filtered ones arrive: the border must not name the
    new filter over them, only say it is loading; then it names it, over its rows."""
    h = make_harness()
    async with h.app.run_test(size=NARROW) as pilot:
        screen = await open_payments(pilot, h.app)
        before = column(screen.table, "STATUS")
        assert len(set(before)) > 1
        release = h.faults.hold("/api/payments/")
        screen.set_filter("status", "failed")
        await wait_until(pilot, lambda: "loading" in border(screen), what="loading said")
        assert "loading status: failed…" in border(screen)
        assert column(screen.table, "STATUS") == before  # still the unfiltered rows
        release.set()
        await wait_until(pilot, lambda: screen.shown_query.filters == (("status", "failed"),))
        await wait_until(pilot, lambda: "loading" not in border(screen), what="loaded")
        assert "status: failed" in border(screen)
        assert set(column(screen.table, "STATUS")) == {"failed"}
