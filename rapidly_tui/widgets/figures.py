"""The overview's line of headline numbers (customers, payments, shares)."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.widgets import Static


class Figures(Static):
    """One line of headline numbers, each filled by its own loader."""

    LABELS: ClassVar[tuple[str, ...]] = ("Customers", "Payments", "Shares")

    def __init__(self, *, widget_id: str | None = None) -> None:
        super().__init__("", id=widget_id, markup=False)
        self.values: dict[str, Text] = {label: Text("…", style="dim") for label in self.LABELS}

    def on_mount(self) -> None:
        self._render_values()

    def set_value(self, label: str, value: Text) -> None:
        self.values[label] = value
        self._render_values()

    def _render_values(self) -> None:
        # One line normally; one figure per line once an error explains itself.
        separator = "\n" if any(v.style == "red" for v in self.values.values()) else "   "
        line = Text()
        for index, label in enumerate(self.LABELS):
            if index:
                line.append(separator)
            line.append(f"{label} ", style="dim")
            line.append_text(self.values[label])
        self.update(line)

    @property
    def plain(self) -> str:
        return " ".join(f"{label} {value.plain}" for label, value in self.values.items())
