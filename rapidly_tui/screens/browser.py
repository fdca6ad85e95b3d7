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

import gc
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.timer import Timer
from textual.widgets import DataTable, Input, Static

from rapidly_tui.follow import Follower, PollSchedule
from rapidly_tui.screens.follow_state import FollowState
from rapidly_tui.screens.list_base import (
    NEW_STYLE,
    PAGE_SIZE,
    SEARCH_DEBOUNCE,
    WINDOWS,
    Browse,
    ListBase,
    Query,
)
from rapidly_tui.text import neutralize, untrusted
from rapidly_tui.widgets import format as fmt
from rapidly_tui.widgets.footer import Footer
from rapidly_tui.widgets.panel import Panel
from rapidly_tui.widgets.tables import RowTable

__all__ = ["NEW_STYLE", "PAGE_SIZE", "Browse", "BrowserScreen", "ListScreen", "Query"]


class ListScreen(ListBase):
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
        # The pages were frozen out of the collector's way (see _after_page); once the
        # browser is gone they, and any garbage frozen with them, must be collectable.
        gc.unfreeze()

    def focus_search(self) -> None:
        self.query_one("#search", Input).focus()

    def _render_status(self) -> None:
        shown = self.table.row_count if self.is_mounted else 0
        loaded = len(self.rows)
        line = Text()  # wraps rather than cut what the filter says
        # A server whose meta.total undercounts must not read "1–100 of 3".
        total = None if self.total is None else max(self.total, loaded)
        if self.window is not None or self.pages_of:
            # The API's total is of the whole list, not the window's; or it counts
            # what the pages are pages of (customers), not the rows (members).
            total = None
        line.append(fmt.range_label(1, loaded, total), style="bold")
        covers = self.pages_of
        if covers and self.total is not None:
            read = self.total if self.end_reached else self.pages_loaded * PAGE_SIZE
            line.append(f" {self.spec.plural} of {covers} ")
            line.append(fmt.range_label(1, min(read, self.total), self.total), style="bold")
        if (self.total == 0 or (self.end_reached and not loaded)) and not self.loading_next:
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
        elif self.total is not None and not self.end_reached and (loaded or covers):
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
        """The panel's title (a browser adds its filters and follow)."""
        return self.heading

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

    # --- actions ---------------------------------------------------------------------------

    def action_search(self) -> None:
        if self.searchable:
            self.focus_search()
        else:
            self.notify(f"The API does not search {self.spec.plural}: f filters the loaded rows.")

    def action_cycle_sort(self) -> None:
        if len(self.sorts) < 2:
            self.notify(f"The API lists {self.spec.plural} in one order only.")
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


