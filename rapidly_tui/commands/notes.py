"""``--format markdown``: fetch what an incident note needs and print it.

The notes themselves are built by :mod:`rapidly_tui.present.notes` (shared with the
TUI); this module only gathers their data (a customer's latest failed payment, the
workspace's dashboard link) and says where it came from.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import TYPE_CHECKING

from rapidly_tui.commands.common import CommandContext

if TYPE_CHECKING:
    from rapidly_tui.api.models import Customer, Payment, WebhookDelivery, WebhookEndpoint
    from rapidly_tui.present.notes import NoteSource


async def _source(
    context: CommandContext, workspace_id: str | None, request_id: str | None
) -> NoteSource:
    """``request_id``: of the response the note's main object came in. ``workspace_id``:
    for the dashboard link, given only where the dashboard has a page for the note (the
    workspace's customers page, for a customer note)."""
    from rapidly_tui.browser import dashboard_url
    from rapidly_tui.present.notes import NoteSource

    server = context.connection.server_url
    dashboard = None
    if workspace_id is not None and dashboard_url(server, "x") is not None:
        workspace = await context.client.get_workspace(workspace_id)
        dashboard = dashboard_url(server, workspace.slug)
    return NoteSource(
        server=server,
        loaded_at=datetime.now(timezone.utc),
        request_id=request_id,
        dashboard=dashboard,
    )


def _write(context: CommandContext, text: str) -> None:
    context.stdout.write(text)
    context.stdout.flush()


async def write_customer_note(context: CommandContext, customer: Customer) -> None:
    """A customer (just loaded), its members and its latest failed payment."""
    from rapidly_tui.present.notes import customer_note

    request_id = context.last_request_id
    failed = await context.client.list_payments(
        workspace_id=customer.workspace_id,
        customer_email=customer.email,
        status="failed",
        sorting=("-created_at",),
        limit=1,
    )
    source = await _source(context, customer.workspace_id, request_id)
    _write(context, customer_note(customer, failed.data[0] if failed.data else None, source))


async def write_payment_note(context: CommandContext, payment: Payment) -> None:
    from rapidly_tui.present.notes import payment_note

    source = await _source(context, None, context.last_request_id)
    _write(context, payment_note(payment, source))


async def write_delivery_note(
    context: CommandContext, delivery: WebhookDelivery, endpoint: WebhookEndpoint
) -> None:
    from rapidly_tui.present.notes import delivery_note

    source = await _source(context, None, context.last_request_id)
    _write(context, delivery_note(delivery, endpoint, source))
