"""Following the API's offset pagination safely.

The real API pages by offset (``page``/``limit``), so rows can shift between two
requests while data changes: the iterator de-duplicates by id. A page beyond the
last answers ``data: []`` with ``total: 0``; the iterator stops there instead of
believing that total. Pages that repeat what was seen end it too, so a server
that ignores ``page`` cannot keep it going.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, Awaitable, Callable
from typing import Protocol, TypeVar

from rapidly_tui.api.client import MAX_PAGE_SIZE
from rapidly_tui.api.models import Page, PageMeta


class HasId(Protocol):
    @property
    def id(self) -> str: ...


ItemT = TypeVar("ItemT", bound=HasId)

FetchPage = Callable[[int, int], Awaitable[Page[ItemT]]]

#: Consecutive pages of only already-seen items after which iteration stops.
MAX_STALE_PAGES = 2


async def iterate_pages(
    fetch: FetchPage[ItemT], *, limit: int = MAX_PAGE_SIZE, max_pages: int | None = None
) -> AsyncGenerator[tuple[list[ItemT], PageMeta], None]:
    """Yield each page's new items (duplicates removed) with that page's meta.

    ``fetch(page, limit)`` returns one page. Iteration stops after ``meta.pages``,
    on an empty page, after :data:`MAX_STALE_PAGES` pages with nothing new, or after
    ``max_pages``.
    """
    limit = max(1, min(limit, MAX_PAGE_SIZE))
    seen: set[str] = set()
    stale_pages = 0
    page_number = 1
    while True:
        page = await fetch(page_number, limit)
        fresh = [item for item in page.data if item.id not in seen]
        seen.update(item.id for item in fresh)
        yield fresh, page.meta
        if not page.data or page_number >= page.meta.pages:
            return
        # A server that ignores ``page`` (a cache keyed on the path) answers the same
        # items forever while ``meta.pages`` may claim millions: stop once pages bring
        # nothing new. One such page is tolerated: rows inserted while we page can
        # shift a whole page of seen items into the next one.
        stale_pages = 0 if fresh else stale_pages + 1
        if stale_pages >= MAX_STALE_PAGES:
            return
        if max_pages is not None and page_number >= max_pages:
            return
        page_number += 1


async def iterate_items(
    fetch: FetchPage[ItemT], *, limit: int = MAX_PAGE_SIZE, max_pages: int | None = None
) -> AsyncGenerator[ItemT, None]:
    """Every item of every page, each id once."""
    async for items, _meta in iterate_pages(fetch, limit=limit, max_pages=max_pages):
        for item in items:
            yield item


async def collect(fetch: FetchPage[ItemT], *, limit: int = MAX_PAGE_SIZE) -> list[ItemT]:
    return [item async for item in iterate_items(fetch, limit=limit)]
