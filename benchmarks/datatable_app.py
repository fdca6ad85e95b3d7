"""The bytes yardstick: a bare Textual DataTable of a browser's rows.

``datatable_app.py`` (the customers browser) or ``datatable_app.py payments|events``.
The first page of Acme's customers (newest first, as the browser shows them), read
from the in-process demo API (no server to wait for), in the browser's columns, with a
Header and a Footer. The benchmark moves its cursor as it moves the browser's and compares
the bytes each move sends to the terminal. For payments and events: their first page,
each cell as the browser words it (present/values.py), every column as wide as its
widest cell (a row as wide as the browser's, which fills the screen).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual.app import App, ComposeResult
from textual.widgets import DataTable, Footer, Header

if TYPE_CHECKING:
    from rapidly_tui.api.models import Page

#: The browser's columns at 120 columns, in the widths it gives them there (members is
#: left out for room): the same rows, drawn as wide, so that a move draws the same cells.
COLUMNS = (("email", 45), ("name", 12), ("type", 6), ("external id", 21), ("created", 20))


def first_page() -> list[tuple[str, ...]]:
    """Acme's newest 100 customers, from the in-process demo API (the data set the demo
    server serves), in the browser's columns."""
    import asyncio

    from rapidly_tui.api.client import RapidlyClient
    from rapidly_tui.demo import DEMO_TOKEN, demo_transport

    async def fetch() -> list[tuple[str, ...]]:
        async with RapidlyClient(
            "http://demo.invalid", DEMO_TOKEN, transport=demo_transport()
        ) as client:
            workspace = (await client.list_workspaces(slug="acme")).data[0]
            page = await client.list_customers(
                workspace_id=workspace.id, sorting=("-created_at",), limit=100
            )
        return [
            (
                customer.email,
                customer.name or "",
                str(getattr(customer.type, "value", customer.type) or ""),
                customer.external_id or "",
                customer.created_at.strftime("%Y-%m-%d %H:%M UTC"),
            )
            for customer in page.data
        ]

    return asyncio.run(fetch())


def first_page_of(resource: str) -> tuple[list[str], list[tuple[str, ...]]]:
    """The headers and the newest 100 rows of the payments or events browser."""
    import asyncio

    from rapidly_tui.api.client import RapidlyClient
    from rapidly_tui.demo import DEMO_TOKEN, demo_transport
    from rapidly_tui.present import values
    from rapidly_tui.screens.browsers import EVENTS, PAYMENTS

    browse = {"payments": PAYMENTS, "events": EVENTS}[resource]
    columns = browse.columns or browse.spec.columns

    async def fetch() -> list[tuple[str, ...]]:
        async with RapidlyClient(
            "http://demo.invalid", DEMO_TOKEN, transport=demo_transport()
        ) as client:
            workspace = (await client.list_workspaces(slug="acme")).data[0]
            page: Page[Any]
            if resource == "payments":
                page = await client.list_payments(
                    workspace_id=workspace.id, sorting=("-created_at",), limit=100
                )
            else:
                page = await client.list_events(
                    workspace_id=workspace.id, sorting=("-timestamp",), limit=100
                )
        return [
            tuple(values.of_field(browse.spec.field(c.field), item) for c in columns)
            for item in page.data
        ]

    return [c.header for c in columns], asyncio.run(fetch())


class BareTable(App[None]):
    BINDINGS: ClassVar = [("q", "quit", "Quit")]

    def __init__(
        self, rows: list[tuple[str, ...]], columns: list[tuple[str, int | None]] | None = None
    ) -> None:
        super().__init__()
        self.rows = rows
        self.columns = columns or list(COLUMNS)

    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable(cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for label, width in self.columns:
            table.add_column(label, width=width)
        # Text, not str: a str cell is read as markup, and the demo data has hostile names.
        table.add_rows(
            [Text(value, no_wrap=True, overflow="ellipsis") for value in row] for row in self.rows
        )


if __name__ == "__main__":
    import sys

    if len(sys.argv) > 1:
        headers, rows = first_page_of(sys.argv[1])
        BareTable(rows, [(header, None) for header in headers]).run()
    else:
        BareTable(first_page()).run()
