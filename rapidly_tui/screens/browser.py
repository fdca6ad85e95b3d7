"""One browser for every list: a :class:`ResourceSpec` plus a fetch function.

Search (debounced, server-side where the spec is ``searchable``), sort cycling over
the spec's sorts, a quick filter over the rows already loaded, the spec's filters
(``v``, shown in the border), a client-side time window (``w``), paging as you scroll
(pages of 100 fetched as the cursor nears the end, rows de-duplicated by id, the
known total kept past the last page), ``End`` to the real last row, Enter to the row's
detail, ``j`` its raw JSON, and ``F`` to follow a newest-first list as it grows.

A resource is browsed by declaring a :class:`Browse` (see docs/ADDING_A_RESOURCE.md);
the customers browser (screens/customers.py) is a subclass that adds member counts.
"""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.timer import Timer
from textual.widgets import DataTable, Footer, Input, Static

from rapidly_tui.follow import Follower, PollSchedule
from rapidly_tui.present import values
from rapidly_tui.present.spec import Column, ResourceSpec
from rapidly_tui.present.widths import WidthRule
from rapidly_tui.screens.base import RapidlyScreen
from rapidly_tui.text import neutralize, untrusted
from rapidly_tui.widgets import format as fmt
from rapidly_tui.widgets.panel import Panel
from rapidly_tui.widgets.tables import Cell, RowTable, SafeCell

if TYPE_CHECKING:
    from rapidly_tui.api.client import RapidlyClient
    from rapidly_tui.api.models import Page

PAGE_SIZE = 100
#: Fetch the next page when the cursor is this close to the last loaded row.
PREFETCH_ROWS = 100
SEARCH_DEBOUNCE = 0.3
#: A refresh re-reads at most this many pages (the rest load again as you scroll).
REFRESH_PAGES = 10
#: ``w`` cycles these client-side windows on the spec's time field.
WINDOWS: list[tuple[str, timedelta | None]] = [
    ("any time", None),
    ("last hour", timedelta(hours=1)),
    ("last 24 h", timedelta(days=1)),
    ("last 7 days", timedelta(days=7)),
    ("last 30 days", timedelta(days=30)),
]
NEW_STYLE = "bold green"


@dataclass(frozen=True)
class Query:
    """What the list shows: a new one is a new list (older answers are dropped)."""

    workspace_id: str
    search: str
    sorting: str
    filters: tuple[tuple[str, str], ...] = ()

    def filter(self, key: str) -> str | None:
        return dict(self.filters).get(key)


#: ``fetch(client, query, page, limit)``: one page of the list.
FetchPage = Callable[["RapidlyClient", Query, int, int], Awaitable["Page[Any]"]]


@dataclass(frozen=True)
class Browse:
    """How a resource is browsed: its spec, how a page is read, and a few choices."""

    spec: ResourceSpec
    fetch: FetchPage
    #: The list's columns (the spec's by default).
    columns: Sequence[Column] = ()
    #: The field a time window and "when" read (``created_at``, ``timestamp``).
    time_field: str | None = None
    #: ``F`` follows the list (newest first) as it grows.
    followable: bool = False
    #: Sorts offered (the spec's by default); empty when the API sorts one way only.
    sorts: Sequence[tuple[str, str]] | None = None
    #: Filters whose values the picker also offers from the loaded rows.
    seen_filters: Mapping[str, str] = field(default_factory=dict)
    #: Whether the API searches this list (the spec's ``searchable`` by default; the
    #: client may not pass ``query`` for every list yet).
    search: bool | None = None
    #: What Enter does instead of the generic detail (members open their customer).
    enter: Callable[[ListScreen, Any], None] | None = None

    @property
    def sort_list(self) -> list[tuple[str, str]]:
        if self.sorts is not None:
            return list(self.sorts)
        return [(s.sorting, s.label[:1].lower() + s.label[1:]) for s in self.spec.sorts]


