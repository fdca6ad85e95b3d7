"""A workspace's webhook endpoints, taken from the token's list of every endpoint when
that list was asked for before the workspace's id was known (a first start), and asked
for by workspace when that list is not whole (rapidly_tui/loads.py)."""

from __future__ import annotations

from rapidly_tui.api.client import RapidlyClient
from rapidly_tui.demo import DEMO_TOKEN, FaultPlan, build_dataset, create_app, demo_transport
from rapidly_tui.loads import workspace_endpoints

DEMO_URL = "https://demo.invalid"
ENDPOINTS = "/api/webhooks/endpoints"


def _client(faults: FaultPlan) -> RapidlyClient:
    async def no_sleep(_seconds: float) -> None:
        return None

    transport = demo_transport(create_app(build_dataset(), faults))
    return RapidlyClient(DEMO_URL, DEMO_TOKEN, transport=transport, sleep=no_sleep)


def _acme() -> tuple[str, list[str]]:
    data = build_dataset()
    acme = str(data.workspace_by_slug["acme"]["id"])
    ids = [str(e["id"]) for e in data.webhook_endpoints if e["workspace_id"] == acme]
    return acme, ids


def _scoped_requests(faults: FaultPlan) -> int:
    return sum(1 for r in faults.requests if r.path == ENDPOINTS and "workspace_id" in r.query)


async def test_a_whole_list_of_every_endpoint_needs_no_request_of_its_own() -> None:
    acme, ids = _acme()
    faults = FaultPlan()
    async with _client(faults) as client:
        every = client.list_webhook_endpoints(limit=100)
        endpoints, more = await workspace_endpoints(client, acme, every)
    # Only acme's, though the demo token sees two workspaces' endpoints.
    assert sorted(e.id for e in endpoints) == sorted(ids)
    assert more is False
    assert _scoped_requests(faults) == 0


async def test_a_list_of_every_endpoint_cut_to_a_page_is_not_taken() -> None:
    """The token sees more endpoints than the page held: acme's may be on another
    page, so its own list is asked for (else the panel would miss endpoints)."""
    acme, ids = _acme()
    faults = FaultPlan()
    async with _client(faults) as client:
        every = client.list_webhook_endpoints(limit=2)
        endpoints, more = await workspace_endpoints(client, acme, every)
    assert sorted(e.id for e in endpoints) == sorted(ids)
    assert more is False
    assert _scoped_requests(faults) == 1


async def test_a_failed_list_of_every_endpoint_falls_back_to_the_workspace_list() -> None:
    acme, ids = _acme()
    faults = FaultPlan()
    faults.status(ENDPOINTS, 403, times=1)
    async with _client(faults) as client:
        every = client.list_webhook_endpoints(limit=100)
        endpoints, _ = await workspace_endpoints(client, acme, every)
    assert sorted(e.id for e in endpoints) == sorted(ids)
    assert _scoped_requests(faults) == 1
