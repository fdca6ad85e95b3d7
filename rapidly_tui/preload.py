"""Requests sent before the screens exist, to hide start-up behind the network.

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
from datetime import date
from typing import TYPE_CHECKING, Any, TypeVar

from rapidly_tui.loads import detail_requests, detail_scope, overview_requests, overview_scope

if TYPE_CHECKING:
    from rapidly_tui.api.client import RapidlyClient
    from rapidly_tui.api.models import Customer, Page, Workspace

ResultT = TypeVar("ResultT")

START_WORKSPACE = "start:workspace"
START_CUSTOMER = "start:customer"
START_WORKSPACES = "start:workspaces"


class Preloads:
    """Requests already under way, each handed out once, by key."""

    def __init__(self) -> None:
        self._tasks: dict[str, asyncio.Future[Any]] = {}

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
) -> None:
    """Start what the first screen will need, mirroring how the app routes:
    ``--customer`` opens its detail, ``--workspace`` (or the profile's default) its
    overview, neither the workspace list (an overview if there is only one)."""
    from rapidly_tui.api.lookup import find_customer, find_workspace

    if workspace_ref is None and customer_ref is None:
        workspace_ref = default_workspace

    if customer_ref:

        async def customer_then_detail() -> Customer:
            customer = await find_customer(client, customer_ref)
            requests = detail_requests(client, customer)
            # The lookup returned the customer with its members: no need to fetch it again.
            requests.pop("customer")
            preloads.start_scope(detail_scope(customer.id), requests)
            return customer

        preloads.start(START_CUSTOMER, customer_then_detail)
        if workspace_ref:
            preloads.start(START_WORKSPACE, lambda: find_workspace(client, workspace_ref))
        return

    if workspace_ref:

        async def workspace_then_overview() -> Workspace:
            workspace = await find_workspace(client, workspace_ref)
            _preload_overview(preloads, client, workspace.id, today)
            return workspace

        preloads.start(START_WORKSPACE, workspace_then_overview)
        return

    async def workspaces_then_overview() -> Page[Workspace]:
        page = await client.list_workspaces()
        if len(page.data) == 1:
            _preload_overview(preloads, client, page.data[0].id, today)
        return page

    preloads.start(START_WORKSPACES, workspaces_then_overview)


def _preload_overview(
    preloads: Preloads, client: RapidlyClient, workspace_id: str, today: date
) -> None:
    requests = overview_requests(client, workspace_id, today)
    # The overview is opened with the workspace in hand: no need to fetch it again.
    requests.pop("workspace")
    preloads.start_scope(overview_scope(workspace_id), requests)
