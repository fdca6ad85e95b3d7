"""RowTable lays out a body row's cells the way DataTable would, only faster.

Holding PageDown draws a screenful of new rows per key; RowTable puts each body row's
cells and the filler after them together itself, from column widths read once per
frame (tables.py). What a person sees must not change: every character and its style,
and the mouse's row/column under it, are compared with DataTable's own layout.
"""

from __future__ import annotations

from typing import Any

import pytest
from rich.segment import Segment
from rich.style import Style
from textual.app import App, ComposeResult
from textual.coordinate import Coordinate
from textual.widgets import DataTable

from rapidly_tui.present.widths import WidthRule
from rapidly_tui.widgets.cells import SafeCell
from rapidly_tui.widgets.tables import RowTable

RULES = [
    WidthRule("email", priority=1, min_width=12, preferred_width=28, identifying=True),
    WidthRule("name", priority=2, min_width=8, preferred_width=22),
    WidthRule("members", priority=6, min_width=7, preferred_width=7),
    WidthRule("created", priority=4, min_width=20, preferred_width=20),
]


def chars(lines: Any) -> list[tuple[str, Style | None]]:
    """One entry per character: what is drawn and how (segment splits don't matter)."""
    return [(ch, seg.style) for line in lines for seg in line for ch in seg.text]


class RowsApp(App[None]):
    def compose(self) -> ComposeResult:
        yield RowTable(RULES, widget_id="t")


@pytest.mark.parametrize("width", [120, 52])  # filler after the columns; a column dropped
async def test_body_rows_are_laid_out_exactly_as_datatable_lays_them_out(width: int) -> None:
    app = RowsApp()
    async with app.run_test(size=(width, 20)) as pilot:
        table = app.query_one(RowTable)
        table.replace_rows(
            (
                f"r{i}",
                [
                    SafeCell(f"c{i}@example.com"),
                    SafeCell("x" * 40),
                    SafeCell(f"{i:>7}"),
                    SafeCell("2026-11-20 10:00"),
                ],
            )
            for i in range(8)
        )
        table.focus()
        table.move_cursor(row=2)
        await pilot.pause()
        if width == 52:
            assert table.hidden_headers(), "the narrow table should leave a column out"
        table._pseudo_class_state = table.get_pseudo_class_state()
        taken: list[int] = []
        theirs_path = DataTable._render_line_in_row

        def spy(self: Any, *args: Any) -> Any:
            taken.append(1)
            return theirs_path(self, *args)

        compared = 0
        for hover_row in (0, 3):
            hover = Coordinate(hover_row, 0)
            for show_hover in (False, True):
                table._show_hover_cursor = show_hover
                for index in range(8):
                    key = table._row_locations.get_key(index)
                    assert key is not None
                    args = (key, 0, Style(), table.cursor_coordinate, hover)
                    table._clear_caches()
                    table._frame_styles = {}  # as in a frame (render_lines)
                    DataTable._render_line_in_row = spy  # type: ignore[method-assign]
                    try:
                        ours = table._render_line_in_row(*args)
                    finally:
                        DataTable._render_line_in_row = theirs_path  # type: ignore[method-assign]
                    table._clear_caches()
                    table._frame_widths = None
                    theirs = DataTable._render_line_in_row(table, *args)
                    table._frame_styles = None
                    table._frame_widths = None
                    where = f"row {index}, hover {hover_row}/{show_hover}, width {width}"
                    assert ours[0] == theirs[0] == [], where
                    assert len(ours[1]) == len(theirs[1]), where
                    for mine, datatable in zip(ours[1], theirs[1], strict=True):
                        assert chars([mine]) == chars([datatable]), where
                    compared += 1
        assert not taken, "body rows should not take DataTable's own path"
        assert compared == 32


async def test_a_frame_draws_the_rows_with_the_cursor_and_the_filler() -> None:
    app = RowsApp()
    async with app.run_test(size=(120, 20)) as pilot:
        table = app.query_one(RowTable)
        table.replace_rows((f"r{i}", [SafeCell(f"row {i}")] * 4) for i in range(5))
        table.focus()
        table.move_cursor(row=1)
        await pilot.pause()
        line = table.render_line(2)  # line 0 is the header
        assert line.text.startswith(" row 1")
        assert line.cell_length == table.size.width
        segments: list[Segment] = list(line)
        filler = segments[-1].style
        assert filler is not None
        assert filler.meta.get("out_of_bounds")


async def test_cells_drawn_within_a_frame_match_datatable_for_cursor_and_hover() -> None:
    """Within a frame a cell reads the table's settings once (RowTable._cell_settings)."""
    app = RowsApp()
    async with app.run_test(size=(120, 20)) as pilot:
        table = app.query_one(RowTable)
        table.replace_rows(
            (
                f"r{i}",
                [
                    SafeCell("ada@example.com"),
                    SafeCell("漢字" * 20),
                    SafeCell(None),
                    SafeCell("dim", style="dim"),
                ],
            )
            for i in range(3)
        )
        table.focus()
        await pilot.pause()
        table._pseudo_class_state = table.get_pseudo_class_state()
        compared = 0
        for show_hover in (False, True):
            table._show_hover_cursor = show_hover
            table._frame_styles = {}  # as in a frame (render_lines)
            try:
                for cursor in (False, True):
                    for hover in (False, True):
                        for column, width in enumerate((30, 9, 3, 12)):  # padding included
                            args = (1, column, Style(bgcolor="blue"), width, cursor, hover)
                            table._cell_render_cache.clear()
                            ours = table._render_cell(*args)
                            table._cell_render_cache.clear()
                            theirs = DataTable._render_cell(table, *args)
                            where = f"column {column}, cursor {cursor}, hover {hover}"
                            assert chars(ours) == chars(theirs), where
                            compared += 1
                assert table._frame_cells is not None, "a frame should read the settings once"
            finally:
                table._frame_styles = None
                table._frame_cells = None
        assert compared == 32
