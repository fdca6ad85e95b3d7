"""Following the API's offset pagination safely.

The real API pages by offset (``page``/``limit``), so rows can shift between two
requests while data changes: the iterator de-duplicates by id. A page beyond the
last answers ``data: []`` with ``total: 0``; the iterator stops there instead of
believing that total.
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


async def iterate_pages(
    fetch: FetchPage[ItemT], *, limit: int = MAX_PAGE_SIZE, max_pages: int | None = None
) -> AsyncGenerator[tuple[list[ItemT], PageMeta], None]:
    """Yield each page's new items (duplicates removed) with that page's meta.

    ``fetch(page, limit)`` returns one page. Iteration stops after ``meta.pages``,
    on an empty page, or after ``max_pages``.
    """
    limit = max(1, min(limit, MAX_PAGE_SIZE))
    seen: set[str] = set()
    page_number = 1
    while True:
        page = await fetch(page_number, limit)
        fresh = [item for item in page.data if item.id not in seen]
        seen.update(item.id for item in fresh)
        yield fresh, page.meta
        if not page.data or page_number >= page.meta.pages:
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
