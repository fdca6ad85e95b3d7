"""Requests sent before the screens exist, to hide start-up behind the network, and
the decision of what the first screen shows (:func:`find_start`), which takes them.

Most of a cold start is importing Textual (CPU) and then waiting for the API (I/O).
``run_tui`` imports Textual in a thread while this module resolves the first screen
(the workspace or the customer named on the command line) and starts that screen's
requests on the event loop, so the two overlap. Screens then take each answer from
:class:`Preloads` instead of asking again: every request is still sent once.
Headless: no Textual here.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from typing import TYPE_CHECKING, Any, TypeVar

from rapidly_tui.loads import (
    detail_requests,
    detail_requests_for,
    detail_scope,
    failed_deliveries,
    overview_requests,
    overview_scope,
)

if TYPE_CHECKING:
    from rapidly_tui.api.client import RapidlyClient
    from rapidly_tui.api.errors import Forbidden
    from rapidly_tui.api.lookup import CustomerMatch
    from rapidly_tui.api.models import Customer, Page, Workspace
    from rapidly_tui.connection import Connection, ConnectionOptions
    from rapidly_tui.refcache import RefCache

ResultT = TypeVar("ResultT")

START_WORKSPACE = "start:workspace"
START_CUSTOMER = "start:customer"
START_WORKSPACES = "start:workspaces"
#: The token's webhook endpoints of every workspace, asked for with a workspace lookup
#: (rapidly_tui/loads.py ``workspace_endpoints``).
START_ENDPOINTS = "start:endpoints"


class Preloads:
    """Requests already under way, each handed out once, by key."""

    def __init__(self) -> None:
        self._tasks: dict[str, asyncio.Future[Any]] = {}
        #: A plain start's guess: the workspace last opened with this token, whose
        #: overview was asked for with the workspace list (None when the list said no).
        self.remembered_workspace: str | None = None
        #: Called with the id of each workspace opened, to remember it for the next start.
        self.on_workspace_opened: Callable[[str], None] | None = None

    def workspace_opened(self, workspace_id: str) -> None:
        if self.on_workspace_opened is not None:
            self.on_workspace_opened(workspace_id)

    def start(self, key: str, fetch: Callable[[], Awaitable[Any]]) -> None:
        if key in self._tasks:
            return
        task = asyncio.ensure_future(fetch())
        # A preload nobody takes (the person quit first) must not warn at exit.
        task.add_done_callback(_consume_exception)
        self._tasks[key] = task

    def start_scope(self, scope: str, requests: dict[str, Callable[[], Awaitable[Any]]]) -> None:
        for key, fetch in requests.items():
            self.start(f"{scope}:{key}", fetch)

    def take(self, key: str) -> asyncio.Future[Any] | None:
        """The preloaded request for ``key``, once; None if there is none."""
        return self._tasks.pop(key, None)

    def take_finished(self, key: str) -> asyncio.Future[Any] | None:
        """The preloaded request for ``key`` if its answer is already here (once).

        A screen applies such an answer while it is being built, so its first frame
        shows the data instead of a loading state that would be replaced a moment
        later (each frame of a full screen costs tens of milliseconds)."""
        task = self._tasks.get(key)
        if task is None or not task.done() or task.cancelled() or task.exception() is not None:
            return None
        return self._tasks.pop(key)

    def or_fetch(
        self, key: str, fetch: Callable[[], Awaitable[ResultT]]
    ) -> Callable[[], Awaitable[ResultT]]:
        """``fetch``, except that the first call awaits the preloaded answer for ``key``
        when there is one."""

        def preloaded_or_fetch() -> Awaitable[ResultT]:
            task = self.take(key)
            return task if task is not None else fetch()

        return preloaded_or_fetch

    def discard(self, key: str) -> None:
        task = self._tasks.pop(key, None)
        if task is not None:
            task.cancel()

    def discard_scope(self, scope: str) -> None:
        """Cancel and forget every preload of ``scope`` (they were sent for a wrong guess)."""
        prefix = f"{scope}:"
        for key in [key for key in self._tasks if key.startswith(prefix)]:
            self._tasks.pop(key).cancel()

    @property
    def keys(self) -> list[str]:
        return sorted(self._tasks)

    def cancel(self) -> None:
        for task in self._tasks.values():
            task.cancel()
        self._tasks.clear()


def _consume_exception(task: asyncio.Future[Any]) -> None:
    if not task.cancelled():
        task.exception()


def preload_start(
    preloads: Preloads,
    client: RapidlyClient,
    *,
    workspace_ref: str | None,
    customer_ref: str | None,
    default_workspace: str | None,
    today: date,
    refs: RefCache | None = None,
    token: str | None = None,
) -> None:
    """Start what the first screen will need, mirroring how the app routes:
    ``--customer`` opens its detail, ``--workspace`` (or the profile's default) its
    overview, neither the workspace list (an overview if there is only one, or if it
    holds the one last opened with ``token``: :func:`plain_start_workspace`).

    With ``refs``, the ids these references named last time: the screen's requests go
    out at once, alongside the lookup, which confirms them or has them sent again."""
    from rapidly_tui.api.lookup import find_workspace, lookup_customer

    if workspace_ref is None and customer_ref is None:
        workspace_ref = default_workspace

    if customer_ref:
        ref = customer_ref
        guess = refs.customer(ref) if refs is not None else None
        # The payments section is asked for by email: guessed only when the reference
        # is the email itself (the cache keeps ids, never emails).
        guessed_email = ref if "@" in ref else None
        if guess is not None:
            guessed = detail_requests_for(client, guess[0], guess[1], guessed_email)
            guessed.pop("customer")
            preloads.start_scope(detail_scope(guess[0]), guessed)

        async def customer_then_detail() -> CustomerMatch:
            match = await lookup_customer(client, ref)
            customer = match.customer
            if refs is not None:
                refs.remember_customer(ref, customer.id, customer.workspace_id)
            requests = detail_requests(client, customer)
            # The lookup returned the customer with its members: no need to fetch it again.
            requests.pop("customer")
            if guess is not None and (customer.id, customer.workspace_id) == guess:
                if customer.email == guessed_email:
                    return match  # every guessed request was the right one
                # Payments were asked for another spelling of the email, or not at all.
                preloads.discard(f"{detail_scope(customer.id)}:payments")
                requests = {"payments": requests["payments"]}
            elif guess is not None:
                preloads.discard_scope(detail_scope(guess[0]))
            preloads.start_scope(detail_scope(customer.id), requests)
            return match

        preloads.start(START_CUSTOMER, customer_then_detail)
        if workspace_ref:
            preloads.start(START_WORKSPACE, lambda: find_workspace(client, workspace_ref))
        return

    if workspace_ref:
        _preload_workspace(preloads, client, workspace_ref, today, refs)
        return

    guessed_id = refs.last_workspace(token) if refs is not None and token else None
    preloads.remembered_workspace = guessed_id
    if guessed_id is not None:
        _preload_overview(preloads, client, guessed_id, today, refs)
    else:
        _preload_every_endpoint(preloads, client)

    async def workspaces_then_overview() -> Page[Workspace]:
        page = await client.list_workspaces()
        chosen = plain_start_workspace(page, guessed_id)
        if guessed_id is not None and (chosen is None or chosen.id != guessed_id):
            # The list no longer holds it: its overview is not what opens.
            preloads.remembered_workspace = None
            preloads.discard_scope(overview_scope(guessed_id))
        if chosen is not None and chosen.id != guessed_id:
            _preload_overview(preloads, client, chosen.id, today, refs)
        return page

    preloads.start(START_WORKSPACES, workspaces_then_overview)


def plain_start_workspace(page: Page[Workspace], remembered: str | None) -> Workspace | None:
    """The overview a plain start opens, as the workspace list decides: the workspace
    last opened with this token when the list still holds it, else the only one; None
    for the picker."""
    for workspace in page.data:
        if workspace.id == remembered:
            return workspace
    return page.data[0] if len(page.data) == 1 else None


def _preload_workspace(
    preloads: Preloads, client: RapidlyClient, slug: str, today: date, refs: RefCache | None
) -> None:
    """``--workspace``: its overview at once when its id is known (a UUID, or remembered),
    confirmed by the lookup, which has it sent again for another id."""
    from rapidly_tui.api.lookup import find_workspace, is_uuid

    guessed_id = slug if is_uuid(slug) else refs.workspace_id(slug) if refs else None
    if guessed_id is not None:
        _preload_overview(preloads, client, guessed_id, today, refs)
    else:
        _preload_every_endpoint(preloads, client)

    async def workspace_then_overview() -> Workspace:
        workspace = await find_workspace(client, slug)
        if refs is not None:
            refs.remember_workspace(slug, workspace.id)
            if refs.path is not None:
                from rapidly_tui.refcache import remember_slug  # not for a demo: no refs

                remember_slug(refs.path.parent, workspace.slug)
        if workspace.id != guessed_id:
            if guessed_id is not None:
                preloads.discard_scope(overview_scope(guessed_id))
            _preload_overview(preloads, client, workspace.id, today, refs)
        return workspace

    preloads.start(START_WORKSPACE, workspace_then_overview)


def _preload_every_endpoint(preloads: Preloads, client: RapidlyClient) -> None:
    """While the workspace's id is being looked up: the endpoints of every workspace the
    token sees, among which the workspace's are (one round trip saved on the overview's
    failed-deliveries panel, which would otherwise ask for them once the id is known)."""
    from rapidly_tui.loads import MAX_ENDPOINTS

    preloads.start(START_ENDPOINTS, lambda: client.list_webhook_endpoints(limit=MAX_ENDPOINTS))


def _preload_overview(
    preloads: Preloads,
    client: RapidlyClient,
    workspace_id: str,
    today: date,
    refs: RefCache | None,
) -> None:
    requests = overview_requests(client, workspace_id, today)
    # The overview is opened with the workspace in hand: no need to fetch it again.
    requests.pop("workspace")
    # The endpoints remembered from the last start have their failed deliveries asked
    # for with the endpoint list (one round trip instead of two); the list decides, and
    # is remembered for the next start. Without them, the endpoints of every workspace,
    # asked for with the workspace lookup, may hold the list (loads.workspace_endpoints).
    known = refs.endpoint_ids(workspace_id) if refs is not None else []
    remember = partial(refs.remember_endpoint_ids, workspace_id) if refs is not None else None
    every = preloads.take(START_ENDPOINTS)
    requests["failed_webhooks"] = lambda: failed_deliveries(
        client, workspace_id, known_endpoints=known, on_endpoints=remember, every_endpoint=every
    )
    preloads.start_scope(overview_scope(workspace_id), requests)


@dataclass
class StartTarget:
    """What the first screen shows: a customer (with its workspace when both were
    named), a workspace, or neither (the workspace list); and the problems to tell the
    person about (a named customer that cannot be shown is skipped, not fatal)."""

    workspace: Workspace | None = None
    customer: Customer | None = None
    problems: list[tuple[str, Exception]] = field(default_factory=list)
    #: A workspace known only by its id, for a token that cannot read workspaces: its
    #: overview opens with the panels the token can read.
    workspace_id: str | None = None
    #: What to tell the person that is not a failure (how a reference was read, what
    #: was opened instead of what cannot be read).
    notices: list[str] = field(default_factory=list)


async def find_start(
    client: RapidlyClient,
    preloads: Preloads,
    *,
    workspace_ref: str | None,
    customer_ref: str | None,
    default_workspace: str | None,
) -> StartTarget:
    """The workspace and customer named by --workspace/--customer (or the profile's
    default workspace), taking the answers :func:`preload_start` already asked for.

    Raises what keeps any screen from opening: an invalid token, or a named workspace
    that cannot be read for another reason than not existing or a missing scope."""
    from rapidly_tui.api import errors
    from rapidly_tui.api.lookup import find_workspace, lookup_customer

    if workspace_ref is None and customer_ref is None:
        workspace_ref = default_workspace
    if workspace_ref and customer_ref:
        # Both at once: two requests in parallel, then check that they agree.
        found_workspace, found_customer = await asyncio.gather(
            preloads.or_fetch(START_WORKSPACE, lambda: find_workspace(client, workspace_ref))(),
            preloads.or_fetch(START_CUSTOMER, lambda: lookup_customer(client, customer_ref))(),
            return_exceptions=True,
        )
        if isinstance(found_customer, errors.Unauthorized):
            raise found_customer
        if isinstance(found_workspace, errors.Forbidden) and not isinstance(
            found_customer, BaseException
        ):
            # The customer can be shown even though its workspace cannot be read.
            return StartTarget(
                customer=found_customer.customer,
                problems=[(f"Workspace {workspace_ref}", found_workspace)],
                notices=_notes(found_customer),
            )
        if isinstance(found_workspace, BaseException):
            raise found_workspace
        subject = f"Customer {customer_ref}"
        if isinstance(found_customer, Exception):
            return StartTarget(found_workspace, problems=[(subject, found_customer)])
        if isinstance(found_customer, BaseException):
            raise found_customer
        if found_customer.customer.workspace_id != found_workspace.id:
            elsewhere = errors.NotFound("That customer is not in this workspace.")
            return StartTarget(found_workspace, problems=[(subject, elsewhere)])
        return StartTarget(found_workspace, found_customer.customer, notices=_notes(found_customer))
    if customer_ref:
        try:
            match: CustomerMatch = await preloads.or_fetch(
                START_CUSTOMER, lambda: lookup_customer(client, customer_ref)
            )()
        except errors.Unauthorized:
            raise
        except errors.ApiError as error:
            return StartTarget(problems=[(f"Customer {customer_ref}", error)])
        return StartTarget(customer=match.customer, notices=_notes(match))
    if workspace_ref:
        try:
            workspace: Workspace = await preloads.or_fetch(
                START_WORKSPACE, lambda: find_workspace(client, workspace_ref)
            )()
        except errors.NotFound as error:
            return StartTarget(problems=[(f"Workspace {workspace_ref}", error)])
        except errors.Forbidden as error:
            workspace_id, notice = await workspace_of_customers(client, error, workspace_ref)
            return StartTarget(workspace_id=workspace_id, notices=[notice])
        return StartTarget(workspace)
    return StartTarget()


def _notes(match: CustomerMatch) -> list[str]:
    return [match.note] if match.note is not None else []


async def workspace_of_customers(
    client: RapidlyClient, error: Forbidden, ref: str | None = None
) -> tuple[str, str]:
    """For a token that cannot read workspaces (``error``, a 403) but can read
    customers: the workspace to open, by id, and a notice saying how it was chosen.

    Every customer names its workspace, so the token's latest customers say which
    workspace it works in. ``ref`` is the workspace the person named: an id is taken
    as it is; a slug cannot be checked, so it is only accepted when the customers
    name a single workspace. Raises ``error`` when nothing can be opened."""
    from rapidly_tui.api import errors
    from rapidly_tui.api.lookup import is_uuid

    lacking = " or ".join(error.scopes) or "the scope to read workspaces"
    cannot = f"This token cannot read workspaces (it lacks {lacking})."
    if ref is not None and is_uuid(ref):
        return ref.strip(), f"{cannot} Showing what it can read of workspace {ref.strip()}."
    try:
        page = await client.list_customers(sorting=("-created_at",), limit=100)
    except errors.ApiError:
        raise error from None
    ids = list(dict.fromkeys(customer.workspace_id for customer in page.data))
    if not ids or (ref is not None and len(ids) > 1):
        raise error
    notice = f"{cannot} Showing what it can read of workspace {ids[0]}, named by its customers"
    if ref is not None:
        notice += f" (whether that is {ref} cannot be checked)."
    elif len(ids) > 1:
        notice += (
            f": the latest one's, of {len(ids)} workspaces they are in."
            " --workspace ID opens another."
        )
    else:
        notice += "."
    return ids[0], notice


@dataclass
class Start:
    """What the app starts with: a resolved connection and its client, the requests
    already sent, or the error that kept the connection from resolving."""

    options: ConnectionOptions
    connection: Connection | None = None
    client: RapidlyClient | None = None
    preloads: Preloads | None = None
    error: BaseException | None = field(default=None, repr=False)
