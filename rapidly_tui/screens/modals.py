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
from textual.widgets import Button, Input, OptionList, Static
from textual.widgets.option_list import Option

from rapidly_tui.text import neutralize, untrusted
from rapidly_tui.widgets.errors import describe_error
from rapidly_tui.workers import run_async_worker

if TYPE_CHECKING:
    from rapidly_tui.api.models import Customer
    from rapidly_tui.screens.base import Host


class LookupModal(ModalScreen[None]):
    """``:`` / ``g``: paste an id, an email or an external id and go there; when nothing
    matches, offer the customers search with the text already typed."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "close", "Close")]

    def __init__(self, initial: str = "", *, workspace_id: str | None = None) -> None:
        super().__init__(classes="modal")
        self.initial = initial
        self.workspace_id = workspace_id
        self.status = Static("", id="lookup-status", markup=False)
        #: The reference nothing matched, while the search for it is on offer.
        self.unmatched: str | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="lookup-box", classes="dialog"):
            yield Static(Text("Go to a customer or a list", style="bold"), markup=False)
            yield Static(
                Text(
                    "A customer id (UUID), an email or an external id; or a list: "
                    "payments [status|method], events [name], deliveries [failed], "
                    "customers, members, shares, webhooks. Enter to go.",
                    style="dim",
                ),
                markup=False,
            )
            yield Input(
                self.initial,
                placeholder="customer id, email, external id, or e.g. payments failed",
                id="lookup-input",
            )
            yield self.status
            button = Button("Search the customers", id="lookup-search", compact=True)
            button.display = False
            yield button

    def on_mount(self) -> None:
        self.query_one(Input).focus()
        if self.initial.strip():
            self._start(self.initial.strip())

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        if self.unmatched is not None and event.value.strip() != self.unmatched:
            self._offer_search(None)  # the offer was for the text as it was

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        ref = event.value.strip()
        if ref and ref == self.unmatched:
            self.action_search()
        elif ref:
            self._start(ref)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_search()

    def _start(self, ref: str) -> None:
        from rapidly_tui.screens.browsers import jump_problem, open_jump, parse_jump

        problem = jump_problem(ref)
        if problem is not None:
            # `payments bogus`: a list's word with what that list cannot filter on.
            self._offer_search(None)
            self.status.update(Text(problem))
            return
        if parse_jump(ref) is not None:
            # `:payments failed`, `:events`… (k9s style): a list, not a customer.
            self.dismiss(None)
            host = cast("Host", self.app)
            open_jump(host, ref, self.workspace_id or host.current_workspace_id())
            return
        self._offer_search(None)
        self.status.update(Text("Looking up…", style="dim"))
        run_async_worker(self, partial(self._find, ref), group="lookup")

    async def _find(self, ref: str) -> None:
        from rapidly_tui.api.errors import NotFound, RapidlyError
        from rapidly_tui.api.lookup import lookup_customer

        host = cast("Host", self.app)
        try:
            match = await lookup_customer(host.client, ref)
        except NotFound as error:
            text = describe_error(error)
            if self.workspace_id is not None:
                text.append("\nEnter again, or the button, searches the customers for ")
                text.append_text(untrusted(ref, max_chars=80, style="bold"))
                text.append(".")
                self._offer_search(ref)
            self.status.update(text)
            return
        except RapidlyError as error:
            self.status.update(describe_error(error))
            return
        except Exception as error:
            self.status.update(describe_error(error))
            host.show_unexpected(error)
            return
        self._found(match.customer, match.note)

    def _offer_search(self, ref: str | None) -> None:
        self.unmatched = ref
        self.query_one("#lookup-search", Button).display = ref is not None

    def action_search(self) -> None:
        ref, workspace_id = self.unmatched, self.workspace_id
        if ref is None or workspace_id is None:
            return
        host = cast("Host", self.app)
        self.dismiss(None)
        host.open_customers(workspace_id, search=ref)

    def _found(self, customer: Customer, note: str | None = None) -> None:
        host = cast("Host", self.app)
        self.dismiss(None)
        host.open_customer(customer, fresh=True)
        if note is not None:
            # Read otherwise than its shape suggests: say which reading matched.
            self.app.notify(neutralize(note, max_chars=300), markup=False, timeout=8)

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
            "Go to (: or g): an id, then an email, then an external id (a UUID or a value"
            " with @ may be an external id too); if nothing matches, Enter again searches"
            " the customers for it.\n"
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