class BrowserScreen(ListScreen):
    """The generic browser: a :class:`ListScreen` with the spec's filters, a time
    window, raw JSON and follow on keys."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("v", "pick_filter", "Filters"),
        Binding("w", "cycle_window", "Window"),
        Binding("j", "raw_json", "JSON"),
        Binding("F", "follow", "Follow", key_display="F"),
    ]

    def __init__(
        self,
        browse: Browse,
        workspace_id: str,
        *,
        filters: Mapping[str, str] | None = None,
        search: str = "",
    ) -> None:
        super().__init__(browse, workspace_id, filters=filters, search=search)
        # Follow (F): see rapidly_tui/follow.py and screens/follow_state.py.
        self.follow = FollowState()
        self.follower: Follower[Any] | None = None
        self.new_count = 0
        self._follow_timer: Timer | None = None

    @property
    def following(self) -> bool:
        return self.follow.on

    @property
    def schedule(self) -> PollSchedule:
        return self.follow.schedule

    @schedule.setter
    def schedule(self, schedule: PollSchedule) -> None:
        self.follow.schedule = schedule

    def on_unmount(self) -> None:
        # ListScreen's handler runs too (Textual calls each class's).
        self._stop_follow_timer()

    def load_failed(self, key: str, error: BaseException) -> None:
        super().load_failed(key, error)
        if key == "follow":
            self._follow_failed(error)
        elif key == "page":
            self._filter_refused(error)
            self._render_title()  # a filter asked for is no longer loading

    def _filter_refused(self, error: BaseException) -> None:
        """A 422 to a filtered list: the filter's value was refused (the app builds the
        rest of the request). The filters go back to those of the rows still shown, so
        the border does not claim one they do not have."""
        from rapidly_tui.api.errors import Invalid

        query = self.query_now
        if not isinstance(error, Invalid) or not query.filters:
            return
        shown = dict(self.shown_query.filters)
        refused = [(k, v) for k, v in query.filters if shown.get(k) != v] or list(query.filters)
        words = ", ".join(f"{k} '{neutralize(v, max_chars=40)}'" for k, v in refused)
        hint = f"The server refused the filter {words}."
        if self.pages_loaded and shown != dict(query.filters):
            self.filters = shown
            self._render_title()
            hint += " The list still shows the rows from before, without it."
        self._panel().show_error(error, hint=hint)

    def _new_query(self) -> None:
        super()._new_query()
        if self.following:
            self._start_follow()

    def border_text(self) -> str:
        """The resource, the filters of the rows shown, and what following found.

        A new filter's rows replace the shown ones only when they arrive: until then
        the border names the filters of the rows on screen and says which are loading
        (it must not name a filter the rows do not have)."""
        parts = [super().border_text()]
        shown = dict(self.shown_query.filters) if self.pages_loaded else dict(self.filters)
        parts += self._filter_words(shown)
        wanted = dict(self.filters)
        if wanted != shown:
            words = ", ".join(self._filter_words(wanted) or ["no filter"])
            loading = "page" in self.loading_keys
            parts.append(f"loading {words}…" if loading else f"{words} not loaded: r retries")
        if self.following:
            parts.append(self.follow.note(self.new_count))
        return " · ".join(parts)

    def _filter_words(self, filters: dict[str, str]) -> list[str]:
        words = []
        for key, value in sorted(filters.items()):
            label = next((f.label for f in self.spec.filters if f.key == key), key)
            words.append(f"{label.lower()}: {neutralize(value, max_chars=40)}")
        return words

    def action_cycle_sort(self) -> None:
        if self.window is not None or self.following:
            self.notify("A time window and follow read newest first: w or F turns them off.")
            return
        super().action_cycle_sort()

    def action_raw_json(self) -> None:
        key = self.table.cursor_key()
        item = self.by_id.get(key) if key is not None else None
        if item is not None:
            self.show_raw_json(item)

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
            FilterPicker(
                self.filter_choices(),
                [f.key for f in self.spec.filters],
                {f.key: f.choices for f in self.spec.filters},
            ),
            chosen,
        )

    # --- follow (F) ------------------------------------------------------------------------

    def action_follow(self) -> None:
        if not self.browse.followable:
            self.notify(f"{self.spec.title} cannot be followed.")
            return
        if not self.following:
            self.follow.start(self.clock())
            self.new_count = 0
            if self.sort_index != 0:
                self.sort_index = 0  # new rows come first only newest first
                self._load_first()
            self._start_follow()
        else:
            self.follow.stop()
            self._stop_follow_timer()
            self.drop_load("follow")
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
        if query != self.query_now or query != self.shown_query or not self.following:
            return
        fresh = self.paged.prepend(result.new)
        had_error = bool(self.follow.error)
        if fresh:
            self._insert_new(fresh)
        self._schedule_poll(self.follow.succeeded(bool(fresh)))
        if fresh or had_error:
            self._render_title()

    def _insert_new(self, fresh: list[Any]) -> None:
        table = self.table
        at_top = table.cursor_row <= 0
        scroll_y = table.scroll_y
        self.new_ids.update(item.id for item in fresh)
        self.new_count += len(fresh)
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
        self._schedule_poll(self.follow.failed(error))
        self._render_title()
