"""``webhooks endpoints``, ``webhooks deliveries [...] [--follow]`` and
``webhooks delivery ID``: always within one workspace.

A delivery does not name its endpoint, and without ``endpoint_id`` the API answers a
user token with the deliveries of every workspace it sees (NOTES.md). So every command
here lists the workspace's endpoints first and asks for deliveries by their ids (the
API takes several ``endpoint_id`` and merges them newest first): the same for a user
token, an organisation token or a workspace token.

The API cannot get one delivery by id either: ``webhooks delivery ID`` looks for it
among each endpoint's latest :data:`SEARCH_PAGES` pages of deliveries, newest first,
one page of every endpoint at a time, and says how far it looked when it is not there.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from rapidly_tui.commands.base import (
    Registrar,
    add_filter,
    add_since,
    listing,
    since,
    spec_record,
    write_list,
)
from rapidly_tui.commands.common import CommandContext
from rapidly_tui.present import resources
from rapidly_tui.text import neutralize

if TYPE_CHECKING:
    from rapidly_tui.api.models import Page, WebhookDelivery, WebhookEndpoint

ENDPOINTS = listing(resources.WEBHOOK_ENDPOINT)
DELIVERIES = listing(resources.WEBHOOK_DELIVERY)
#: Pages of 100 deliveries ``webhooks delivery ID`` reads per endpoint at most.
SEARCH_PAGES = 10


def register(add: Registrar) -> None:
    webhooks = add.group("webhooks", "webhook", "webhook endpoints and deliveries")
    add.command(
        webhooks,
        "endpoints",
        "list the workspace's webhook endpoints (secrets masked)",
        _endpoints_list,
        is_list=True,
    )
    deliveries = add.command(
        webhooks,
        "deliveries",
        "list the workspace's webhook deliveries, newest first",
        _deliveries_list,
        is_list=True,
    )
    spec = resources.WEBHOOK_DELIVERY
    add_filter(
        deliveries,
        spec,
        "endpoint",
        "only this endpoint's (default: every endpoint's)",
        metavar="ID",
    )
    deliveries.add_argument("--failed", action="store_true", help="only failed deliveries")
    add_filter(deliveries, spec, "http", "only answers of this HTTP class")
    add_filter(deliveries, spec, "event_type", "only deliveries of this event type", metavar="T")
    add_since(deliveries, follow=True)
    deliveries.add_argument(
        "--follow",
        action="store_true",
        help="then print each new delivery as it arrives, until Ctrl-C",
    )
    delivery = add.command(
        webhooks,
        "delivery",
        "show one delivery with its payload (searched among each endpoint's latest "
        f"{SEARCH_PAGES * 100:,} deliveries)",
        _delivery_get,
        is_list=False,
        markdown=True,
    )
    delivery.add_argument("id", metavar="ID", help="delivery id")
    add_filter(
        delivery, spec, "endpoint", "look among this endpoint's deliveries only", metavar="ID"
    )


async def workspace_endpoints(context: CommandContext) -> list[WebhookEndpoint]:
    """The current workspace's endpoints, every page: page 1, then the others at once
    (api/workspace_scope.py's reading, as the TUI's): up to 2,100 endpoints cost two
    round trips before the deliveries are asked for, not one per page."""
    from rapidly_tui.api.workspace_scope import PAGE, read_all

    workspace_id = (await context.workspace()).id
    client = context.client
    endpoints = await read_all(
        lambda page: client.list_webhook_endpoints(workspace_id=workspace_id, page=page, limit=PAGE)
    )
    # Once each: offset paging may repeat a row across pages.
    return list({endpoint.id: endpoint for endpoint in endpoints}.values())


async def _scoped_endpoints(context: CommandContext) -> list[WebhookEndpoint]:
    """The workspace's endpoints, or the one ``--endpoint`` names (which must be one)."""
    from rapidly_tui.api import errors

    endpoints = await workspace_endpoints(context)
    wanted = (context.args.endpoint or "").strip().lower()
    if not wanted:
        return endpoints
    chosen = [e for e in endpoints if e.id.lower() == wanted]
    if not chosen:
        workspace = await context.workspace()
        raise errors.NotFound(
            f"No webhook endpoint {neutralize(wanted, max_chars=60)} in workspace "
            f"{neutralize(workspace.slug, max_chars=40)}.",
            status=None,
        )
    return chosen


async def _endpoints_list(context: CommandContext) -> None:
    """List the workspace's webhook endpoints."""
    workspace_id = (await context.workspace()).id

    async def fetch(page: int, limit: int, _sorting: tuple[str, ...]) -> Page[Any]:
        return await context.client.list_webhook_endpoints(
            workspace_id=workspace_id, page=page, limit=limit
        )

    await write_list(context, ENDPOINTS, fetch)


