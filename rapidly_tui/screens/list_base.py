"""What every list screen does with its rows: the query, the time window, the loads.

The rows are a :class:`~rapidly_tui.present.paging.PagedList` (the project's one
paging logic: pages of 100 read as the cursor nears the end, de-duplicated by id, the
known total kept past the last page) read through the screen's one load path
(``self.load("page", ...)``). A new query (search, sort, filter, window) is a new list,
shown when its first page arrives; answers to the old one are dropped. The screen
itself (layout, keys, status line, follow) is :mod:`rapidly_tui.screens.browser`.
"""

from __future__ import annotations

import gc
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events
from textual.widgets import Input

from rapidly_tui.present import values
from rapidly_tui.present.paging import PagedList, Window
from rapidly_tui.present.spec import Column, ResourceSpec
from rapidly_tui.present.widths import WidthRule
from rapidly_tui.screens.base import RapidlyScreen
from rapidly_tui.widgets.cells import Cell, SafeCell
from rapidly_tui.widgets.panel import Panel
from rapidly_tui.widgets.tables import RowTable

if TYPE_CHECKING:
    from textual.timer import Timer

    from rapidly_tui.api.client import RapidlyClient
    from rapidly_tui.api.models import Page


PAGE_SIZE = 100
#: Fetch the next page when the cursor is this close to the last loaded row (a page:
#: page 2 is asked for as soon as page 1 is shown).
PREFETCH_ROWS = PAGE_SIZE
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
    enter: Callable[[ListBase, Any], None] | None = None

    @property
    def sort_list(self) -> list[tuple[str, str]]:
        if self.sorts is not None:
            return list(self.sorts)
        return [(s.sorting, s.label[:1].lower() + s.label[1:]) for s in self.spec.sorts]


