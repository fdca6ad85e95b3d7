"""``F`` on a customer's screen: follow her payments and events as they arrive.

One follow for both sections, on one schedule: payments are read by her email and
events by her id, newest first, each through a :class:`Follower` (no duplicates, no row
lost across pages). New rows go to the top, marked; each section's border counts them
and shows the API's total as it grows; a failed poll says so there and keeps every row;
an idle poll draws nothing. An event saying she changed (``customer.updated``, or a
newer ``modified_at``) reads her profile again, its changed fields marked old → new.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import partial
from typing import TYPE_CHECKING, Any

from textual.timer import Timer

from rapidly_tui.api.errors import RapidlyError
from rapidly_tui.follow import Follower, PollResult
from rapidly_tui.loads import PAGED_SECTIONS, SECTION_ROWS, detail_page, detail_requests
from rapidly_tui.present.changes import ChangeTracker, count_arrow
from rapidly_tui.screens.dashboard_link import DashboardLink
from rapidly_tui.screens.detail_rows import event_rows, payment_rows
from rapidly_tui.screens.follow_state import FollowState
from rapidly_tui.screens.marks import mark_new, new_note
from rapidly_tui.widgets.panel import Panel
from rapidly_tui.widgets.tables import RowTable

if TYPE_CHECKING:
    from rapidly_tui.api.models import AnyEvent, Customer, Payment
    from rapidly_tui.widgets.cells import Cell

ROWS: dict[str, Callable[[Iterable[Any]], Iterator[tuple[str, list[Cell]]]]] = {
    "payments": payment_rows,
    "events": event_rows,
}

SECTION_NAMES = {"payments": "Payments", "events": "Events"}


@dataclass
class Arrived:
    """One section's poll: the rows not seen before (newest first) and the API's total."""

    found: PollResult[Any]
    total: int | None


Found = dict[str, "Arrived | RapidlyError"]


class DetailFollow(DashboardLink):
    """The customer screen's follow (its base class: screens/detail.py is long enough)."""

    customer: Customer
    payments: dict[str, Payment]
    events: dict[str, AnyEvent]
    paging: dict[str, Any]
    changes: ChangeTracker

    def __init__(self) -> None:
        super().__init__()
        self.follow = FollowState()
        self.followers: dict[str, Follower[Any]] = {}
        #: Rows found by following, by section (marked until the follow restarts).
        self.follow_new: dict[str, set[str]] = {section: set() for section in PAGED_SECTIONS}
        #: Sections where more arrived between two polls than one poll reads (until
        #: the follow restarts): their new count is a lower bound.
        self.follow_gaps: set[str] = set()
        #: Each section's count as shown (``45 ▲3``) and a refresh's `` · 2 new``.
        self.section_counts: dict[str, str] = {}
        self.refresh_notes: dict[str, str] = {}
        #: The total of each section's page 1 as the latest poll read it.
        self.polled_totals: dict[str, int] = {}
        self.clock: Callable[[], datetime] = lambda: datetime.now(timezone.utc)
        self._follow_timer: Timer | None = None

    def _show_paging(self, section: str) -> None: ...

    def section_rows(self, section: str) -> dict[str, Any]:
        return self.payments if section == "payments" else self.events

    def _show_customer(self, customer: Customer) -> None: ...

    def show_section_total(
        self, section: str, total: int, new: frozenset[str] | None = None
    ) -> None:
        """``Payments (12 ▲1) · 1 new``: the API's count, how it moved since the previous
        load (a refresh's or a poll's), and the rows a refresh found new (``new``)."""
        moved = count_arrow(self.changes.count(section, total))
        self.section_counts[section] = f"{total:,} {moved}" if moved else f"{total:,}"
        if new is not None:
            self.refresh_notes[section] = new_note(new)
        self._render_section_title(section)

    def refreshed_while_following(self, section: str, rows: Iterable[Any]) -> None:
        """A refresh's page 1 while following: the rows above the newest one seen
        arrived since the last poll, and count as new as a poll's do (newest first:
        a row shifted up by a deletion is below it, and is not new)."""
        follower = self.followers.get(section)
        if not (self.follow.on and follower is not None and follower.remembered):
            return
        for row in rows:
            if follower.seen(row):
                break
            self.follow_new[section].add(row.id)

    def _render_section_title(self, section: str) -> None:
        """Only when the words change: an idle follow draws nothing."""
        title = SECTION_NAMES[section]
        if section in self.section_counts:
            title += f" ({self.section_counts[section]}){self.refresh_notes.get(section, '')}"
        if self.follow.on:
            more = section in self.follow_gaps
            title += " · " + self.follow.note(len(self.follow_new[section]), more=more)
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
            for section, follower in self.followers.items():
                follower.remember(list(self.section_rows(section).values()))  # not new
            for new in self.follow_new.values():
                new.clear()
            self.follow_gaps.clear()
            self._schedule_poll(self.follow.schedule.delay)
        for section in PAGED_SECTIONS:
            self._render_section_title(section)

    def _follower(self, section: str) -> Follower[Any]:
        client = self.host.client

        async def page(number: int) -> Sequence[Any]:
            read = await detail_page(client, self.customer, section, number)()
            if number == 1:
                self.polled_totals[section] = read.meta.total
            rows: Sequence[Any] = read.data
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
        """Ask both sections for rows newer than the newest seen (the timer's, or a test's).

        A section whose first page is not shown yet waits: its rows are not arrivals."""
        if not self.follow.on:
            return
        ready = {}
        for section, follower in self.followers.items():
            if section not in self.section_counts:
                continue
            if not follower.remembered:  # F before the first page was shown
                follower.remember(list(self.section_rows(section).values()))
            ready[section] = follower
        self.load("follow", partial(self._poll_sections, ready), self._apply_poll)

    async def _poll_sections(self, followers: dict[str, Follower[Any]]) -> Found:
        found: Found = {}
        for section, follower in followers.items():
            self.polled_totals.pop(section, None)
            try:
                # Remembered when shown: a poll whose answer is dropped loses no row.
                result = await follower.poll(remember=False)
            except RapidlyError as error:  # the other section still shows what it found
                found[section] = error
            else:
                found[section] = Arrived(result, self.polled_totals.get(section))
        return found

    def _apply_poll(self, found: Found) -> None:
        if not self.follow.on:
            return
        errors = [result for result in found.values() if isinstance(result, RapidlyError)]
        fresh_any = False
        for section, result in found.items():
            if isinstance(result, RapidlyError):
                continue
            arrived = result.found.new
            if result.found.gap:
                self.follow_gaps.add(section)
            self.followers[section].remember(arrived)
            rows = self.section_rows(section)
            # Arrivals a refresh already shows count too (once: by id), unmarked till now.
            self.follow_new[section].update(row.id for row in arrived)
            fresh = [row for row in arrived if row.id not in rows]
            if arrived:
                self._insert_new(section, fresh)
                fresh_any = True
            if result.total is not None:
                self.paging[section].total = result.total
                self.show_section_total(section, result.total)
                self._show_paging(section)
            if section == "events" and self._changed_customer(arrived):
                self.load(
                    "customer",
                    detail_requests(self.host.client, self.customer)["customer"],
                    self._show_customer,
                    panel=self.query_one("#panel-profile", Panel),
                )
        delay = self.follow.failed(errors[0]) if errors else self.follow.succeeded(fresh_any)
        self._schedule_poll(delay)
        for section in PAGED_SECTIONS:
            self._render_section_title(section)

    def _changed_customer(self, events: Iterable[AnyEvent]) -> bool:
        """Whether an event says her profile changed since it was read."""
        modified = self.customer.modified_at or self.customer.created_at
        for event in events:
            if event.customer_id != self.customer.id:
                continue
            if event.name == "customer.updated":
                return True
            theirs = event.customer.modified_at if event.customer is not None else None
            if theirs is not None and theirs > modified:
                return True
        return False

    def _insert_new(self, section: str, fresh: list[Any]) -> None:
        """Put the rows ``fresh`` on top and mark every arrival (a refresh showed some)."""
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
