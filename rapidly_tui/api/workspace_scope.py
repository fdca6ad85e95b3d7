"""What scopes a list to a workspace when the API cannot filter it by workspace.

A webhook delivery names neither its endpoint nor its workspace: a workspace's
deliveries are those of its endpoints (``endpoint_id``), so a page of them first needs
the workspace's endpoint ids. Read on every page, they would double each page's round
trips; they are read once (every page of them), kept per client (one client is one
server and token, for the session) and shared while in flight, so a page or a poll is
one request. ``r`` in a browser forgets them (:meth:`forget`); the overview, which
lists the endpoints anyway, hands them over (:meth:`remember_endpoints`).

A member names its customer but not its workspace, and ``GET /api/members/`` has no
workspace filter: a workspace's members are those of its customers, and a page of its
customers asked ``include_members=true`` carries them (:func:`members_page`: one
request a page, nothing kept).

Headless: no Textual here.
"""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import Awaitable, Callable, Iterable
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from rapidly_tui.api.client import RapidlyClient
    from rapidly_tui.api.models import Member, Page

T = TypeVar("T")

#: Page size of the reads here (the API's maximum).
PAGE = 100
#: Pages asked for at once after the first: a big workspace must not flood the server
#: (nor meet its rate limit) with a hundred requests.
AT_ONCE = 20


async def read_all(fetch: Callable[[int], Awaitable[Page[T]]]) -> list[T]:
    """Every row of a list: page 1, then the others (its ``meta.pages`` says how many)
    :data:`AT_ONCE` at a time, so a one-page list costs one round trip and a list of
    up to 2,100 rows two. An empty page ends the reading (the list shrank)."""
    first = await fetch(1)
    rows: list[T] = list(first.data)
    number = 2
    while number <= first.meta.pages:
        batch = range(number, min(number + AT_ONCE, first.meta.pages + 1))
        pages = await asyncio.gather(*(fetch(n) for n in batch))
        for page in pages:
            rows.extend(page.data)
        if not all(page.data for page in pages):
            break
        number = batch.stop
    return rows


class WorkspaceScope:
    """One client's endpoint ids, per workspace."""

    def __init__(self) -> None:
        self._endpoints: dict[str, asyncio.Future[tuple[str, ...]]] = {}

    def remember_endpoints(self, workspace_id: str, endpoint_ids: Iterable[str]) -> None:
        """Endpoint ids read elsewhere (the overview's panel): the *whole* list only."""
        future: asyncio.Future[tuple[str, ...]] = asyncio.get_running_loop().create_future()
        future.set_result(tuple(endpoint_ids))
        self._endpoints[workspace_id] = future

    def forget(self, workspace_id: str) -> None:
        """Read them again next time (``r``: endpoints may have come)."""
        self._endpoints.pop(workspace_id, None)

    def known_endpoints(self, workspace_id: str) -> tuple[str, ...] | None:
        """The endpoint ids, when already read (no request)."""
        future = self._endpoints.get(workspace_id)
        if future is None or not future.done() or future.cancelled() or future.exception():
            return None
        return future.result()

    async def endpoint_ids(self, client: RapidlyClient, workspace_id: str) -> tuple[str, ...]:
        async def read() -> tuple[str, ...]:
            endpoints = await read_all(
                lambda page: client.list_webhook_endpoints(
                    workspace_id=workspace_id, page=page, limit=PAGE
                )
            )
            return tuple(e.id for e in endpoints)

        return await _shared(self._endpoints, workspace_id, read)


async def _shared(
    cache: dict[str, asyncio.Future[T]], key: str, read: Callable[[], Awaitable[T]]
) -> T:
    """The cached value, or the read already in flight, or a new read. A failed or
    abandoned read is not kept: the next call tries again."""
    future = cache.get(key)
    if future is None or (future.done() and (future.cancelled() or future.exception())):
        task = asyncio.ensure_future(read())
        cache[key] = task
        future = task
    # shield: a caller that gives up (a page dropped for a newer query) does not cancel
    # the read the others wait for. A failed read stays until the next call replaces it.
    return await asyncio.shield(future)


_SCOPES: weakref.WeakKeyDictionary[Any, WorkspaceScope] = weakref.WeakKeyDictionary()


def scope_of(client: RapidlyClient) -> WorkspaceScope:
    """The scope cache of ``client`` (gone with it)."""
    scope = _SCOPES.get(client)
    if scope is None:
        scope = _SCOPES[client] = WorkspaceScope()
    return scope


def page_of(rows: list[T], page: int, limit: int) -> Page[T]:
    """Page ``page`` of rows read here, in the API's shape (``pages`` 0 when empty, as
    the API says)."""
    from rapidly_tui.api.models import Page, PageMeta

    start = (page - 1) * limit
    return Page[Any](
        data=rows[start : start + limit],
        meta=PageMeta(total=len(rows), page=page, per_page=limit, pages=-(-len(rows) // limit)),
    )


async def members_page(
    client: RapidlyClient, workspace_id: str, page: int, limit: int = PAGE
) -> Page[Member]:
    """The members of page ``page`` of the workspace's customers (newest customer
    first, each customer's members as the API lists them): one request, whatever the
    workspace's size or the token's reach.

    Its ``meta`` is the customers page's: ``total`` and ``pages`` count *customers*,
    not members (no request says how many members a workspace has). A page may hold no
    member while pages remain (customers without members): it is not the end of the
    list; the page beyond the last says ``pages: 0``, as the API does."""
    from rapidly_tui.api.models import Member, Page

    customers = await client.list_customers(
        workspace_id=workspace_id, include_members=True, page=page, limit=limit
    )
    members = [member for customer in customers.data for member in customer.members]
    return Page[Member](data=members, meta=customers.meta)
