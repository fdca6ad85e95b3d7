"""The customer screen's tables: their columns and rows (kept out of screens/detail.py,
which only arranges and loads them)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from rich.text import Text

from rapidly_tui.present.widths import WidthRule
from rapidly_tui.text import untrusted
from rapidly_tui.widgets import format as fmt

if TYPE_CHECKING:
    from rapidly_tui.api.models import AnyEvent, Payment
    from rapidly_tui.widgets.cells import Cell

# Widths are shared by rapidly_tui.present.widths (identifiers whole when there is
# room, columns without room named in the panel's title); the line under a table
# shows the cursor row's values that do not fit, and Enter on a row shows all of it.
MEMBER_COLUMNS = [
    WidthRule("name", priority=1, min_width=8, preferred_width=18),
    WidthRule("role", priority=3, min_width=6, preferred_width=15),
    WidthRule("email", priority=2, min_width=12, preferred_width=24, identifying=True),
    WidthRule("external id", priority=4, min_width=8, preferred_width=20, identifying=True),
]
METADATA_COLUMNS = [
    WidthRule("key", priority=1, min_width=8, preferred_width=18),
    WidthRule("value", priority=2, min_width=10, preferred_width=30),
]
PAYMENT_COLUMNS = [
    WidthRule("when (UTC)", priority=1, min_width=16, preferred_width=16),
    WidthRule("status", priority=2, min_width=9, preferred_width=9),
    WidthRule("amount", priority=3, min_width=10, preferred_width=10),
    WidthRule("decline", priority=4, min_width=8, preferred_width=18),
]
EVENT_COLUMNS = [
    WidthRule("when (UTC)", priority=1, min_width=16, preferred_width=16),
    WidthRule("name", priority=2, min_width=10, preferred_width=22),
    WidthRule("source", priority=4, min_width=6, preferred_width=6),
    WidthRule("label", priority=3, min_width=10, preferred_width=24),
]


def payment_rows(payments: Iterable[Payment]) -> Iterator[tuple[str, list[Cell]]]:
    for payment in payments:
        yield (
            payment.id,
            [
                Text(fmt.minute(payment.created_at)),
                status_text(str(payment.status)),
                fmt.money(payment.amount, payment.currency),
                untrusted(payment.decline_reason or payment.decline_message, max_chars=100),
            ],
        )


def event_rows(events: Iterable[AnyEvent]) -> Iterator[tuple[str, list[Cell]]]:
    for event in events:
        yield (
            event.id,
            [
                Text(fmt.minute(event.timestamp)),
                untrusted(event.name, max_chars=100),
                untrusted(str(event.source), max_chars=10),
                untrusted(event.label, max_chars=100),
            ],
        )


def status_text(status: str) -> Text:
    style = {"succeeded": "green", "failed": "red", "pending": "yellow"}.get(status, "")
    return untrusted(status, style=style, max_chars=20)
