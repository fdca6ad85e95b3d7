"""Query and path building: what the client puts on the wire."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from rapidly_tui.api import RapidlyClient
from rapidly_tui.api.client import _limit, _segment, query
from rapidly_tui.api.lookup import customer_ref_kind, is_uuid
from rapidly_tui.demo import DEMO_TOKEN, FaultPlan, create_app, demo_transport


def test_none_is_left_out_and_sequences_repeat_the_key() -> None:
    assert query(a=None, sorting=["-created_at", "email"], page=2) == [
        ("sorting", "-created_at"),
        ("sorting", "email"),
        ("page", "2"),
    ]


def test_booleans_dates_and_datetimes() -> None:
    moment = datetime(2026, 11, 20, 12, 0, tzinfo=timezone.utc)
    assert query(flag=True, off=False, day=date(2026, 11, 1), at=moment) == [
        ("flag", "true"),
        ("off", "false"),
        ("day", "2026-11-01"),
        ("at", "2026-11-20T12:00:00+00:00"),
    ]


@pytest.mark.parametrize(("given", "sent"), [(0, 1), (-5, 1), (50, 50), (100, 100), (1000, 100)])
def test_limit_is_kept_between_1_and_100(given: int, sent: int) -> None:
    assert _limit(given) == sent


@pytest.mark.parametrize(
    ("value", "encoded"),
    [
        ("usr_1337", "usr_1337"),
        ("with space", "with%20space"),
        ("acme:42", "acme%3A42"),
        ("user@example.test", "user%40example.test"),
        ("pct%20literal", "pct%2520literal"),
        ("ünïcødé", "%C3%BCn%C3%AFc%C3%B8d%C3%A9"),
        ("../admin", "..%2Fadmin"),
    ],
)
def test_path_segments_are_percent_encoded(value: str, encoded: str) -> None:
    assert _segment(value) == encoded


@pytest.mark.parametrize(
    ("ref", "kind"),
    [
        ("9f210e12-0c58-49f4-8fe6-3732bbf2de56", "id"),
        (" 9F210E12-0C58-49F4-8FE6-3732BBF2DE56 ", "id"),
        ("ada@example.com", "email"),
        ("usr_1337", "external_id"),
        ("12345", "external_id"),
    ],
)
def test_customer_reference_kinds(ref: str, kind: str) -> None:
    assert customer_ref_kind(ref) == kind
    assert is_uuid(ref) is (kind == "id")


async def test_requests_on_the_wire() -> None:
    faults = FaultPlan()
    transport = demo_transport(create_app(faults=faults))
    async with RapidlyClient("http://demo.test/", DEMO_TOKEN, transport=transport) as client:
        await client.list_customers(
            query_text="ada lovelace",
            sorting=("name", "-created_at"),
            metadata={"plan": "pro"},
            include_members=True,
            limit=500,
        )
        await client.list_payments(status=["failed", "pending"])
        await client.get_metrics(
            start_date=date(2026, 11, 1), end_date=date(2026, 11, 2), metrics=["costs"]
        )
    customers, payments, metrics = faults.requests
    assert customers.path == "/api/customers/"
    assert customers.query == (
        "query=ada+lovelace&sorting=name&sorting=-created_at&include_members=true"
        "&page=1&limit=100&metadata%5Bplan%5D=pro"
    )
    assert payments.query == "status=failed&status=pending&sorting=-created_at&page=1&limit=100"
    assert metrics.query == ("start_date=2026-11-01&end_date=2026-11-02&interval=day&metrics=costs")


def test_repr_and_headers_never_show_the_token() -> None:
    client = RapidlyClient("https://api.example", "  rapidly_oat_secret_value  ")
    assert "secret" not in repr(client)
    assert client._http.headers["authorization"] == "Bearer rapidly_oat_secret_value"
    assert RapidlyClient("https://api.example", "   ")._http.headers.get("authorization") is None
