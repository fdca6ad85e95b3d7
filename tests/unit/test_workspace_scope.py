"""The ids that scope deliveries and members to a workspace: read once, every page,
shared while in flight; a failed read is not kept."""

from __future__ import annotations

import asyncio

import pytest

from rapidly_tui.api.client import RapidlyClient
from rapidly_tui.api.errors import Forbidden
from rapidly_tui.api.models import Page, PageMeta
from rapidly_tui.api.workspace_scope import AT_ONCE, page_of, read_all, scope_of
from rapidly_tui.demo import DEMO_TOKEN, FaultPlan, build_dataset, create_app, demo_transport

DEMO_URL = "https://demo.invalid"


def _client(faults: FaultPlan) -> RapidlyClient:
    async def no_sleep(_seconds: float) -> None:
        return None

    transport = demo_transport(create_app(build_dataset(), faults))
    return RapidlyClient(DEMO_URL, DEMO_TOKEN, transport=transport, sleep=no_sleep)


async def test_every_page_is_read_the_rest_at_once() -> None:
    asked: list[int] = []
    running = 0
    most = 0

    async def fetch(page: int) -> Page[int]:
        nonlocal running, most
        asked.append(page)
        running += 1
        most = max(most, running)
        await asyncio.sleep(0.01)
        running -= 1
        data = list(range((page - 1) * 2, min(page * 2, 5)))
        return Page[int](data=data, meta=PageMeta(total=5, page=page, per_page=2, pages=3))

    assert await read_all(fetch) == [0, 1, 2, 3, 4]
    assert asked == [1, 2, 3]
    assert most == 2  # pages 2 and 3 together


async def test_a_long_list_is_read_twenty_pages_at_a_time_until_an_empty_one() -> None:
    asked: list[int] = []
    running = 0
    most = 0

    async def fetch(page: int) -> Page[int]:
        nonlocal running, most
        asked.append(page)
        running += 1
        most = max(most, running)
        await asyncio.sleep(0.01)
        running -= 1
        data = [page] if page <= 25 else []  # the list shrank: meta still says 60 pages
        return Page[int](data=data, meta=PageMeta(total=60, page=page, per_page=1, pages=60))

    assert await read_all(fetch) == list(range(1, 26))
    assert most == AT_ONCE == 20
    assert asked == list(range(1, 42))  # page 1, 2-21, 22-41: 26-41 were empty


async def test_endpoint_ids_are_read_once_for_concurrent_pages() -> None:
    faults = FaultPlan()
    async with _client(faults) as client:
        data = build_dataset()
        scope = scope_of(client)
        both = await asyncio.gather(
            scope.endpoint_ids(client, data.acme["id"]),
            scope.endpoint_ids(client, data.acme["id"]),
        )
        assert both[0] == both[1]
        assert set(both[0]) == {
            e["id"] for e in data.webhook_endpoints if e["workspace_id"] == data.acme["id"]
        }
        await scope.endpoint_ids(client, data.acme["id"])
        assert faults.count("/api/webhooks/endpoints") == 1
        scope.forget(data.acme["id"])
        await scope.endpoint_ids(client, data.acme["id"])
        assert faults.count("/api/webhooks/endpoints") == 2


async def test_a_failed_read_is_tried_again() -> None:
    faults = FaultPlan()
    faults.status("/api/webhooks/endpoints", 403, times=1)
    async with _client(faults) as client:
        acme = build_dataset().acme["id"]
        scope = scope_of(client)
        with pytest.raises(Forbidden):
            await scope.endpoint_ids(client, acme)
        assert await scope.endpoint_ids(client, acme)
        assert faults.count("/api/webhooks/endpoints") == 2


def test_a_page_of_rows_read_whole_says_the_apis_meta() -> None:
    page = page_of(list(range(250)), 3, 100)
    assert page.data == list(range(200, 250))
    assert (page.meta.total, page.meta.pages) == (250, 3)
    empty = page_of([], 1, 100)
    assert (empty.data, empty.meta.total, empty.meta.pages) == ([], 0, 0)
