"""``events list [--name N] [--source S] [--customer REF] [--since DURATION]``,
``events tail`` (the same filters) and ``event get ID``."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from rapidly_tui.commands.base import (
    Registrar,
    add_customer_filter,
    add_filter,
    add_since,
    customer_ref,
    find_customer_ref,
    listing,
    since,
    spec_record,
    write_list,
    write_one,
)
from rapidly_tui.commands.common import CommandContext
from rapidly_tui.present import resources

if TYPE_CHECKING:
    from rapidly_tui.api.models import Page

EVENTS = listing(resources.EVENT)


def register(add: Registrar) -> None:
    events = add.group("events", "event", "list, follow and show events")
    events_list = add.command(
        events, "list", "list a workspace's events, newest first", _events_list, is_list=True
    )
    _add_filters(events_list, follow=False)
    tail = add.command(
        events,
        "tail",
        "print the workspace's new events as they arrive, until Ctrl-C",
        _events_tail,
        is_list=True,
    )
    _add_filters(tail, follow=True)
    tail.set_defaults(follow=True)
    get = add.command(events, "get", "show one event", _event_get, is_list=False)
    get.add_argument("id", metavar="ID", help="event id")


def _add_filters(parser: argparse.ArgumentParser, *, follow: bool) -> None:
    add_filter(parser, resources.EVENT, "name", "only events of this name", metavar="N")
    add_filter(parser, resources.EVENT, "source", "only events from this source")
    add_customer_filter(parser)
    add_since(parser, follow=follow)


async def _fetcher(context: CommandContext, *, window: bool) -> Any:
    """``fetch(page, limit, sorting)`` with the command's filters applied; ``window``:
    with ``--since`` as the API's ``start_timestamp`` (a tail prints its window itself)."""
    args = context.args
    ref = customer_ref(context)
    customer_id: str | None = None
    if ref is not None:
        customer = await find_customer_ref(context, ref)
        workspace_id, customer_id = customer.workspace_id, customer.id
    else:
        workspace_id = (await context.workspace()).id
    start = since(context) if window else None

    async def fetch(page: int, limit: int, _sorting: tuple[str, ...] = ()) -> Page[Any]:
        return await context.client.list_events(
            workspace_id=workspace_id,
            customer_id=customer_id,
            name=args.name,
            source=args.source,
            start_timestamp=start,
            sorting=("-timestamp",),
            page=page,
            limit=limit,
        )

    return fetch


async def _events_list(context: CommandContext) -> None:
    """List events, of one customer or of the workspace."""
    await write_list(context, EVENTS, await _fetcher(context, window=True), ("-timestamp",))


async def _events_tail(context: CommandContext) -> int:
    """Print new events as they arrive."""
    from rapidly_tui.commands.tail import follow_list

    fetch = await _fetcher(context, window=False)

    async def fetch_rows(page: int, limit: int) -> Sequence[Any]:
        found: Page[Any] = await fetch(page, limit)
        return found.data

    return await follow_list(context, EVENTS, fetch_rows, when=lambda e: e.timestamp)


async def _event_get(context: CommandContext) -> None:
    """Show one event with its metadata."""
    event = await context.client.get_event(context.args.id.strip())
    write_one(context, event, spec_record(resources.EVENT, event))
