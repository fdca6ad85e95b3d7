"""The Textual application: owns the connection and the client, pushes screens.

Kept small on purpose (screens coordinate, widgets display). Startup is ordered for
speed: the first frame is the startup screen, painted before anything slow; the
connection (config, keyring: up to ~3 s), the HTTP client and the API models are
loaded in a thread; then the first requests go out and the right screen is pushed.
Everything that may touch the API or a heavy import is imported inside functions.
"""

from __future__ import annotations

import gc
import logging
import os
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import replace
from datetime import date, datetime, timezone
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual.app import App
from textual.binding import Binding, BindingType
from textual.command import Provider
from textual.reactive import Reactive
from textual.screen import ModalScreen, Screen

from rapidly_tui.clipboard import fits_clipboard, in_tmux, osc52
from rapidly_tui.preload import (
    START_WORKSPACES,
    Preloads,
    Start,
    find_start,
    plain_start_workspace,
    workspace_of_customers,
)
from rapidly_tui.screens.startup import MessageScreen, StartupScreen
from rapidly_tui.themes import LIGHT_ANSI
from rapidly_tui.workers import run_async_worker

if TYPE_CHECKING:
    import httpx
    from textual.timer import Timer

    from rapidly_tui.api.client import RapidlyClient
    from rapidly_tui.api.models import Customer, Workspace
    from rapidly_tui.connection import Connection, ConnectionOptions

log = logging.getLogger("rapidly_tui.tui")
# Without --log, records go nowhere: never Python's last-resort printing to stderr,
# which would put a traceback under the TUI.
log.addHandler(logging.NullHandler())

#: How a copy by OSC 52 alone is reported: the terminal may or may not honour it, and
#: never says which.
OSC52_SENT = "the terminal's clipboard (OSC 52): your terminal decides"

ClientFactory = Callable[["Connection"], "RapidlyClient"]
TokenStore = Callable[..., str]


def _customer_provider() -> type[Provider]:
    from rapidly_tui.screens.palette import CustomerProvider

    return CustomerProvider


