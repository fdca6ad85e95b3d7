"""Small screens on top of the others: lookup, help, copy menu, JSON, errors."""

from __future__ import annotations

import json
from functools import partial
from typing import TYPE_CHECKING, Any, ClassVar, cast

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from rapidly_tui.text import untrusted
from rapidly_tui.widgets.errors import describe_error
from rapidly_tui.workers import run_async_worker

if TYPE_CHECKING:
    from rapidly_tui.api.models import Customer
    from rapidly_tui.screens.base import Host


class LookupModal(ModalScreen[None]):
    """``:`` / ``g``: paste an id, an email or an external id and go there."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "close", "Close")]

    def __init__(self, initial: str = "", *, workspace_id: str | None = None) -> None:
        super().__init__(classes="modal")
        self.initial = initial
        self.workspace_id = workspace_id
        self.status = Static("", id="lookup-status", markup=False)

    def compose(self) -> ComposeResult:
        with Vertical(id="lookup-box", classes="dialog"):
            yield Static(Text("Go to a customer", style="bold"), markup=False)
            yield Static(
                Text(
                    "A customer id (UUID), an email (has @) or an external id. Enter to go.",
                    style="dim",
                ),
                markup=False,
            )
            yield Input(self.initial, placeholder="id, email or external id", id="lookup-input")
            yield self.status

    def on_mount(self) -> None:
        self.query_one(Input).focus()
        if self.initial.strip():
            self._start(self.initial.strip())

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        ref = event.value.strip()
        if ref:
            self._start(ref)

    def _start(self, ref: str) -> None:
        self.status.update(Text("Looking up…", style="dim"))
        run_async_worker(self, partial(self._find, ref), group="lookup")

    async def _find(self, ref: str) -> None:
        from rapidly_tui.api.errors import RapidlyError
        from rapidly_tui.api.lookup import find_customer

        host = cast("Host", self.app)
        try:
            customer = await find_customer(host.client, ref)
        except RapidlyError as error:
            self.status.update(describe_error(error))
            return
        except Exception as error:
            self.status.update(describe_error(error))
            host.show_unexpected(error)
            return
        self._found(customer)

    def _found(self, customer: Customer) -> None:
        host = cast("Host", self.app)
        self.dismiss(None)
        host.open_customer(customer, fresh=True)

    @property
    def status_plain(self) -> str:
        rendered = self.status.render()
        return str(getattr(rendered, "plain", rendered))

    def action_close(self) -> None:
        self.dismiss(None)


class HelpScreen(ModalScreen[None]):
    """``?``: the keys in effect on the screen below, and what the copy menu offers."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close"),
        Binding("question_mark", "close", "Close", show=False),
        Binding("q", "close", "Close", show=False),
    ]

    def __init__(self, keys: list[tuple[str, str]], *, screen_name: str = "") -> None:
        super().__init__(classes="modal")
        self.keys = keys
        self.screen_name = screen_name

    def compose(self) -> ComposeResult:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        for key, description in self.keys:
            table.add_row(Text(key), Text(description))
        notes = Text(
            "\nCopy menu (y on a customer): i id · e email · x external id · j JSON ·"
            " u dashboard URL.\n"
            "Go to (: or g): a UUID is an id, a value with @ an email, anything else an"
            " external id.\n"
            "Dashboard (o): opens a browser only where a graphical one can run; over SSH the"
            " URL is shown and copied. Demo and self-hosted servers have no known dashboard.\n"
            "Times are UTC. Copying inside tmux puts the value in tmux's buffer (prefix ] pastes"
            " it); everywhere it is also sent by OSC 52, which your terminal may or may not"
            " honour. The message after a copy says which happened.",
            style="dim",
        )
        with VerticalScroll(id="help-box", classes="dialog"):
            yield Static(Text("Keys on this screen", style="bold"), markup=False)
            yield Static(table, id="help-keys")
            yield Static(notes, markup=False)

    @property
    def keys_plain(self) -> list[str]:
        return [f"{key} {description}" for key, description in self.keys]

    def action_close(self) -> None:
        self.dismiss(None)


class CopyMenu(ModalScreen[str | None]):
    """``y``: choose what to copy. Labels only: the values are never shown here."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "close", "Close")]

    def __init__(self, choices: list[tuple[str, str]]) -> None:
        super().__init__(classes="modal")
        self.choices = choices

    def compose(self) -> ComposeResult:
        with Vertical(id="copy-box", classes="dialog"):
            yield Static(Text("Copy to the clipboard", style="bold"), markup=False)
            yield OptionList(
                *(Option(Text(f"{key}  {what}"), id=key) for key, what in self.choices),
                id="copy-options",
            )

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_key(self, event: Any) -> None:
        for key, _ in self.choices:
            if event.key == key:
                event.stop()
                self.dismiss(key)
                return

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_close(self) -> None:
        self.dismiss(None)


class JsonModal(ModalScreen[None]):
    """A row's raw JSON (payments, events, webhook deliveries), neutralised."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close"),
        Binding("y", "copy", "Copy JSON"),
    ]

    def __init__(self, title: str, data: Any) -> None:
        super().__init__(classes="modal")
        self.title_text = title
        self.json_text = json.dumps(data, indent=2, ensure_ascii=False, default=str)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="json-box", classes="dialog"):
            yield Static(Text(self.title_text, style="bold"), markup=False)
            yield Static(untrusted(self.json_text, newlines=True, max_chars=200_000), markup=False)

    def action_copy(self) -> None:
        cast("Host", self.app).copy_text(self.json_text, f"{self.title_text.lower()} JSON")

    def action_close(self) -> None:
        self.dismiss(None)


class ErrorModal(ModalScreen[None]):
    """An unexpected error, explained without a traceback; the app keeps running."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close"),
        Binding("enter", "close", "Close", show=False),
    ]

    def __init__(self, error: BaseException) -> None:
        super().__init__(classes="modal")
        self.error = error

    def compose(self) -> ComposeResult:
        with Vertical(id="error-box", classes="dialog"):
            yield Static(Text("Something went wrong", style="bold"), markup=False)
            yield Static(describe_error(self.error), markup=False)
            yield Static(
                Text("The app is still running. Escape closes this.", style="dim"),
                markup=False,
            )

    def action_close(self) -> None:
        self.dismiss(None)
