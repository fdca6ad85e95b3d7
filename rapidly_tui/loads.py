"""The requests behind each screen, defined once.

The screens run these through their loaders, and start-up preloads the first screen's
with the very same factories (rapidly_tui/preload.py), so a preloaded answer is used
instead of asking the API twice. Headless: no Textual here.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rapidly_tui.api.client import RapidlyClient
    from rapidly_tui.api.models import Customer, Page, WebhookDelivery, WebhookEndpoint

Fetch = Callable[[], Awaitable[Any]]

#: Rows shown in the overview's tables and the detail's sections.
LATEST_ROWS = 10
SECTION_ROWS = 20
#: The overview's chart: one metric, per day, over the last 30 days.
METRIC = "file_share_sessions"
METRIC_DAYS = 30


def overview_requests(client: RapidlyClient, workspace_id: str, today: date) -> dict[str, Fetch]:
    """Every request of a workspace overview, by load key (the workspace itself excepted:
    the overview is usually opened with it in hand)."""
    return {
        "workspace": lambda: client.get_workspace(workspace_id),
        "customers": lambda: client.list_customers(
            workspace_id=workspace_id, sorting=("-created_at",), limit=LATEST_ROWS
        ),
        "payments_total": lambda: client.list_payments(workspace_id=workspace_id, limit=1),
        "shares_total": lambda: client.list_shares(workspace_id=workspace_id, limit=1),
        "metrics": lambda: client.get_metrics(
            start_date=today - timedelta(days=METRIC_DAYS - 1),
            end_date=today,
            interval="day",
            workspace_id=workspace_id,
            metrics=[METRIC],
        ),
        "failed_payments": lambda: client.list_payments(
            workspace_id=workspace_id, status="failed", limit=LATEST_ROWS
        ),
        "failed_webhooks": lambda: failed_deliveries(client, workspace_id),
    }


#: The most endpoints a workspace's failed-deliveries panel reads (one page of them).
MAX_ENDPOINTS = 100


@dataclass(frozen=True)
class FailedDeliveries:
    """A workspace's latest failed deliveries, each with the endpoint it went to."""

    rows: list[tuple[WebhookEndpoint, WebhookDelivery]]
    total: int  # failed deliveries of all the workspace's endpoints
    endpoints: int  # endpoints read
    more_endpoints: bool  # the workspace has more endpoints than were read


async def failed_deliveries(
    client: RapidlyClient,
    workspace_id: str,
    *,
    limit: int = LATEST_ROWS,
    known_endpoints: Iterable[str] = (),
    on_endpoints: Callable[[list[str]], None] | None = None,
    every_endpoint: Awaitable[Page[WebhookEndpoint]] | None = None,
) -> FailedDeliveries:
    """The workspace's endpoints, then each one's failed deliveries, merged newest first.

    A delivery names neither its endpoint nor its workspace (NOTES.md): ``endpoint_id``
    is the only scope, for every kind of token. One request per endpoint (sent at once)
    rather than one with every id, so that each row knows its endpoint's URL.

    ``known_endpoints`` (the ids remembered from the last start) have their deliveries
    asked for together with the list, saving a round trip; the list decides: the
    deliveries of endpoints it no longer holds are dropped, those of endpoints it adds
    are asked for then, so the result is what it would be without them.
    ``on_endpoints`` is told the ids the list holds, to remember them.
    ``every_endpoint``: see :func:`workspace_endpoints`."""
    from rapidly_tui.api.workspace_scope import scope_of

    def deliveries(endpoint_id: str) -> asyncio.Future[Any]:
        task = asyncio.ensure_future(
            client.list_webhook_deliveries(endpoint_id=endpoint_id, succeeded=False, limit=limit)
        )
        # A dropped or abandoned request's failure must not warn at exit.
        task.add_done_callback(_consume_exception)
        return task

    tasks = {endpoint_id: deliveries(endpoint_id) for endpoint_id in dict.fromkeys(known_endpoints)}
    try:
        endpoints, more_endpoints = await workspace_endpoints(client, workspace_id, every_endpoint)
        listed = [endpoint.id for endpoint in endpoints]
        if on_endpoints is not None:
            on_endpoints(listed)
        if not more_endpoints:
            # The whole list: the deliveries browser needs no request of its own for it.
            scope_of(client).remember_endpoints(workspace_id, listed)
        for gone in tasks.keys() - set(listed):
            tasks.pop(gone).cancel()
        for endpoint_id in listed:
            if endpoint_id not in tasks:
                tasks[endpoint_id] = deliveries(endpoint_id)
        pages = await asyncio.gather(*(tasks[endpoint_id] for endpoint_id in listed))
    finally:  # one failed: the panel shows that error; the others are not left running
        for task in tasks.values():
            task.cancel()
    rows = [
        (endpoint, delivery)
        for endpoint, page in zip(endpoints, pages, strict=True)
        for delivery in page.data
    ]
    rows.sort(key=lambda row: (row[1].created_at, row[1].id), reverse=True)
    return FailedDeliveries(
        rows=rows[:limit],
        total=sum(page.meta.total for page in pages),
        endpoints=len(endpoints),
        more_endpoints=more_endpoints,
    )