class RapidlyApp(App[int]):
    """rapidly-tui. Construct with ``options`` (as the CLI does) or a ready ``connection``
    (tests), and optionally a ``transport``/``client_factory`` to talk to the demo."""

    # Absolute, so that subclasses (tests, tools) in other directories find it.
    CSS_PATH = str(Path(__file__).with_name("app.tcss"))
    TITLE = "rapidly-tui"
    COMMANDS: ClassVar[set[type[Provider] | Callable[[], type[Provider]]]] = {
        *App.COMMANDS,
        _customer_provider,
    }
    # Textual declares this as an instance attribute, so no ClassVar here.
    HORIZONTAL_BREAKPOINTS = [  # noqa: RUF012
        (0, "-narrow"),
        (100, "-medium"),
        (170, "-wide"),
    ]
    #: Named colours stay readable on light themes (rapidly_tui/themes.py).
    ansi_theme_light = Reactive(LIGHT_ANSI, init=False)
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit"),
        Binding("question_mark", "help", "Help", key_display="?"),
        Binding("colon", "lookup", "Go to", key_display=":"),
        Binding("g", "lookup", "Go to", show=False),
    ]

    def __init__(
        self,
        options: ConnectionOptions | None = None,
        *,
        connection: Connection | None = None,
        client: RapidlyClient | None = None,
        preloads: Preloads | None = None,
        startup_error: BaseException | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        client_factory: ClientFactory | None = None,
        today: date | None = None,
        start_workspace: str | None = None,
        start_customer: str | None = None,
        refresh_seconds: float | None = None,
        token_store: TokenStore | None = None,
        environ: Mapping[str, str] | None = None,
        pending_start: Awaitable[Start] | None = None,
    ) -> None:
        super().__init__()
        #: run_tui's start-up, when it was still resolving (a slow keyring) as the app
        #: started: the app paints at once and takes the result when it comes.
        self._pending_start = pending_start
        self._options = options
        self._connection = connection
        self._transport = transport
        self._client_factory = client_factory
        self._today = today
        self.start_workspace = start_workspace
        self.start_customer = start_customer
        self.refresh_seconds = refresh_seconds
        self._gc_backstop: Timer | None = None
        self._token_store = token_store
        self.environ: Mapping[str, str] = os.environ if environ is None else environ
        self._client: RapidlyClient | None = client
        #: Requests start-up sent before this app existed (see rapidly_tui/preload.py).
        self.preloads = preloads or Preloads()
        self._startup_failure = startup_error
        #: Workspaces seen so far, by id (breadcrumbs, dashboard URLs).
        self.workspaces: dict[str, Workspace] = {}
        self.copied: list[tuple[str, str]] = []
        self._error_modal_open = False
        #: The profile's theme in config.toml, once the connection is known.
        self._saved_theme: str | None = None
        self._theme_known = False

    # --- what screens use (the Host protocol) -------------------------------------

    @property
    def client(self) -> RapidlyClient:
        if self._client is None:
            raise RuntimeError("no client before the connection is resolved")
        return self._client

    @property
    def connection(self) -> Connection:
        if self._connection is None:
            raise RuntimeError("the connection is not resolved yet")
        return self._connection

    @property
    def server_kind(self) -> str:
        connection = self._connection
        if connection is None:
            return "connecting"
        if connection.demo:
            return "demo"
        if connection.is_production:
            return "production"
        if connection.server_label == "sandbox":
            return "sandbox"
        return "self-hosted"

    @property
    def server_crumb(self) -> str:
        """The first breadcrumb: the server, and the profile when it is not the default."""
        connection = self._connection
        if connection is None:
            return "rapidly-tui"
        label = connection.server_label
        if connection.profile not in ("default", "demo"):
            return f"{connection.profile} @ {label}"
        return label

    @property
    def today(self) -> date:
        return self._today or datetime.now(timezone.utc).date()

    # --- startup ---------------------------------------------------------------------

    def get_default_screen(self) -> Screen[Any]:
        return StartupScreen()

    def on_mount(self) -> None:
        # Backstop for starts that never reach a data screen (login, errors).
        self._gc_backstop = self.set_timer(3.0, self.startup_finished)
        if self.refresh_seconds:
            self.set_interval(self.refresh_seconds, self._tick_auto_refresh)
        if self._pending_start is not None:
            self._status("Reading the credentials (the keyring is slow to answer)…")
            run_async_worker(self, self._finish_start, group="connect")
            return
        self._begin()

    async def _finish_start(self) -> None:
        pending, self._pending_start = self._pending_start, None
        if pending is None:
            return
        try:
            start = await pending
        except Exception as error:  # prepare() reports its own failures in Start.error
            start = None
            self._startup_failure = error
        if start is not None:
            self._options = start.options
            self._connection = start.connection
            self._client = start.client
            self.preloads = start.preloads or self.preloads
            self._startup_failure = start.error
        self._begin()

    def _begin(self) -> None:
        connection = self._connection
        if self._startup_failure is not None:
            self._connection_failed(self._startup_failure)
        elif connection is not None and (self._client is not None or not connection.token):
            # run_tui resolved the connection and built the client already.
            self._connected(connection, self._client)
        else:
            self.run_worker(self._connect, thread=True, group="connect", exit_on_error=False)

    def startup_finished(self) -> None:
        """Turn the cyclic garbage collector back on (run_tui turns it off for start-up).

        What start-up built lives as long as the app: frozen, later collections skip it.
        """
        if self._gc_backstop is not None:
            self._gc_backstop.stop()
        if not gc.isenabled():
            gc.freeze()
            gc.enable()

    def _connect(self) -> None:
        """In a thread: resolve the connection and build the client (slow imports)."""
        try:
            connection = self._connection or self._resolve()
            # Loaded here so that the event loop never pays for these imports.
            import rapidly_tui.api.lookup
            import rapidly_tui.screens.overview  # noqa: F401

            client = self._make_client(connection) if connection.token else None
        except Exception as error:
            self.call_from_thread(self._connection_failed, error)
            return
        self.call_from_thread(self._connected, connection, client)

    def _resolve(self) -> Connection:
        from rapidly_tui.connection import ConnectionOptions, resolve_connection

        return resolve_connection(self._options or ConnectionOptions())

    def _make_client(self, connection: Connection) -> RapidlyClient:
        if self._client_factory is not None:
            return self._client_factory(connection)
        if self._transport is not None:
            return connection.make_client(transport=self._transport)
        return connection.make_client()

    def _connection_failed(self, error: BaseException) -> None:
        message = getattr(error, "message", None)
        known = isinstance(message, str)
        if not known:
            log.error("resolving the connection failed", exc_info=error)
        body = Text()
        body.append_text(
            _plain(message if known else f"{type(error).__name__} while reading the configuration.")
        )
        body.append(
            "\n\nFix the problem and start rapidly-tui again, or try `rapidly-tui --demo`.",
            style="italic",
        )
        from rapidly_tui.exitcodes import exit_code_for

        self.push_screen(
            MessageScreen(
                str(getattr(error, "title", "Cannot start")),
                body,
                exit_code=exit_code_for(error),
            )
        )

    def _connected(self, connection: Connection, client: RapidlyClient | None) -> None:
        self._connection = connection
        self._client = client
        self._use_remembered_theme(connection)
        self._refresh_topbars()
        if client is None:
            self._show_login(None)
            return
        self._route()

    def _refresh_topbars(self) -> None:
        from rapidly_tui.widgets.header import TopBar

        for screen in self.screen_stack:
            for bar in screen.query(TopBar):
                bar.set_kind(self.server_kind)

    def _status(self, message: str) -> None:
        startup = self.screen_stack[0]
        if isinstance(startup, StartupScreen):
            startup.set_status(message)

    def _route(self) -> None:
        self._status(f"Loading from {self.connection.server_label}…")
        run_async_worker(self, self._route_worker, group="route")

    async def _route_worker(self) -> None:
        """Decide the first screen: deep link, the default workspace, or the picker."""
        from rapidly_tui.api import errors

        try:
            target = await find_start(
                self.client,
                self.preloads,
                workspace_ref=self.start_workspace,
                customer_ref=self.start_customer,
                default_workspace=self.connection.default_workspace,
            )
            for subject, problem in target.problems:
                self._notify_error(subject, problem)
            for notice in target.notices:
                self._notify_notice(notice)
            workspace, customer = target.workspace, target.customer
            if customer is not None:
                if workspace is not None:
                    self.workspaces[workspace.id] = workspace
                self.open_customer(customer, fresh=True)
                return
            if workspace is not None or target.workspace_id is not None:
                self.open_workspace(workspace or target.workspace_id or "")
                return
            try:
                page = await self.preloads.or_fetch(START_WORKSPACES, self.client.list_workspaces)()
            except errors.Forbidden as error:
                # Degrade, don't stop: a token that reads customers still gets an overview.
                workspace_id, notice = await workspace_of_customers(self.client, error)
                self._notify_notice(notice)
                self.open_workspace(workspace_id)
                return
        except errors.Unauthorized as error:
            self._show_login(error)
            return
        except Exception as error:
            self._startup_error(error)
            return
        chosen = plain_start_workspace(page, self.preloads.remembered_workspace)
        if chosen is not None:
            self.open_workspace(chosen)
        elif not page.data:
            self.push_screen(
                MessageScreen(
                    "No workspace",
                    Text("This token sees no workspace. Use a token of a workspace member."),
                    kind=self.server_kind,
                    crumb=self.server_crumb,
                    retry=self._route,
                )
            )
        else:
            self.open_picker(list(page.data), total=page.meta.total)

    def _startup_error(self, error: BaseException) -> None:
        from rapidly_tui.api.errors import RapidlyError
        from rapidly_tui.exitcodes import exit_code_for
        from rapidly_tui.widgets.errors import describe_error

        if not isinstance(error, RapidlyError):
            log.error("starting up failed", exc_info=error)
        self.push_screen(
            MessageScreen(
                "Cannot load your workspaces",
                describe_error(error),
                kind=self.server_kind,
                crumb=self.server_crumb,
                retry=self._route,
                # As the README's table says, for the TUI as for the commands.
                exit_code=exit_code_for(error),
            )
        )

    def _show_login(self, error: BaseException | None) -> None:
        from rapidly_tui.widgets.errors import LOGIN_HINT

        connection = self.connection
        if connection.token_source == "env":  # noqa: S105 - a source name, not a secret
            # A new stored token would not win over the environment: say so instead.
            body = Text("The server rejected the token in RAPIDLY_ACCESS_TOKEN.\n\n")
            body.append(LOGIN_HINT.replace("Log in again", "Set a valid token"), style="italic")
            self.push_screen(
                MessageScreen(
                    "Token rejected (401)",
                    body,
                    kind=self.server_kind,
                    crumb=self.server_crumb,
                    exit_code=3,
                )
            )
            return
        from rapidly_tui.screens.login import LoginScreen

        self.push_screen(LoginScreen(rejected=error is not None))

    # --- login (called by the login screen) --------------------------------------

    async def verify_token(self, token: str) -> int:
        """Check ``token`` against the API; returns how many workspaces it sees."""
        candidate = replace(self.connection, token=token, token_source="login")  # noqa: S106
        client = self._make_client(candidate)
        try:
            page = await client.list_workspaces(limit=100)
        finally:
            await client.aclose()
        return page.meta.total

    def store_token(self, token: str) -> str:
        """Blocking (keyring): store the token for the profile; returns where."""
        if self._token_store is not None:
            return self._token_store(token, profile=self.connection.profile)
        from rapidly_tui.auth import store_token

        return store_token(
            token,
            profile=self.connection.profile,
            insecure_storage=bool(getattr(self.connection, "insecure_storage", False))
            or bool(self._options and self._options.insecure_storage),
        )

    def logged_in(self, token: str, source: str) -> None:
        connection = replace(self.connection, token=token, token_source=source)
        old = self._client
        self._connection = connection
        self._client = self._make_client(connection)
        if old is not None:
            self.run_worker(old.aclose(), exit_on_error=False)
        while len(self.screen_stack) > 1:
            self.pop_screen()
        self._route()

    # --- navigation (called by screens) -------------------------------------------

    def _reset_stack(self) -> None:
        while len(self.screen_stack) > 1:
            self.pop_screen()

    def open_workspace(self, workspace: Workspace | str) -> None:
        """Show a workspace's overview as the first screen (the stack is reset)."""
        from rapidly_tui.screens.overview import OverviewScreen

        if not isinstance(workspace, str):
            self.workspaces[workspace.id] = workspace
        self._reset_stack()
        self.push_screen(OverviewScreen(workspace))
        # A plain start next time sends this overview's requests with the workspace list.
        self.preloads.workspace_opened(workspace if isinstance(workspace, str) else workspace.id)

    def current_workspace_id(self) -> str | None:
        """The workspace of the screens on the stack (the overview, or a root detail)."""
        from rapidly_tui.screens.detail import CustomerDetailScreen
        from rapidly_tui.screens.overview import OverviewScreen

        for screen in self.screen_stack:
            if isinstance(screen, OverviewScreen):
                return screen.workspace_id
            if isinstance(screen, CustomerDetailScreen):
                return screen.customer.workspace_id
        return None

    def open_customer(
        self, customer: Customer, *, fresh: bool = False, members_known: bool | None = None
    ) -> None:
        from rapidly_tui.screens.detail import CustomerDetailScreen

        if self.current_workspace_id() != customer.workspace_id:
            # A customer of another workspace (or the first screen): the detail becomes
            # the base, standing for "overview ▸ customer"; Escape opens the overview
            # then. Not building the overview underneath makes deep links faster.
            self._reset_stack()
        self.push_screen(CustomerDetailScreen(customer, fresh=fresh, members_known=members_known))

    def open_customers(self, workspace_id: str, *, search: str = "") -> None:
        from rapidly_tui.screens.customers import CustomersScreen

        self.push_screen(CustomersScreen(workspace_id, search=search))

    def open_picker(
        self, workspaces: list[Workspace] | None = None, total: int | None = None
    ) -> None:
        from rapidly_tui.screens.picker import WorkspacePickerScreen

        self.push_screen(WorkspacePickerScreen(workspaces, total=total))

    # --- actions ---------------------------------------------------------------------

    def action_lookup(self, initial: str = "") -> None:
        if self._client is None or isinstance(self.screen, ModalScreen):
            return
        from rapidly_tui.screens.modals import LookupModal

        self.push_screen(LookupModal(initial, workspace_id=self.current_workspace_id()))

    async def action_quit(self) -> None:
        """Quit with the exit code of what kept the explorer from starting (a message
        screen, the login screen: see the README's table), else 0; ctrl+q included."""
        screens = [s for s in self.screen_stack if not isinstance(s, ModalScreen)]
        code = getattr(screens[-1], "exit_code", 0) if screens else 0
        code = code if isinstance(code, int) else 1
        self.exit(code, return_code=code)

    def action_help(self) -> None:
        if isinstance(self.screen, ModalScreen):
            return
        from rapidly_tui.screens.modals import HelpScreen

        rows: list[tuple[str, str]] = []
        seen: set[str] = set()
        for key, active in self.active_bindings.items():
            binding = active.binding
            # The keys shown in the footer, i.e. the ones this screen adds (not the
            # scrolling/editing keys every widget has).
            if not binding.show or not binding.description or not active.enabled:
                continue
            display = binding.key_display or self.get_key_display(binding) or key
            if display not in seen:
                seen.add(display)
                rows.append((display, binding.description))
        rows.extend(
            row
            for row in (
                ("g", "Go to (same as :)"),
                ("enter", "Open the row under the cursor"),
                ("home / end", "First / last row of a table"),
                ("tab / shift+tab", "Next / previous panel: " + _focus_order(self.screen)),
                ("ctrl+p", "Command palette: find a customer"),
                ("ctrl+q", "Quit"),
            )
            if row[0] not in seen
        )
        self.push_screen(HelpScreen(rows, screen_name=type(self.screen).__name__))

    def _tick_auto_refresh(self) -> None:
        from rapidly_tui.screens.base import RapidlyScreen

        screen = self.screen
        if isinstance(screen, RapidlyScreen):
            screen.action_refresh()

    # --- the remembered theme --------------------------------------------------------

    def _use_remembered_theme(self, connection: Connection) -> None:
        """The profile's theme, unless NO_COLOR or TEXTUAL_THEME decides this start."""
        if self._theme_known:
            return
        config = connection.config
        theme = config.profile(connection.profile).theme if config is not None else None
        self._saved_theme, self._theme_known = theme, True
        overridden = self.no_color or any(
            name in self.environ for name in ("NO_COLOR", "TEXTUAL_THEME")
        )
        if theme in self.available_themes and not overridden:
            self.theme = theme

    def watch_theme(self, theme: str) -> None:
        """A theme chosen (command palette) is kept for the profile, for the next start.
        Not for the demo, which has no config file."""
        connection = self._connection
        config = connection.config if connection is not None else None
        if connection is None or config is None or not self._theme_known:
            return
        if theme == self._saved_theme:
            return
        from rapidly_tui.config import save_theme

        self._saved_theme = theme
        try:  # a few hundred bytes, written once per choice
            save_theme(config.path, connection.profile, theme)
        except Exception as error:
            self._notify_error("The theme was not saved", error)

    # --- clipboard, errors -----------------------------------------------------------

    def copy_to_clipboard(self, text: str) -> None:
        """OSC 52, plain: outside tmux it reaches the terminal (which may ignore it);
        inside tmux, tmux takes it when its ``set-clipboard`` is on. Textual's own copy
        (a selection) comes here too; :meth:`copy_text` also hands the text to tmux."""
        self._clipboard = text
        if self._driver is not None:
            self._driver.write(osc52(text))

    def copy_text(self, text: str, what: str) -> None:
        """Copy and say what actually happened (never the value: it may be long or
        hostile). Inside tmux the message waits for tmux's answer."""
        if not fits_clipboard(text):
            self.notify(f"The {what} is too large to copy.", severity="warning", markup=False)
            return
        self.copy_to_clipboard(text)
        self.copied.append((what, text))
        if in_tmux(self.environ):
            run_async_worker(
                self, partial(self._copy_to_tmux, text, what), group="copy", exclusive=False
            )
        else:
            self.notify(f"Sent the {what} to {OSC52_SENT}", markup=False)

    async def _copy_to_tmux(self, text: str, what: str) -> None:
        from rapidly_tui.clipboard import tmux_load_buffer
        from rapidly_tui.text import neutralize

        try:
            problem = await tmux_load_buffer(text, self.environ)
        except Exception as error:  # never a copy without a message
            log.error("tmux load-buffer failed", exc_info=error)
            problem = f"tmux failed ({type(error).__name__})"
        if problem is None:
            self.notify(f"Copied the {what} to tmux's buffer", markup=False)
            return
        self.notify(
            f"{neutralize(problem, max_chars=200)}. Sent the {what} to {OSC52_SENT}",
            severity="warning",
            markup=False,
            timeout=8,
        )

    def _notify_notice(self, notice: str) -> None:
        self.notify(_plain(notice).plain, severity="warning", markup=False, timeout=12)

    def _notify_error(self, subject: str, error: BaseException) -> None:
        from rapidly_tui.widgets.errors import error_title

        message = getattr(error, "message", type(error).__name__)
        self.notify(
            _plain(f"{subject}: {message}").plain,
            title=error_title(error),
            severity="error",
            markup=False,
            timeout=8,
        )

    def show_unexpected(self, error: BaseException) -> None:
        """An unexpected exception in a load: a modal, never a traceback."""
        if self._error_modal_open:
            return
        from rapidly_tui.screens.modals import ErrorModal

        self._error_modal_open = True

        def closed(_: None) -> None:
            self._error_modal_open = False

        self.push_screen(ErrorModal(error), closed)

    def _fatal_error(self) -> None:
        """A bug escaped every handler: exit with one line, never a traceback on screen."""
        import sys

        error = sys.exc_info()[1] or self._exception
        log.critical("unexpected error", exc_info=error)
        self.bell()
        self._exit_renderables.append(
            Text(
                f"rapidly-tui stopped on an unexpected error ({type(error).__name__}). "
                "Run with --log FILE to record the details."
            )
        )
        self._close_messages_no_wait()

    async def on_unmount(self) -> None:
        self.preloads.cancel()
        if self._client is not None:
            await self._client.aclose()


def _plain(value: object) -> Text:
    from rapidly_tui.text import untrusted

    return untrusted(value, max_chars=600, newlines=True)


def _focus_order(screen: Screen[Any]) -> str:
    """Where Tab goes on ``screen``, in order: panel titles (the page itself scrolls)."""
    from rapidly_tui.widgets.panel import Panel

    names = []
    for widget in screen.focus_chain:
        panel = widget.parent
        if isinstance(panel, Panel):
            names.append(panel.title)
        elif widget.id in ("overview-scroll", "detail-sections"):
            names.append("the page (scrolls)")
    return " → ".join(names) or "nothing here"