class ListScreen(RapidlyScreen):
    """A workspace's list of one resource: what every browser does (the customers
    browser is one; :class:`BrowserScreen` adds filters, window, JSON and follow keys)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "search", "Search", key_display="/"),
        Binding("s", "cycle_sort", "Sort"),
        Binding("f", "filter", "Filter"),
        # Before the table's own End (the last *loaded* row); in an input, End still
        # moves to the end of the text.
        Binding("end", "last_row", "Last row", show=False, priority=True),
    ]
    #: The rows, not the search box.
    AUTO_FOCUS = "RowTable"
    #: Sorts when the browse has none of its own (a subclass may fix them).
    SORTS: ClassVar[list[tuple[str, str]]] = []
    #: Where the widgets' ids start (``customers-table``); the spec's plural by default.
    ids = ""

    def __init__(
        self,
        browse: Browse,
        workspace_id: str,
        *,
        filters: Mapping[str, str] | None = None,
        search: str = "",
    ) -> None:
        super().__init__()
        self.browse = browse
        self.spec = browse.spec
        self.ids = self.ids or self.spec.plural.replace(" ", "-")
        self.workspace_id = workspace_id
        #: Server-side search; opened with one by a lookup that matched nothing.
        self.search = search.strip()
        self.filters: dict[str, str] = {k: v for k, v in (filters or {}).items() if v}
        self.sorts = self.SORTS or browse.sort_list
        self.sort_index = 0
        self.window_index = 0
        self.filter_text = ""
        self.rows: list[Any] = []
        self.by_id: dict[str, Any] = {}
        self.total: int | None = None
        self.pages_loaded = 0
        self.end_reached = False
        self.loading_next = False
        #: End was pressed: pages load one after another until the last row.
        self.to_end = False
        self._search_timer: Timer | None = None
        #: Every query actually sent (search, sort): tests check debouncing with it.
        self.queries_sent: list[tuple[str, str]] = []
        # Follow (F): see rapidly_tui/follow.py.
        self.following = False
        self.follower: Follower[Any] | None = None
        self.schedule = PollSchedule()
        self.new_ids: set[str] = set()
        self.new_count = 0
        self.follow_since: datetime | None = None
        self.follow_error = ""
        self._follow_timer: Timer | None = None
        self.clock: Callable[[], datetime] = lambda: datetime.now(timezone.utc)

    # --- what a subclass may change --------------------------------------------------

    def width_rules(self) -> list[WidthRule]:
        return [WidthRule.from_column(c, self.spec.field(c.field).kind) for c in self._columns()]

    def _columns(self) -> Sequence[Column]:
        return self.browse.columns or self.spec.columns

    def cells(self, item: Any) -> list[Cell]:
        """The row's cells, formatted once by kind (present/values.py)."""
        style = NEW_STYLE if item.id in self.new_ids else ""
        return [
            SafeCell(values.of_field(self.spec.field(c.field), item), style=style)
            for c in self._columns()
        ]

    def searchable_values(self, item: Any) -> Iterable[str | None]:
        """What the quick filter (``f``) looks in."""
        return (values.of_field(self.spec.field(c.field), item) for c in self._columns())

    def keep(self, item: Any) -> Any:
        """What is kept of a received row (the customers browser drops members)."""
        return item

    async def fetch_page(self, client: RapidlyClient, query: Query, number: int) -> Page[Any]:
        return await self.browse.fetch(client, query, number, PAGE_SIZE)

    def open_item(self, item: Any) -> None:
        if self.browse.enter is not None:
            self.browse.enter(self, item)
            return
        opener = getattr(self.app, "open_resource", None)
        if callable(opener):
            opener(self.spec.name, item)
        else:
            self.action_raw_json()

    @property
    def searchable(self) -> bool:
        search = self.browse.search
        return self.spec.searchable if search is None else search

    def open_customer_by_id(self, customer_id: str | None) -> None:
        """Open a customer known by id only (a member's, an event's)."""
        if not customer_id:
            self.notify(f"This {self.spec.name} names no customer.")
            return
        client = self.host.client
        self.load(
            "open",
            lambda: client.get_customer(customer_id),
            self.host.open_customer,
            panel=self._panel(),
            loading_label="opening the customer…",
        )

    @property
    def heading(self) -> str:
        return self.spec.title

    @property
    def search_placeholder(self) -> str:
        return "/ search (server-side)"

    # --- query ---------------------------------------------------------------------------

    @property
    def sorting(self) -> str:
        return self.sorts[self.sort_index][0] if self.sorts else ""

    @property
    def query_now(self) -> Query:
        return Query(
            self.workspace_id, self.search, self.sorting, tuple(sorted(self.filters.items()))
        )

    @property
    def window(self) -> timedelta | None:
        return WINDOWS[self.window_index][1]

    def _cutoff(self) -> datetime | None:
        window = self.window
        return None if window is None else self.clock() - window

    def _time_of(self, item: Any) -> datetime | None:
        name = self.browse.time_field
        value = getattr(item, name, None) if name else None
        return value if isinstance(value, datetime) else None

    def _in_window(self, item: Any) -> bool:
        cutoff = self._cutoff()
        when = self._time_of(item)
        return cutoff is None or when is None or when >= cutoff

    def crumbs(self) -> list[object]:
        workspace = self.host.workspaces.get(self.workspace_id)
        return [
            self.host.server_crumb,
            workspace.name if workspace is not None else self.workspace_id,
            self.heading,
        ]

    # --- layout -----------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield self.make_topbar()
        with Horizontal(id=f"{self.ids}-bar", classes="browser-bar"):
            search = Input(self.search, placeholder=self.search_placeholder, id="search")
            search.display = self.searchable
            yield search
            yield Input(placeholder="f quick filter over loaded rows", id="filter")
        yield Static("", id=f"{self.ids}-status", markup=False, classes="browser-status")
        yield Panel(
            self.heading,
            RowTable(self.width_rules(), widget_id=f"{self.ids}-table"),
            widget_id="panel-list",
            classes="table-panel fill",
        )
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one("#filter", Input).display = False
        if not self.searchable:
            self.query_one(f"#{self.ids}-bar").display = False
        self._render_status()
        self._render_title()

    def on_unmount(self) -> None:
        # The pages were frozen out of the collector's way (see _apply_pages); once the
        # browser is gone they, and any garbage frozen with them, must be collectable.
        gc.unfreeze()
        self._stop_follow_timer()

    def focus_search(self) -> None:
        self.query_one("#search", Input).focus()

    @property
    def table(self) -> RowTable:
        return self.query_one(f"#{self.ids}-table", RowTable)

    def _panel(self) -> Panel:
        return self.query_one("#panel-list", Panel)

    # --- loads --------------------------------------------------------------------------

    def start_loads(self) -> None:
        if self.pages_loaded == 0:
            self._load_first()
        else:
            self._reload_in_place()
        if self.focused is None:
            self.table.focus()

    def _query_key(self) -> tuple[str, str]:
        return (self.search, self.sorting)

    def _load_first(self) -> None:
        """A new query: page 1 of it; older answers are dropped."""
        client = self.host.client
        query = self.query_now
        self.queries_sent.append(self._query_key())
        self.end_reached = False
        self.loading_next = True
        self.load(
            "page",
            lambda: self.fetch_page(client, query, 1),
            lambda page: self._apply_pages(query, [page], replace=True),
            panel=self._panel(),
            loading_label="searching…",
        )
        self._render_status()

    def _load_next(self, label: str = "loading more…") -> None:
        if self.loading_next or self.end_reached or not self.pages_loaded:
            return
        client = self.host.client
        query = self.query_now
        number = self.pages_loaded + 1
        self.loading_next = True
        self.load(
            "page",
            lambda: self.fetch_page(client, query, number),
            lambda page: self._apply_pages(query, [page], replace=False),
            panel=self._panel(),
            loading_label=label,
        )

    def _reload_in_place(self) -> None:
        """``r`` (and coming back): re-read up to 10 loaded pages around the cursor and
        update them in place; the other loaded rows and the cursor stay."""
        client = self.host.client
        query = self.query_now
        key = self.table.cursor_key()
        position = next((i for i, c in enumerate(self.rows) if c.id == key), 0)
        around = position // PAGE_SIZE + 1
        loaded = max(1, self.pages_loaded)
        first = max(1, min(around - REFRESH_PAGES // 2, loaded - REFRESH_PAGES + 1))
        last = min(loaded, first + REFRESH_PAGES - 1)

        async def fetch_window() -> list[Page[Any]]:
            return list(
                await asyncio.gather(
                    *(self.fetch_page(client, query, number) for number in range(first, last + 1))
                )
            )

        self.loading_next = True
        self.load(
            "page",
            fetch_window,
            lambda pages: self._apply_window(query, first, pages),
            panel=self._panel(),
        )

    def _apply_window(self, query: Query, first: int, pages: list[Page[Any]]) -> None:
        """Put fresh pages ``first``.. in place of the rows they cover."""
        self.loading_next = False
        if query != self.query_now:
            return
        if first == 1 and not pages[0].data:
            self._apply_pages(query, pages, replace=True)  # the list became empty
            return
        fresh: list[Any] = []
        for page in pages:
            if page.data:
                self.total = page.meta.total
                fresh.extend(page.data)
        fresh = [self.keep(item) for item in fresh if self._in_window(item)]
        fresh_ids = {c.id for c in fresh}
        start = (first - 1) * PAGE_SIZE
        end = start + len(pages) * PAGE_SIZE
        keep_before = [c for c in self.rows[:start] if c.id not in fresh_ids]
        keep_after = [c for c in self.rows[end:] if c.id not in fresh_ids]
        seen: set[str] = set()
        rows: list[Any] = []
        for item in (*keep_before, *fresh, *keep_after):
            if item.id not in seen:
                seen.add(item.id)
                rows.append(item)
        old = self.rows
        self.rows = rows
        self.by_id = {c.id: c for c in rows}
        if [c.id for c in old] == [c.id for c in rows]:
            # Same rows in the same order: update only the cells that changed.
            table = self.table
            rules = self.width_rules()
            for before, after in zip(old, rows, strict=True):
                if before != after and self._matches(after) and after.id in table.rows:
                    for rule, cell in zip(rules, self.cells(after), strict=True):
                        table.update_cell(after.id, rule.header, cell)
        else:
            self._fill_table()
        self._render_status()
        gc.freeze()

    def load_failed(self, key: str, error: BaseException) -> None:
        if key == "page":
            self.loading_next = False
            self.to_end = False
            self._render_status()
        elif key == "follow":
            self._follow_failed(error)

    # --- apply results --------------------------------------------------------------------

    def _is_current(self, query: Query | tuple[str, str]) -> bool:
        """Whether an answer is for the list shown; a ``(search, sorting)`` pair stands
        for a query without filters (as the customers browser had it)."""
        if isinstance(query, tuple):
            return not self.filters and query == (self.search, self.sorting)
        return query == self.query_now

    def _apply_pages(
        self, query: Query | tuple[str, str], pages: list[Page[Any]], *, replace: bool
    ) -> None:
        self.loading_next = False
        if not self._is_current(query):
            return  # an answer for a query the person already changed
        if replace:
            self.rows = []
            self.by_id = {}
            self.pages_loaded = 0
            self.end_reached = False
            self.reset_rows()
        added: list[Any] = []
        cutoff = self._cutoff()
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
                if received.id in self.by_id or not self._in_window(received):
                    continue
                item = self.keep(received)
                self.by_id[item.id] = item
                self.rows.append(item)
                added.append(item)
            if number >= page.meta.pages:
                self.end_reached = True
            oldest = self._time_of(page.data[-1])
            if cutoff is not None and oldest is not None and oldest < cutoff:
                self.end_reached = True  # newest first: the rest is older than the window
        if replace:
            self._fill_table()
        else:
            self.table.append_rows(
                (item.id, self.cells(item)) for item in added if self._matches(item)
            )
        self._render_status()
        self._render_title()
        # Thousands of long-lived rows make every full garbage collection scan them
        # (100-200 ms pauses while paging). Rows are not cyclic garbage: move everything
        # alive now out of the collector's way (they are still freed normally).
        gc.freeze()
        self._maybe_prefetch()
        if self.to_end:
            self._continue_to_end()

    def reset_rows(self) -> None:
        """A new list replaces the old one (a subclass forgets what it kept per row)."""

    def _fill_table(self) -> None:
        self.table.replace_rows(
            (item.id, self.cells(item)) for item in self.rows if self._matches(item)
        )

    def _matches(self, item: Any) -> bool:
        if not self.filter_text:
            return True
        needle = self.filter_text.casefold()
        return any(needle in (value or "").casefold() for value in self.searchable_values(item))

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
        if self.window is not None:
            total = None  # the API's total is of the whole list, not the window's
        line.append(fmt.range_label(1, loaded, total), style="bold")
        if (
            self.total == 0 or (self.window is not None and self.end_reached and not loaded)
        ) and not self.loading_next:
            line.append(f" (no {self.spec.name} matches)", style="yellow")
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
        if self.sorts:
            line.append("  ·  sort: ", style="dim")
            line.append(f"{self.sorts[self.sort_index][1]} ({self.sorting})")
        if self.searchable:
            line.append("  ·  search: ", style="dim")
            if self.search:
                line.append("“")
                line.append_text(untrusted(self.search, max_chars=40))
                line.append("”")
            else:
                line.append("none", style="dim")
        if self.window is not None:
            line.append("  ·  window: ", style="dim")
            line.append(WINDOWS[self.window_index][0])
        self.query_one(f"#{self.ids}-status", Static).update(line)

    @property
    def status_plain(self) -> str:
        rendered = self.query_one(f"#{self.ids}-status", Static).render()
        return str(getattr(rendered, "plain", rendered))

    def border_text(self) -> str:
        """The panel's title: the resource, its filters, and what following found."""
        parts = [self.heading]
        for key, value in sorted(self.filters.items()):
            label = next((f.label for f in self.spec.filters if f.key == key), key)
            parts.append(f"{label.lower()}: {neutralize(value, max_chars=40)}")
        if self.following:
            since = self.follow_since.strftime("%H:%M UTC") if self.follow_since else ""
            parts.append(f"following · {self.new_count:,} new since {since}")
            if self.follow_error:
                parts.append(self.follow_error)
        return " · ".join(parts)

    def _render_title(self) -> None:
        """Only when the words change: an idle follow draws nothing."""
        if not self.is_mounted:
            return
        panel = self._panel()
        text = self.border_text()
        if panel.title != text:
            panel.set_title(text)

    # --- events ---------------------------------------------------------------------------

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self._maybe_prefetch()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        key = event.row_key.value
        if key is not None and key in self.by_id:
            self.open_item(self.by_id[key])

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
        self._new_query()

    def _new_query(self) -> None:
        self._load_first()
        self._render_title()
        if self.following:
            self._start_follow()

    # --- actions ---------------------------------------------------------------------------

    def action_search(self) -> None:
        if self.searchable:
            self.focus_search()
        else:
            self.notify(f"The API does not search {self.spec.plural}: f filters the loaded rows.")

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
        if len(self.sorts) < 2:
            self.notify(f"The API lists {self.spec.plural} in one order only.")
            return
        if self.window is not None or self.following:
            self.notify("A time window and follow read newest first: w or F turns them off.")
            return
        self.sort_index = (self.sort_index + 1) % len(self.sorts)
        self._load_first()

    def action_filter(self) -> None:
        self.query_one(f"#{self.ids}-bar").display = True  # hidden when not searchable
        box = self.query_one("#filter", Input)
        box.display = True
        box.focus()

    def action_back(self) -> None:
        focused = self.focused
        if isinstance(focused, Input):
            # Escape leaves the input first; an empty filter box closes.
            if focused.id == "filter" and not focused.value:
                focused.display = False
                self.query_one(f"#{self.ids}-bar").display = self.searchable
            self.table.focus()
            return
        super().action_back()

    def action_raw_json(self) -> None:
        from rapidly_tui.screens.modals import JsonModal

        key = self.table.cursor_key()
        item = self.by_id.get(key) if key is not None else None
        if item is not None:
            # to_json_dict: the model's own JSON, with secrets masked (never response text).
            self.app.push_screen(JsonModal(self.spec.title.rstrip("s"), item.to_json_dict()))

    def action_cycle_window(self) -> None:
        if self.browse.time_field is None:
            self.notify(f"{self.spec.title} have no time to window on.")
            return
        self.window_index = (self.window_index + 1) % len(WINDOWS)
        self.sort_index = 0  # a window reads newest first, until older than it
        self._new_query()

    def set_filter(self, key: str, value: str | None) -> None:
        """Apply (or, with ``None``/"", remove) one of the spec's filters."""
        if value:
            self.filters[key] = value
        else:
            self.filters.pop(key, None)
        self._new_query()

    def filter_choices(self) -> list[tuple[str, str, str]]:
        """(filter key, value, label) the picker offers: the spec's fixed choices, and
        values seen in the loaded rows for free-text filters."""
        offered: list[tuple[str, str, str]] = []
        for spec_filter in self.spec.filters:
            if spec_filter.key not in self.browse.seen_filters and not spec_filter.choices:
                continue
            choices = list(spec_filter.choices)
            reader = self.browse.seen_filters.get(spec_filter.key)
            if reader:
                seen = {str(getattr(row, reader, "") or "") for row in self.rows}
                choices.extend(sorted(v for v in seen if v and v not in choices))
            label = spec_filter.label.lower()
            offered.append((spec_filter.key, "", f"{label}: any"))
            offered.extend((spec_filter.key, c, f"{label}: {c}") for c in choices)
        return offered

    def action_pick_filter(self) -> None:
        from rapidly_tui.screens.filter_picker import FilterPicker

        if not self.spec.filters:
            self.notify(f"{self.spec.title} have no filter: f filters the loaded rows.")
            return

        def chosen(choice: tuple[str, str] | None) -> None:
            if choice is not None:
                self.set_filter(*choice)

        self.app.push_screen(
            FilterPicker(self.filter_choices(), [f.key for f in self.spec.filters]), chosen
        )

    # --- follow (F) ------------------------------------------------------------------------

    def action_follow(self) -> None:
        if not self.browse.followable:
            self.notify(f"{self.spec.title} cannot be followed.")
            return
        self.following = not self.following
        if self.following:
            self.new_count = 0
            self.follow_since = self.clock()
            if self.sort_index != 0:
                self.sort_index = 0  # new rows come first only newest first
                self._load_first()
            self._start_follow()
        else:
            self._stop_follow_timer()
            self.drop_load("follow")
            self.follow_error = ""
        self._render_title()

    def _start_follow(self) -> None:
        client = self.host.client

        async def page(number: int) -> Sequence[Any]:
            return (await self.fetch_page(client, self.query_now, number)).data

        self.follower = Follower(page, key=lambda row: row.id, page_size=PAGE_SIZE)
        self.follower.remember(self.rows)
        self.schedule = PollSchedule(start=self.schedule.start, ceiling=self.schedule.ceiling)
        self._schedule_poll(self.schedule.delay)

    def _schedule_poll(self, delay: float) -> None:
        self._stop_follow_timer()
        if self.following:
            self._follow_timer = self.set_timer(delay, self.poll_now)

    def _stop_follow_timer(self) -> None:
        if self._follow_timer is not None:
            self._follow_timer.stop()
            self._follow_timer = None

    def poll_now(self) -> None:
        """Ask for rows newer than the newest seen (the timer's, or a test's call)."""
        follower = self.follower
        if not self.following or follower is None:
            return
        if self.pages_loaded == 0:
            self._schedule_poll(self.schedule.delay)  # the list itself is not there yet
            return
        follower.remember(self.rows)  # rows paged in since are not new
        query = self.query_now
        self.load("follow", follower.poll, lambda result: self._apply_poll(query, result))

    def _apply_poll(self, query: Query, result: Any) -> None:
        if query != self.query_now or not self.following:
            return
        fresh = [self.keep(r) for r in result.new if r.id not in self.by_id and self._in_window(r)]
        had_error = bool(self.follow_error)
        self.follow_error = ""
        if fresh:
            self._insert_new(fresh)
            self._schedule_poll(self.schedule.after_new_rows())
        else:
            self._schedule_poll(self.schedule.after_nothing())
        if fresh or had_error:
            self._render_title()

    def _insert_new(self, fresh: list[Any]) -> None:
        table = self.table
        at_top = table.cursor_row <= 0
        scroll_y = table.scroll_y
        for item in fresh:
            self.new_ids.add(item.id)
            self.by_id[item.id] = item
        self.rows = [*fresh, *self.rows]
        self.new_count += len(fresh)
        if self.total is not None:
            self.total += len(fresh)
        shown = sum(1 for item in fresh if self._matches(item))
        self._fill_table()  # keeps the cursor on its row
        if at_top:
            table.move_cursor(row=0, animate=False, scroll=False)
            table.scroll_to(y=0, animate=False)
        else:
            # The rows under the cursor stay where they were on screen.
            table.scroll_to(y=scroll_y + shown, animate=False)
        self._render_status()

    def _follow_failed(self, error: BaseException) -> None:
        request_id = getattr(error, "request_id", None)
        words = f"last poll failed: {type(error).__name__}"
        if request_id:
            words += f" (request id {neutralize(request_id, max_chars=40)})"
        self.follow_error = words + ", rows kept"
        retry_after = getattr(error, "retry_after", None)
        delay = self.schedule.after_failure(
            retry_after if isinstance(retry_after, float | int) else None
        )
        self._schedule_poll(delay)
        self._render_title()


class BrowserScreen(ListScreen):
    """The generic browser: a :class:`ListScreen` with the spec's filters, a time
    window, raw JSON and follow on keys."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("v", "pick_filter", "Filters"),
        Binding("w", "cycle_window", "Window"),
        Binding("j", "raw_json", "JSON"),
        Binding("F", "follow", "Follow", key_display="F"),
    ]