async def _deliveries_list(context: CommandContext) -> int | None:
    """List (or follow) the workspace's webhook deliveries."""
    args = context.args
    endpoint_ids = [e.id for e in await _scoped_endpoints(context)]
    if not endpoint_ids:
        # Asking without endpoint_id would answer with other workspaces' deliveries.
        context.note(
            f"workspace {neutralize((await context.workspace()).slug)} has no webhook endpoints"
        )
    window = None if args.follow else since(context)

    async def fetch(page: int, limit: int, _sorting: tuple[str, ...] = ()) -> Page[Any]:
        if not endpoint_ids:
            # Imported here, not before the first request: pydantic and the models load
            # while it waits for the network (commands/common.py).
            from rapidly_tui.api.models import Page, PageMeta

            return Page[Any](data=[], meta=PageMeta(total=0, page=page, per_page=limit, pages=0))
        return await context.client.list_webhook_deliveries(
            endpoint_id=endpoint_ids,
            succeeded=False if args.failed else None,
            http_code_class=args.http,
            event_type=args.event_type,
            start_timestamp=window,
            page=page,
            limit=limit,
        )

    if args.follow:
        from rapidly_tui.commands.tail import follow_list

        async def fetch_rows(page: int, limit: int) -> Sequence[Any]:
            return (await fetch(page, limit)).data

        return await follow_list(context, DELIVERIES, fetch_rows, when=lambda d: d.created_at)
    await write_list(context, DELIVERIES, fetch)
    return None


async def find_delivery(
    context: CommandContext, delivery_id: str
) -> tuple[WebhookDelivery, WebhookEndpoint]:
    """The delivery ``delivery_id`` and the endpoint it went to, searched newest first
    among each endpoint's latest ``SEARCH_PAGES`` pages (page 1 of every endpoint at
    once, then page 2...): the API has no way to get one delivery by id."""
    from rapidly_tui.api import errors

    wanted = delivery_id.strip().lower()
    endpoints = await _scoped_endpoints(context)
    open_endpoints = list(endpoints)
    for page in range(1, SEARCH_PAGES + 1):
        still_open = []
        # This page of every endpoint still open at once: one round trip per page.
        pages = await asyncio.gather(
            *(
                context.client.list_webhook_deliveries(
                    endpoint_id=endpoint.id, page=page, limit=100
                )
                for endpoint in open_endpoints
            )
        )
        for endpoint, loaded in zip(open_endpoints, pages, strict=True):
            for delivery in loaded.data:
                if delivery.id.lower() == wanted:
                    return delivery, endpoint
            if len(loaded.data) == 100:
                still_open.append(endpoint)
        open_endpoints = still_open
        if not open_endpoints:
            break
    workspace = await context.workspace()
    raise errors.NotFound(
        f"No delivery {neutralize(wanted, max_chars=60)} among the latest "
        f"{SEARCH_PAGES * 100:,} deliveries of each of the {len(endpoints)} webhook "
        f"endpoint(s) of workspace {neutralize(workspace.slug, max_chars=40)} "
        "(the API cannot get a delivery by id).",
        status=None,
    )


async def _delivery_get(context: CommandContext) -> None:
    """Show one delivery and its payload, pretty-printed."""
    from rapidly_tui import output

    delivery, endpoint = await find_delivery(context, context.args.id)
    fmt = context.args.output_format
    if fmt == "markdown":
        from rapidly_tui.commands.notes import write_delivery_note

        await write_delivery_note(context, delivery, endpoint)
        return
    if fmt == "json":
        # The API's object: the payload stays the JSON string it was sent as.
        output.write_json(context.stdout, delivery.to_json_dict())
        return
    record = [
        (label, value)
        for label, value in spec_record(resources.WEBHOOK_DELIVERY, delivery)
        if label != "Payload"
    ]
    record.append(("Endpoint", f"{endpoint.url} ({endpoint.id})"))
    out = context.stdout
    output.write_record(out, record, width=output.output_width(out))
    out.write("\nPayload\n" + payload_text(delivery.webhook_event.payload) + "\n")
    out.flush()


def payload_text(payload: str | None) -> str:
    """The payload parsed from its JSON string and indented by 2 spaces, keys in the
    order sent; every character a terminal would act on escaped. Not JSON: shown as
    sent, neutralised, and said so."""
    import json

    from rapidly_tui.output import dumps_safe

    if payload is None:
        return "—"
    try:
        parsed = json.loads(payload)
    except ValueError:
        return (
            neutralize(payload, max_chars=20_000, newlines=True)
            + "\n(not valid JSON: shown as sent)"
        )
    return dumps_safe(parsed, indent=2)
