"""The resources the generic browser lists, and the ``:`` words that open them.

Each resource is its spec (present/resources.py) plus how a page is read: a few
lines. docs/ADDING_A_RESOURCE.md walks through one (shares).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from rapidly_tui.present.resources import (
    EVENT,
    MEMBER,
    PAYMENT,
    PAYMENT_METHODS,
    PAYMENT_STATUSES,
    SHARE,
    WEBHOOK_DELIVERY,
    WEBHOOK_ENDPOINT,
)
from rapidly_tui.present.spec import Column
from rapidly_tui.screens.browser import Browse, BrowserScreen, ListScreen, Query
from rapidly_tui.screens.list_base import ListBase
from rapidly_tui.text import neutralize

if TYPE_CHECKING:
    from rapidly_tui.api.client import RapidlyClient
    from rapidly_tui.api.models import Page
    from rapidly_tui.screens.base import Host


def _when(key: str = "created_at") -> Column:
    return Column(key, "WHEN", priority=1, min_width=23, preferred_width=23)


_ID = Column("id", "ID", priority=2, min_width=36, preferred_width=36)

# --- payments ---------------------------------------------------------------------------


async def _payments(client: RapidlyClient, query: Query, page: int, limit: int) -> Page[Any]:
    return await client.list_payments(
        workspace_id=query.workspace_id,
        status=query.filter("status"),
        method=query.filter("method"),
        customer_email=query.filter("customer"),
        sorting=(query.sorting,),
        page=page,
        limit=limit,
    )


PAYMENTS = Browse(
    PAYMENT,
    _payments,
    columns=(
        _when(),
        Column("status", "STATUS", priority=1, min_width=6, preferred_width=10),
        Column("amount", "AMOUNT", priority=1, min_width=10, preferred_width=16, align_right=True),
        Column("method", "METHOD", priority=4, min_width=6, preferred_width=12),
        Column("decline_reason", "DECLINE REASON", priority=3, min_width=8, preferred_width=22),
        Column("decline_message", "DECLINE MESSAGE", priority=5, min_width=10, preferred_width=36),
        _ID,
    ),
    time_field="created_at",
    followable=True,
    sorts=[
        ("-created_at", "newest first"),
        ("created_at", "oldest first"),
        ("-amount", "largest first"),
        ("amount", "smallest first"),
    ],
)

# --- events -----------------------------------------------------------------------------


async def _events(client: RapidlyClient, query: Query, page: int, limit: int) -> Page[Any]:
    return await client.list_events(
        workspace_id=query.workspace_id,
        name=query.filter("name"),
        source=query.filter("source"),
        customer_id=query.filter("customer"),
        query_text=query.search or None,
        sorting=(query.sorting,),
        page=page,
        limit=limit,
    )


EVENTS = Browse(
    EVENT,
    _events,
    columns=(
        _when("timestamp"),
        Column("name", "NAME", priority=1, min_width=16, preferred_width=28),
        Column("source", "SOURCE", priority=4, min_width=6, preferred_width=8),
        Column("customer", "CUSTOMER", priority=2, min_width=12, preferred_width=36),
        Column("label", "LABEL", priority=5, min_width=8, preferred_width=24),
    ),
    time_field="timestamp",
    followable=True,
    # /api/events/names answers 422 on the real server: names come from loaded rows.
    seen_filters={"name": "name", "customer": "customer_id"},
)

# --- members: Enter opens the member's customer -------------------------------------------


async def _members(client: RapidlyClient, query: Query, page: int, limit: int) -> Page[Any]:
    """The API lists members by customer, not by workspace: a workspace's are those of
    its customers, a page of customers with their members at a time (one request; its
    total counts customers, see api/workspace_scope.py)."""
    from rapidly_tui.api.workspace_scope import members_page

    customer = query.filter("customer")
    if customer:
        return await client.list_members(customer_id=customer, page=page, limit=limit)
    return await members_page(client, query.workspace_id, page, limit)


def _open_members_customer(screen: ListBase, member: Any) -> None:
    screen.open_customer_by_id(member.customer_id)


MEMBERS = Browse(
    MEMBER,
    _members,
    columns=(
        Column("email", "EMAIL", priority=1, min_width=12, preferred_width=36),
        Column("name", "NAME", priority=2, min_width=6, preferred_width=24),
        Column("role", "ROLE", priority=4, min_width=6, preferred_width=12),
        Column("customer_id", "CUSTOMER", priority=3, min_width=36, preferred_width=36),
        _when(),
    ),
    time_field="created_at",
    sorts=[],
    enter=_open_members_customer,
)

# --- shares (docs/ADDING_A_RESOURCE.md) ---------------------------------------------------


async def _shares(client: RapidlyClient, query: Query, page: int, limit: int) -> Page[Any]:
    return await client.list_shares(workspace_id=query.workspace_id, page=page, limit=limit)


SHARES = Browse(SHARE, _shares, time_field="created_at", sorts=[], search=False)

# --- webhooks -----------------------------------------------------------------------------


async def _endpoints(client: RapidlyClient, query: Query, page: int, limit: int) -> Page[Any]:
    return await client.list_webhook_endpoints(
        workspace_id=query.workspace_id, page=page, limit=limit
    )


WEBHOOK_ENDPOINTS = Browse(WEBHOOK_ENDPOINT, _endpoints, sorts=[])


async def _deliveries(client: RapidlyClient, query: Query, page: int, limit: int) -> Page[Any]:
    """A delivery does not name its endpoint: the workspace's deliveries are those of
    its endpoints, whose ids are read once per session (api/workspace_scope.py), so a
    page or a follow poll is one request."""
    from rapidly_tui.api.workspace_scope import page_of, scope_of

    endpoint = query.filter("endpoint")
    if endpoint:
        endpoints: tuple[str, ...] = (endpoint,)
    else:
        endpoints = await scope_of(client).endpoint_ids(client, query.workspace_id)
    if not endpoints:
        # Without endpoint_id a user token would get every workspace's deliveries.
        return page_of([], page, limit)
    result = query.filter("succeeded")
    return await client.list_webhook_deliveries(
        endpoint_id=endpoints,
        succeeded=None if result is None else result == "true",
        http_code_class=query.filter("http"),
        event_type=query.filter("event_type"),
        page=page,
        limit=limit,
    )


WEBHOOK_DELIVERIES = Browse(
    WEBHOOK_DELIVERY,
    _deliveries,
    columns=(
        _when(),
        Column("succeeded", "RESULT", priority=1, min_width=6, preferred_width=6),
        Column("http_code", "HTTP", priority=1, min_width=4, preferred_width=4, align_right=True),
        Column("webhook_event.type", "EVENT", priority=1, min_width=6, preferred_width=32),
        Column("response", "RESPONSE", priority=4, min_width=10, preferred_width=30),
        _ID,
    ),
    time_field="created_at",
    followable=True,
    sorts=[],
    search=False,
    seen_filters={"event_type": "webhook_event.type"},
)

#: Every generic browser by its spec's name.
BROWSES: dict[str, Browse] = {
    b.spec.name: b
    for b in (PAYMENTS, EVENTS, MEMBERS, SHARES, WEBHOOK_ENDPOINTS, WEBHOOK_DELIVERIES)
}


def browser_for(
    resource: str,
    workspace_id: str,
    *,
    filters: Mapping[str, str] | None = None,
    search: str = "",
) -> ListScreen:
    """The browser of ``resource`` (a spec's name or plural)."""
    if resource in ("customer", "customers"):
        from rapidly_tui.screens.customers import CustomersScreen

        return CustomersScreen(workspace_id, search=search)
    browse = BROWSES.get(resource) or next(
        (b for b in BROWSES.values() if b.spec.plural == resource), None
    )
    if browse is None:
        raise KeyError(f"no browser for {resource!r}")
    if browse in _SCOPED:
        return ScopedBrowserScreen(browse, workspace_id, filters=filters, search=search)
    return BrowserScreen(browse, workspace_id, filters=filters, search=search)


#: Browsers whose lists the API cannot scope to a workspace by itself.
_SCOPED = (MEMBERS, WEBHOOK_DELIVERIES)


class ScopedBrowserScreen(BrowserScreen):
    """A browser whose list the API cannot scope to the workspace: deliveries through
    the endpoint ids kept for the session (``r`` reads them again too), members a page
    of the workspace's customers at a time."""

    def action_refresh(self) -> None:
        from rapidly_tui.api.workspace_scope import scope_of

        scope_of(self.host.client).forget(self.workspace_id)
        super().action_refresh()

    @property
    def pages_of(self) -> str | None:
        if self.browse is MEMBERS and "customer" not in self.filters:
            return "customers"
        return None

    def _ends(self, page: Sequence[Any]) -> bool:
        # Members by customer are not newest first: a window reads every page.
        return self.pages_of is None and super()._ends(page)

    def border_text(self) -> str:
        text = super().border_text()
        if self.pages_of:
            # The API cannot filter members by workspace: say how this list is scoped.
            return f"{text} · of this workspace's customers, newest customer first"
        return text


# --- `:` words -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Jump:
    """A ``:`` command that opens a list (k9s style) rather than a customer."""

    resource: str
    filters: Mapping[str, str] = field(default_factory=dict)
    search: str = ""


#: ``:`` words, with what an argument after them means.
JUMP_WORDS: dict[str, str] = {
    "customers": "customer",
    "payments": "payment",
    "events": "event",
    "webhooks": "webhook endpoint",
    "endpoints": "webhook endpoint",
    "deliveries": "webhook delivery",
    "members": "member",
    "shares": "share",
}
#: What ``?`` and the palette list.
JUMP_EXAMPLES: list[tuple[str, str]] = [
    (":customers [search]", "the customers browser"),
    (":payments [status|method]", "payments, e.g. :payments failed"),
    (":events [name]", "events, e.g. :events customer.created"),
    (":webhooks", "the webhook endpoints"),
    (":deliveries [failed]", "webhook deliveries"),
    (":members", "every member, each with its customer"),
    (":shares", "the shares"),
]


def parse_jump(text: str) -> Jump | None:
    """``payments failed`` → the payments browser filtered to failed; ``None`` when the
    text is not a list's word (it is then looked up as a customer reference)."""
    word, _, rest = text.strip().removeprefix(":").partition(" ")
    resource = JUMP_WORDS.get(word.casefold())
    if resource is None:
        return None
    arg = rest.strip()
    if not arg:
        return Jump(resource)
    if resource == "customer":
        return Jump(resource, search=arg)
    if resource == "payment":
        if arg in PAYMENT_STATUSES:
            return Jump(resource, {"status": arg})
        if arg in PAYMENT_METHODS:
            return Jump(resource, {"method": arg})
        return None
    if resource == "event":
        return Jump(resource, {"name": arg})
    if resource == "webhook delivery" and arg in ("failed", "succeeded"):
        return Jump(resource, {"succeeded": "false" if arg == "failed" else "true"})
    return None


def jump_problem(text: str) -> str | None:
    """Why ``text`` starts like a list but opens none (``payments bogus``): said in
    place of a customer lookup of the whole text, which would only find nothing."""
    word, _, rest = text.strip().removeprefix(":").partition(" ")
    word = word.casefold()
    arg = neutralize(rest.strip(), max_chars=40)
    if word not in JUMP_WORDS or parse_jump(text) is not None:
        return None
    if word == "payments":
        return (
            f"payments has no status or method '{arg}' "
            f"(status: {', '.join(PAYMENT_STATUSES)}; method: {', '.join(PAYMENT_METHODS)})."
        )
    if word == "deliveries":
        return f"deliveries takes failed or succeeded, not '{arg}'."
    return f"{word} takes nothing after it, not '{arg}': type :{word} alone."


def open_jump(host: Host, text: str, workspace_id: str | None) -> bool:
    """``:payments failed`` and the like: open that list; ``False`` when ``text`` is not
    a list's word (it is then a customer reference)."""
    jump = parse_jump(text)
    if jump is None:
        return False
    if workspace_id is None:
        host.notify("Open a workspace first: lists are per workspace.", markup=False)
        return True
    if jump.resource == "webhook endpoint":
        host.open_webhooks(workspace_id)
        return True
    host.open_browser(jump.resource, workspace_id, filters=jump.filters, search=jump.search)
    return True
