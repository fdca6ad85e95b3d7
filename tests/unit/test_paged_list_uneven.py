"""Pages of uneven size, some empty, as a workspace's members come (a page of customers
at a time): with ``empty_pages``, ``meta.pages`` says where the list ends; a re-read
puts each page's items in place of that page's own."""

from __future__ import annotations

from dataclasses import dataclass, field

from rapidly_tui.present.paging import PagedList
from tests.unit.test_paged_list import Item, Meta, Page


@dataclass
class Groups:
    """Page ``n`` holds ``groups[n - 1]`` (any size, empty too); beyond the last, the
    real API's ``data: [], total: 0, pages: 0``."""

    groups: list[list[str]]
    asked: list[int] = field(default_factory=list)

    async def fetch(self, page: int, limit: int, sorting: tuple[str, ...]) -> Page:
        self.asked.append(page)
        if page > len(self.groups):
            return Page([], Meta(total=0, pages=0))
        total = len(self.groups) * limit
        return Page([Item(i) for i in self.groups[page - 1]], Meta(total, len(self.groups)))


def ids(pages: PagedList[Item]) -> list[str]:
    return [item.id for item in pages.items]


async def test_empty_pages_do_not_end_the_list_its_last_page_does() -> None:
    server = Groups([["a", "b", "c"], [], [], ["d"], [], ["e", "f"]])
    pages = PagedList(server.fetch, empty_pages=True)
    while not pages.exhausted:
        await pages.load_next()
    assert ids(pages) == ["a", "b", "c", "d", "e", "f"]
    assert server.asked == [1, 2, 3, 4, 5, 6]  # no page beyond the last asked for
    assert pages.total == 600  # the pages' own count (of customers), kept


async def test_without_empty_pages_an_empty_page_ends_the_list_whatever_its_meta() -> None:
    """Any other list: a server that answers nothing while it claims more pages does
    not get asked for each of them."""
    server = Groups([["a"], [], ["b"]])
    pages = PagedList(server.fetch)
    while not pages.exhausted:
        await pages.load_next()
    assert ids(pages) == ["a"]
    assert server.asked == [1, 2]


async def test_a_list_of_only_empty_pages_ends_at_its_last() -> None:
    server = Groups([[], [], []])
    pages = PagedList(server.fetch, empty_pages=True)
    while not pages.exhausted:
        await pages.load_next()
    assert ids(pages) == []
    assert server.asked == [1, 2, 3]


async def test_a_reread_replaces_each_page_by_its_own_items() -> None:
    server = Groups([["a", "b", "c"], [], ["d", "e", "f", "g", "h"], ["i"], ["j", "k"]])
    pages = PagedList(server.fetch, page_size=2, empty_pages=True)
    while not pages.exhausted:
        await pages.load_next()
    # Page 3 lost "e" and gained "x"; page 4 became empty; "j" moved up to page 4.
    server.groups[2] = ["d", "x", "f", "g", "h"]
    server.groups[3] = ["j"]
    server.groups[4] = ["k"]
    # Around "g" (item 5, page 3), one page either side: pages 2-4.
    window = await pages.reread(5, pages=3)
    assert window.first == 2
    assert len(window.pages) == 3
    assert pages.replace(window)
    assert ids(pages) == ["a", "b", "c", "d", "x", "f", "g", "h", "j", "k"]
    # The next re-read finds the pages where they now are: page 4 is "j" alone.
    window = await pages.reread(8, pages=1)
    assert window.first == 4
    server.groups[3] = ["y"]
    window = await pages.reread(8, pages=1)
    assert pages.replace(window)
    assert ids(pages) == ["a", "b", "c", "d", "x", "f", "g", "h", "y", "k"]


async def test_rows_put_on_top_count_as_page_1s() -> None:
    server = Groups([["a", "b"], ["c"], ["d", "e"]])
    pages = PagedList(server.fetch)
    while not pages.exhausted:
        await pages.load_next()
    pages.prepend([Item("new")])
    server.groups[2] = ["d"]
    window = await pages.reread(5, pages=1)  # "e", item 5 now: page 3
    assert window.first == 3
    assert pages.replace(window)
    assert ids(pages) == ["new", "a", "b", "c", "d"]


async def test_pages_of_items_admit_turns_away_do_not_end_the_list() -> None:
    server = Groups([["a", "b"], ["c"], ["d"], ["keep", "e"]])
    pages = PagedList(server.fetch, admit=lambda item: item if item.id == "keep" else None)
    while not pages.exhausted:
        await pages.load_next()
    assert ids(pages) == ["keep"]
    assert server.asked == [1, 2, 3, 4]
