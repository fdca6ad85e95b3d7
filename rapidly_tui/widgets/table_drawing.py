"""How :class:`rapidly_tui.widgets.tables.RowTable` draws: DataTable's drawing, made
cheap for what a RowTable always holds (one-line rows of Text cells, a row cursor, no
row labels, no fixed columns), and DataTable's own code for anything else.

Holding PageDown through 10,000 rows draws a screenful of new rows on every key; most of
a keypress's time went to DataTable re-deriving, per line and per cell, what cannot
change within a frame. tests/tui/test_table_rows.py compares every row and cell drawn
here with DataTable's.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual._types import SegmentLines
from textual.coordinate import Coordinate
from textual.geometry import Region, Spacing
from textual.strip import Strip
from textual.widgets import DataTable
from textual.widgets.data_table import RowKey

from rapidly_tui.widgets.cells import Cell, SafeCell


@dataclass
class _CellSettings:
    """What drawing a body cell reads from its table (see RowTable._cell_settings)."""

    padding: int
    fixed: bool
    show_cursor: bool
    css_foreground: bool
    css_background: bool
    console: Console
    #: (component style, post style) by (hover, cursor, hover cursor shown).
    styles: dict[tuple[bool, bool, bool], tuple[Style, Style]] = field(default_factory=dict)


class _OneLineOffsets:
    """DataTable's line-to-row map for a table whose rows are all one line high."""

    __slots__ = ("_table",)

    def __init__(self, table: DataTable[Cell]) -> None:
        self._table = table

    def __len__(self) -> int:
        return self._table.row_count

    def __getitem__(self, y: int) -> tuple[RowKey, int]:
        key = self._table._row_locations.get_key(y) if y >= 0 else None
        if key is None:
            raise IndexError(y)
        return key, 0

    def clear(self) -> None:
        """Nothing is stored (DataTable.clear calls this)."""


