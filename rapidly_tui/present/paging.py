"""A list read page by page from the API: the one paging logic of the project.

The real API pages by offset (``page``/``limit``), which is only stable under an
explicit sort, so a :class:`PagedList` always sends its ``sorting``. Rows can shift
between two requests while data changes: items are de-duplicated by id. A page beyond
the last answers ``data: []`` with ``total: 0, pages: 0`` (NOTES.md): the total known
from an earlier page is kept, and the list ends there; an empty page ends it whatever
its meta says, except in a list of ``empty_pages`` (a workspace's members, read a page
of customers at a time: some pages of customers have no member), which ``meta.pages``
alone ends. Pages that bring only items already seen end it too, so a server that
ignores ``page`` cannot keep it going. Pages need not be of one size (members again):
the list remembers where each page's items start.

A new query (search text, filter, sort) is a new *generation*: a page requested for
an older one is dropped when it arrives, so a slow answer never lands in the new list.
A browser asks :meth:`PagedList.wants_more` as its cursor moves and loads the next page
before the cursor reaches the end; ``r`` re-reads the loaded pages around the cursor
(:meth:`PagedList.reread`, then :meth:`PagedList.replace`) and a followed list puts new
items on top (:meth:`PagedList.prepend`). Headless: no Textual, no httpx, no pydantic.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar

#: The API's largest page.
MAX_PAGE_SIZE = 100
#: Consecutive pages of only already-seen items after which the list ends.
MAX_STALE_PAGES = 2
#: Rows before the end at which the next page is asked for.
PREFETCH_ROWS = 30
#: Loaded pages a re-read asks for again at most (the others stay as they were).
REREAD_PAGES = 10


class HasId(Protocol):
    @property
    def id(self) -> str: ...


class MetaLike(Protocol):
    @property
    def total(self) -> int: ...

    @property
    def pages(self) -> int: ...


ItemT = TypeVar("ItemT", bound=HasId)
ItemT_co = TypeVar("ItemT_co", covariant=True)


class PageLike(Protocol[ItemT_co]):
    """What the client's ``Page[T]`` offers (so this module needs no pydantic)."""

    @property
    def data(self) -> Sequence[ItemT_co]: ...

    @property
    def meta(self) -> MetaLike: ...


#: ``fetch(page, limit, sorting)``: one page of the list, 1-based.
Fetch = Callable[[int, int, tuple[str, ...]], Awaitable[PageLike[ItemT]]]


@dataclass(frozen=True)
class Loaded(Generic[ItemT]):
    """One page as it joined the list: its new items (duplicates removed) and meta."""

    items: list[ItemT]
    meta: MetaLike


@dataclass(frozen=True)
class Window(Generic[ItemT]):
    """Loaded pages ``first``.. read again for the list's ``generation``."""

    generation: int
    first: int
    pages: Sequence[PageLike[ItemT]]


