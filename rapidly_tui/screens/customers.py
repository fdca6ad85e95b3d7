"""The customers browser: server-side search and sorting, paging as you scroll,
and a quick local filter over the rows already loaded.

Pages of 100 (the API's maximum) are fetched when the cursor nears the end of the
loaded rows, so 10,000+ customers browse without loading them all at once. The
offset paging of the API may repeat a row across pages: rows are de-duplicated by id.
A page beyond the last answers ``total: 0``; the last known total is kept.
"""

from __future__ import annotations

import asyncio
import gc
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.timer import Timer
from textual.widgets import DataTable, Footer, Input, Static

from rapidly_tui.present.widths import WidthRule
from rapidly_tui.screens.base import RapidlyScreen
from rapidly_tui.text import untrusted
from rapidly_tui.widgets import format as fmt
from rapidly_tui.widgets.panel import Panel
from rapidly_tui.widgets.tables import Cell, RowTable, SafeCell

if TYPE_CHECKING:
    from rapidly_tui.api.client import RapidlyClient
    from rapidly_tui.api.models import Customer, Page

PAGE_SIZE = 100
#: Fetch the next page when the cursor is this close to the last loaded row.
PREFETCH_ROWS = 100
SEARCH_DEBOUNCE = 0.3
#: A refresh re-reads at most this many pages (the rest load again as you scroll).
REFRESH_PAGES = 10
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


