"""Every error class, produced over real TCP by the demo and its FaultPlan."""

from __future__ import annotations

import gzip
import socket

import httpx
import pytest

from rapidly_tui.api import (
    ConnectionFailed,
    DecodeError,
    Forbidden,
    Invalid,
    NotFound,
    RapidlyClient,
    RateLimited,
    RetryPolicy,
    ServerError,
    Timeout,
    Unauthorized,
    UnexpectedStatus,
)
from rapidly_tui.demo import DEMO_LIMITED_TOKEN, DEMO_TOKEN
from tests.support.server import DemoServer

NO_RETRY = RetryPolicy(max_attempts=1)


async def test_unknown_token_is_unauthorized(demo_server: DemoServer) -> None:
    secret = "rapidly_oat_this_is_not_a_real_token_123"
    async with RapidlyClient(demo_server.base_url, secret) as client:
        with pytest.raises(Unauthorized) as caught:
            await client.list_workspaces()
    assert caught.value.status == 401
    assert caught.value.request_id
    assert secret not in str(caught.value)
    assert secret not in repr(caught.value)


async def test_no_token_is_unauthorized(demo_server: DemoServer) -> None:
    async with RapidlyClient(demo_server.base_url, None) as client:
        with pytest.raises(Unauthorized, match="no valid access token"):
            await client.list_customers()


async def test_missing_scope_is_forbidden_with_scopes(demo_server: DemoServer) -> None:
    async with RapidlyClient(demo_server.base_url, DEMO_LIMITED_TOKEN) as client:
        assert (await client.list_customers()).data  # customers:read is there
        with pytest.raises(Forbidden) as caught:
            await client.list_payments()
    assert caught.value.scopes == ("payments:read",)
    assert demo_server.faults.count("/api/payments/") == 1  # 403 is never retried


async def test_unknown_and_malformed_ids(client: RapidlyClient) -> None:
    with pytest.raises(NotFound) as not_found:
        await client.get_customer("00000000-0000-4000-8000-000000000000")
    assert not_found.value.message == "Not found"
    with pytest.raises(Invalid) as invalid:
        await client.get_customer("12345")
    assert [e.location for e in invalid.value.field_errors] == ["path.id"]
    with pytest.raises(NotFound, match="Invalid customer ID format"):
        await client.list_members(customer_id="nope")


@pytest.mark.parametrize(
    ("status", "error_class"),
    [(500, ServerError), (502, ServerError), (409, UnexpectedStatus), (405, UnexpectedStatus)],
)
async def test_injected_statuses(
    client: RapidlyClient, demo_server: DemoServer, status: int, error_class: type[Exception]
) -> None:
    demo_server.faults.status("/api/", status)
    with pytest.raises(error_class) as caught:
        await client.list_shares()
    assert getattr(caught.value, "status", None) == status


async def test_html_error_page_is_a_server_error_without_html(
    client: RapidlyClient, demo_server: DemoServer
) -> None:
    demo_server.faults.html_error("/api/", 502)
    with pytest.raises(ServerError) as caught:
        await client.list_shares()
    assert "<html>" not in caught.value.message


async def test_rate_limited_after_retries(client: RapidlyClient, demo_server: DemoServer) -> None:
    demo_server.faults.rate_limit("/api/", retry_after=5)
    with pytest.raises(RateLimited) as caught:
        await client.list_shares()
    assert caught.value.retry_after == 5


async def test_slow_server_times_out(demo_server: DemoServer) -> None:
    demo_server.faults.latency("/api/", 2.0)
    timeout = httpx.Timeout(0.2)
    async with RapidlyClient(
        demo_server.base_url, DEMO_TOKEN, timeout=timeout, retry=NO_RETRY
    ) as client:
        with pytest.raises(Timeout):
            await client.list_shares()


async def test_slow_body_times_out_between_chunks(demo_server: DemoServer) -> None:
    demo_server.faults.slow_body("/api/", chunk_delay=0.5, chunk_size=16)
    async with RapidlyClient(
        demo_server.base_url, DEMO_TOKEN, timeout=httpx.Timeout(0.2), retry=NO_RETRY
    ) as client:
        with pytest.raises(Timeout):
            await client.list_workspaces()


