"""Table cells: untrusted values that become safe ``Text`` only when drawn."""

from __future__ import annotations

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.text import Text

from rapidly_tui.text import untrusted


class SafeCell:
    """A table cell holding an untrusted value; it becomes safe ``Text`` only when drawn.

    Ten thousand rows of six ``Text`` objects cost ~18 MB and DataTable measures every
    new cell by rendering it. This keeps just the value (shared with the model) and
    answers the measurement from its length: the columns have fixed widths anyway.
    """

    __slots__ = ("max_chars", "style", "value")

    def __init__(self, value: object, style: str = "", max_chars: int = 120) -> None:
        self.value = value
        self.style = style
        self.max_chars = max_chars

    def text(self) -> Text:
        text = untrusted(self.value, style=self.style, max_chars=self.max_chars)
        text.overflow = "ellipsis"  # a cut value must not read like a whole one
        return text

    def width(self) -> int:
        """Cells the value takes when drawn (cheap for plain ASCII)."""
        value = self.value
        if isinstance(value, str) and value.isascii() and value.isprintable():
            return min(len(value), self.max_chars) if value else 1
        return self.text().cell_len

    @property
    def plain(self) -> str:
        return self.text().plain

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.text()

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        width = min(len(str(self.value)) if self.value else 1, self.max_chars)
        return Measurement(1, max(1, width))


Cell = Text | SafeCell


def cell_width(cell: object) -> int:
    """Cells ``cell`` takes when drawn (a column's natural width is its widest)."""
    if isinstance(cell, SafeCell):
        return cell.width()
    if isinstance(cell, Text):
        return cell.cell_len
    return cell_len(str(cell))
