"""Pagination edge cases over real TCP, through the client's page iterators."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from rapidly_tui.api import RapidlyClient, models
from rapidly_tui.api.pagination import collect, iterate_items, iterate_pages
from rapidly_tui.demo import DEMO_TOKEN, build_dataset
from tests.support.server import DemoServer, serve_demo


def customers_of(client: RapidlyClient, **filters: Any) -> Any:
    async def fetch(page: int, limit: int) -> models.Page[models.Customer]:
        return await client.list_customers(page=page, limit=limit, **filters)

    return fetch


@pytest.fixture
async def small_demo() -> AsyncIterator[tuple[DemoServer, RapidlyClient]]:
    """A demo with exactly 200 Acme customers (a multiple of the page size)."""
    with serve_demo(build_dataset(acme_customers=200)) as server:
        async with RapidlyClient(server.base_url, DEMO_TOKEN) as client:
            yield server, client


async def test_empty_list_is_one_empty_page(client: RapidlyClient) -> None:
    pages = [page async for page in iterate_pages(customers_of(client, query_text="nobody at all"))]
    assert len(pages) == 1
    items, meta = pages[0]
    assert items == []
    assert (meta.total, meta.pages) == (0, 0)


async def test_exact_multiple_of_the_page_size(
    small_demo: tuple[DemoServer, RapidlyClient],
) -> None:
    server, client = small_demo
    fetch = customers_of(client, workspace_id=server.dataset.acme["id"])
    pages = [page async for page in iterate_pages(fetch, limit=100)]
    assert [len(items) for items, _ in pages] == [100, 100]
    assert server.faults.count() == 2  # no extra request for an empty third page
    assert {meta.total for _, meta in pages} == {200}


async def test_last_page_is_partial_and_everything_arrives_once(
    client: RapidlyClient, demo_server: DemoServer
) -> None:
    acme_id = demo_server.dataset.acme["id"]
    customers = await collect(customers_of(client, workspace_id=acme_id))
    assert len(customers) == 1214
    assert len({c.id for c in customers}) == 1214
    assert demo_server.faults.count() == 13
    last = await client.list_customers(workspace_id=acme_id, page=13)
    assert (len(last.data), last.meta.page, last.meta.pages) == (14, 13, 13)


async def test_limit_is_clamped_to_100(client: RapidlyClient, demo_server: DemoServer) -> None:
    page = await client.list_customers(limit=1000)
    assert page.meta.per_page == 100
    assert demo_server.faults.requests[0].query.endswith("limit=100")
    pages = [p async for p in iterate_pages(customers_of(client), limit=500, max_pages=1)]
    assert pages[0][1].per_page == 100


async def test_page_beyond_last_reports_zero_total(client: RapidlyClient) -> None:
    page = await client.list_customers(page=99)
    assert page.data == []
    assert (page.meta.total, page.meta.pages) == (0, 0)


async def test_duplicates_across_pages_are_removed(
    client: RapidlyClient, demo_server: DemoServer
) -> None:
    # Offset paging while rows are inserted: page 2 repeats the end of page 1.
    fetch = customers_of(client, workspace_id=demo_server.dataset.acme["id"])
    seen: list[str] = []
    pages = iterate_pages(fetch, limit=10)
    first_items, _ = await pages.__anext__()
    seen += [c.id for c in first_items]
    repeated = [c.to_json_dict() for c in first_items[-3:]]
    demo_server.faults.mutate(
        "/api/customers/",
        lambda body: {**body, "data": repeated + body["data"][3:]},
        times=1,
    )
    second_items, _ = await pages.__anext__()
    await pages.aclose()
    assert len(second_items) == 7
    assert not {c.id for c in second_items} & set(seen)


async def test_iteration_stops_on_an_empty_page_even_if_meta_says_more(
    client: RapidlyClient, demo_server: DemoServer
) -> None:
    demo_server.faults.mutate(
        "/api/shares/",
        lambda body: {"data": [], "meta": {**body["meta"], "pages": 50, "total": 5000}},
    )

    async def fetch(page: int, limit: int) -> models.Page[models.Share]:
        return await client.list_shares(page=page, limit=limit)

    assert [s async for s in iterate_items(fetch)] == []
    assert demo_server.faults.count() == 1


async def test_max_pages_stops_early(client: RapidlyClient, demo_server: DemoServer) -> None:
    items = [c async for c in iterate_items(customers_of(client), limit=10, max_pages=3)]
    assert len(items) == 30
    assert demo_server.faults.count() == 3
