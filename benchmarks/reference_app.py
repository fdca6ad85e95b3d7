"""The benchmark's yardstick: a bare Textual app with a Header, a DataTable and a Footer.

Every timing of rapidly-tui is printed as a ratio to this app's first paint, measured
the same way in the same run, because absolute times drift on shared machines.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import App, ComposeResult
from textual.widgets import DataTable, Footer, Header


class ReferenceApp(App[None]):
    BINDINGS: ClassVar = [("q", "quit", "Quit")]

    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable()
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("email", "name", "created")
        table.add_rows((f"ref-row-{i}@example.com", f"Row {i}", "2026-11-20") for i in range(100))


if __name__ == "__main__":
    ReferenceApp().run()
