"""Following a list as it grows (``F`` in the browsers, ``events tail``, ``--follow``).

Headless: no Textual, no httpx. The caller gives a function that reads one page of the
list **newest first**; :class:`Follower` reads the pages newer than the newest row it has
seen and returns only rows it has not, and :class:`PollSchedule` says when to ask again.

Why pages and not a timestamp filter: the API's lists are offset-paged, so rows that
arrive between two polls push older rows onto the next page. Reading page 1, 2, …
until a page reaches a row already seen loses none of them, and de-duplicating by id
keeps a row that moved across a page boundary from appearing twice. Memory is bounded:
only the most recent ids are remembered (enough to recognise the boundary), not every
row ever seen.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")

#: Ids remembered to recognise rows already shown (a few pages' worth is enough: a poll
#: stops at the first page that reaches one of them).
RECENT_IDS = 2_000


@dataclass
class PollResult(Generic[T]):
    """What one poll found: the new rows (newest first), and whether more arrived than
    were read (``gap``: the reader should say some rows were not shown)."""

    new: list[T]
    gap: bool = False


class Follower(Generic[T]):
    """Reads what is new in a newest-first list since the last poll."""

    def __init__(
        self,
        fetch_page: Callable[[int], Awaitable[Sequence[T]]],
        *,
        key: Callable[[T], Hashable],
        page_size: int,
        max_pages: int = 10,
        recent: int = RECENT_IDS,
    ) -> None:
        self._fetch_page = fetch_page
        self._key = key
        self._page_size = page_size
        self._max_pages = max_pages
        self._recent: OrderedDict[Hashable, None] = OrderedDict()
        self._capacity = max(recent, page_size * 2)

    def remember(self, rows: Sequence[T]) -> None:
        """Mark rows as seen (the initial load, oldest last): they never come back as new."""
        for row in reversed(rows):
            self._note(self._key(row))

    def seen(self, row: T) -> bool:
        return self._key(row) in self._recent

    @property
    def remembered(self) -> int:
        return len(self._recent)

    async def poll(self, *, remember: bool = True) -> PollResult[T]:
        """Read pages newest first until one reaches a row already seen; return the
        unseen rows, newest first. Errors propagate (the caller keeps its rows).

        ``remember=False``: the caller remembers the rows it shows (:meth:`remember`),
        so an answer it drops (superseded, stopped) is read again, not lost."""
        new: list[T] = []
        fresh_keys: set[Hashable] = set()
        reached_seen = False
        pages_read = 0
        for page in range(1, self._max_pages + 1):
            rows = await self._fetch_page(page)
            pages_read = page
            for row in rows:
                key = self._key(row)
                if key in self._recent:
                    reached_seen = True
                elif key not in fresh_keys:
                    fresh_keys.add(key)
                    new.append(row)
            if reached_seen or len(rows) < self._page_size:
                break
        # Nothing seen yet (an empty list at start) is not a gap: everything was read.
        gap = (
            not reached_seen
            and bool(self._recent)
            and pages_read == self._max_pages
            and len(new) >= self._max_pages * self._page_size
        )
        if remember:
            self.remember(new)
        return PollResult(new=new, gap=gap)

    def _note(self, key: Hashable) -> None:
        self._recent[key] = None
        self._recent.move_to_end(key)
        while len(self._recent) > self._capacity:
            self._recent.popitem(last=False)


@dataclass
class PollSchedule:
    """When to poll next: ~3 s after activity, backing off while nothing changes (to
    ~30 s), and never sooner than a 429's Retry-After.

    A follow left running during a long incident should cost the server (and the
    person's rate limit) little while nothing happens, and react quickly once it does.
    """

    start: float = 3.0
    ceiling: float = 30.0
    factor: float = 1.5
    delay: float = 3.0

    def __post_init__(self) -> None:
        self.delay = self.start

    def after_new_rows(self) -> float:
        """Activity: snap back to the start interval."""
        self.delay = self.start
        return self.delay

    def after_nothing(self) -> float:
        """Quiet: wait longer next time, up to the ceiling."""
        self.delay = min(self.ceiling, self.delay * self.factor)
        return self.delay

    def after_failure(self, retry_after: float | None = None) -> float:
        """A failed poll (or a 429): back off, and honour the server's Retry-After."""
        self.delay = min(self.ceiling, self.delay * self.factor)
        if retry_after is not None:
            self.delay = max(self.delay, retry_after)
        return self.delay
