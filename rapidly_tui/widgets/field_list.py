"""Label/value pairs (a profile, a payment's fields), each value cut to one line."""

from __future__ import annotations

from collections.abc import Iterable

from rich.table import Table
from rich.text import Text
from textual.widgets import Static


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
        table = Table.grid(padding=(0, 1), expand=True)
        table.add_column(style="dim", width=self.label_width, no_wrap=True)
        table.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
        for label, value in self.rows:
            value.no_wrap = True
            value.overflow = "ellipsis"
            table.add_row(Text(label), value)
        self.update(table)

    def value_plain(self, label: str) -> str:
        for row_label, value in self.rows:
            if row_label == label:
                return value.plain
        raise KeyError(label)
