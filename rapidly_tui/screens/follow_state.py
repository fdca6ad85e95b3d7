"""What a follow (``F``) says in a border and when it polls next, shared by the browsers
and the customer's screen (rapidly_tui/follow.py reads the new rows)."""

from __future__ import annotations

from datetime import datetime

from rapidly_tui.follow import PollSchedule
from rapidly_tui.text import neutralize


class FollowState:
    """On or off, since when, the last poll's failure (if any) and the poll schedule."""

    def __init__(self) -> None:
        self.on = False
        self.since: datetime | None = None
        self.error = ""
        self.schedule = PollSchedule()

    def start(self, now: datetime) -> None:
        self.on = True
        self.since = now
        self.error = ""
        # A fresh back-off, with the same bounds (a test shortens or lengthens them).
        self.schedule = PollSchedule(start=self.schedule.start, ceiling=self.schedule.ceiling)

    def stop(self) -> None:
        self.on = False
        self.error = ""

    def note(self, new_count: int, *, more: bool = False) -> str:
        """``following · 3 new since 14:02 UTC`` (and the last poll's failure);
        ``more``: more arrived than a poll reads, so the count is at least that."""
        since = self.since.strftime("%H:%M UTC") if self.since else ""
        plus = "+" if more else ""
        words = f"following · {new_count:,}{plus} new since {since}"
        return f"{words} · {self.error}" if self.error else words

    def succeeded(self, found_new: bool) -> float:
        """The delay before the next poll: back to the start after activity."""
        self.error = ""
        schedule = self.schedule
        return schedule.after_new_rows() if found_new else schedule.after_nothing()

    def failed(self, error: BaseException) -> float:
        """Say the poll failed (rows are kept) and back off, honouring Retry-After."""
        request_id = getattr(error, "request_id", None)
        words = f"last poll failed: {type(error).__name__}"
        if request_id:
            words += f" (request id {neutralize(request_id, max_chars=40)})"
        self.error = words + ", rows kept"
        retry_after = getattr(error, "retry_after", None)
        return self.schedule.after_failure(
            retry_after if isinstance(retry_after, float | int) else None
        )
