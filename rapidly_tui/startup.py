"""How the explorer gets from its first frame to its first data screen.

The App hands its start to :class:`Startup`, which never imports the App (it asks
for what it needs through :class:`StartHost`, as screens do through ``Host``).
Ordered for speed: the first frame is the startup screen, painted before anything
slow; the connection (config, keyring: up to ~3 s), the HTTP client and the API
models are loaded in a thread; then the first requests go out (or were sent already
by run_tui, see rapidly_tui/preload.py) and the right screen is pushed: a deep
link's customer or workspace, the default workspace, the picker; or the login
screen, or a message saying why nothing else can be shown.
"""

from __future__ import annotations

import gc
import logging
from collections.abc import Awaitable
from functools import partial
from typing import TYPE_CHECKING, Any, Protocol, TypedDict, cast

from rapidly_tui.preload import (
    START_WORKSPACES,
    Start,
    find_start,
    plain_start_workspace,
    workspace_of_customers,
)
from rapidly_tui.screens import startup as messages
from rapidly_tui.screens.base import Host
from rapidly_tui.workers import run_async_worker

if TYPE_CHECKING:
    import httpx
    from textual.app import App
    from textual.timer import Timer

    from rapidly_tui.api.client import RapidlyClient
    from rapidly_tui.api.models import Workspace
    from rapidly_tui.auth.login import ClientFactory, TokenStore
    from rapidly_tui.connection import Connection, ConnectionOptions
    from rapidly_tui.preload import Preloads

log = logging.getLogger("rapidly_tui.tui")


class StartArgs(TypedDict, total=False):
    """The App's keyword arguments that only start-up uses (handed to :class:`Startup`)."""

    #: What went wrong while run_tui resolved the connection (shown as a message).
    startup_error: BaseException | None
    #: Talk to this transport (the demo) rather than the network.
    transport: httpx.AsyncBaseTransport | None
    #: Build clients with this (tests: the demo with faults).
    client_factory: ClientFactory | None
    #: Store logged-in tokens with this rather than the keyring (tests).
    token_store: TokenStore | None
    #: The deep link on the command line (--workspace, --customer).
    start_workspace: str | None
    start_customer: str | None


class StartHost(Host, Protocol):
    """What start-up needs from the App besides what screens need (and its being a
    Textual App)."""

    preloads: Preloads  # start-up hands over what it sent before the App existed

    def use_connection(self, connection: Connection, client: RapidlyClient | None) -> None: ...

    def open_picker(
        self, workspaces: list[Workspace] | None = None, total: int | None = None
    ) -> None: ...


