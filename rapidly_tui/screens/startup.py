"""The first frame (painted before anything slow happens) and full-screen messages.

The startup screen imports nothing but Textual: the API client, pydantic and the
keyring are loaded in a thread while this screen is already on the terminal.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Center, Vertical
from textual.screen import Screen
from textual.widgets import Static

from rapidly_tui.screens.first_frame import keep_first_styles, width_classes
from rapidly_tui.widgets.footer import Footer
from rapidly_tui.widgets.header import TopBar
from rapidly_tui.widgets.panel import SPINNER


class StartupScreen(Screen[None]):
    """Shown at once, while the connection is resolved and the first data asked for."""

    def __init__(self) -> None:
        super().__init__(id="startup", classes=width_classes(self))
        self._frame = 0
        self.line = Static(Text("Connecting…", style="dim"), id="startup-status", markup=False)

    def compose(self) -> ComposeResult:
        yield TopBar("connecting", ["rapidly-tui"], widget_id="topbar")
        with Center(id="startup-box"):
            yield self.line
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        self._spinner = self.set_interval(0.125, self._tick)

    # This screen stays at the bottom of the stack. Ticking while covered would repaint
    # the screen on top eight times a second (~20 KB each over SSH) for nothing.
    def on_screen_suspend(self) -> None:
        self._spinner.pause()

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        keep_first_styles(self, event)
        self._spinner.resume()

    def set_status(self, message: str) -> None:
        self.line.update(Text(f"{SPINNER[self._frame]} {message}", style="dim"))
        self._message = message

    def _tick(self) -> None:
        self._frame = (self._frame + 1) % len(SPINNER)
        self.set_status(getattr(self, "_message", "Connecting…"))


class MessageScreen(Screen[None]):
    """A whole-screen explanation of why nothing else can be shown (no traceback)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "retry", "Retry", show=True),
        Binding("q", "quit_with_code", "Quit"),
    ]

    def __init__(
        self,
        title: str,
        body: Text,
        *,
        kind: str = "connecting",
        crumb: str = "rapidly-tui",
        retry: Callable[[], None] | None = None,
        exit_code: int = 0,
    ) -> None:
        super().__init__(classes="message-screen")
        self.title_text = title
        self.body = body
        self.kind = kind
        self.crumb = crumb
        self.retry = retry
        self.exit_code = exit_code

    def compose(self) -> ComposeResult:
        yield TopBar(self.kind, [self.crumb], widget_id="topbar")
        with Vertical(id="message-box"):
            yield Static(Text(self.title_text, style="bold"), id="message-title", markup=False)
            yield Static(self.body, id="message-body", markup=False)
        yield Footer(show_command_palette=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "retry":
            return self.retry is not None
        return True

    def action_retry(self) -> None:
        if self.retry is not None:
            self.app.pop_screen()
            self.retry()

    def action_quit_with_code(self) -> None:
        self.app.exit(self.exit_code, return_code=self.exit_code)

    @property
    def body_plain(self) -> str:
        return self.body.plain


# --- the messages start-up may end in ------------------------------------------------


def plain(value: object) -> Text:
    """Untrusted text (an error's message, a notice naming a workspace) for a message."""
    from rapidly_tui.text import untrusted

    return untrusted(value, max_chars=600, newlines=True)


def cannot_start(error: BaseException) -> MessageScreen:
    """The configuration or the credentials could not be read (before any request)."""
    from rapidly_tui.exitcodes import exit_code_for

    message = getattr(error, "message", None)
    body = Text()
    body.append_text(
        plain(
            message
            if isinstance(message, str)
            else f"{type(error).__name__} while reading the configuration."
        )
    )
    body.append(
        "\n\nFix the problem and start rapidly-tui again, or try `rapidly-tui --demo`.",
        style="italic",
    )
    return MessageScreen(
        str(getattr(error, "title", "Cannot start")), body, exit_code=exit_code_for(error)
    )


def no_workspace(kind: str, crumb: str, retry: Callable[[], None]) -> MessageScreen:
    return MessageScreen(
        "No workspace",
        Text("This token sees no workspace. Use a token of a workspace member."),
        kind=kind,
        crumb=crumb,
        retry=retry,
    )


def cannot_load_workspaces(
    error: BaseException, kind: str, crumb: str, retry: Callable[[], None]
) -> MessageScreen:
    from rapidly_tui.exitcodes import exit_code_for
    from rapidly_tui.widgets.errors import describe_error

    return MessageScreen(
        "Cannot load your workspaces",
        describe_error(error),
        kind=kind,
        crumb=crumb,
        retry=retry,
        # As the README's table says, for the TUI as for the commands.
        exit_code=exit_code_for(error),
    )


def env_token_rejected(kind: str, crumb: str) -> MessageScreen:
    """A new stored token would not win over the environment: say so instead of a login."""
    from rapidly_tui.widgets.errors import LOGIN_HINT

    body = Text("The server rejected the token in RAPIDLY_ACCESS_TOKEN.\n\n")
    body.append(LOGIN_HINT.replace("Log in again", "Set a valid token"), style="italic")
    return MessageScreen("Token rejected (401)", body, kind=kind, crumb=crumb, exit_code=3)
