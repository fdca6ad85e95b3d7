"""The requests behind each screen, defined once.

The screens run these through their loaders, and start-up preloads the first screen's
with the very same factories (rapidly_tui/preload.py), so a preloaded answer is used
instead of asking the API twice. Headless: no Textual here.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rapidly_tui.api.client import RapidlyClient
    from rapidly_tui.api.models import Customer

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
        "failed_webhooks": lambda: client.list_webhook_deliveries(
            succeeded=False, limit=LATEST_ROWS
        ),
    }


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
