"""The headless paged list: offset paging as the browsers and ``--all`` use it."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

import pytest

from rapidly_tui.present.paging import MAX_STALE_PAGES, PagedList


@dataclass(frozen=True)
class Item:
    id: str


@dataclass(frozen=True)
class Meta:
    total: int
    pages: int


@dataclass(frozen=True)
class Page:
    data: list[Item]
    meta: Meta


@dataclass
class Server:
    """Offset pages over ``rows``, with the real API's answer beyond the last page."""

    rows: list[str]
    requests: list[tuple[int, int, tuple[str, ...]]] = field(default_factory=list)

    async def fetch(self, page: int, limit: int, sorting: tuple[str, ...]) -> Page:
        self.requests.append((page, limit, sorting))
        start = (page - 1) * limit
        chunk = self.rows[start : start + limit]
        if not chunk:  # the real API: total 0 beyond the last page
            return Page([], Meta(total=0, pages=0))
        pages = -(-len(self.rows) // limit)
        return Page([Item(i) for i in chunk], Meta(total=len(self.rows), pages=pages))


def ids(n: int) -> list[str]:
    return [f"id-{i:03d}" for i in range(n)]


async def test_reads_every_page_once_and_sends_its_sorting() -> None:
    server = Server(ids(25))
    pages = PagedList(server.fetch, sorting=("-created_at",), page_size=10)
    while not pages.exhausted:
        await pages.load_next()
    assert [item.id for item in pages.items] == ids(25)
    assert pages.total == 25
    # Three pages, no extra request for an empty fourth, the sort sent every time.
    assert server.requests == [(n, 10, ("-created_at",)) for n in (1, 2, 3)]


async def test_duplicates_from_shifting_rows_are_removed() -> None:
    server = Server(ids(20))
    pages = PagedList(server.fetch, page_size=10)
    await pages.load_next()
    # Three rows inserted at the top: page 2 now starts with the end of page 1.
    server.rows[:0] = ["new-1", "new-2", "new-3"]
    second = await pages.load_next()
    assert second is not None
    assert [item.id for item in second.items] == ids(20)[10:17]
    assert len({item.id for item in pages.items}) == len(pages.items) == 17


async def test_a_page_beyond_the_last_keeps_the_known_total() -> None:
    server = Server(ids(20))
    pages = PagedList(server.fetch, page_size=10)
    await pages.load_next()
    assert (pages.total, pages.exhausted) == (20, False)
    del server.rows[5:]  # rows deleted meanwhile: page 2 is now past the end
    loaded = await pages.load_next()
    assert loaded is not None
    assert loaded.items == []
    assert pages.total == 20  # what the list said, not the 0 of a page past the end
    assert pages.exhausted


async def test_an_empty_list_is_one_request_with_total_zero() -> None:
    server = Server([])
    pages = PagedList(server.fetch)
    await pages.load_next()
    assert (pages.items, pages.total, pages.exhausted) == ([], 0, True)
    assert await pages.load_next() is None
    assert len(server.requests) == 1


async def test_a_server_ignoring_page_cannot_keep_it_going() -> None:
    async def same_page(page: int, limit: int, sorting: tuple[str, ...]) -> Page:
        return Page([Item("a"), Item("b")], Meta(total=10**6, pages=10**6))

    pages = PagedList(same_page, page_size=2)
    loads = 0
    while not pages.exhausted:
        await pages.load_next()
        loads += 1
    assert loads == 1 + MAX_STALE_PAGES
    assert [item.id for item in pages.items] == ["a", "b"]


def test_prefetch_asks_for_the_next_page_as_the_cursor_nears_the_end() -> None:
    server = Server(ids(250))
    pages = PagedList(server.fetch, page_size=100, prefetch=30)
    assert pages.wants_more(0)  # nothing read yet
    asyncio.run(pages.load_next())
    assert not pages.wants_more(0)
    assert not pages.wants_more(69)
    assert pages.wants_more(70)  # 30 rows before the end of the 100 read
    pages.loading = True
    assert not pages.wants_more(99)  # one page at a time
    pages.loading = False
    while not pages.exhausted:
        asyncio.run(pages.load_next())
    assert not pages.wants_more(249)  # nothing left


async def test_a_page_of_an_old_query_is_dropped() -> None:
    release = asyncio.Event()
    server = Server(ids(5))

    async def slow(page: int, limit: int, sorting: tuple[str, ...]) -> Page:
        await release.wait()
        return await server.fetch(page, limit, sorting)

    pages = PagedList(slow, sorting=("name",))
    old = asyncio.create_task(pages.load_next())
    await asyncio.sleep(0)
    assert pages.loading
    pages.reset(server.fetch, sorting=("-name",))  # the user typed a search
    assert not pages.loading  # the new query may load at once
    fresh = await pages.load_next()
    assert fresh is not None
    assert len(fresh.items) == 5
    release.set()
    assert await old is None  # arrived late: dropped
    assert [item.id for item in pages.items] == ids(5)  # once, from the new query
    assert server.requests[0][2] == ("-name",)  # the old query's came after


async def test_a_failed_page_is_asked_for_again() -> None:
    server = Server(ids(15))
    failures = [RuntimeError("503")]

    async def flaky(page: int, limit: int, sorting: tuple[str, ...]) -> Page:
        if page == 2 and failures:
            raise failures.pop()
        return await server.fetch(page, limit, sorting)

    pages = PagedList(flaky, page_size=10)
    await pages.load_next()
    with pytest.raises(RuntimeError):
        await pages.load_next()
    assert not pages.loading
    assert not pages.exhausted
    await pages.load_next()
    assert len(pages.items) == 15
    assert [request[0] for request in server.requests] == [1, 2]


async def test_keep_false_remembers_only_ids() -> None:
    server = Server(ids(30))
    pages = PagedList(server.fetch, page_size=10, keep=False)
    seen = 0
    while not pages.exhausted:
        loaded = await pages.load_next()
        assert loaded is not None
        seen += len(loaded.items)
    assert seen == pages.count == 30
    assert pages.items == []
