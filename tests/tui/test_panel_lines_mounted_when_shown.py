"""A panel's status line and row-detail line are mounted only when first shown (issue
15.1, the cold start: the overview's first frame had ten hidden widgets to style and
lay out), and then show where they always did: the status above the body, the detail
under the table."""

from __future__ import annotations

from rich.text import Text
from textual.app import App, ComposeResult

from rapidly_tui.api.errors import ServerError
from rapidly_tui.app import RapidlyApp
from rapidly_tui.screens.overview import OverviewScreen
from rapidly_tui.widgets.panel import Panel
from rapidly_tui.widgets.tables import RowTable
from tests.tui.harness import make_harness, wait_until

PANELS = ("#panel-customers", "#panel-payments", "#panel-webhooks")


def overview_ready(app: RapidlyApp) -> bool:
    screen = app.screen
    return (
        isinstance(screen, OverviewScreen)
        and not screen.loading_keys
        and all(screen.query_one(p, Panel).state == "ready" for p in PANELS)
    )


class OnePanel(App[None]):
    def compose(self) -> ComposeResult:
        yield Panel("Payments", RowTable([("Name", 20)]), widget_id="panel")


async def test_a_panel_with_nothing_to_say_mounts_neither_line() -> None:
    app = OnePanel()
    async with app.run_test(size=(80, 20)) as pilot:
        panel = app.query_one("#panel", Panel)
        table = panel.body
        assert isinstance(table, RowTable)
        await pilot.pause()
        assert list(panel.children) == [table]  # no status line, no row-detail line
        assert panel.status_text == ""
        panel.show_loading()  # no data yet: the spinner's line, above the table
        await pilot.pause()
        assert list(panel.children) == [panel.status, table]
        assert "Loading" in panel.status_text
        assert panel.status.region.height == 1
        table.replace_rows([("ada", [Text("Ada")])])  # whole: nothing for a detail line
        panel.show_ready()
        await pilot.pause()
        assert panel.status_text == ""
        assert not panel.status.display
        assert not panel.row_detail.is_mounted


async def test_a_status_shown_later_is_above_the_body_and_says_it() -> None:
    h = make_harness()
    async with h.app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: overview_ready(h.app))
        screen = h.app.screen
        panel = next(p for p in screen.query(Panel) if isinstance(p.body, RowTable))
        panel.show_error(ServerError("The server failed (500).", status=500, request_id="req-9"))
        await pilot.pause()
        assert panel.status.is_mounted
        assert list(panel.children)[:2] == [panel.status, panel.body]
        assert "500" in panel.status_text
        assert panel.status.region.height >= 1  # laid out: on screen
        assert panel.status.region.y < panel.body.region.y
