"""``members_page``: a page of a workspace's members is the members of a page of its
customers, one request, whatever the token sees."""

from __future__ import annotations

from urllib.parse import parse_qs

from rapidly_tui.api.client import RapidlyClient
from rapidly_tui.api.workspace_scope import members_page
from rapidly_tui.demo import (
    DEMO_TOKEN,
    DemoData,
    FaultPlan,
    build_dataset,
    create_app,
    demo_transport,
)

DEMO_URL = "https://demo.invalid"


def _client(data: DemoData, faults: FaultPlan) -> RapidlyClient:
    transport = demo_transport(create_app(data, faults))
    return RapidlyClient(DEMO_URL, DEMO_TOKEN, transport=transport)


def _customer_pages(data: DemoData, workspace_id: str) -> list[list[str]]:
    customers = sorted(
        (c for c in data.live_customers if c["workspace_id"] == workspace_id),
        key=lambda c: c["created_at"],
        reverse=True,
    )
    ids = [c["id"] for c in customers]
    return [ids[i : i + 100] for i in range(0, len(ids), 100)]


async def test_a_page_is_the_members_of_a_page_of_customers_in_one_request() -> None:
    data = build_dataset()
    acme = data.acme["id"]
    pages = _customer_pages(data, acme)
    assert len(pages) == 13  # 1,214 customers
    faults = FaultPlan()
    async with _client(data, faults) as client:
        for number in (1, 13):
            faults.clear_log()
            page = await members_page(client, acme, number)
            wanted = [
                m["id"] for c in pages[number - 1] for m in data.members_by_customer.get(c, [])
            ]
            assert [m.id for m in page.data] == wanted
            assert wanted
            # Its meta is the customers page's: it counts customers.
            assert (page.meta.total, page.meta.page, page.meta.pages) == (1214, number, 13)
            assert [r.path for r in faults.requests] == ["/api/customers/"]
            query = parse_qs(faults.requests[0].query)
            assert query["include_members"] == ["true"]
            assert query["workspace_id"] == [acme]
            assert query["page"] == [str(number)]
        # Beyond the last page: nothing, and the API's pages 0 ends the list.
        beyond = await members_page(client, acme, 14)
        assert (beyond.data, beyond.meta.pages) == ([], 0)


async def test_a_page_of_customers_without_members_is_an_empty_page_not_the_last() -> None:
    data = build_dataset()
    acme = data.acme["id"]
    for customer_id in _customer_pages(data, acme)[1]:
        data.members_by_customer.pop(customer_id, None)
    async with _client(data, FaultPlan()) as client:
        page = await members_page(client, acme, 2)
    assert page.data == []
    assert (page.meta.total, page.meta.pages) == (1214, 13)
