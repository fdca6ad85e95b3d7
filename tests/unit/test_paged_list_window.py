"""The paged list as a browser shows it: what is kept of an item, where a list read back
to a point in time ends, ``r`` re-reading loaded pages in place, a followed list's new
items on top."""

from __future__ import annotations

from dataclasses import dataclass, replace

from rapidly_tui.present.paging import PagedList
from tests.unit.test_paged_list import Item, Meta, Page, Server, ids


@dataclass(frozen=True)
class Row:
    id: str
    age: int  # hours old: rows come newest first
    note: str = ""


@dataclass
class RowServer:
    rows: list[Row]
    requests: list[int]

    async def fetch(self, page: int, limit: int, sorting: tuple[str, ...]) -> Page:
        self.requests.append(page)
        chunk = self.rows[(page - 1) * limit : page * limit]
        if not chunk:
            return Page([], Meta(total=0, pages=0))
        pages = -(-len(self.rows) // limit)
        return Page(chunk, Meta(total=len(self.rows), pages=pages))  # type: ignore[arg-type]


def names(pages: PagedList[Item]) -> list[str]:
    return [item.id for item in pages.items]


async def test_admit_keeps_what_it_returns_and_ends_stops_the_list() -> None:
    server = RowServer([Row(f"r{i}", age=i) for i in range(50)], [])
    # A 24-hour window over a newest-first list: older rows are skipped, and the
    # page whose oldest row is older than the window is the last one read.
    pages: PagedList[Row] = PagedList(
        server.fetch,  # type: ignore[arg-type]
        page_size=10,
        admit=lambda row: replace(row, note="kept") if row.age < 24 else None,
        ends=lambda rows: rows[-1].age >= 24,
    )
    while not pages.exhausted:
        await pages.load_next()
    assert [row.id for row in pages.items] == [f"r{i}" for i in range(24)]
    assert all(row.note == "kept" for row in pages.items)
    assert pages.by_id["r3"].note == "kept"
    assert server.requests == [1, 2, 3]  # not the 2 pages older than the window


async def test_reread_replaces_the_pages_around_the_cursor_in_place() -> None:
    server = Server(ids(60))
    pages = PagedList(server.fetch, page_size=10)
    for _ in range(6):
        await pages.load_next()
    server.requests.clear()
    # Two rows deleted on page 3 and one new row on it; page 4 shifted by one.
    server.rows.remove("id-021")
    server.rows.remove("id-022")
    server.rows.insert(20, "new-1")
    window = await pages.reread(around=25, pages=2)
    assert [request[0] for request in server.requests] == [2, 3]
    assert pages.replace(window)
    got = names(pages)
    assert "new-1" in got
    assert not {"id-021", "id-022"} & set(got)
    assert got[:10] == ids(60)[:10]  # before the window: as it was
    assert got[-10:] == ids(60)[-10:]  # after it: as it was
    assert len(got) == len(set(got)) == len(pages.by_id)
    assert pages.pages_read == 6  # the pages further on load again as before


async def test_reread_is_at_most_the_loaded_pages_and_keeps_the_total_past_the_end() -> None:
    server = Server(ids(30))
    pages = PagedList(server.fetch, page_size=10)
    await pages.load_next()
    await pages.load_next()
    server.requests.clear()
    del server.rows[10:]  # page 2 is now past the end: total 0 there
    window = await pages.reread(around=0)
    assert [request[0] for request in server.requests] == [1, 2]
    assert pages.replace(window)
    assert names(pages) == ids(10)
    assert pages.total == 10


async def test_a_reread_that_finds_the_list_empty_empties_it() -> None:
    server = Server(ids(15))
    pages = PagedList(server.fetch, page_size=10)
    await pages.load_next()
    server.rows.clear()
    assert pages.replace(await pages.reread(around=3))
    assert (names(pages), pages.total, pages.exhausted) == ([], 0, True)


async def test_a_reread_for_an_old_query_changes_nothing() -> None:
    server = Server(ids(15))
    pages = PagedList(server.fetch, page_size=10)
    await pages.load_next()
    window = await pages.reread(around=0)
    pages.reset()
    await pages.load_next()
    server.rows[:0] = ["new-1"]
    assert not pages.replace(window)
    assert names(pages) == ids(10)


async def test_prepend_puts_unseen_items_first_and_counts_them() -> None:
    server = Server(ids(15))
    pages = PagedList(server.fetch, page_size=10)
    await pages.load_next()
    fresh = pages.prepend([Item("new-2"), Item("new-1"), Item("id-000")])
    assert [item.id for item in fresh] == ["new-2", "new-1"]
    assert names(pages)[:3] == ["new-2", "new-1", "id-000"]
    assert pages.total == 17
    assert pages.prepend([Item("new-1")]) == []  # seen once already
    assert pages.wants_more(0)  # 12 rows shown, 30 of prefetch: the next page


async def test_start_with_a_page_read_elsewhere_drops_the_old_listing() -> None:
    server = Server(ids(45))
    pages = PagedList(server.fetch, page_size=20, prefetch=3)
    first = await server.fetch(1, 20, ())  # as start-up's preload read it
    pages.start_with(first)
    assert (names(pages), pages.total, pages.pages_read) == (ids(20), 45, 1)
    assert not pages.wants_more(16)
    assert pages.wants_more(17)  # 3 rows before the end of the 20
    await pages.load_next()
    # A refresh read page 1 again: the 40 rows become the new page 1's 20.
    server.rows[:0] = ["new-1"]
    pages.start_with(await server.fetch(1, 20, ()))
    assert names(pages) == ["new-1", *ids(19)]
    assert (pages.pages_read, pages.total, pages.exhausted) == (1, 46, False)
