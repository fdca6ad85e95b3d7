"""How a kind of value reads: the one place that decides it, as plain strings.

The TUI wraps these strings with :func:`rapidly_tui.text.untrusted` and the commands
with :func:`rapidly_tui.text.neutralize`, so a screen and a command show the same words
and numbers for the same value (a 1,000 PYG payment is ``1,000 PYG`` in both). Nothing
here sanitises: the wrapper does, once, for the whole string.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, datetime, timezone
from enum import Enum
from typing import TYPE_CHECKING, Any

from rapidly_tui.present.kinds import Kind
from rapidly_tui.text import MISSING

if TYPE_CHECKING:
    from rapidly_tui.present.spec import Field

# --- money --------------------------------------------------------------------------

#: ISO 4217 minor units that are not 2 (every other code, known or not, has 2).
#: MGA is listed by ISO with 2 but Stripe, the API's processor, counts it in whole
#: ariary, so its amounts arrive without minor units: it is 0 here.
MINOR_UNITS: dict[str, int] = {
    # 0 decimals
    "BIF": 0,
    "CLP": 0,
    "DJF": 0,
    "GNF": 0,
    "ISK": 0,
    "JPY": 0,
    "KMF": 0,
    "KRW": 0,
    "MGA": 0,
    "PYG": 0,
    "RWF": 0,
    "UGX": 0,
    "UYI": 0,
    "VND": 0,
    "VUV": 0,
    "XAF": 0,
    "XOF": 0,
    "XPF": 0,
    # 3 decimals
    "BHD": 3,
    "IQD": 3,
    "JOD": 3,
    "KWD": 3,
    "LYD": 3,
    "OMR": 3,
    "TND": 3,
    # 4 decimals
    "CLF": 4,
    "UYW": 4,
}
#: A currency code longer than this is cut (with ``…``): codes are 3 letters.
_MAX_CODE_CHARS = 8


def minor_units(currency: object) -> int:
    """Decimals of ``currency``'s minor unit (2 for an unknown code)."""
    return MINOR_UNITS.get(str(currency or "").strip().upper(), 2)


def currency_code(currency: object) -> str:
    """``"usd"`` -> ``"USD"``; an over-long code is cut with ``…``."""
    if isinstance(currency, Enum):
        currency = currency.value
    code = str(currency or "").strip().upper()
    return code if len(code) <= _MAX_CODE_CHARS else code[: _MAX_CODE_CHARS - 1] + "…"


def money_figure(amount: int, currency: object) -> str:
    """``123456, "usd"`` -> ``1,234.56``: the amount (in minor units) in major units."""
    decimals = minor_units(currency)
    sign = "-" if amount < 0 else ""
    if decimals == 0:
        return f"{sign}{abs(amount):,}"
    whole, fraction = divmod(abs(amount), 10**decimals)
    return f"{sign}{whole:,}.{fraction:0{decimals}d}"


def money(amount: int | None, currency: object) -> str:
    """``1,234.56 USD``, ``1,000 PYG``, ``12.345 KWD``; ``—`` for no amount."""
    if amount is None:
        return MISSING
    return f"{money_figure(int(amount), currency)} {currency_code(currency)}".strip()


# --- time ---------------------------------------------------------------------------


def _utc(value: datetime) -> datetime:
    return value.astimezone(timezone.utc) if value.tzinfo is not None else value


def timestamp(value: datetime | None, *, seconds: bool = False) -> str:
    """``2026-11-20 12:00 UTC`` (``12:00:09 UTC`` with ``seconds``): absolute and in
    UTC, so two people on a call (or in an incident note) read the same thing."""
    if value is None:
        return MISSING
    return _utc(value).strftime("%Y-%m-%d %H:%M:%S UTC" if seconds else "%Y-%m-%d %H:%M UTC")


def minute(value: datetime) -> str:
    """``2026-11-20 12:00`` in UTC, for columns headed "(UTC)"."""
    return _utc(value).strftime("%Y-%m-%d %H:%M")


def day(value: date | None) -> str:
    return MISSING if value is None else value.strftime("%Y-%m-%d")


# --- numbers, flags, enums ----------------------------------------------------------


