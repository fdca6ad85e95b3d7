"""Log in from the TUI: paste a token, check it against the API, store it.

The checking and storing are headless (rapidly_tui/auth/login.py: the token is checked
before it is stored, and stored exactly as ``rapidly-tui auth login`` stores it); this
screen asks for the token and says what happened. Storing runs in a thread because a
keyring may block for seconds. The token is never shown.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, ClassVar, Protocol, cast

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Button, Input, Static

from rapidly_tui import exitcodes
from rapidly_tui.widgets.errors import describe_error
from rapidly_tui.widgets.footer import Footer
from rapidly_tui.widgets.header import TopBar
from rapidly_tui.workers import run_async_worker

if TYPE_CHECKING:
    from rapidly_tui.auth.login import TokenLogin
    from rapidly_tui.connection import Connection


class LoginHost(Protocol):
    """What the login screen needs from the app."""

    @property
    def server_kind(self) -> str: ...

    @property
    def server_crumb(self) -> str: ...


class LoginScreen(Screen[None]):
    """No usable token: ask for one."""

    # Printable keys go to the token field, so quitting here is Escape.
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "app.quit", "Quit")]
    #: Quitting without a usable token is an authentication failure (README's table).
    exit_code = exitcodes.AUTH

    def __init__(
        self,
        login: TokenLogin,
        logged_in: Callable[[Connection], None],
        *,
        rejected: bool = False,
    ) -> None:
        super().__init__(id="login")
        self.login = login
        #: Called with the connection to use once the token is accepted and stored.
        self.logged_in = logged_in
        self.rejected = rejected
        self.status = Static("", id="login-status", markup=False)
        self.busy = False

    @property
    def host(self) -> LoginHost:
        return cast(LoginHost, self.app)

    def compose(self) -> ComposeResult:
        yield TopBar(self.host.server_kind, [self.host.server_crumb, "Log in"], widget_id="topbar")
        with Vertical(id="login-box", classes="dialog"):
            yield Static(Text("Log in to Rapidly", style="bold"), markup=False)
            intro = Text()
            if self.rejected:
                intro.append("The stored token was rejected (401).\n", style="bold red")
            intro.append(
                "Paste an access token (rapidly_oat_… workspace token or a user token). "
                "It is checked against the server, then stored in the OS keyring for this "
                "profile, like `rapidly-tui auth login`.\n"
                "Or quit and set RAPIDLY_ACCESS_TOKEN for this session.",
                style="dim",
            )
            yield Static(intro, markup=False)
            yield Input(password=True, placeholder="access token", id="token")
            yield Button("Log in", id="login-button", variant="primary")
            yield self.status
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one("#token", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._submit()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self._submit()

    def _submit(self) -> None:
        token = self.query_one("#token", Input).value.strip()
        if self.busy:
            return
        if not token:
            self.status.update(Text("Paste a token first.", style="yellow"))
            return
        self.busy = True
        self.status.update(Text("Checking the token…", style="dim"))
        run_async_worker(self, partial(self._login, token), group="login")

    async def _login(self, token: str) -> None:
        import asyncio

        try:
            seen = await self.login.verify(token)
        except Exception as error:
            self._failed(describe_error(error))
            return
        self.status.update(Text(f"Token accepted ({seen:,} workspaces). Storing it…", style="dim"))
        try:
            where = await asyncio.to_thread(self.login.store_token, token)
        except Exception as error:
            # A CredentialsError's message names the choices (env var, --insecure-storage).
            message = getattr(error, "message", None)
            text = Text("Could not store the token\n", style="bold red")
            text.append(message if isinstance(message, str) else type(error).__name__)
            self._failed(text)
            return
        self.notify(f"Logged in; token stored in {where}.", markup=False)
        self.busy = False
        self.logged_in(self.login.logged_in(token, "keyring"))

    def _failed(self, text: Text) -> None:
        self.busy = False
        self.status.update(text)

    @property
    def status_plain(self) -> str:
        rendered = self.status.render()
        return str(getattr(rendered, "plain", rendered))
