"""Label/value pairs (a profile, a payment's fields), each value cut to one line."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from rich.segment import Segment
from rich.text import Text
from textual.widgets import Static

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderResult
    from rich.measure import Measurement
    from rich.table import Table


class FieldList(Static):
    """Label/value pairs, the value cut to one line (API values are untrusted Text)."""

    def __init__(
        self,
        rows: Iterable[tuple[str, Text]] = (),
        *,
        label_width: int = 16,
        widget_id: str | None = None,
        classes: str = "",
    ) -> None:
        super().__init__("", id=widget_id, classes=("fields " + classes).strip(), markup=False)
        self.label_width = label_width
        self.rows: list[tuple[str, Text]] = list(rows)

    def on_mount(self) -> None:
        self.set_rows(self.rows)

    def set_rows(self, rows: Iterable[tuple[str, Text]]) -> None:
        self.rows = list(rows)
        for _label, value in self.rows:
            value.no_wrap = True
            value.overflow = "ellipsis"
        self.update(Pairs(self.rows, self.label_width))

    def value_plain(self, label: str) -> str:
        for row_label, value in self.rows:
            if row_label == label:
                return value.plain
        raise KeyError(label)


class Pairs:
    """What a Rich grid of two columns draws for label/value pairs (the label dim, cut
    or padded to ``label_width``, a space, the value cut with ``…`` to the rest of the
    line), drawn directly.

    Laying out a Rich Table (measuring every cell, then rendering each through nested
    renderables) was a noticeable part of the overview's first frame, which shows two
    of these. Anything the direct path does not draw exactly as the grid would (a tab
    or a line break, a justified value, no room for a value) is left to the grid
    (tests/unit/test_field_list_pairs.py compares the two).
    """

    def __init__(self, rows: list[tuple[str, Text]], label_width: int) -> None:
        self.rows = rows
        self.label_width = label_width

    def table(self) -> Table:
        """The Rich grid these pairs are (the fallback, and the reference)."""
        from rich.table import Table

        table = Table.grid(padding=(0, 1), expand=True)
        table.add_column(style="dim", width=self.label_width, no_wrap=True)
        table.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
        for label, value in self.rows:
            table.add_row(Text(label), value)
        return table

    def _direct(self, value_width: int) -> bool:
        return value_width >= 1 and all(
            value.justify in (None, "default", "left")
            and not any(char in text for text in (label, value.plain) for char in "\t\n\r")
            for label, value in self.rows
        )

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        label_width = self.label_width
        value_width = options.max_width - label_width - 1
        if not self._direct(value_width):
            yield self.table()
            return
        dim = console.get_style("dim")
        gap = Segment(" ", dim)
        new_line = Segment.line()
        for label, value in self.rows:
            cut = Text(label, end="")
            cut.truncate(label_width, overflow="ellipsis", pad=True)
            yield from Segment.apply_style(cut.render(console), dim)
            yield gap
            shown = value.copy()
            shown.truncate(value_width, overflow="ellipsis", pad=True)
            segments = shown.render(console)
            yield from Segment.apply_style(segments, console.get_style(shown.style))
            yield new_line

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return self.table().__rich_measure__(console, options)
