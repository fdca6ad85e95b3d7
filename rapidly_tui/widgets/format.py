"""Formatting of values for display: absolute UTC timestamps, money, counts, flags.

Every function returns a Rich ``Text`` built with :func:`rapidly_tui.text.untrusted`
when any part of the value came from the API.
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from typing import Any

from rich.text import Text

from rapidly_tui.text import MISSING, untrusted

# Currencies whose minor unit is the unit itself (amounts are not in cents).
_ZERO_DECIMAL = frozenset({"jpy", "krw", "vnd", "clp", "isk", "ugx", "xaf", "xof"})


def timestamp(value: datetime | None) -> Text:
    """``2026-11-20 12:00 UTC``: absolute, so two people on a call read the same thing."""
    if value is None:
        return Text(MISSING, style="dim")
    return Text(timestamp_str(value))


def timestamp_str(value: datetime) -> str:
    if value.tzinfo is not None:
        value = value.astimezone(timezone.utc)
    return value.strftime("%Y-%m-%d %H:%M UTC")


def minute(value: datetime) -> str:
    """``2026-11-20 12:00`` in UTC, for columns headed "(UTC)"."""
    if value.tzinfo is not None:
        value = value.astimezone(timezone.utc)
    return value.strftime("%Y-%m-%d %H:%M")


def day(value: date) -> str:
    return value.strftime("%Y-%m-%d")


def count(value: int | None) -> str:
    return MISSING if value is None else f"{value:,}"


def money(amount: int | None, currency: str | None) -> Text:
    """``1,234.50 USD`` from an amount in the currency's minor unit."""
    if amount is None:
        return Text(MISSING, style="dim")
    code = str(currency or "").lower()
    units = amount if code in _ZERO_DECIMAL else amount / 100
    figure = f"{units:,.0f}" if code in _ZERO_DECIMAL else f"{units:,.2f}"
    text = Text(figure + " ")
    text.append_text(untrusted(code.upper(), max_chars=8))
    return text


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
        import json

        return untrusted(json.dumps(value, ensure_ascii=False, default=str), max_chars=max_chars)
    return untrusted(value, max_chars=max_chars)


def range_label(first: int, last: int, total: int | None) -> str:
    """``1–100 of 1,214`` (en dash, thousands separators)."""
    if last < first:
        return f"0 of {count(total)}" if total is not None else "0"
    return f"{first:,}–{last:,} of {count(total)}" if total is not None else f"{first:,}–{last:,}"
