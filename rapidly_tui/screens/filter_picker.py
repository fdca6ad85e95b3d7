"""``v`` in a browser: pick one of the spec's filters (fixed choices, values seen in the
loaded rows), or type ``key=value`` for a free-text one (an event name, a customer id).

Values come from the API: options are ``untrusted()`` Text, never markup.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import ClassVar

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from rapidly_tui.text import neutralize, untrusted


def refusal(key: str, value: str, allowed: Sequence[str]) -> str:
    """``status has no value 'bogus' (pending, succeeded, failed)``: said before any
    request, as the server would only answer 422."""
    return f"{key} has no value '{neutralize(value, max_chars=40)}' ({', '.join(allowed)})"


class FilterPicker(ModalScreen[tuple[str, str] | None]):
    """Answers ``(filter key, value)``; an empty value removes the filter."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "close", "Close")]

    def __init__(
        self,
        choices: Sequence[tuple[str, str, str]],
        keys: Sequence[str],
        allowed: Mapping[str, Sequence[str]] | None = None,
    ) -> None:
        super().__init__(classes="modal")
        self.choices = list(choices)
        self.keys = list(keys)
        #: The values a filter with fixed choices takes (the spec's ``choices``).
        self.allowed = {k: list(v) for k, v in (allowed or {}).items() if v}

    def compose(self) -> ComposeResult:
        with Vertical(id="filter-box", classes="dialog"):
            yield Static(Text("Filter the list", style="bold"), markup=False)
            yield Input(
                placeholder=f"{' / '.join(self.keys)}=value, Enter (empty value: any)",
                id="filter-input",
                # Typing on the options focuses it with a first letter already in.
                select_on_focus=False,
            )
            yield OptionList(
                *(
                    Option(untrusted(label, max_chars=80), id=str(index))
                    for index, (_, _, label) in enumerate(self.choices)
                ),
                id="filter-options",
            )

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_key(self, event: events.Key) -> None:
        """Typing while the options have focus types into the input (it would
        otherwise be lost, and Enter would pick the highlighted option)."""
        box = self.query_one("#filter-input", Input)
        if self.focused is box or not event.is_printable or event.character is None:
            return
        event.stop()
        event.prevent_default()
        box.focus()
        box.insert_text_at_cursor(event.character)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        key, value, _ = self.choices[int(event.option.id or 0)]
        self.dismiss((key, value))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        key, sep, value = event.value.partition("=")
        key = key.strip()
        if not sep or key not in self.keys:
            self.notify(f"Type one of {', '.join(self.keys)}, then = and a value.")
            return
        value = value.strip()
        allowed = self.allowed.get(key)
        if value and allowed and value not in allowed:
            self.notify(refusal(key, value, allowed), severity="warning", markup=False)
            return
        self.dismiss((key, value))

    def action_close(self) -> None:
        self.dismiss(None)