class PagedList(Generic[ItemT]):
    """The items read so far of one query, and how to read more.

    ``items`` grows page by page; ``total`` is the API's count (``None`` before the
    first page); ``exhausted`` says that no page is left. ``keep=False`` keeps no rows
    (``--all`` over any number of items in constant memory): only the ids, for
    de-duplication. ``admit`` decides what of a received item is kept (``None``: skip
    it, e.g. outside a time window); ``ends`` says, of a page's items, that the list
    ends after it (a newest-first list read back to a point in time). ``empty_pages``:
    a page may come empty before the last (its meta counts something else than its
    items, e.g. customers for their members).
    """

    def __init__(
        self,
        fetch: Fetch[ItemT],
        *,
        sorting: Sequence[str] = (),
        page_size: int = MAX_PAGE_SIZE,
        prefetch: int = PREFETCH_ROWS,
        max_pages: int | None = None,
        keep: bool = True,
        admit: Callable[[ItemT], ItemT | None] | None = None,
        ends: Callable[[Sequence[ItemT]], bool] | None = None,
        empty_pages: bool = False,
    ) -> None:
        self._fetch = fetch
        self.empty_pages = empty_pages
        self._admit = admit
        self._ends = ends
        self.sorting = tuple(sorting)
        self.page_size = max(1, min(page_size, MAX_PAGE_SIZE))
        self.prefetch = prefetch
        self.max_pages = max_pages
        self._keep = keep
        self.generation = 0
        self._clear()

    def _clear(self) -> None:
        self.items: list[ItemT] = []
        #: The kept items by id (empty with ``keep=False``).
        self.by_id: dict[str, ItemT] = {}
        self.total: int | None = None
        self.exhausted = False
        self.pages_read = 0
        self.loading = False
        self._seen: set[str] = set()
        #: Ids received but not kept (``admit`` said no): seen all the same.
        self._passed: set[str] = set()
        self._stale_pages = 0
        #: ``len(items)`` after each page read: page ``n``'s items are
        #: ``items[bounds[n - 2]:bounds[n - 1]]`` (``keep=True``).
        self._bounds: list[int] = []

    def reset(
        self, fetch: Fetch[ItemT] | None = None, *, sorting: Sequence[str] | None = None
    ) -> None:
        """Start a new query (new filters in ``fetch``, a new ``sorting``): the list is
        emptied, and a page still on its way for the old query will be dropped."""
        if fetch is not None:
            self._fetch = fetch
        if sorting is not None:
            self.sorting = tuple(sorting)
        self.generation += 1
        self._clear()

    def start_with(self, page: PageLike[ItemT]) -> Loaded[ItemT]:
        """Start over from a page 1 read elsewhere (preloaded, or a section's refresh):
        a page still on its way for the old listing will be dropped."""
        self.reset()
        return self._add(1, page)

    @property
    def count(self) -> int:
        """Items read so far (each id once)."""
        return len(self._seen)

    def wants_more(self, cursor: int) -> bool:
        """Whether the next page should be asked for now, the cursor being at row
        ``cursor`` (0-based): within :attr:`prefetch` rows of the end, with a page left
        and none on its way."""
        if self.exhausted or self.loading:
            return False
        return cursor >= self.count - self.prefetch

    async def load_next(self) -> Loaded[ItemT] | None:
        """Read the next page and add its new items. ``None`` when nothing was added:
        the list is exhausted, or the query changed while the page was on its way (the
        page is dropped). Exceptions from ``fetch`` propagate; the list stays as it was
        and the same page is asked for again next time."""
        if self.exhausted:
            return None
        generation = self.generation
        number = self.pages_read + 1
        self.loading = True
        try:
            page = await self._fetch(number, self.page_size, self.sorting)
        finally:
            if generation == self.generation:
                self.loading = False
        if generation != self.generation:
            return None
        return self._add(number, page)

    def _admitted(self, items: Sequence[ItemT]) -> list[ItemT]:
        """The items not seen yet, each once, as ``admit`` keeps them (not yet added)."""
        fresh: dict[str, ItemT] = {}
        for item in items:  # an id repeated within one page counts once too
            if item.id in self._seen or item.id in fresh:
                continue
            kept = item if self._admit is None else self._admit(item)
            if kept is not None:
                fresh[item.id] = kept
        return list(fresh.values())

    def _remember(self, items: Sequence[ItemT]) -> None:
        self._seen.update(item.id for item in items)
        if self._keep:
            self.by_id.update((item.id, item) for item in items)

    def _add(self, number: int, page: PageLike[ItemT]) -> Loaded[ItemT]:
        self.pages_read = number
        unseen = any(i.id not in self._seen and i.id not in self._passed for i in page.data)
        fresh = self._admitted(page.data)
        self._remember(fresh)
        self._passed.update(item.id for item in page.data if item.id not in self._seen)
        if self._keep:
            self.items.extend(fresh)
            self._bounds.append(len(self.items))
        # Beyond the last page the API says total 0: keep what an earlier page said.
        if page.data or self.total is None:
            self.total = page.meta.total
        # A server that ignores ``page`` answers the same items forever while
        # ``meta.pages`` may claim millions: stop once pages bring nothing new. One
        # such page is tolerated: rows inserted while we page can shift a whole page of
        # seen items into the next one. A page of items ``admit`` turned away repeats
        # nothing, nor does an empty page (of ``empty_pages``).
        self._stale_pages = 0 if unseen or not page.data else self._stale_pages + 1
        self.exhausted = (
            (not page.data and not self.empty_pages)
            or number >= page.meta.pages
            or self._stale_pages >= MAX_STALE_PAGES
            or (self.max_pages is not None and number >= self.max_pages)
            or (self._ends is not None and bool(page.data) and self._ends(page.data))
        )
        return Loaded(fresh, page.meta)

    # --- a list that is shown and kept up to date (keep=True) ------------------------

    async def reread(self, around: int, pages: int = REREAD_PAGES) -> Window[ItemT]:
        """Read again up to ``pages`` loaded pages around item ``around`` (0-based), all
        at once; :meth:`replace` puts them in place. Nothing changes here, so a caller
        that drops the answer (a newer load) leaves the list as it was."""
        loaded = max(1, self.pages_read)
        around_page = next((n for n, end in enumerate(self._bounds, 1) if around < end), loaded)
        first = max(1, min(around_page - pages // 2, loaded - pages + 1))
        last = min(loaded, first + pages - 1)
        generation = self.generation
        self.loading = True
        try:
            read = await asyncio.gather(
                *(self._fetch(n, self.page_size, self.sorting) for n in range(first, last + 1))
            )
        finally:
            if generation == self.generation:
                self.loading = False
        return Window(generation, first, read)

    def replace(self, window: Window[ItemT]) -> bool:
        """Put a re-read window in place of the items its pages covered: items that
        moved into it leave their old place, the items before and after it stay (each
        id once). False, and nothing changed, when the query changed since."""
        if window.generation != self.generation or not self._keep:
            return False
        pages = window.pages
        first = pages[0] if window.first == 1 and pages else None
        if first is not None and not first.data and (first.meta.pages < 1 or not self.empty_pages):
            self._clear()  # the list became empty
            self._add(1, pages[0])
            return True
        # The window's pages in place of theirs; an item that moved into the window
        # leaves its old page (each id once).
        self._seen = set()
        received: list[list[ItemT]] = []
        for page in pages:
            if page.data:
                self.total = page.meta.total
            received.append(self._admitted(page.data))
            self._seen.update(item.id for item in received[-1])
        moved = set(self._seen)
        last = window.first + len(pages) - 1
        starts = [0, *self._bounds]
        old = self.items
        self.items, self.by_id, self._seen, self._bounds = [], {}, set(), []
        for number in range(1, max(len(starts), last + 1)):
            if window.first <= number <= last:
                rows = received[number - window.first]
            elif number < len(starts):
                rows = [i for i in old[starts[number - 1] : starts[number]] if i.id not in moved]
            else:
                rows = []
            self._remember(rows)
            self.items.extend(rows)
            self._bounds.append(len(self.items))
        return True

    def prepend(self, items: Sequence[ItemT]) -> list[ItemT]:
        """Items that appeared at the top since the list was read (a followed list):
        those not seen yet go first and count in the total. Returns them."""
        fresh = self._admitted(items)
        self._remember(fresh)
        if self._keep:
            self.items[:0] = fresh
            self._bounds = [end + len(fresh) for end in self._bounds]  # page 1's now
        if self.total is not None:
            self.total += len(fresh)
        return fresh
