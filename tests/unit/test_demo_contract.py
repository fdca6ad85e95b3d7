"""Every body the demo serves validates against the spec's schemas (strictly)."""

from __future__ import annotations

from typing import Any

import pytest

from rapidly_tui.demo import DEMO_ACME_TOKEN, default_dataset
from tests.support.demo_http import demo_json
from tests.support.schemas import response_schema_name, schema_errors

DATA = default_dataset()


async def all_pages(path: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """Every page of a collection, each as served."""
    pages = []
    page = 1
    while True:
        body = await demo_json(path, params={**(params or {}), "limit": 100, "page": page})
        pages.append(body)
        if page >= body["meta"]["pages"]:
            return pages
        page += 1


COLLECTIONS = [
    ("/api/workspaces/", {}),
    ("/api/customers/", {"include_members": "true"}),
    ("/api/customers/", {"include_members": "false"}),
    ("/api/members/", {}),
    ("/api/payments/", {}),
    ("/api/events/", {}),
    # Failed only: every page of all 10,000+ would take seconds; successes are
    # checked per endpoint below.
    ("/api/webhooks/deliveries", {"succeeded": "false"}),
    ("/api/webhooks/endpoints", {}),
    ("/api/shares/", {}),
]


@pytest.mark.parametrize(("path", "params"), COLLECTIONS)
async def test_every_page_of_every_collection_matches_the_spec(
    path: str, params: dict[str, Any]
) -> None:
    schema_name = response_schema_name(path)
    pages = await all_pages(path, params)
    assert pages[0]["data"], "the collection should not be empty"
    for body in pages:
        assert schema_errors(body, schema_name) == []


async def test_empty_and_beyond_last_pages_match_the_spec() -> None:
    beyond = await demo_json("/api/customers/", params={"page": 999})
    none = await demo_json("/api/customers/", params={"query": "no such customer at all"})
    for body in (beyond, none):
        assert schema_errors(body, "PaginatedList_CustomerWithMembers_") == []


async def test_single_resources_match_the_spec() -> None:
    ada = DATA.ada
    checks = [
        (f"/api/workspaces/{DATA.acme['id']}", {}, "/api/workspaces/{id}"),
        (f"/api/workspaces/{DATA.globex['id']}", {}, "/api/workspaces/{id}"),
        (f"/api/customers/{ada['id']}", {"include_members": "true"}, "/api/customers/{id}"),
        (f"/api/customers/{ada['id']}", {}, "/api/customers/{id}"),
        (f"/api/customers/{ada['id']}/state", {}, "/api/customers/{id}/state"),
        ("/api/customers/external/usr_1337", {}, "/api/customers/external/{external_id}"),
    ]
    for path, params, spec_path in checks:
        body = await demo_json(path, params=params)
        assert schema_errors(body, response_schema_name(spec_path)) == [], path


async def test_every_customer_as_a_single_resource_matches_the_spec() -> None:
    # The awkward ones (hostile, unicode, legacy, no address) in particular.
    for customer in DATA.live_customers[:40]:
        body = await demo_json(f"/api/customers/{customer['id']}", params={"include_members": "1"})
        assert schema_errors(body, "CustomerWithMembers") == [], customer["email"]


@pytest.mark.parametrize(
    "params",
    [
        {"start_date": "2026-10-24", "end_date": "2026-11-23", "interval": "day"},
        {"start_date": "2026-11-20", "end_date": "2026-11-21", "interval": "hour"},
        {"start_date": "2026-01-01", "end_date": "2026-11-30", "interval": "month"},
        {"start_date": "2025-09-01", "end_date": "2026-08-23", "interval": "week"},
        {"start_date": "2019-01-01", "end_date": "2026-01-01", "interval": "year"},
        [("start_date", "2026-11-01"), ("end_date", "2026-11-20"), ("interval", "day"),
         ("metrics", "costs"), ("metrics", "file_share_revenue")],
    ],
)  # fmt: skip
async def test_metrics_match_the_spec(params: Any) -> None:
    body = await demo_json("/api/metrics/", params=params)
    assert schema_errors(body, "MetricsResponse") == []


async def test_workspace_token_bodies_match_the_spec() -> None:
    body = await demo_json("/api/customers/", token=DEMO_ACME_TOKEN, params={"limit": 100})
    assert schema_errors(body, "PaginatedList_CustomerWithMembers_") == []


async def test_every_endpoint_and_a_page_of_its_deliveries_match_the_spec() -> None:
    for endpoint in DATA.webhook_endpoints:
        body = await demo_json(f"/api/webhooks/endpoints/{endpoint['id']}")
        assert schema_errors(body, "WebhookEndpoint") == [], endpoint["url"]
        page = await demo_json(
            "/api/webhooks/deliveries", params={"endpoint_id": endpoint["id"], "limit": 100}
        )
        assert page["data"], endpoint["url"]
        assert schema_errors(page, "PaginatedList_WebhookDelivery_") == [], endpoint["url"]


async def test_payment_event_and_share_by_id_match_the_spec() -> None:
    checks = [
        *((f"/api/payments/{p['id']}", "/api/payments/{id}") for p in DATA.payments[:30]),
        *((f"/api/events/{e['id']}", "/api/events/{id}") for e in DATA.events[:30]),
        *((f"/api/shares/{s['id']}", "/api/shares/{id}") for s in DATA.shares),
    ]
    for path, spec_path in checks:
        body = await demo_json(path)
        assert schema_errors(body, response_schema_name(spec_path)) == [], path