async def test_slow_body_within_the_timeout_is_fine(demo_server: DemoServer) -> None:
    demo_server.faults.slow_body("/api/", chunk_delay=0.01, chunk_size=1024)
    async with RapidlyClient(demo_server.base_url, DEMO_TOKEN, retry=NO_RETRY) as client:
        assert len((await client.list_workspaces()).data) == 2


async def test_dropped_connection_is_connection_failed(demo_server: DemoServer) -> None:
    demo_server.faults.drop_connection("/api/")
    async with RapidlyClient(demo_server.base_url, DEMO_TOKEN, retry=NO_RETRY) as client:
        with pytest.raises(ConnectionFailed) as caught:
            await client.list_customers()
    assert "127.0.0.1" in caught.value.message
    assert "Traceback" not in caught.value.message


async def test_nothing_listening_is_connection_failed() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    # The socket is closed: nothing listens on that port now.
    async with RapidlyClient(f"http://127.0.0.1:{port}", DEMO_TOKEN, retry=NO_RETRY) as client:
        with pytest.raises(ConnectionFailed):
            await client.list_workspaces()


@pytest.mark.parametrize("declare_length", [True, False])
async def test_huge_body_is_refused(
    client: RapidlyClient, demo_server: DemoServer, declare_length: bool
) -> None:
    demo_server.faults.huge_body("/api/", declare_length=declare_length)
    with pytest.raises(DecodeError, match="too large"):
        await client.list_customers()


@pytest.mark.parametrize("fault", ["truncated_json", "malformed_json", "wrong_shape"])
async def test_unreadable_bodies(
    client: RapidlyClient, demo_server: DemoServer, fault: str
) -> None:
    getattr(demo_server.faults, fault)("/api/")
    with pytest.raises(DecodeError) as caught:
        await client.list_customers()
    assert caught.value.request_id
    assert demo_server.faults.count() == 1  # a broken body is not retried


async def test_unknown_enum_and_wrong_total_are_tolerated(
    client: RapidlyClient, demo_server: DemoServer
) -> None:
    demo_server.faults.replace_value("/api/workspaces/", "status", "suspended", times=1)
    assert {w.status for w in (await client.list_workspaces()).data} == {"suspended"}
    demo_server.faults.wrong_total("/api/shares/", 9999, times=1)
    page = await client.list_shares()
    assert page.meta.total == 9999
    assert len(page.data) == 5


async def test_redirect_is_reported_not_followed(demo_server: DemoServer) -> None:
    async with RapidlyClient(demo_server.base_url, DEMO_TOKEN) as client:
        with pytest.raises(UnexpectedStatus) as caught:
            await client._get("/api/customers", decoder=_never_called)  # type: ignore[arg-type]
    assert caught.value.status == 307


def _never_called(content: bytes) -> object:  # pragma: no cover - must not run
    raise AssertionError("a redirect must not be decoded")


async def test_gzip_encoded_bodies_are_read(client: RapidlyClient, demo_server: DemoServer) -> None:
    # Real servers compress large pages; the client must decompress exactly once.
    async with httpx.AsyncClient() as raw:
        plain = await raw.get(
            f"{demo_server.base_url}/api/workspaces/",
            headers={"Authorization": f"Bearer {DEMO_TOKEN}"},
        )
    demo_server.faults.status(
        "/api/workspaces/",
        200,
        body=gzip.compress(plain.content),
        headers={"content-encoding": "gzip"},
        times=1,
    )
    page = await client.list_workspaces()
    assert [w.slug for w in page.data] == ["acme", "globex"]


async def test_bad_content_encoding_is_a_decode_error(
    client: RapidlyClient, demo_server: DemoServer
) -> None:
    demo_server.faults.status("/api/", 200, body={"data": []}, headers={"content-encoding": "gzip"})
    with pytest.raises(DecodeError, match="content encoding") as caught:
        await client.list_workspaces()
    assert caught.value.request_id


async def test_a_trickling_body_hits_the_overall_deadline(demo_server: DemoServer) -> None:
    # Each chunk arrives well within the read timeout; only the deadline stops it.
    demo_server.faults.slow_body("/api/", chunk_delay=0.05, chunk_size=8)
    async with RapidlyClient(
        demo_server.base_url, DEMO_TOKEN, deadline=0.5, retry=NO_RETRY
    ) as client:
        with pytest.raises(Timeout, match=r"within 0\.5 s"):
            await client.list_customers()
