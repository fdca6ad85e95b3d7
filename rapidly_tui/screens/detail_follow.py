"""``F`` on a customer's screen: follow her payments and events as they arrive.

One follow for both sections, on one schedule: payments are read by her email and
events by her id, newest first, each through a :class:`Follower` (no duplicates, no row
lost across pages). New rows go to the top, marked; each section's border counts them;
a failed poll says so there and keeps every row; an idle poll draws nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from textual.timer import Timer

from rapidly_tui.api.errors import RapidlyError
from rapidly_tui.follow import Follower, PollResult
from rapidly_tui.loads import PAGED_SECTIONS, SECTION_ROWS, detail_page
from rapidly_tui.screens.dashboard_link import DashboardLink
from rapidly_tui.screens.detail_rows import event_rows, payment_rows
from rapidly_tui.screens.follow_state import FollowState
from rapidly_tui.screens.marks import mark_new
from rapidly_tui.widgets.panel import Panel
from rapidly_tui.widgets.tables import RowTable

if TYPE_CHECKING:
    from rapidly_tui.api.models import AnyEvent, Customer, Payment
    from rapidly_tui.widgets.cells import Cell

ROWS: dict[str, Callable[[Iterable[Any]], Iterator[tuple[str, list[Cell]]]]] = {
    "payments": payment_rows,
    "events": event_rows,
}

Found = dict[str, "PollResult[Any] | RapidlyError"]


class DetailFollow(DashboardLink):
    """The customer screen's follow (its base class: screens/detail.py is long enough)."""

    customer: Customer
    payments: dict[str, Payment]
    events: dict[str, AnyEvent]
    paging: dict[str, Any]

    def __init__(self) -> None:
        super().__init__()
        self.follow = FollowState()
        self.followers: dict[str, Follower[Any]] = {}
        #: Rows found by following, by section (marked until the follow restarts).
        self.follow_new: dict[str, set[str]] = {section: set() for section in PAGED_SECTIONS}
        self.section_titles: dict[str, str] = {}
        self.clock: Callable[[], datetime] = lambda: datetime.now(timezone.utc)
        self._follow_timer: Timer | None = None

    def _show_paging(self, section: str) -> None: ...

    def section_rows(self, section: str) -> dict[str, Any]:
        return self.payments if section == "payments" else self.events

    def set_section_title(self, section: str, title: str) -> None:
        self.section_titles[section] = title
        self._render_section_title(section)

    def _render_section_title(self, section: str) -> None:
        """Only when the words change: an idle follow draws nothing."""
        title = self.section_titles.get(section, section.title())
        if self.follow.on:
            title += " · " + self.follow.note(len(self.follow_new[section]))
        panel = self.query_one(f"#panel-{section}", Panel)
        if panel.title != title:
            panel.set_title(title)

    def action_follow(self) -> None:
        if self.follow.on:
            self.follow.stop()
            self._stop_follow_timer()
            self.drop_load("follow")
        else:
            self.follow.start(self.clock())
            self.followers = {section: self._follower(section) for section in PAGED_SECTIONS}
            for new in self.follow_new.values():
                new.clear()
            self._schedule_poll(self.follow.schedule.delay)
        for section in PAGED_SECTIONS:
            self._render_section_title(section)

    def _follower(self, section: str) -> Follower[Any]:
        client = self.host.client

        async def page(number: int) -> Sequence[Any]:
            rows: Sequence[Any] = (await detail_page(client, self.customer, section, number)()).data
            return rows

        return Follower(page, key=lambda row: row.id, page_size=SECTION_ROWS)

    def _schedule_poll(self, delay: float) -> None:
        self._stop_follow_timer()
        if self.follow.on:
            self._follow_timer = self.set_timer(delay, self.poll_now)

    def _stop_follow_timer(self) -> None:
        if self._follow_timer is not None:
            self._follow_timer.stop()
            self._follow_timer = None

    def poll_now(self) -> None:
        """Ask both sections for rows newer than the newest seen (the timer's, or a test's)."""
        if not self.follow.on:
            return
        for section, follower in self.followers.items():
            follower.remember(list(self.section_rows(section).values()))  # loaded: not new
        self.load("follow", self._poll_sections, self._apply_poll)

    async def _poll_sections(self) -> Found:
        found: Found = {}
        for section, follower in self.followers.items():
            try:
                found[section] = await follower.poll()
            except RapidlyError as error:  # the other section still shows what it found
                found[section] = error
        return found

    def _apply_poll(self, found: Found) -> None:
        if not self.follow.on:
            return
        errors = [result for result in found.values() if isinstance(result, RapidlyError)]
        fresh_any = False
        for section, result in found.items():
            if isinstance(result, PollResult):
                rows = self.section_rows(section)
                fresh = [row for row in result.new if row.id not in rows]
                if fresh:
                    self._insert_new(section, fresh)
                    fresh_any = True
        delay = self.follow.failed(errors[0]) if errors else self.follow.succeeded(fresh_any)
        self._schedule_poll(delay)
        for section in PAGED_SECTIONS:
            self._render_section_title(section)

    def _insert_new(self, section: str, fresh: list[Any]) -> None:
        rows = self.section_rows(section)
        merged = {row.id: row for row in fresh}
        merged.update(rows)
        rows.clear()
        rows.update(merged)
        self.follow_new[section].update(row.id for row in fresh)
        table = self.query_one(f"#{section}", RowTable)
        at_top = table.cursor_row <= 0
        scroll_y = table.scroll_y
        table.replace_rows(
            mark_new(ROWS[section](rows.values()), frozenset(self.follow_new[section]))
        )
        if at_top:
            table.move_cursor(row=0, animate=False, scroll=False)
            table.scroll_to(y=0, animate=False)
        else:  # the rows under the cursor stay where they were on screen
            table.scroll_to(y=scroll_y + len(fresh), animate=False)
        self.paging[section].prepend(fresh)
        self._show_paging(section)
