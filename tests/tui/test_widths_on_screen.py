"""Tables use the terminal's width: identifiers whole when there is room, `…` where a
value is cut, a dropped column named, the cursor row's values readable under the table."""

from __future__ import annotations

from typing import Any

import pytest
from textual.app import App, ComposeResult

from rapidly_tui.demo import build_dataset
from rapidly_tui.present.widths import WidthRule
from rapidly_tui.widgets.cells import SafeCell
from rapidly_tui.widgets.panel import Panel
from rapidly_tui.widgets.tables import RowTable
from tests.tui.harness import make_harness, screen_named, wait_until
from tests.tui.test_customers import open_browser

LONG_EMAIL = "customer249@acme-customers.test"


def screen_lines(app: App[Any]) -> list[str]:
    """What the terminal shows, line by line."""
    return [strip.text for strip in app.screen._compositor.render_strips()]


def shown(value: str, width: int) -> str:
    """How a cell of ``width`` shows ``value``."""
    return value if len(value) <= width else value[: width - 1] + "…"


async def search(pilot: Any, text: str) -> None:
    await pilot.press("slash", *text, "enter")


@pytest.mark.parametrize("size", [(120, 40), (200, 50)])
async def test_a_long_email_is_whole_in_the_customers_browser(size: tuple[int, int]) -> None:
    h = make_harness()
    async with h.app.run_test(size=size) as pilot:
        screen = await open_browser(pilot, h.app)
        emails = [c.email for c in screen.rows]
        assert max(len(e) for e in emails) >= 40  # the demo's emails are realistic
        assert screen.table.ordered_columns[0].width >= max(len(e) for e in emails)
        await search(pilot, "customer249")
        await wait_until(pilot, lambda: screen.table.row_count == 1, what="one match")
        await pilot.pause()
        assert any(f" {LONG_EMAIL} " in line for line in screen_lines(h.app))


async def test_a_long_email_is_whole_in_the_overview_at_160() -> None:
    dataset = build_dataset()
    dataset.customers[1]["email"] = LONG_EMAIL  # among the latest customers
    h = make_harness(dataset=dataset)
    async with h.app.run_test(size=(160, 50)) as pilot:
        await wait_until(pilot, screen_named(h.app, "OverviewScreen"))
        await wait_until(pilot, lambda: h.app.screen.query_one("#latest-customers"))  # composed
        latest = h.app.screen.query_one("#latest-customers", RowTable)
        await wait_until(pilot, lambda: latest.row_count > 1, what="latest customers")
        await pilot.pause()
        assert any(f" {LONG_EMAIL} " in line for line in screen_lines(h.app))


async def test_external_ids_at_80x24_never_look_the_same_and_dropped_columns_are_named() -> None:
    h = make_harness()
    async with h.app.run_test(size=(80, 24)) as pilot:
        screen = await open_browser(pilot, h.app)
        table = screen.table
        index = [rule.header for rule in table._rules].index("external id")
        allocation = table._allocation
        assert allocation is not None
        width = allocation.widths[index]
        values = {c.external_id for c in screen.rows if c.external_id}
        assert len({shown(v, width) for v in values}) == len(values)
        assert {"usr_0036", "usr_0037", "usr_0038"} <= {shown(v, width) for v in values}
        # What did not fit is said, and the cursor row's values are under the table.
        panel = screen.query_one("#panel-list", Panel)
        title = str(panel.border_title)
        assert "not shown, too narrow" in title
        assert "created" in title
        ada = screen.rows[0]
        assert ada.name == "Ada Lovelace"
        assert "name Ada Lovelace" in panel.row_detail.plain
        await pilot.press("down")
        await pilot.pause()
        assert f"name {screen.rows[1].name or '—'}" in panel.row_detail.plain
        assert any("not shown, too narrow" in line for line in screen_lines(h.app))


class CutApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Panel(
            "Things",
            RowTable(
                [
                    WidthRule("id", priority=1, min_width=8, preferred_width=8, identifying=True),
                    WidthRule("note", priority=2, min_width=8, preferred_width=12),
                ],
                widget_id="t",
            ),
        )


async def test_a_cut_value_ends_in_an_ellipsis_and_shows_whole_under_the_table() -> None:
    app = CutApp()
    async with app.run_test(size=(40, 8)) as pilot:
        table = app.query_one(RowTable)
        note = "a note much longer than the forty columns of this terminal"
        table.replace_rows([("r1", [SafeCell("thing-1"), SafeCell(note)])])
        await pilot.pause()
        lines = screen_lines(app)
        row = next(line for line in lines if "thing-1" in line)
        assert "…" in row
        assert note not in row
        detail = app.query_one(Panel).row_detail
        assert detail.plain == f"note {note}"
        assert any(f"note {note}"[:30] in line for line in lines)


async def test_a_value_that_fits_shows_no_ellipsis_and_no_line_under_the_table() -> None:
    app = CutApp()
    async with app.run_test(size=(40, 8)) as pilot:
        table = app.query_one(RowTable)
        table.replace_rows([("r1", [SafeCell("thing-1"), SafeCell("short")])])
        await pilot.pause()
        assert not any("…" in line for line in screen_lines(app))
        assert not app.query_one(Panel).row_detail.display