class ListBase(RapidlyScreen):
    """The rows of one query of a list and how more are read (no keys, no layout)."""

    workspace_id: str

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
        #: The rows of the query shown (``shown_query``); a new query's list takes its
        #: place when its first page arrives.
        self.shown_query = self.query_now
        self.paged: PagedList[Any] = self._new_list(self.shown_query)
        #: Rows of ``paged`` already put in the table (in order).
        self._drawn = 0
        #: End was pressed: pages load one after another until the last row.
        self.to_end = False
        self._search_timer: Timer | None = None
        #: Every query actually sent (search, sort): tests check debouncing with it.
        self.queries_sent: list[tuple[str, str]] = []
        #: Rows that arrived while following (drawn marked as new).
        self.new_ids: set[str] = set()
        self.clock: Callable[[], datetime] = lambda: datetime.now(timezone.utc)

    # --- the list shown (present/paging.py) ------------------------------------------

    @property
    def rows(self) -> list[Any]:
        return self.paged.items

    @property
    def by_id(self) -> dict[str, Any]:
        return self.paged.by_id

    @property
    def total(self) -> int | None:
        return self.paged.total

    @property
    def pages_loaded(self) -> int:
        return self.paged.pages_read

    @property
    def end_reached(self) -> bool:
        return self.paged.exhausted

    @property
    def loading_next(self) -> bool:
        """A page (or a re-read) of the list is on its way."""
        return "page" in self.loading_keys

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
            # The list's workspace: not every object names its own (a delivery does
            # not), and the crumbs of a pasted screen must say which workspace.
            opener(self.spec.name, item, workspace_id=self.workspace_id)
        else:
            self.show_raw_json(item)

    def show_raw_json(self, item: Any) -> None:
        from rapidly_tui.screens.modals import JsonModal

        # to_json_dict: the model's own JSON, with secrets masked (never response text).
        self.app.push_screen(JsonModal(self.spec.title.rstrip("s"), item.to_json_dict()))

    @property
    def pages_of(self) -> str | None:
        """What the pages are pages of, when not of the rows: a workspace's members
        come a page of customers at a time, and the API's total counts customers."""
        return None

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

    @property
    def table(self) -> RowTable:
        return self.query_one(f"#{self.ids}-table", RowTable)

    def _panel(self) -> Panel:
        return self.query_one("#panel-list", Panel)

    # --- loads --------------------------------------------------------------------------

    def start_loads(self) -> None:
        if self.paged.pages_read == 0 or self.shown_query != self.query_now:
            self._load_first()
        else:
            self._reread()
        if self.focused is None:
            self.table.focus()

    def _query_key(self) -> tuple[str, str]:
        return (self.search, self.sorting)

    def _new_list(self, query: Query) -> PagedList[Any]:
        """An empty list of ``query``: the rules of paging are present/paging.py's."""

        async def fetch(number: int, limit: int, sorting: tuple[str, ...]) -> Page[Any]:
            return await self.fetch_page(self.host.client, query, number)

        return PagedList(
            fetch,
            page_size=PAGE_SIZE,
            prefetch=PREFETCH_ROWS,
            admit=self._admit,
            ends=self._ends,
            empty_pages=self.pages_of is not None,
        )

    def _admit(self, item: Any) -> Any:
        return self.keep(item) if self._in_window(item) else None

    def _ends(self, page: Sequence[Any]) -> bool:
        """Newest first: a page reaching back past the window is the last one read."""
        cutoff = self._cutoff()
        oldest = self._time_of(page[-1])
        return cutoff is not None and oldest is not None and oldest < cutoff

    def _load_first(self) -> None:
        """A new query: page 1 of a new list, which replaces the shown one when it
        arrives (until then the old rows stay); older answers are dropped."""
        query = self.query_now
        self.queries_sent.append(self._query_key())
        paged = self._new_list(query)
        self.load(
            "page",
            paged.load_next,
            lambda _: self._show_new_list(query, paged),
            panel=self._panel(),
            loading_label="searching…",
        )
        self._render_status()

    def _show_new_list(self, query: Query, paged: PagedList[Any]) -> None:
        self.paged = paged
        self.shown_query = query
        self.reset_rows()
        self._fill_table()
        self._after_page()

    def _load_next(self, label: str = "loading more…") -> None:
        paged = self.paged
        if self.loading_next or paged.exhausted or not paged.pages_read:
            return
        self.load(
            "page",
            paged.load_next,
            lambda _: self._show_more(paged),
            panel=self._panel(),
            loading_label=label,
        )

    def _show_more(self, paged: PagedList[Any]) -> None:
        if paged is not self.paged:
            return  # a page of a list already replaced
        # From the rows drawn so far: a page whose answer came too late to be shown
        # (a re-read took its place) joined the list all the same.
        added = paged.items[self._drawn :]
        self.table.append_rows((item.id, self.cells(item)) for item in added if self._matches(item))
        self._drawn = len(paged.items)
        self._after_page()

    def _after_page(self) -> None:
        self._render_status()
        self._render_title()
        # Thousands of long-lived rows make every full garbage collection scan them
        # (100-200 ms pauses while paging). Rows are not cyclic garbage: move everything
        # alive now out of the collector's way (they are still freed normally).
        gc.freeze()
        if self.to_end:
            self._continue_to_end()
        else:
            # Page 1 asks for page 2 at once: the first cursor move draws no more than
            # any other (no status, border or scrollbar change behind it).
            self._maybe_prefetch()

    def _reread(self) -> None:
        """``r`` (and coming back): re-read up to 10 loaded pages around the cursor and
        update them in place; the other loaded rows and the cursor stay."""
        paged = self.paged
        key = self.table.cursor_key()
        position = next((i for i, c in enumerate(paged.items) if c.id == key), 0)
        self.load(
            "page",
            lambda: paged.reread(position, REFRESH_PAGES),
            lambda window: self._apply_window(paged, window),
            panel=self._panel(),
        )

    def _apply_window(self, paged: PagedList[Any], window: Window[Any]) -> None:
        """Put the re-read pages in place of the rows they cover."""
        old = paged.items
        if paged is not self.paged or not paged.replace(window):
            return
        rows = paged.items
        if self._drawn == len(old) and [c.id for c in old] == [c.id for c in rows]:
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
        self._render_title()
        gc.freeze()
        self._maybe_prefetch()  # a page ahead again, had the re-read replaced its load

    def load_failed(self, key: str, error: BaseException) -> None:
        if key == "page":
            self.to_end = False
            self._render_status()

    # --- apply results --------------------------------------------------------------------

    def reset_rows(self) -> None:
        """A new list replaced the old one (a subclass forgets what it kept for rows
        no longer listed; ``keep`` already saw the new list's)."""

    def _fill_table(self) -> None:
        self.table.replace_rows(
            (item.id, self.cells(item)) for item in self.rows if self._matches(item)
        )
        self._drawn = len(self.rows)

    def _matches(self, item: Any) -> bool:
        if not self.filter_text:
            return True
        needle = self.filter_text.casefold()
        return any(needle in (value or "").casefold() for value in self.searchable_values(item))

    def _maybe_prefetch(self) -> None:
        if self.filter_text:
            # The filter is over what is loaded: it must not pull in every page.
            return
        if not self.loading_next and self.paged.wants_more(self.table.cursor_row):
            self._load_next()

    def _render_status(self) -> None:
        """The line above the table (the screen draws it)."""

    def _render_title(self) -> None:
        """The panel's title (the screen draws it)."""

    def _new_query(self) -> None:
        self._load_first()
        self._render_title()

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
            total = f" of {self.total:,}" if self.total and not self.pages_of else ""
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
