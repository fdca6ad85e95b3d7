"""Retries over real TCP: what is retried, how often, how long the client waits, who hears."""

from __future__ import annotations

import asyncio

import pytest

from rapidly_tui.api import (
    ApiError,
    ConnectionFailed,
    RapidlyClient,
    RateLimited,
    RetryNotice,
    ServerError,
    retry_listener,
)
from tests.support.server import DemoServer


async def test_a_successful_request_is_sent_once(
    client: RapidlyClient, demo_server: DemoServer, sleeps: list[float]
) -> None:
    await client.list_customers()
    assert demo_server.faults.count() == 1
    assert sleeps == []


async def test_429_waits_for_retry_after_then_succeeds(
    client: RapidlyClient, demo_server: DemoServer, sleeps: list[float]
) -> None:
    demo_server.faults.rate_limit("/api/customers/", retry_after=2, times=1)
    page = await client.list_customers()
    assert page.data
    assert sleeps == [2.0]
    assert demo_server.faults.count("/api/customers/") == 2


async def test_retry_after_is_capped_at_30_seconds(
    client: RapidlyClient, demo_server: DemoServer, sleeps: list[float]
) -> None:
    demo_server.faults.rate_limit("/api/customers/", retry_after=60, times=2)
    await client.list_customers()
    assert sleeps == [30.0, 30.0]


async def test_429_without_retry_after_backs_off(
    client: RapidlyClient, demo_server: DemoServer, sleeps: list[float]
) -> None:
    demo_server.faults.rate_limit("/api/customers/", retry_after=None, times=1)
    await client.list_customers()
    assert len(sleeps) == 1
    assert 0.25 <= sleeps[0] <= 0.5


async def test_persistent_429_gives_up_after_three_tries(
    client: RapidlyClient, demo_server: DemoServer, sleeps: list[float]
) -> None:
    demo_server.faults.rate_limit("/api/customers/", retry_after=1)
    with pytest.raises(RateLimited):
        await client.list_customers()
    assert demo_server.faults.count() == 3
    assert sleeps == [1.0, 1.0]


@pytest.mark.parametrize("status", [502, 503, 504])
async def test_gateway_errors_retry_with_backoff(
    client: RapidlyClient, demo_server: DemoServer, sleeps: list[float], status: int
) -> None:
    demo_server.faults.status("/api/", status)
    with pytest.raises(ServerError):
        await client.list_workspaces()
    assert demo_server.faults.count() == 3
    assert len(sleeps) == 2
    assert 0.25 <= sleeps[0] <= 0.5  # jittered 0.5 s
    assert 0.5 <= sleeps[1] <= 1.0  # jittered 1 s


async def test_gateway_error_then_success(
    client: RapidlyClient, demo_server: DemoServer, sleeps: list[float]
) -> None:
    demo_server.faults.status("/api/", 503, times=2)
    assert (await client.list_workspaces()).data
    assert demo_server.faults.count() == 3


async def test_dropped_connections_are_retried(
    client: RapidlyClient, demo_server: DemoServer, sleeps: list[float]
) -> None:
    demo_server.faults.drop_connection("/api/", times=1)
    assert (await client.list_customers()).data
    assert demo_server.faults.count() == 2
    demo_server.faults.clear()
    demo_server.faults.drop_connection("/api/")
    with pytest.raises(ConnectionFailed):
        await client.list_customers()
    assert demo_server.faults.count() == 3


@pytest.mark.parametrize("status", [400, 401, 403, 404, 422, 500])
async def test_client_errors_and_500_are_never_retried(
    client: RapidlyClient, demo_server: DemoServer, sleeps: list[float], status: int
) -> None:
    demo_server.faults.status("/api/", status)
    with pytest.raises(ApiError) as caught:
        await client.list_workspaces()
    assert caught.value.status == status
    assert demo_server.faults.count() == 1
    assert sleeps == []


async def test_retry_listener_hears_each_retry_of_its_own_context(
    client: RapidlyClient, demo_server: DemoServer
) -> None:
    demo_server.faults.rate_limit("/api/customers/", retry_after=3, times=2)
    heard: list[RetryNotice] = []
    other: list[RetryNotice] = []

    async def listened() -> None:
        retry_listener.set(heard.append)
        await client.list_customers()

    async def elsewhere() -> None:
        retry_listener.set(other.append)
        await client.list_workspaces()

    await asyncio.gather(listened(), elsewhere())
    assert [(n.attempt, n.max_attempts, n.delay) for n in heard] == [(1, 3, 3.0), (2, 3, 3.0)]
    assert all(isinstance(n.error, RateLimited) for n in heard)
    assert other == []
    assert retry_listener.get() is None  # tasks ran in copies of the context


async def test_a_failing_listener_does_not_fail_the_request(
    client: RapidlyClient, demo_server: DemoServer
) -> None:
    demo_server.faults.status("/api/", 503, times=1)

    def broken(notice: RetryNotice) -> None:
        raise RuntimeError("display went away")

    retry_listener.set(broken)
    try:
        assert (await client.list_workspaces()).data
    finally:
        retry_listener.set(None)