class Startup:
    """The App's start: connect, then route to the first screen (and again after a
    login, or when a message screen's Retry is pressed)."""

    def __init__(
        self,
        app: App[Any],
        *,
        options: ConnectionOptions | None = None,
        startup_error: BaseException | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        client_factory: ClientFactory | None = None,
        token_store: TokenStore | None = None,
        start_workspace: str | None = None,
        start_customer: str | None = None,
    ) -> None:
        self.app = app
        self.options = options
        self.failure = startup_error
        self._transport = transport
        self._client_factory = client_factory
        self._token_store = token_store
        self.workspace_ref = start_workspace
        self.customer_ref = start_customer
        self._gc_backstop: Timer | None = None

    @property
    def host(self) -> StartHost:
        return cast(StartHost, self.app)

    def begin(
        self,
        connection: Connection | None,
        client: RapidlyClient | None,
        pending: Awaitable[Start] | None = None,
    ) -> None:
        """Start with what run_tui resolved; ``pending``: its start-up, when it was
        still resolving (a slow keyring) as the app started. The app paints at once
        and takes the result when it comes."""
        # Backstop for starts that never reach a data screen (login, errors).
        self._gc_backstop = self.app.set_timer(3.0, self.finished)
        if pending is not None:
            self.status("Reading the credentials (the keyring is slow to answer)…")
            finish = partial(self._finish_start, pending, connection, client)
            run_async_worker(self.app, finish, group="connect")
            return
        self._begin(connection, client)

    def finished(self) -> None:
        """Turn the cyclic garbage collector back on (run_tui turns it off for start-up).

        What start-up built lives as long as the app: frozen, later collections skip it.
        """
        if self._gc_backstop is not None:
            self._gc_backstop.stop()
        if not gc.isenabled():
            gc.freeze()
            gc.enable()

    async def _finish_start(
        self,
        pending: Awaitable[Start],
        connection: Connection | None,
        client: RapidlyClient | None,
    ) -> None:
        try:
            start = await pending
        except Exception as error:  # prepare() reports its own failures in Start.error
            start = None
            self.failure = error
        if start is not None:
            self.options = start.options
            connection, client = start.connection, start.client
            self.host.preloads = start.preloads or self.host.preloads
            self.failure = start.error
        self._begin(connection, client)

    def _begin(self, connection: Connection | None, client: RapidlyClient | None) -> None:
        if self.failure is not None:
            self._connection_failed(self.failure)
        elif connection is not None and (client is not None or not connection.token):
            # run_tui resolved the connection and built the client already.
            self._connected(connection, client)
        else:
            connect = partial(self._connect, connection)
            self.app.run_worker(connect, thread=True, group="connect", exit_on_error=False)

    def _connect(self, connection: Connection | None) -> None:
        """In a thread: resolve the connection and build the client (slow imports)."""
        try:
            connection = connection or self._resolve()
            # Loaded here so that the event loop never pays for these imports.
            import rapidly_tui.api.lookup
            import rapidly_tui.screens.overview  # noqa: F401

            client = self.make_client(connection) if connection.token else None
        except Exception as error:
            self.app.call_from_thread(self._connection_failed, error)
            return
        self.app.call_from_thread(self._connected, connection, client)

    def _resolve(self) -> Connection:
        from rapidly_tui.connection import ConnectionOptions, resolve_connection

        return resolve_connection(self.options or ConnectionOptions())

    def make_client(self, connection: Connection) -> RapidlyClient:
        if self._client_factory is not None:
            return self._client_factory(connection)
        if self._transport is not None:
            return connection.make_client(transport=self._transport)
        return connection.make_client()

    def _connection_failed(self, error: BaseException) -> None:
        if not isinstance(getattr(error, "message", None), str):
            log.error("resolving the connection failed", exc_info=error)
        self.app.push_screen(messages.cannot_start(error))

    def _connected(self, connection: Connection, client: RapidlyClient | None) -> None:
        self.host.use_connection(connection, client)
        self._refresh_topbars()
        if client is None:
            self.show_login(None)
            return
        self.route()

    def _refresh_topbars(self) -> None:
        from rapidly_tui.widgets.header import TopBar

        for screen in self.app.screen_stack:
            for bar in screen.query(TopBar):
                bar.set_kind(self.host.server_kind)

    def status(self, message: str) -> None:
        """Say on the startup screen what start-up waits for."""
        startup = self.app.screen_stack[0]
        if isinstance(startup, messages.StartupScreen):
            startup.set_status(message)

    def route(self) -> None:
        self.status(f"Loading from {self.host.connection.server_label}…")
        run_async_worker(self.app, self._route_worker, group="route")

    async def _route_worker(self) -> None:
        """Decide the first screen: deep link, the default workspace, or the picker."""
        from rapidly_tui.api import errors

        host = self.host
        try:
            target = await find_start(
                host.client,
                host.preloads,
                workspace_ref=self.workspace_ref,
                customer_ref=self.customer_ref,
                default_workspace=host.connection.default_workspace,
            )
            for subject, problem in target.problems:
                notify_error(self.app, subject, problem)
            for notice in target.notices:
                notify_notice(self.app, notice)
            workspace, customer = target.workspace, target.customer
            if customer is not None:
                if workspace is not None:
                    host.workspaces[workspace.id] = workspace
                host.open_customer(customer, fresh=True)
                return
            if workspace is not None or target.workspace_id is not None:
                host.open_workspace(workspace or target.workspace_id or "")
                return
            try:
                page = await host.preloads.or_fetch(START_WORKSPACES, host.client.list_workspaces)()
            except errors.Forbidden as error:
                # Degrade, don't stop: a token that reads customers still gets an overview.
                workspace_id, notice = await workspace_of_customers(host.client, error)
                notify_notice(self.app, notice)
                host.open_workspace(workspace_id)
                return
        except errors.Unauthorized as error:
            self.show_login(error)
            return
        except Exception as error:
            self._startup_error(error)
            return
        chosen = plain_start_workspace(page, host.preloads.remembered_workspace)
        if chosen is not None:
            host.open_workspace(chosen)
        elif not page.data:
            self.app.push_screen(
                messages.no_workspace(host.server_kind, host.server_crumb, self.route)
            )
        else:
            host.open_picker(list(page.data), total=page.meta.total)

    def _startup_error(self, error: BaseException) -> None:
        from rapidly_tui.api.errors import RapidlyError

        if not isinstance(error, RapidlyError):
            log.error("starting up failed", exc_info=error)
        host = self.host
        self.app.push_screen(
            messages.cannot_load_workspaces(error, host.server_kind, host.server_crumb, self.route)
        )

    def show_login(self, error: BaseException | None) -> None:
        """No usable token: the login screen (a message when the token is the
        environment's, which a stored token would not replace)."""
        host = self.host
        connection = host.connection
        if connection.token_source == "env":  # noqa: S105 - a source name, not a secret
            self.app.push_screen(messages.env_token_rejected(host.server_kind, host.server_crumb))
            return
        from rapidly_tui.auth.login import TokenLogin
        from rapidly_tui.screens.login import LoginScreen

        login = TokenLogin(
            connection,
            self.make_client,
            self._token_store,
            insecure_storage=bool(self.options and self.options.insecure_storage),
        )
        self.app.push_screen(LoginScreen(login, self.logged_in, rejected=error is not None))

    def logged_in(self, connection: Connection) -> None:
        """A token was accepted and stored: start again with it."""
        self.host.use_connection(connection, self.make_client(connection))
        while len(self.app.screen_stack) > 1:
            self.app.pop_screen()
        self.route()


def notify_notice(app: App[Any], notice: str) -> None:
    """Something start-up worked around (a deep link's second match...): a toast."""
    app.notify(messages.plain(notice).plain, severity="warning", markup=False, timeout=12)


def notify_error(app: App[Any], subject: str, error: BaseException) -> None:
    """A failure that does not stop the explorer: a toast with the error's title."""
    from rapidly_tui.widgets.errors import error_title

    message = getattr(error, "message", type(error).__name__)
    app.notify(
        messages.plain(f"{subject}: {message}").plain,
        title=error_title(error),
        severity="error",
        markup=False,
        timeout=8,
    )