class CustomersScreen(RapidlyScreen):
    """All customers of one workspace."""

    AUTO_FOCUS = "#customers-table"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "search", "Search", key_display="/"),
        Binding("s", "cycle_sort", "Sort"),
        Binding("f", "filter", "Filter"),
        # Before the table's own End (the last *loaded* row); in an input, End still
        # moves to the end of the text.
        Binding("end", "last_row", "Last row", show=False, priority=True),
    ]

    def __init__(self, workspace_id: str, *, search: str = "") -> None:
        super().__init__()
        self.workspace_id = workspace_id
        #: Server-side search; opened with one by a lookup that matched nothing.
        self.search = search.strip()
        self.sort_index = 0
        self.filter_text = ""
        self.rows: list[Customer] = []
        self.by_id: dict[str, Customer] = {}
        self.member_counts: dict[str, int] = {}
        self.total: int | None = None
        self.pages_loaded = 0
        self.end_reached = False
        self.loading_next = False
        #: End was pressed: pages load one after another until the last row.
        self.to_end = False
        self._search_timer: Timer | None = None
        #: Every query actually sent (search, sort): tests check debouncing with it.
        self.queries_sent: list[tuple[str, str]] = []

    @property
    def sorting(self) -> str:
        return SORTS[self.sort_index][0]

    def crumbs(self) -> list[object]:
        workspace = self.host.workspaces.get(self.workspace_id)
        return [
            self.host.server_crumb,
            workspace.name if workspace is not None else self.workspace_id,
            "Customers",
        ]

    # --- layout -----------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield self.make_topbar()
        with Horizontal(id="customers-bar"):
            yield Input(
                self.search,
                placeholder="/ search name, email or external id (server-side)",
                id="search",
            )
            yield Input(placeholder="f quick filter over loaded rows", id="filter")
        yield Static("", id="customers-status", markup=False)
        yield Panel(
            "Customers",
            RowTable(COLUMNS, widget_id="customers-table"),
            widget_id="panel-list",
            classes="table-panel fill",
        )
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one("#filter", Input).display = False
        self._render_status()

    def on_unmount(self) -> None:
        # The pages were frozen out of the collector's way (see _apply_pages); once the
        # browser is gone they, and any garbage frozen with them, must be collectable.
        gc.unfreeze()

    def focus_search(self) -> None:
        self.query_one("#search", Input).focus()

    @property
    def table(self) -> RowTable:
        return self.query_one("#customers-table", RowTable)

    # --- loads --------------------------------------------------------------------------

    def start_loads(self) -> None:
        if self.pages_loaded == 0:
            self._load_first()
        else:
            self._reload_in_place()
        if self.focused is None:
            self.table.focus()

    def _panel(self) -> Panel:
        return self.query_one("#panel-list", Panel)

    def _load_first(self) -> None:
        """A new query: page 1 of (search, sorting); older answers are dropped."""
        client = self.host.client
        query = (self.search, self.sorting)
        self.queries_sent.append(query)
        self.end_reached = False
        self.loading_next = True
        self.load(
            "page",
            lambda: self._fetch(client, query, 1),
            lambda page: self._apply_pages(query, [page], replace=True),
            panel=self._panel(),
            loading_label="searching…",
        )
        self._render_status()

    def _load_next(self, label: str = "loading more…") -> None:
        if self.loading_next or self.end_reached or not self.pages_loaded:
            return
        client = self.host.client
        query = (self.search, self.sorting)
        number = self.pages_loaded + 1
        self.loading_next = True
        self.load(
            "page",
            lambda: self._fetch(client, query, number),
            lambda page: self._apply_pages(query, [page], replace=False),
            panel=self._panel(),
            loading_label=label,
        )

    def _reload_in_place(self) -> None:
        """``r`` (and coming back): re-read up to 10 loaded pages around the cursor and
        update them in place; the other loaded rows and the cursor stay."""
        client = self.host.client
        query = (self.search, self.sorting)
        key = self.table.cursor_key()
        position = next((i for i, c in enumerate(self.rows) if c.id == key), 0)
        around = position // PAGE_SIZE + 1
        loaded = max(1, self.pages_loaded)
        first = max(1, min(around - REFRESH_PAGES // 2, loaded - REFRESH_PAGES + 1))
        last = min(loaded, first + REFRESH_PAGES - 1)

        async def fetch_window() -> list[Page[Customer]]:
            return list(
                await asyncio.gather(
                    *(self._fetch(client, query, number) for number in range(first, last + 1))
                )
            )

        self.loading_next = True
        self.load(
            "page",
            fetch_window,
            lambda pages: self._apply_window(query, first, pages),
            panel=self._panel(),
        )

    def _apply_window(
        self, query: tuple[str, str], first: int, pages: list[Page[Customer]]
    ) -> None:
        """Put fresh pages ``first``.. in place of the rows they cover."""
        self.loading_next = False
        if query != (self.search, self.sorting):
            return
        if first == 1 and not pages[0].data:
            self._apply_pages(query, pages, replace=True)  # the list became empty
            return
        fresh: list[Customer] = []
        for page in pages:
            if page.data:
                self.total = page.meta.total
                fresh.extend(page.data)
        for customer in fresh:
            self.member_counts[customer.id] = len(customer.members)
        fresh = [_without_members(c) for c in fresh]
        fresh_ids = {c.id for c in fresh}
        start = (first - 1) * PAGE_SIZE
        end = start + len(pages) * PAGE_SIZE
        keep_before = [c for c in self.rows[:start] if c.id not in fresh_ids]
        keep_after = [c for c in self.rows[end:] if c.id not in fresh_ids]
        seen: set[str] = set()
        rows: list[Customer] = []
        for customer in (*keep_before, *fresh, *keep_after):
            if customer.id not in seen:
                seen.add(customer.id)
                rows.append(customer)
        old = self.rows
        self.rows = rows
        self.by_id = {c.id: c for c in rows}
        if [c.id for c in old] == [c.id for c in rows]:
            # Same rows in the same order: update only the cells that changed.
            table = self.table
            for before, after in zip(old, rows, strict=True):
                if before != after and self._matches(after) and after.id in table.rows:
                    for rule, cell in zip(COLUMNS, self._cells(after), strict=True):
                        table.update_cell(after.id, rule.header, cell)
        else:
            self._fill_table()
        self._render_status()
        gc.freeze()

    async def _fetch(
        self, client: RapidlyClient, query: tuple[str, str], number: int
    ) -> Page[Customer]:
        search, sorting = query
        return await client.list_customers(
            workspace_id=self.workspace_id,
            query_text=search or None,
            sorting=(sorting,),
            include_members=True,
            page=number,
            limit=PAGE_SIZE,
        )

    def load_failed(self, key: str, error: BaseException) -> None:
        if key == "page":
            self.loading_next = False
            self.to_end = False
            self._render_status()

    # --- apply results --------------------------------------------------------------------

    def _apply_pages(
        self, query: tuple[str, str], pages: list[Page[Customer]], *, replace: bool
    ) -> None:
        self.loading_next = False
        if query != (self.search, self.sorting):
            return  # an answer for a query the person already changed
        if replace:
            self.rows = []
            self.by_id = {}
            self.member_counts = {}
            self.pages_loaded = 0
            self.end_reached = False
        added: list[Customer] = []
        for page in pages:
            number = self.pages_loaded + 1
            if not page.data:
                # Past the last page: the API answers total 0; keep what we knew.
                self.end_reached = True
                if number == 1:
                    self.total = page.meta.total
                break
            self.pages_loaded = number
            self.total = page.meta.total
            for received in page.data:
                if received.id not in self.by_id:
                    # Only the count of members is kept: members are half the memory
                    # of a customer, and the detail fetches them anyway.
                    self.member_counts[received.id] = len(received.members)
                    customer = _without_members(received)
                    self.by_id[customer.id] = customer
                    self.rows.append(customer)
                    added.append(customer)
            if number >= page.meta.pages:
                self.end_reached = True
        if replace:
            self._fill_table()
        else:
            self.table.append_rows(
                (customer.id, self._cells(customer))
                for customer in added
                if self._matches(customer)
            )
        self._render_status()
        # Thousands of long-lived rows make every full garbage collection scan them
        # (100-200 ms pauses while paging). Rows are not cyclic garbage: move everything
        # alive now out of the collector's way (they are still freed normally).
        gc.freeze()
        self._maybe_prefetch()
        if self.to_end:
            self._continue_to_end()

    def _fill_table(self) -> None:
        self.table.replace_rows(
            (customer.id, self._cells(customer))
            for customer in self.rows
            if self._matches(customer)
        )

    def _cells(self, customer: Customer) -> list[Cell]:
        return _cells(customer, self.member_counts.get(customer.id, 0))

    def _matches(self, customer: Customer) -> bool:
        if not self.filter_text:
            return True
        needle = self.filter_text.casefold()
        return any(
            needle in (value or "").casefold()
            for value in (customer.email, customer.name, customer.external_id, customer.id)
        )

    def _maybe_prefetch(self) -> None:
        if self.filter_text:
            # The filter is over what is loaded: it must not pull in every page.
            return
        table = self.table
        if table.row_count - table.cursor_row < PREFETCH_ROWS:
            self._load_next()

    def _render_status(self) -> None:
        shown = self.table.row_count if self.is_mounted else 0
        loaded = len(self.rows)
        line = Text()  # wraps rather than cut what the filter says
        # A server whose meta.total undercounts must not read "1–100 of 3".
        total = None if self.total is None else max(self.total, loaded)
        line.append(fmt.range_label(1, loaded, total), style="bold")
        if self.total == 0 and not self.loading_next:
            line.append(" (no customer matches)", style="yellow")
        if self.filter_text:
            # The filter sees only what is loaded: say over how much of the list.
            line.append("  ·  filter ", style="dim")
            line.append("“")
            line.append_text(untrusted(self.filter_text, max_chars=30))
            line.append("”: ")
            line.append(f"{shown:,} {'match' if shown == 1 else 'matches'}", style="bold")
            line.append(f" over the {loaded:,} loaded")
            if total is not None and total > loaded:
                line.append(f" of {total:,}")
        elif self.total is not None and not self.end_reached and loaded:
            line.append(" (more load as you scroll)", style="dim")
        line.append("  ·  sort: ", style="dim")
        line.append(f"{SORTS[self.sort_index][1]} ({self.sorting})")
        line.append("  ·  search: ", style="dim")
        if self.search:
            line.append("“")
            line.append_text(untrusted(self.search, max_chars=40))
            line.append("”")
        else:
            line.append("none", style="dim")
        self.query_one("#customers-status", Static).update(line)

    @property
    def status_plain(self) -> str:
        rendered = self.query_one("#customers-status", Static).render()
        return str(getattr(rendered, "plain", rendered))

    # --- events ---------------------------------------------------------------------------

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self._maybe_prefetch()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        key = event.row_key.value
        if key is not None and key in self.by_id:
            self.host.open_customer(self.by_id[key])

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        if event.input.id == "search":
            if self._search_timer is not None:
                self._search_timer.stop()
            value = event.value
            self._search_timer = self.set_timer(SEARCH_DEBOUNCE, lambda: self._set_search(value))
        elif event.input.id == "filter":
            self.filter_text = event.value.strip()
            self._fill_table()
            self._render_status()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "search":
            if self._search_timer is not None:
                self._search_timer.stop()
            self._set_search(event.value)
        self.table.focus()

    def _set_search(self, value: str) -> None:
        value = value.strip()
        if value == self.search:
            return
        self.search = value
        self._load_first()

    # --- actions ---------------------------------------------------------------------------

    def action_search(self) -> None:
        self.focus_search()

    def action_last_row(self) -> None:
        """End: the real last row, loading the pages in between (any key stops)."""
        focused = self.focused
        if isinstance(focused, Input):
            focused.action_end()
            return
        self.table.focus()
        self.to_end = True
        self._continue_to_end()

    def _continue_to_end(self) -> None:
        table = self.table
        if self.end_reached or not self.pages_loaded:
            self.to_end = False
            if table.row_count:
                table.move_cursor(row=table.row_count - 1, animate=False, scroll=True)
            return
        if not self.loading_next:
            total = f" of {self.total:,}" if self.total else ""
            self._load_next(
                label=f"to the last row: {len(self.rows):,}{total} loaded · any key stops"
            )

    def on_key(self, event: events.Key) -> None:
        if self.to_end:
            # Any key stops the walk to the last row (the rows loaded so far stay).
            self.to_end = False
            event.stop()
            event.prevent_default()
            self.notify("Stopped loading at row " + f"{len(self.rows):,}.", markup=False)

    def action_cycle_sort(self) -> None:
        self.sort_index = (self.sort_index + 1) % len(SORTS)
        self._load_first()

    def action_filter(self) -> None:
        box = self.query_one("#filter", Input)
        box.display = True
        box.focus()

    def action_back(self) -> None:
        focused = self.focused
        if isinstance(focused, Input):
            # Escape leaves the input first; an empty filter box closes.
            if focused.id == "filter" and not focused.value:
                focused.display = False
            self.table.focus()
            return
        super().action_back()


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
