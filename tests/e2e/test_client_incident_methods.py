"""The client methods an incident needs (webhook endpoints and deliveries, payments,
events and shares by id, the events and members filters), against the demo over TCP."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from rapidly_tui.api import Invalid, NotFound, RapidlyClient, models
from rapidly_tui.demo import ADA_EXTERNAL_ID, DEMO_ACME_TOKEN
from tests.support.server import DemoServer


def endpoint_id(demo_server: DemoServer, url_part: str) -> str:
    found = next(e for e in demo_server.dataset.webhook_endpoints if url_part in e["url"])
    return str(found["id"])


async def test_webhook_endpoints_by_workspace_and_by_id(
    client: RapidlyClient, demo_server: DemoServer
) -> None:
    acme_id = demo_server.dataset.acme["id"]
    page = await client.list_webhook_endpoints(workspace_id=acme_id)
    assert page.meta.total == 4
    assert {e.workspace_id for e in page.data} == {acme_id}
    assert [e.enabled for e in page.data].count(False) == 1
    second = await client.list_webhook_endpoints(page=2, limit=4)
    assert len(second.data) == 2  # six endpoints in all, four per page
    one = await client.get_webhook_endpoint(page.data[0].id)
    assert one.url == page.data[0].url
    assert isinstance(one.secret, models.WebhookSecret)
    assert one.secret.get_secret_value().startswith("rapidly_whs_")
    assert "customer.created" in one.events
    with pytest.raises(NotFound):
        await client.get_webhook_endpoint("00000000-0000-4000-8000-000000000000")


async def test_webhook_deliveries_every_filter(
    client: RapidlyClient, demo_server: DemoServer
) -> None:
    billing = endpoint_id(demo_server, "billing.acme")
    scoped = await client.list_webhook_deliveries(endpoint_id=billing, limit=100)
    expected = {
        d["id"]
        for d in demo_server.dataset.deliveries
        if d["_endpoint_id"] == billing
    }  # fmt: skip
    assert {d.id for d in scoped.data} == expected
    failed = await client.list_webhook_deliveries(endpoint_id=billing, succeeded=False)
    assert failed.data
    assert not any(d.succeeded for d in failed.data)
    five = await client.list_webhook_deliveries(http_code_class="5xx", limit=100)
    assert five.data
    assert all(d.http_code is not None and 500 <= d.http_code < 600 for d in five.data)
    typed = await client.list_webhook_deliveries(event_type="customer.updated", limit=100)
    assert typed.data
    assert {d.webhook_event.type for d in typed.data} == {"customer.updated"}
    both = await client.list_webhook_deliveries(
        event_type=["customer.updated", "share.created"], limit=100
    )
    assert {d.webhook_event.type for d in both.data} == {"customer.updated", "share.created"}
    end = demo_server.dataset.base_time - timedelta(hours=2)
    start = end - timedelta(hours=6)
    window = await client.list_webhook_deliveries(
        start_timestamp=start, end_timestamp=end, limit=100
    )
    assert window.data
    assert all(start <= d.created_at <= end for d in window.data)
    timeouts = await client.list_webhook_deliveries(
        endpoint_id=endpoint_id(demo_server, "crm.acme"), limit=100
    )
    assert all(d.http_code is None for d in timeouts.data)
    assert any("timed out" in (d.response or "") for d in timeouts.data)
    with pytest.raises(Invalid):
        await client.list_webhook_deliveries(http_code_class="6xx")


async def test_delivery_payload_is_a_string_naming_a_customer(
    client: RapidlyClient, demo_server: DemoServer
) -> None:
    page = await client.list_webhook_deliveries(event_type="customer.created", limit=20)
    for delivery in page.data:
        assert isinstance(delivery.webhook_event.payload, str)
        data = json.loads(delivery.webhook_event.payload)["data"]
        assert data["id"] in demo_server.dataset.customer_by_id


async def test_payment_event_and_share_by_id(
    client: RapidlyClient, demo_server: DemoServer
) -> None:
    data = demo_server.dataset
    card = next(p for p in data.payments if p["method"] == "card")
    payment = await client.get_payment(card["id"])
    assert isinstance(payment, models.CardPayment)
    assert payment.amount == card["amount"]
    other = next(p for p in data.payments if "method_metadata" not in p)
    assert isinstance(await client.get_payment(other["id"]), models.GenericPayment)
    system = next(e for e in data.events if e["source"] == "system")
    event = await client.get_event(system["id"])
    assert isinstance(event, models.SystemEvent)
    assert event.customer_id == system["customer_id"]
    share = await client.get_share(data.shares[0]["id"])
    assert share.name == data.shares[0]["name"]
    async with RapidlyClient(demo_server.base_url, DEMO_ACME_TOKEN) as acme_only:
        globex_share = next(s for s in data.shares if s["workspace_id"] == data.globex["id"])
        with pytest.raises(NotFound):
            await acme_only.get_share(globex_share["id"])


async def test_events_and_payments_filters(client: RapidlyClient, demo_server: DemoServer) -> None:
    data = demo_server.dataset
    named = await client.list_events(name="customer.updated", limit=100)
    assert named.data
    assert {e.name for e in named.data} == {"customer.updated"}
    user = await client.list_events(source="user", limit=100)
    assert {e.source for e in user.data} == {models.EventSource.user}
    found = await client.list_events(query_text="file", limit=100)
    assert found.data
    assert all("file" in e.name for e in found.data)
    external = await client.list_events(external_customer_id=ADA_EXTERNAL_ID, limit=100)
    assert external.data
    assert {e.customer_id for e in external.data} == {data.ada["id"]}
    end = data.base_time - timedelta(hours=5)
    window = await client.list_events(start_timestamp=end - timedelta(hours=5), end_timestamp=end)
    assert window.data
    assert all(e.timestamp <= end for e in window.data)
    by_method = await client.list_payments(method="sepa_debit", limit=100)
    assert by_method.data
    assert {p.method for p in by_method.data} == {"sepa_debit"}
    with pytest.raises(Invalid):  # /api/events/names is shadowed by /api/events/{id}
        await client.get_event("names")


async def test_members_of_the_whole_workspace(demo_server: DemoServer) -> None:
    data = demo_server.dataset
    async with RapidlyClient(demo_server.base_url, DEMO_ACME_TOKEN) as acme_only:
        members = await acme_only.list_members(limit=100)
        by_external = await acme_only.list_members(external_customer_id=ADA_EXTERNAL_ID)
    customers = {m.customer_id for m in members.data}
    assert len(customers) > 1
    assert {data.customer_by_id[c]["workspace_id"] for c in customers} == {data.acme["id"]}
    assert {m.customer_id for m in by_external.data} == {data.ada["id"]}
