"""Tables for API data: widths shared by rule, Text cells, one click opens a row.

Cells are always Rich ``Text`` made by ``untrusted()``; a DataTable would otherwise
parse a ``str`` cell as markup. Column widths are decided by
:func:`rapidly_tui.present.widths.allocate` from the widget's width and the widest
value of each column, when rows arrive and on resize (never per frame), so a
10,000-character name cannot widen the table past the screen, identifiers are whole
when there is room, a cut value ends in ``…`` and a column without room is dropped
and named (:meth:`RowTable.hidden_headers`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.coordinate import Coordinate
from textual.geometry import Region, Size
from textual.message import Message
from textual.widgets import DataTable
from textual.widgets.data_table import Column, RowKey

from rapidly_tui.present.widths import Allocation, WidthRule, allocate
from rapidly_tui.widgets.cells import Cell, SafeCell, cell_width
from rapidly_tui.widgets.table_drawing import OneLineRows

if TYPE_CHECKING:
    from typing_extensions import Self


class _Column(Column):
    """A DataTable column that can be left out (drawn zero cells wide)."""

    hidden: bool = False

    def get_render_width(self, data_table: DataTable[Any]) -> int:
        return 0 if self.hidden else super().get_render_width(data_table)


class RowTable(OneLineRows):
    """A row-cursor DataTable whose rows open on Enter or on a single click."""

    # With a row cursor, Home/End mean first/last row (DataTable scrolls sideways).
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("home", "scroll_top", "First row", show=False),
        Binding("end", "scroll_bottom", "Last row", show=False),
    ]

    class Fitted(Message):
        """The columns' widths were decided again (new rows, a resize)."""

        def __init__(self, table: RowTable) -> None:
            super().__init__()
            self.table = table

    def __init__(
        self,
        columns: Sequence[WidthRule | tuple[str, int]],
        *,
        widget_id: str | None = None,
        classes: str = "",
    ) -> None:
        super().__init__(
            id=widget_id,
            classes=classes,
            cursor_type="row",
            zebra_stripes=True,
        )
        #: A ``(label, width)`` pair is a column of that width at most.
        self._rules = [
            rule if isinstance(rule, WidthRule) else WidthRule(rule[0], 1, rule[1], rule[1])
            for rule in columns
        ]
        #: The widest value of each column over the rows shown (headers included).
        self._natural = [cell_len(rule.header) for rule in self._rules]
        self._allocation: Allocation | None = None

    def on_mount(self) -> None:
        self._ensure_columns()

    def _ensure_columns(self) -> None:
        if not self.columns:
            for rule in self._rules:
                # A header cut for width ends in … like any value (never a plain stub).
                label = Text(rule.header, no_wrap=True, overflow="ellipsis")
                key = self.add_column(label, width=rule.preferred_width, key=rule.header)
                old = self.columns[key]
                self.columns[key] = _Column(old.key, old.label, old.width, 0, False)

    def replace_rows(self, rows: Iterable[tuple[str, Sequence[Cell]]]) -> None:
        """Show exactly ``rows`` (key, cells), keeping the cursor on the same key."""
        self._ensure_columns()
        current = self.cursor_key()
        self.clear()
        self._natural = [cell_len(rule.header) for rule in self._rules]
        for key, cells in rows:
            self._add(key, cells)
        self._measure_new_rows()
        self.fit_columns()
        if current is not None and current in self.rows:
            self.move_cursor(row=self.get_row_index(current), animate=False, scroll=True)

    def append_rows(self, rows: Iterable[tuple[str, Sequence[Cell]]]) -> None:
        self._ensure_columns()
        for key, cells in rows:
            if key not in self.rows:
                self._add(key, cells)
        self._measure_new_rows()
        self.fit_columns()

    def _add(self, key: str, cells: Sequence[Cell]) -> None:
        natural = self._natural
        for index, cell in enumerate(cells):
            if isinstance(cell, Text) and cell.overflow is None:
                cell.overflow = "ellipsis"
            width = cell_width(cell)
            if index < len(natural) and width > natural[index]:
                natural[index] = width
        self.add_row(*cells, key=key)

    # --- widths ---------------------------------------------------------------------

    def on_resize(self) -> None:
        self.fit_columns()

    def fit_columns(self) -> None:
        """Decide the columns' widths for the rows shown and the widget's width."""
        if not self.columns or self.size.width <= 0:
            return
        padding = 2 * self.cell_padding
        # The vertical scrollbar's room is kept whether or not it shows yet, so rows
        # that arrive later do not make the last column slide under it.
        available = self.size.width - self.styles.scrollbar_size_vertical - padding
        allocation = allocate(self._rules, self._natural, max(1, available), gap=padding)
        changed = allocation != self._allocation
        self._allocation = allocation
        if changed:
            for index, column in enumerate(self.ordered_columns):
                width = allocation.widths[index]
                column.width = max(1, width)
                if isinstance(column, _Column):
                    column.hidden = index in allocation.dropped
            self._clear_caches()
            self._update_dimensions(())
            self.refresh()
        self.post_message(self.Fitted(self))

    def hidden_headers(self) -> list[str]:
        """Headers of the columns left out for lack of room."""
        if self._allocation is None:
            return []
        return [self._rules[i].header for i in self._allocation.dropped]

    def spilled_columns(self) -> list[int]:
        """Columns with a value that does not show whole on this page (dropped or cut)."""
        allocation = self._allocation
        if allocation is None or not self.row_count:
            return []
        return [i for i, natural in enumerate(self._natural) if allocation.is_cut(i, natural)]

    def cursor_values(self) -> list[tuple[str, Text]]:
        """The cursor row's complete values for the columns that do not show whole."""
        if not self.row_count:
            return []
        try:
            row = self.get_row_at(self.cursor_row)
        except Exception:  # cursor out of range while rows change
            return []
        values: list[tuple[str, Text]] = []
        # Most important first: the line itself may be cut at the right.
        for index in sorted(self.spilled_columns(), key=lambda i: self._rules[i].priority):
            cell = row[index] if index < len(row) else None
            if isinstance(cell, SafeCell):
                text = cell.text()
            elif isinstance(cell, Text):
                text = cell.copy()
            else:
                continue
            text.overflow = None
            padding = len(text.plain) - len(text.plain.lstrip(" "))
            values.append((self._rules[index].header, text[padding:] if padding else text))
        return values

    def action_page_down(self) -> None:
        if self.show_cursor and self.cursor_type == "row":
            self._move_page(+1)
        else:
            super().action_page_down()

    def action_page_up(self) -> None:
        if self.show_cursor and self.cursor_type == "row":
            self._move_page(-1)
        else:
            super().action_page_up()

    def _move_page(self, direction: int) -> None:
        # What DataTable's page actions do, without walking the rows: a page is the
        # visible height in rows.
        self._set_hover_cursor(False)
        height = self.scrollable_content_region.height - (
            self.header_height if self.show_header else 0
        )
        row_index = self.cursor_coordinate.row
        target = max(0, min(row_index + direction * height, self.row_count - 1))
        self.scroll_relative(y=direction * height, animate=False, force=True)
        self.move_cursor(row=target, scroll=False)

    # DataTable measures every cell of every new row (600 per page of customers) to size
    # auto-width columns and auto-height rows. Here every column has a fixed width and
    # every row is one line: only the virtual size needs updating.
    def _update_dimensions(self, new_rows: Iterable[RowKey]) -> None:
        before = self.virtual_size
        self._sizing_from = before
        try:
            super()._update_dimensions(())
        finally:
            self._sizing_from = None

    #: The virtual size before the one being set by ``_update_dimensions``, while it runs.
    _sizing_from: Size | None = None

    def refresh(
        self,
        *regions: Region,
        repaint: bool = True,
        layout: bool = False,
        recompose: bool = False,
    ) -> Self:
        before = self._sizing_from
        if before is not None and not regions and self.is_mounted and self._grew_unseen(before):
            # Rows added below what is on screen change nothing visible: lay out (the
            # scrollbar and the scroll range), don't repaint. Textual would redraw the
            # whole table, ~18 KB over SSH, for a page loaded behind a cursor move.
            repaint = False
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)

    def _size_updated(
        self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True
    ) -> bool:
        resized = self._size != size
        answer = super()._size_updated(size, virtual_size, container_size, layout)
        if resized:
            # The layout that resized the table repaints all of it. ScrollView marks it
            # to be repainted all over again, which Textual keeps until the table's next
            # change: the whole table again (~10 KB) for the first cursor move.
            self._repaint_regions.clear()
        return answer

    def _grew_unseen(self, before: Size) -> bool:
        after = self.virtual_size
        return (
            after.width == before.width
            and after.height > before.height
            and before.height >= self.scroll_offset.y + self.scrollable_content_region.height
        )

    def _measure_new_rows(self) -> None:
        # DataTable measures new rows (and so learns its height) on its next idle, which
        # comes after the next frame: that frame shows the table empty at its old height,
        # and a second full frame follows. Measuring now puts the rows in the first one.
        # (What DataTable._on_idle does, with the Textual version pinned in pyproject.)
        if self._require_update_dimensions:
            self._require_update_dimensions = False
            new_rows = self._new_rows.copy()
            self._new_rows.clear()
            self._update_dimensions(new_rows)

    def cursor_key(self) -> str | None:
        """The key of the row under the cursor, if any."""
        if not self.row_count:
            return None
        try:
            row_key, _ = self.coordinate_to_cell_key(self.cursor_coordinate)
        except Exception:  # cursor out of range while rows change
            return None
        return row_key.value

    async def _on_click(self, event: events.Click) -> None:
        meta = event.style.meta
        row = meta.get("row")
        column = meta.get("column")
        already = (
            isinstance(row, int)
            and isinstance(column, int)
            and Coordinate(row, column) == self.cursor_coordinate
        )
        await super()._on_click(event)
        # DataTable selects on the second click; people expect one click to open.
        if isinstance(row, int) and row >= 0 and not already and row < self.row_count:
            self.action_select_cursor()

    def cell_plain(self, row_index: int, column_label: str) -> str:
        """The text a person sees in one cell (for tests and copy)."""
        value = self.get_cell_at(Coordinate(row_index, self._column_index(column_label)))
        return value.plain if isinstance(value, (Text, SafeCell)) else str(value)

    def _column_index(self, label: str) -> int:
        return [rule.header for rule in self._rules].index(label)
