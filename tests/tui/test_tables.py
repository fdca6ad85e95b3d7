"""RowTable draws its cells the way DataTable would, only faster.

RowTable makes a body cell's segments directly instead of through DataTable's nested
Rich renderables (holding PageDown draws a screenful of new cells per key). What a
person sees must not change: every character and its style is compared with
DataTable's own drawing, for every kind of cell the explorer shows.
"""

from __future__ import annotations

from typing import Any

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.app import App, ComposeResult
from textual.widgets import DataTable

from rapidly_tui.widgets.cells import Cell, SafeCell
from rapidly_tui.widgets.tables import RowTable

CELLS: list[Cell] = [
    SafeCell("ada@example.com"),
    SafeCell(""),  # shown as a dim placeholder
    SafeCell(None),
    SafeCell("x" * 300),  # longer than the column: cut
    SafeCell("exactly-twelve"[:12]),
    SafeCell("trailing spaces     "),
    SafeCell("  leading"),
    SafeCell("漢字のお客様名前漢字"),  # wide characters, cut on a cell boundary
    SafeCell("a漢b"),
    SafeCell("evil\x1b]0;pwned\x07name\r\n"),  # substitutions are styled (reverse)
    SafeCell("[/] [bold]not markup[/bold]"),
    SafeCell("dim", style="dim"),
    SafeCell(12345),
    Text("styled", style="bold red"),
    Text.assemble(("two ", "green"), ("parts", "italic")),
    Text("\u00e9\u0301 combining"),
]
WIDTHS = (1, 2, 3, 12, 30)


def chars(line: list[Segment]) -> list[tuple[str, Style | None]]:
    """One entry per character: what is drawn and how (segment splits don't matter)."""
    return [(ch, seg.style) for seg in line for ch in seg.text]


class TableApp(App[None]):
    def compose(self) -> ComposeResult:
        yield RowTable([(f"c{width}", width) for width in WIDTHS], widget_id="t")


async def test_cells_are_drawn_exactly_as_datatable_draws_them() -> None:
    app = TableApp()
    async with app.run_test(size=(100, 30)) as pilot:
        table = app.query_one(RowTable)
        table.replace_rows((f"r{i}", [cell] * len(WIDTHS)) for i, cell in enumerate(CELLS))
        table.move_cursor(row=3)
        await pilot.pause()
        table._pseudo_class_state = table.get_pseudo_class_state()
        compared = 0
        for row_index in range(len(CELLS)):
            for column_index, width in enumerate(WIDTHS):
                render_width = table.ordered_columns[column_index].get_render_width(table)
                for cursor in (False, True):
                    for hover in (False, True):
                        for base in (Style(), Style(bgcolor="grey11", color="white")):
                            args: tuple[Any, ...] = (
                                row_index,
                                column_index,
                                base,
                                render_width,
                                cursor,
                                hover,
                            )
                            ours = table._render_cell(*args)
                            table._cell_render_cache.clear()
                            theirs = DataTable._render_cell(table, *args)
                            table._cell_render_cache.clear()
                            where = f"{CELLS[row_index]!r} in {width} columns"
                            assert len(ours) == len(theirs) == 1, where
                            assert chars(ours[0]) == chars(theirs[0]), where
                            compared += 1
        assert compared == len(CELLS) * len(WIDTHS) * 8


async def test_header_cells_still_take_datatables_path() -> None:
    app = TableApp()
    async with app.run_test(size=(100, 30)) as pilot:
        table = app.query_one(RowTable)
        table.replace_rows([("r", [SafeCell("v")] * len(WIDTHS))])
        await pilot.pause()
        header = table._render_cell(-1, 3, Style(), 14)
        assert "".join(seg.text for seg in header[0]).strip() == "c12"


class TallTableApp(App[None]):
    def compose(self) -> ComposeResult:
        yield RowTable([("n", 8)], widget_id="t")


async def test_page_keys_move_a_screenful_and_stop_at_the_ends() -> None:
    app = TallTableApp()
    async with app.run_test(size=(40, 12)) as pilot:
        table = app.query_one(RowTable)
        table.replace_rows((f"r{i}", [SafeCell(f"row {i}")]) for i in range(25))
        table.focus()
        await pilot.pause()
        visible = table.scrollable_content_region.height - table.header_height
        await pilot.press("pagedown")
        assert table.cursor_row == visible
        await pilot.press("pagedown", "pagedown", "pagedown")
        assert table.cursor_row == 24  # the last row, not past it
        assert table.scroll_offset.y == table.max_scroll_y
        await pilot.press("pageup")
        assert table.cursor_row == 24 - visible
        await pilot.press("pageup", "pageup", "pageup")
        assert table.cursor_row == 0
        assert table.scroll_offset.y == 0


async def test_scrolled_lines_and_clicks_land_on_the_right_rows() -> None:
    app = TallTableApp()
    async with app.run_test(size=(40, 12)) as pilot:
        table = app.query_one(RowTable)
        table.replace_rows((f"r{i}", [SafeCell(f"row {i}")]) for i in range(25))
        table.focus()
        await pilot.pause()
        table.scroll_to(y=10, animate=False)
        await pilot.pause()
        # Line 0 is the header; line 1 shows the row scrolled to the top.
        assert "row 10" in table.render_line(1).text
        assert table.render_line(table.size.height - 1).text.strip().startswith("row ")
        opened: list[str] = []
        table.action_select_cursor = lambda: opened.append(table.cursor_key() or "")  # type: ignore[method-assign]
        await pilot.click(RowTable, offset=(3, 3))
        assert table.cursor_row == 12
        assert opened == ["r12"]
        # Scrolled to the end, the last line is the last row.
        table.scroll_to(y=table.max_scroll_y, animate=False)
        await pilot.pause()
        assert "row 24" in table.render_line(table.size.height - 1).text


async def test_page_keys_on_an_empty_table_do_nothing() -> None:
    app = TallTableApp()
    async with app.run_test(size=(40, 12)) as pilot:
        table = app.query_one(RowTable)
        table.focus()
        await pilot.press("pagedown", "pageup", "pagedown")
        assert table.row_count == 0
        assert table.cursor_row == 0
        assert table.scroll_offset.y == 0