class OneLineRows(DataTable[Cell]):
    """DataTable's drawing for tables whose rows are one line of Text cells."""

    # Every row here is one line high (add_row is never given a height), so a row's y
    # is its index. DataTable sums the heights of all rows above instead: O(rows) on
    # every cursor move, ~10 ms per PageDown at 10,000 rows.
    def _get_row_region(self, row_index: int) -> Region:
        if not self.is_valid_row_index(row_index):
            return Region(0, 0, 0, 0)
        row_width = (
            sum(column.get_render_width(self) for column in self.columns.values())
            + self._row_label_column_width
        )
        return Region(0, self._row_y(row_index), max(self.size.width, row_width), 1)

    def _get_cell_region(self, coordinate: Coordinate) -> Region:
        if not self.is_valid_coordinate(coordinate):
            return Region(0, 0, 0, 0)
        row_index, column_index = coordinate
        columns = self.ordered_columns
        x = (
            sum(column.get_render_width(self) for column in columns[:column_index])
            + self._row_label_column_width
        )
        width = columns[column_index].get_render_width(self)
        return Region(x, self._row_y(row_index), width, 1)

    def _row_y(self, row_index: int) -> int:
        return row_index + (self.header_height if self.show_header else 0)

    # A frame draws every visible line, and DataTable works out the table's style and
    # its row style for each line, walking the widget's ancestors each time (a quarter
    # of a frame). They cannot change within a frame: work them out once per frame.
    _frame_styles: dict[object, Style] | None = None
    #: The columns' widths, cell padding included, read once per frame.
    _frame_widths: tuple[int, ...] | None = None

    #: What drawing a cell reads from the table, read once per frame.
    _frame_cells: _CellSettings | None = None

    def render_lines(self, crop: Region) -> list[Strip]:
        self._frame_styles = {}
        try:
            return super().render_lines(crop)
        finally:
            self._frame_styles = None
            self._frame_widths = None
            self._frame_cells = None

    def _cell_settings(self) -> _CellSettings:
        """The table's settings a cell is drawn with (reactive reads, ~8 per cell):
        once per frame, or afresh outside one."""
        settings = self._frame_cells
        if settings is None:
            settings = _CellSettings(
                padding=self.cell_padding,
                fixed=bool(self.fixed_rows or self.fixed_columns),
                show_cursor=self.show_cursor,
                css_foreground=self.cursor_foreground_priority == "css",
                css_background=self.cursor_background_priority == "css",
                console=self.app.console,
            )
            if self._frame_styles is not None:  # within a frame
                self._frame_cells = settings
        return settings

    @property
    def rich_style(self) -> Style:
        memo = self._frame_styles
        if memo is None:
            return super().rich_style
        if "table" not in memo:
            memo["table"] = super().rich_style
        return memo["table"]

    def _get_row_style(self, row_index: int, base_style: Style) -> Style:
        memo = self._frame_styles
        if memo is None:
            return super()._get_row_style(row_index, base_style)
        kind = (
            "header"
            if row_index == -1
            else "fixed"
            if row_index < self.fixed_rows
            else row_index % 2
            if self.zebra_stripes
            else "body"
        )
        key = (kind, base_style)
        if key not in memo:
            memo[key] = super()._get_row_style(row_index, base_style)
        return memo[key]

    # DataTable lays out each new line by working out, per row, the header's style
    # (walking the widget's ancestors, for row labels and fixed columns: none here) and
    # every column's width (reactive reads), a sixth of a PageDown's frame. Within a
    # frame neither can change: body rows of a row-cursor table without labels or
    # fixed columns are laid out here from widths read once per frame, the same cells
    # in the same order and the same filler after them (a test compares the two).
    def _render_line_in_row(
        self,
        row_key: RowKey,
        line_no: int,
        base_style: Style,
        cursor_location: Coordinate,
        hover_location: Coordinate,
    ) -> tuple[SegmentLines, SegmentLines]:
        memo = self._frame_styles
        row_index = self._row_locations.get(row_key)
        if (
            memo is None
            or row_index is None
            or row_index < 0
            or self.cursor_type != "row"
            or self.fixed_columns
            or (self._labelled_row_exists and self.show_row_labels)
        ):
            return super()._render_line_in_row(
                row_key, line_no, base_style, cursor_location, hover_location
            )
        show_cursor = self.show_cursor
        cache_key = (
            row_key,
            line_no,
            base_style,
            cursor_location,
            hover_location,
            self.cursor_type,
            show_cursor,
            self._show_hover_cursor,
            self._update_count,
            self._pseudo_class_state,
        )
        cache = self._row_render_cache
        if cache_key in cache:
            return cache[cache_key]
        widths = self._frame_widths
        if widths is None:
            widths = tuple(column.get_render_width(self) for column in self.ordered_columns)
            self._frame_widths = widths
        cursor = cursor_location.row == row_index
        hover = hover_location.row == row_index
        row_style = self._get_row_style(row_index, base_style)
        render_cell = self._render_cell
        scrollable_row = [
            render_cell(row_index, index, row_style, width, cursor=cursor, hover=hover)[line_no]
            for index, width in enumerate(widths)
        ]
        remaining_space = max(0, self.size.width - sum(widths) - self._row_label_column_width)
        extend_style, _ = self._get_styles_to_render_cell(
            False,
            False,
            False,
            hover,
            cursor,
            show_cursor,
            self._show_hover_cursor,
            False,
            False,
        )
        extend_style = (
            row_style
            + extend_style
            + Style.from_meta({"row": row_index, "column": 0, "out_of_bounds": True})
        )
        scrollable_row.append([Segment(" " * remaining_space, extend_style)])
        row_pair: tuple[SegmentLines, SegmentLines] = ([], scrollable_row)
        cache[cache_key] = row_pair
        return row_pair

    # Holding PageDown brings a screenful of new rows on every key, and DataTable draws
    # each new cell through four nested Rich renderables (Styled(Padding(Text))): most
    # of a keypress's time. Body cells here are always one line of Text, so the same
    # segments are made directly: the text cut or padded to the column, the cell
    # padding around it, the same styles layered the same way (a test compares the two
    # for every kind of cell). Anything else takes DataTable's own path.
    def _render_cell(  # noqa: PLR0917 (DataTable's signature)
        self,
        row_index: int,
        column_index: int,
        base_style: Style,
        width: int,
        cursor: bool = False,
        hover: bool = False,
    ) -> SegmentLines:
        if width <= 0:  # a column left out for lack of room
            return [[]]
        settings = self._cell_settings()
        if row_index < 0 or column_index < 0 or settings.fixed:
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        row_key = self._row_locations.get_key(row_index)
        column_key = self._column_locations.get_key(column_index)
        if row_key is None or column_key is None:
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        cache_key = (
            row_key,
            column_key,
            base_style,
            cursor,
            hover,
            self._show_hover_cursor,
            self._update_count,
            self._pseudo_class_state,
        )
        cache = self._cell_render_cache
        if cache_key in cache:
            return cache[cache_key]
        row = self.rows.get(row_key)
        cell = self._data.get(row_key, {}).get(column_key)
        if row is None or row.height != 1 or not isinstance(cell, (Text, SafeCell)):
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        text = cell.text() if isinstance(cell, SafeCell) else cell.copy()
        cell_padding = settings.padding
        inner_width = max(0, width - 2 * cell_padding)
        text.rstrip_end(inner_width)
        text.truncate(inner_width, overflow=text.overflow)
        styles_key = (hover, cursor, self._show_hover_cursor)
        styles = settings.styles.get(styles_key)
        if styles is None:
            styles = settings.styles[styles_key] = self._get_styles_to_render_cell(
                False,
                False,
                False,
                hover,
                cursor,
                settings.show_cursor,
                self._show_hover_cursor,
                settings.css_foreground,
                settings.css_background,
            )
        component_style, post_style = styles
        pre_style = (
            base_style
            + Style.from_meta({"row": row_index, "column": column_index})
            + component_style
        )
        console = settings.console
        segments: list[Segment] = [*text.render(console)]
        if text.style:  # Text.render leaves the base style to the caller
            segments = [*Segment.apply_style(segments, style=console.get_style(text.style))]
        short_by = inner_width - text.cell_len
        if short_by > 0:  # filled like Rich fills a line: unstyled spaces
            segments.append(Segment(" " * short_by))
        if cell_padding:
            padding = Segment(" " * cell_padding)
            segments = [padding, *segments, padding]
        line = list(Segment.apply_style(segments, style=pre_style, post_style=post_style))
        cache[cache_key] = [line]
        return cache[cache_key]

    # DataTable keeps a list of (row key, line) for every line of the table, rebuilt over
    # all rows (10,000 when browsing a large workspace) whenever a row is added; with
    # one-line rows, line y is row y.
    @property
    def _y_offsets(self) -> _OneLineOffsets:  # type: ignore[override]
        return _OneLineOffsets(self)

    def _get_fixed_offset(self) -> Spacing:
        # DataTable sums the heights of the fixed rows through a list of every row.
        top = (self.header_height if self.show_header else 0) + min(self.fixed_rows, self.row_count)
        left = (
            sum(
                column.get_render_width(self)
                for column in self.ordered_columns[: self.fixed_columns]
            )
            + self._row_label_column_width
        )
        return Spacing(top, 0, 0, left)