def count(value: int | None) -> str:
    """``1,214``."""
    return MISSING if value is None else f"{value:,}"


def flag(value: bool | None, *, yes: str = "yes", no: str = "no") -> str:
    return MISSING if value is None else yes if value else no


def enum(value: object) -> str:
    """An open enum's value as the API sent it (``succeeded``, ``card_declined``)."""
    if value is None or value == "":
        return MISSING
    return str(value.value) if isinstance(value, Enum) else str(value)


# --- JSON ---------------------------------------------------------------------------


def json_line(value: Any) -> str:
    """Nested data on one line, keys in the order the API sent them."""
    return json.dumps(value, ensure_ascii=False, default=str)


def json_pretty(value: Any) -> str:
    """Nested data indented by 2 spaces, keys in the order the API sent them."""
    return json.dumps(value, ensure_ascii=False, indent=2, default=str)


# --- secrets ------------------------------------------------------------------------

#: Prefixes Rapidly gives its credentials: they say what a secret is, not its value.
SECRET_PREFIXES = ("rapidly_whs_", "rapidly_oat_", "rapidly_at_u_", "rapidly_at_o_")
# Below this many characters after the prefix, even the last 4 would give much away.
_MIN_SECRET_CHARS_TO_SHOW_TAIL = 12


def secret(value: str | None) -> str:
    """``rapidly_whs_…x7Qz``: the known prefix and the last 4 characters, and only the
    prefix when the secret is short (the same rule as tokens)."""
    if not value:
        return MISSING
    prefix = next((p for p in SECRET_PREFIXES if value.startswith(p)), "")
    rest = value[len(prefix) :]
    if len(rest) >= _MIN_SECRET_CHARS_TO_SHOW_TAIL:
        return f"{prefix}…{rest[-4:]}"
    return f"{prefix}…"


# --- by kind ------------------------------------------------------------------------


def show(kind: Kind, value: Any, *, currency: object = None, seconds: bool = False) -> str:
    """``value`` as a :class:`Kind` of value reads (``currency`` for money)."""
    if kind is Kind.SECRET:
        # A WebhookSecret masks itself (the model never holds the value as a str).
        masked = getattr(value, "masked", None)
        if isinstance(masked, str):
            return masked
        return secret(value if isinstance(value, str) else None)
    if value is None or value == "":
        return MISSING
    if kind is Kind.MONEY:
        return money(value, currency)
    if kind is Kind.TIMESTAMP and isinstance(value, datetime):
        return timestamp(value, seconds=seconds)
    formatter = _BY_KIND.get(kind)
    if formatter is not None:
        return formatter(value)
    return plain(value)


def plain(value: Any) -> str:
    """Any value as one line, when its kind is not known (raw JSON fields)."""
    if value is None or value == "":
        return MISSING
    if isinstance(value, bool):
        return flag(value)
    if isinstance(value, datetime):
        return timestamp(value)
    if isinstance(value, Enum):
        return enum(value)
    if isinstance(value, (dict, list, tuple)):
        return json_line(value)
    return str(value)


def _count_or_plain(value: Any) -> str:
    return count(value) if isinstance(value, int) and not isinstance(value, bool) else plain(value)


def _flag(value: Any) -> str:
    return flag(value) if isinstance(value, bool) else plain(value)


def _day(value: Any) -> str:
    return day(value) if isinstance(value, date) else plain(value)


_BY_KIND: dict[Kind, Callable[[Any], str]] = {
    Kind.ENUM: enum,
    Kind.COUNT: _count_or_plain,
    Kind.NUMBER: plain,
    Kind.FLAG: _flag,
    Kind.DATE: _day,
    Kind.JSON: json_line,
    Kind.CURRENCY: currency_code,
}


def of_field(spec_field: Field, obj: Any, *, seconds: bool = False) -> str:
    """The value of ``spec_field`` in ``obj`` as it reads (the table cell, the detail
    line): the one path from an API object to a shown string."""
    value = spec_field.read(obj)
    if spec_field.kind is Kind.FLAG and isinstance(value, bool):
        return spec_field.words[0] if value else spec_field.words[1]
    currency = spec_field.currency(obj) if spec_field.currency is not None else None
    return show(spec_field.kind, value, currency=currency, seconds=seconds)
