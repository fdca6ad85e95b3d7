"""Every client method against the demo over real TCP."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from rapidly_tui.api import NotFound, RapidlyClient, models
from rapidly_tui.api.lookup import AmbiguousReference, find_customer, find_workspace
from rapidly_tui.demo import ADA_EMAIL, DEMO_ACME_TOKEN
from tests.support.server import DemoServer


async def test_workspaces(client: RapidlyClient, demo_server: DemoServer) -> None:
    page = await client.list_workspaces()
    assert [w.slug for w in page.data] == ["acme", "globex"]
    acme = await client.get_workspace(page.data[0].id)
    assert acme.name == "Acme Files"
    assert acme.status is models.WorkspaceStatus.active
    by_slug = await client.list_workspaces(slug="globex")
    assert [w.name for w in by_slug.data] == ["Globex Sandbox"]
    assert demo_server.faults.count() == 3  # each request sent once


async def test_customers_list_and_filters(client: RapidlyClient, demo_server: DemoServer) -> None:
    acme_id = demo_server.dataset.acme["id"]
    page = await client.list_customers(workspace_id=acme_id)
    assert (page.meta.total, page.meta.per_page, len(page.data)) == (1214, 100, 100)
    assert page.data[0].name == "Ada Lovelace"
    assert page.data[0].members == []  # lists leave members out unless asked
    with_members = await client.list_customers(email=ADA_EMAIL.upper(), include_members=True)
    assert [m.name for m in with_members.data[0].members][:2] == [
        "Ada Lovelace",
        "Charles Babbage",
    ]
    by_query = await client.list_customers(query_text="lovelace", limit=5)
    assert [c.email for c in by_query.data] == [ADA_EMAIL]
    by_metadata = await client.list_customers(metadata={"plan": "pro", "seats": "3"})
    assert ADA_EMAIL in [c.email for c in by_metadata.data]
    sorted_page = await client.list_customers(sorting=["email"], workspace_id=acme_id, limit=20)
    emails = [c.email for c in sorted_page.data]
    assert emails == sorted(emails)


async def test_single_customer_state_and_external_id(
    client: RapidlyClient, demo_server: DemoServer
) -> None:
    ada_id = demo_server.dataset.ada["id"]
    ada = await client.get_customer(ada_id)
    assert len(ada.members) == 3  # the client asks for members when fetching one customer
    assert ada.billing_address is not None
    assert ada.billing_address.city == "London"
    bare = await client.get_customer(ada_id, include_members=False)
    assert bare.members == []
    state = await client.get_customer_state(ada_id)
    assert state.email == ADA_EMAIL
    assert "members" not in state.to_json_dict()
    for external_id in ("usr_1337", "a b:c@d", "ü-0"):
        found = await client.get_customer_by_external_id(external_id)
        assert found.external_id == external_id


async def test_external_id_with_slash_is_refused_without_a_request(
    client: RapidlyClient, demo_server: DemoServer
) -> None:
    with pytest.raises(NotFound):
        await client.get_customer_by_external_id("team/42")
    assert demo_server.faults.count() == 0


async def test_members_payments_events_deliveries_shares(
    client: RapidlyClient, demo_server: DemoServer
) -> None:
    ada_id = demo_server.dataset.ada["id"]
    members = await client.list_members(customer_id=ada_id)
    assert {m.role for m in members.data} == {"owner", "billing_manager", "member"}
    payments = await client.list_payments(status="failed")
    assert payments.data
    assert all(p.status is models.PaymentStatus.failed for p in payments.data)
    assert all(p.decline_message for p in payments.data)
    kinds = {type(p) for p in (await client.list_payments()).data}
    assert kinds == {models.CardPayment, models.GenericPayment}
    mine = await client.list_payments(customer_email=ADA_EMAIL)
    assert mine.meta.total > 0
    events = await client.list_events(customer_id=ada_id)
    assert {type(e) for e in events.data} == {models.SystemEvent, models.UserEvent}
    since = demo_server.dataset.base_time - timedelta(hours=3)
    recent = await client.list_events(start_timestamp=since)
    assert all(e.timestamp >= since for e in recent.data)
    deliveries = await client.list_webhook_deliveries(succeeded=False, http_code_class="5xx")
    assert deliveries.data
    assert all(d.http_code and d.http_code >= 500 for d in deliveries.data)
    assert all(isinstance(d.webhook_event.payload, str) for d in deliveries.data)
    old = await client.list_webhook_deliveries(
        start_timestamp=datetime(2030, 1, 1, tzinfo=timezone.utc)
    )
    assert old.data == []
    shares = await client.list_shares(workspace_id=demo_server.dataset.acme["id"])
    assert shares.meta.total >= 3


async def test_metrics(client: RapidlyClient) -> None:
    today = date.today()
    metrics = await client.get_metrics(start_date=today - timedelta(days=29), end_date=today)
    assert len(metrics.periods) == 30
    assert sum(metrics.series("file_share_sessions")) > 0
    metric = metrics.metrics["costs"]
    assert metric is not None
    assert metric.type == "currency_sub_cent"
    selected = await client.get_metrics(
        start_date=date(2026, 1, 1), end_date=date(2026, 11, 30), interval="month",
        metrics=["costs"],
    )  # fmt: skip
    assert list(selected.totals) == ["costs"]
    assert len(selected.periods) == 11


async def test_lookup_helpers(client: RapidlyClient, demo_server: DemoServer) -> None:
    ada_id = demo_server.dataset.ada["id"]
    acme_id = demo_server.dataset.acme["id"]
    for ref in (ada_id, f" {ADA_EMAIL} ", "usr_1337"):
        found = await find_customer(client, ref)
        assert found.id == ada_id
        assert len(found.members) == 3
    assert (await find_customer(client, ADA_EMAIL, workspace_id=acme_id)).id == ada_id
    with pytest.raises(NotFound):
        await find_customer(client, ADA_EMAIL, workspace_id=demo_server.dataset.globex["id"])
    with pytest.raises(NotFound):
        await find_customer(client, "ada@nowhere.example")
    with pytest.raises(NotFound, match="external id"):
        await find_customer(client, "no-such-external-id")
    with pytest.raises(NotFound):
        await find_customer(client, "   ")
    globex_customer = next(
        c for c in demo_server.dataset.live_customers if c["workspace_id"] != acme_id
    )
    with pytest.raises(NotFound, match="not in this workspace"):
        await find_customer(client, globex_customer["id"], workspace_id=acme_id)
    assert (await find_workspace(client, "acme")).id == acme_id
    assert (await find_workspace(client, acme_id)).slug == "acme"
    with pytest.raises(NotFound):
        await find_workspace(client, "initech")


async def test_ambiguous_email(client: RapidlyClient, demo_server: DemoServer) -> None:
    demo_server.faults.mutate(
        "/api/customers/", lambda body: {**body, "data": body["data"] * 2}, times=1
    )
    with pytest.raises(AmbiguousReference):
        await find_customer(client, ADA_EMAIL)


async def test_workspace_token_and_client_lifecycle(demo_server: DemoServer) -> None:
    client = RapidlyClient(demo_server.base_url, DEMO_ACME_TOKEN)
    async with client:
        page = await client.list_workspaces()
        assert [w.slug for w in page.data] == ["acme"]
        assert not client.is_closed
    assert client.is_closed


async def test_event_hooks_see_requests(demo_server: DemoServer) -> None:
    seen: list[str] = []

    async def on_request(request: object) -> None:
        seen.append(str(getattr(request, "url", "")))

    async with RapidlyClient(
        demo_server.base_url, DEMO_ACME_TOKEN, event_hooks={"request": [on_request]}
    ) as client:
        await client.list_shares()
    assert len(seen) == 1
    assert seen[0].endswith("/api/shares/?page=1&limit=100")
