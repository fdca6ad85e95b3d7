"""The customers browser: the generic list (screens/browser.py) with member counts.

Server-side search and sorting, paging as you scroll and the quick filter over loaded
rows are :class:`~rapidly_tui.screens.browser.ListScreen`'s. Customers add: members
embedded in each page (``include_members``) are counted and dropped (half a
customer's memory, and the detail fetches them anyway), and Enter opens the
customer's own screen.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from rapidly_tui.present.resources import CUSTOMER
from rapidly_tui.present.widths import WidthRule
from rapidly_tui.screens.browser import PAGE_SIZE, Browse, ListScreen, Query
from rapidly_tui.widgets import format as fmt
from rapidly_tui.widgets.cells import Cell, SafeCell

if TYPE_CHECKING:
    from rapidly_tui.api.client import RapidlyClient
    from rapidly_tui.api.models import Customer, Page

SORTS: list[tuple[str, str]] = [
    ("-created_at", "newest first"),
    ("created_at", "oldest first"),
    ("email", "email A–Z"),
    ("-email", "email Z–A"),
    ("name", "name A–Z"),
    ("-name", "name Z–A"),
]
#: Widths are shared by rapidly_tui.present.widths: the email and the external id are
#: whole whenever the terminal has room, members and type go first when it has not.
COLUMNS = [
    WidthRule("email", priority=1, min_width=12, preferred_width=28, identifying=True),
    WidthRule("name", priority=2, min_width=8, preferred_width=22),
    WidthRule("type", priority=5, min_width=6, preferred_width=10),
    WidthRule("external id", priority=3, min_width=8, preferred_width=14, identifying=True),
    WidthRule("members", priority=6, min_width=7, preferred_width=7),
    WidthRule("created", priority=4, min_width=20, preferred_width=20),
]


async def _fetch(client: RapidlyClient, query: Query, number: int, limit: int) -> Page[Any]:
    return await client.list_customers(
        workspace_id=query.workspace_id,
        query_text=query.search or None,
        sorting=(query.sorting,),
        include_members=True,
        page=number,
        limit=limit,
    )


BROWSE = Browse(CUSTOMER, _fetch)


class CustomersScreen(ListScreen):
    """All customers of one workspace."""

    workspace_id: str
    AUTO_FOCUS = "#customers-table"
    SORTS = SORTS

    def __init__(self, workspace_id: str, *, search: str = "") -> None:
        super().__init__(BROWSE, workspace_id, search=search)
        self.member_counts: dict[str, int] = {}

    @property
    def search_placeholder(self) -> str:
        return "/ search name, email or external id (server-side)"

    def width_rules(self) -> list[WidthRule]:
        return COLUMNS

    def keep(self, item: Any) -> Any:
        self.member_counts[item.id] = len(item.members)
        return _without_members(item)

    def reset_rows(self) -> None:
        # The new list's rows were counted as they arrived: forget the old list's.
        counts = self.member_counts
        self.member_counts = {key: counts[key] for key in self.by_id if key in counts}

    def cells(self, item: Any) -> list[Cell]:
        return _cells(item, self.member_counts.get(item.id, 0))

    def searchable_values(self, item: Any) -> Iterable[str | None]:
        return (item.email, item.name, item.external_id, item.id)

    def open_item(self, item: Any) -> None:
        self.host.open_customer(item)


def _without_members(customer: Customer) -> Customer:
    return customer.model_copy(update={"members": []}) if customer.members else customer


def _cells(customer: Customer, members: int) -> list[Cell]:
    kind = (
        SafeCell(str(customer.type), max_chars=20)
        if customer.type is not None
        else SafeCell("legacy", style="italic dim")
    )
    return [
        SafeCell(customer.email),
        SafeCell(customer.name),
        kind,
        SafeCell(customer.external_id, max_chars=60),
        SafeCell(f"{members:>7}"),
        SafeCell(fmt.timestamp_str(customer.created_at)),
    ]


__all__ = ["COLUMNS", "PAGE_SIZE", "SORTS", "CustomersScreen"]
