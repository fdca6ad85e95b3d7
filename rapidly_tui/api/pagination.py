"""The client's page iterators, over :class:`rapidly_tui.present.paging.PagedList`.

Paging (de-duplication by id, the end of the list, the "beyond the last page, total
is 0" quirk) is decided in one place, the paged list; these iterators only stream it
for the commands and the workspace picker.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, Awaitable, Callable, Sequence
from typing import TypeVar, cast

from rapidly_tui.api.client import MAX_PAGE_SIZE
from rapidly_tui.api.models import Page, PageMeta
from rapidly_tui.present.paging import MAX_STALE_PAGES, HasId, PagedList

__all__ = ["MAX_STALE_PAGES", "FetchPage", "collect", "iterate_items", "iterate_pages"]

ItemT = TypeVar("ItemT", bound=HasId)

#: ``fetch(page, limit)``: the sorting, if any, is the fetch's own.
FetchPage = Callable[[int, int], Awaitable[Page[ItemT]]]


async def iterate_pages(
    fetch: FetchPage[ItemT],
    *,
    limit: int = MAX_PAGE_SIZE,
    max_pages: int | None = None,
) -> AsyncGenerator[tuple[list[ItemT], PageMeta], None]:
    """Yield each page's new items (duplicates removed) with that page's meta.

    Iteration stops after ``meta.pages``, on an empty page, after
    :data:`MAX_STALE_PAGES` pages with nothing new, or after ``max_pages``. No rows
    are kept: ``--all`` over any number of items uses constant memory.
    """

    async def fetch_sorted(page: int, size: int, _sorting: Sequence[str]) -> Page[ItemT]:
        return await fetch(page, size)

    pages: PagedList[ItemT] = PagedList(
        fetch_sorted, page_size=limit, max_pages=max_pages, keep=False
    )
    while not pages.exhausted:
        loaded = await pages.load_next()
        if loaded is None:
            return
        # The meta of fetch's own Page: a PageMeta.
        yield loaded.items, cast(PageMeta, loaded.meta)


async def iterate_items(
    fetch: FetchPage[ItemT], *, limit: int = MAX_PAGE_SIZE, max_pages: int | None = None
) -> AsyncGenerator[ItemT, None]:
    """Every item of every page, each id once."""
    async for items, _meta in iterate_pages(fetch, limit=limit, max_pages=max_pages):
        for item in items:
            yield item


async def collect(fetch: FetchPage[ItemT], *, limit: int = MAX_PAGE_SIZE) -> list[ItemT]:
    return [item async for item in iterate_items(fetch, limit=limit)]
