"""Formatting of values for display: absolute UTC timestamps, money, counts, flags.

Every function returns a Rich ``Text`` built with :func:`rapidly_tui.text.untrusted`
when any part of the value came from the API.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from rich.text import Text

from rapidly_tui.present import values
from rapidly_tui.text import MISSING, untrusted

# The strings are values.py's (shared with the commands); this module only styles them.
minute = values.minute
count = values.count
timestamp_str = values.timestamp


def timestamp(value: datetime | None) -> Text:
    """``2026-11-20 12:00 UTC``: absolute, so two people on a call read the same thing."""
    if value is None:
        return Text(MISSING, style="dim")
    return Text(values.timestamp(value))


def day(value: date) -> str:
    return values.day(value)


def money(amount: int | None, currency: str | None) -> Text:
    """``1,234.50 USD``, ``1,000 PYG`` (see :func:`rapidly_tui.present.values.money`)."""
    if amount is None:
        return Text(MISSING, style="dim")
    return untrusted(values.money(amount, currency), max_chars=40)


def flag(value: bool | None, *, yes: str = "yes", no: str = "no") -> Text:
    if value is None:
        return Text(MISSING, style="dim")
    return Text("✓ " + yes, style="green") if value else Text("✗ " + no, style="red")


def value_text(value: Any, *, max_chars: int = 200) -> Text:
    """Any JSON-ish value as one line of safe text (nested values as compact JSON)."""
    if value is None or value == "":
        return Text(MISSING, style="dim")
    if isinstance(value, bool):
        return Text("true" if value else "false")
    if isinstance(value, datetime):
        return timestamp(value)
    if isinstance(value, (dict, list)):
        return untrusted(values.json_line(value), max_chars=max_chars)
    return untrusted(value, max_chars=max_chars)


def range_label(first: int, last: int, total: int | None) -> str:
    """``1–100 of 1,214`` (en dash, thousands separators)."""
    if last < first:
        return f"0 of {count(total)}" if total is not None else "0"
    return f"{first:,}–{last:,} of {count(total)}" if total is not None else f"{first:,}–{last:,}"
