"""The Textual application: owns the connection and the client, pushes screens.

Kept small on purpose (tests/unit/test_module_sizes.py holds it under 250 lines): it
is what screens ask of it (the ``Host`` protocol in rapidly_tui/screens/base.py:
navigation, the clipboard, the unexpected-error modal) and little else. How it starts
(connect, route to the first screen, login, the message screens) is
rapidly_tui/startup.py; checking and storing a pasted token is rapidly_tui/auth/login.py.
Everything that may touch the API or a heavy import is imported inside functions.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Awaitable, Callable, Mapping
from datetime import date, datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual.app import App
from textual.binding import Binding, BindingType
from textual.command import Provider
from textual.reactive import Reactive
from textual.screen import ModalScreen, Screen

from rapidly_tui.clipboard import osc52
from rapidly_tui.preload import Preloads, Start
from rapidly_tui.screens.base import RapidlyScreen
from rapidly_tui.screens.startup import StartupScreen
from rapidly_tui.startup import Startup, notify_error
from rapidly_tui.themes import LIGHT_ANSI, ThemeMemory

if TYPE_CHECKING:
    from typing_extensions import Unpack

    from rapidly_tui.api.client import RapidlyClient
    from rapidly_tui.api.models import Customer, Workspace
    from rapidly_tui.connection import Connection, ConnectionOptions
    from rapidly_tui.startup import StartArgs

log = logging.getLogger("rapidly_tui.tui")
# Without --log, records go nowhere: never Python's last-resort printing to stderr,
# which would put a traceback under the TUI.
log.addHandler(logging.NullHandler())


CommandSource = type[Provider] | Callable[[], type[Provider]]


def _customer_provider() -> type[Provider]:
    from rapidly_tui.screens.palette import CustomerProvider

    return CustomerProvider


class RapidlyApp(App[int]):
    """rapidly-tui. Construct with ``options`` (as the CLI does) or a ready ``connection``
    (tests), and optionally a ``transport``/``client_factory`` to talk to the demo (the
    keyword arguments of start-up: rapidly_tui.startup.StartArgs)."""

    # Absolute, so that subclasses (tests, tools) in other directories find it.
    CSS_PATH = str(Path(__file__).with_name("app.tcss"))
    TITLE = "rapidly-tui"
    COMMANDS: ClassVar[set[CommandSource]] = {*App.COMMANDS, _customer_provider}
    # Textual declares this as an instance attribute, so no ClassVar here.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-medium"), (170, "-wide")]  # noqa: RUF012
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
        today: date | None = None,
        refresh_seconds: float | None = None,
        environ: Mapping[str, str] | None = None,
        pending_start: Awaitable[Start] | None = None,
        **start: Unpack[StartArgs],
    ) -> None:
        super().__init__()
        #: run_tui's start-up, when it was still resolving (a slow keyring) as the app
        #: started: the app paints at once and takes the result when it comes.
        self._pending_start = pending_start
        self._connection = connection
        self.starter = Startup(self, options=options, **start)
        self._today = today
        self.refresh_seconds = refresh_seconds
        self.environ: Mapping[str, str] = os.environ if environ is None else environ
        self._client: RapidlyClient | None = client
        #: Requests start-up sent before this app existed (see rapidly_tui/preload.py).
        self.preloads = preloads or Preloads()
        #: Workspaces seen so far, by id (breadcrumbs, dashboard URLs).
        self.workspaces: dict[str, Workspace] = {}
        self.copied: list[tuple[str, str]] = []
        self._themes = ThemeMemory()

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
        return "connecting" if self._connection is None else self._connection.kind

    @property
    def server_crumb(self) -> str:
        return "rapidly-tui" if self._connection is None else self._connection.crumb

    @property
    def today(self) -> date:
        return self._today or datetime.now(timezone.utc).date()

    def get_default_screen(self) -> Screen[Any]:
        return StartupScreen()

    def on_mount(self) -> None:
        if self.refresh_seconds:
            self.set_interval(self.refresh_seconds, self._tick_auto_refresh)
        pending, self._pending_start = self._pending_start, None
        self.starter.begin(self._connection, self._client, pending)

    def startup_finished(self) -> None:
        """The first data screen is painted (it says so): start-up is over."""
        self.starter.finished()

    def use_connection(self, connection: Connection, client: RapidlyClient | None) -> None:
        """Talk to ``connection`` with ``client`` from now on (start-up, a login)."""
        old, self._client, self._connection = self._client, client, connection
        if old is not None and old is not client:
            self.run_worker(old.aclose(), exit_on_error=False)
        overridden = self.no_color or any(v in self.environ for v in ("NO_COLOR", "TEXTUAL_THEME"))
        theme = self._themes.remembered(connection, overridden=overridden)
        if theme in self.available_themes:
            self.theme = theme

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
        """The workspace of the topmost screen on the stack that shows one."""
        known = (getattr(screen, "workspace_id", None) for screen in reversed(self.screen_stack))
        return next((workspace_id for workspace_id in known if workspace_id is not None), None)

    def open_customer(
        self, customer: Customer, *, fresh: bool = False, members_known: bool | None = None
    ) -> None:
        from rapidly_tui.screens.detail import CustomerDetailScreen

        if self.current_workspace_id() != customer.workspace_id:
            # Another workspace's customer (or the first screen): the detail is the base
            # ("overview ▸ customer", Escape opens the overview), for faster deep links.
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

    def action_lookup(self, initial: str = "") -> None:
        if self._client is None or isinstance(self.screen, ModalScreen):
            return
        from rapidly_tui.screens.modals import LookupModal

        self.push_screen(LookupModal(initial, workspace_id=self.current_workspace_id()))

    async def action_quit(self) -> None:
        """Quit (ctrl+q too) with the exit code of what kept the explorer from starting."""
        screens = [s for s in self.screen_stack if not isinstance(s, ModalScreen)]
        code = getattr(screens[-1], "exit_code", 0) if screens else 0
        code = code if isinstance(code, int) else 1
        self.exit(code, return_code=code)

    def action_help(self) -> None:
        if isinstance(self.screen, ModalScreen):
            return
        from rapidly_tui.screens.help import help_rows
        from rapidly_tui.screens.modals import HelpScreen

        self.push_screen(HelpScreen(help_rows(self), screen_name=type(self.screen).__name__))

    def _tick_auto_refresh(self) -> None:
        if isinstance(self.screen, RapidlyScreen):
            self.screen.action_refresh()

    def watch_theme(self, theme: str) -> None:
        """A theme chosen (command palette) is kept for the profile, for the next start."""
        try:  # a few hundred bytes, written once per choice
            self._themes.chosen(self._connection, theme)
        except Exception as error:
            notify_error(self, "The theme was not saved", error)

    def copy_to_clipboard(self, text: str) -> None:
        """OSC 52, plain: outside tmux it reaches the terminal (which may ignore it);
        inside tmux, tmux takes it when its ``set-clipboard`` is on. Textual's own copy
        (a selection) comes here too; :meth:`copy_text` also hands the text to tmux."""
        self._clipboard = text
        if self._driver is not None:
            self._driver.write(osc52(text))

    def copy_text(self, text: str, what: str) -> None:
        """Copy and say what actually happened (rapidly_tui/copying.py)."""
        from rapidly_tui.copying import copy_and_tell

        copy_and_tell(self, text, what)

    def show_unexpected(self, error: BaseException) -> None:
        """An unexpected exception in a load: a modal (one at a time), never a traceback."""
        from rapidly_tui.screens.modals import ErrorModal

        if not any(isinstance(screen, ErrorModal) for screen in self.screen_stack):
            self.push_screen(ErrorModal(error))

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

    def open_browser(
        self,
        resource: str,
        workspace_id: str,
        *,
        filters: Mapping[str, str] | None = None,
        search: str = "",
    ) -> None:
        """A workspace's list of ``resource`` (a spec's name or plural)."""
        from rapidly_tui.screens.browsers import browser_for

        self.push_screen(browser_for(resource, workspace_id, filters=filters, search=search))

    def open_resource(
        self, resource: str, item_or_id: object, *, workspace_id: str | None = None
    ) -> None:
        """The detail screen of one object (in hand, or its id; a customer: its own)."""
        from rapidly_tui.screens.opening import resource_screen

        screen = resource_screen(resource, item_or_id, workspace_id=workspace_id)
        if screen is not None:
            self.push_screen(screen)
        elif hasattr(item_or_id, "email"):
            self.open_customer(item_or_id)  # type: ignore[arg-type]
        else:
            self.action_lookup(str(getattr(item_or_id, "id", item_or_id) or ""))

    def open_webhooks(self, workspace_id: str) -> None:
        """A workspace's webhook endpoints, with their health (``:webhooks``)."""
        from rapidly_tui.screens.webhooks import WebhookEndpointsScreen

        self.push_screen(WebhookEndpointsScreen(workspace_id))