async def workspace_endpoints(
    client: RapidlyClient,
    workspace_id: str,
    every_endpoint: Awaitable[Page[WebhookEndpoint]] | None = None,
) -> tuple[list[WebhookEndpoint], bool]:
    """The workspace's endpoints (at most :data:`MAX_ENDPOINTS`), and whether it has more.

    ``every_endpoint`` is the token's endpoint list without a workspace filter, sent
    before the workspace's id was known (a first start looks its slug up first): each
    endpoint names its workspace, so when that one page holds every endpoint the token
    sees, the workspace's are among them and need no request of their own; the panel's
    deliveries then go out one round trip earlier. Otherwise (more than a page, or that
    request failed) the workspace's list is asked for as usual, which says any error."""
    from rapidly_tui.api.errors import ApiError

    if every_endpoint is not None:
        try:
            every = await every_endpoint
        except ApiError:
            pass
        else:
            if every.meta.total <= len(every.data):
                return [e for e in every.data if e.workspace_id == workspace_id], False
    page = await client.list_webhook_endpoints(workspace_id=workspace_id, limit=MAX_ENDPOINTS)
    return list(page.data), page.meta.total > len(page.data)


def _consume_exception(task: asyncio.Future[Any]) -> None:
    if not task.cancelled():
        task.exception()


def detail_requests(client: RapidlyClient, customer: Customer) -> dict[str, Fetch]:
    """Every request of a customer's detail screen, by load key."""
    return detail_requests_for(client, customer.id, customer.workspace_id, customer.email)


def detail_requests_for(
    client: RapidlyClient, customer_id: str, workspace_id: str, email: str | None
) -> dict[str, Fetch]:
    """:func:`detail_requests` from the ids alone (payments need the email)."""
    requests: dict[str, Fetch] = {
        "customer": lambda: client.get_customer(customer_id, include_members=True),
        "workspace": lambda: client.get_workspace(workspace_id),
        "state": lambda: client.get_customer_state(customer_id),
        "events": _events_page(client, customer_id, 1),
    }
    if email is not None:
        requests["payments"] = _payments_page(client, workspace_id, email, 1)
    return requests


#: The detail's sections that page (the first page comes with :func:`detail_requests`).
PAGED_SECTIONS = ("payments", "events")


def detail_page(client: RapidlyClient, customer: Customer, section: str, page: int) -> Fetch:
    """Page ``page`` of one of the detail's :data:`PAGED_SECTIONS`."""
    if section == "events":
        return _events_page(client, customer.id, page)
    if section == "payments":
        return _payments_page(client, customer.workspace_id, customer.email, page)
    raise ValueError(f"not a paged section: {section!r}")


def _events_page(client: RapidlyClient, customer_id: str, page: int) -> Fetch:
    return lambda: client.list_events(customer_id=customer_id, limit=SECTION_ROWS, page=page)


def _payments_page(client: RapidlyClient, workspace_id: str, email: str, page: int) -> Fetch:
    return lambda: client.list_payments(
        workspace_id=workspace_id, customer_email=email, limit=SECTION_ROWS, page=page
    )


def overview_scope(workspace_id: str) -> str:
    return f"overview:{workspace_id}"


def detail_scope(customer_id: str) -> str:
    return f"detail:{customer_id}"
