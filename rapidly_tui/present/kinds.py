"""The kinds of value a field holds (:class:`Kind`), apart from the specs.

A module of its own so that the first screen (its tables' widths, its values) reads a
kind without building the specs' dataclasses (rapidly_tui/present/spec.py): each
frozen dataclass costs ~0.5 ms to create, and a cold start needs none of them.
:mod:`rapidly_tui.present.spec` re-exports both names.
"""

from __future__ import annotations

from enum import Enum


class Kind(str, Enum):
    """What kind of value a field holds: decides how it is shown and cut."""

    ID = "id"  # identifiers: never cut without `…`, spare width first
    EMAIL = "email"  # identifying: spare width first
    URL = "url"  # identifying
    TEXT = "text"  # free text from the API (names, labels, messages)
    ENUM = "enum"  # an open enum's value (status, type, source)
    MONEY = "money"  # an amount in the currency's minor unit
    TIMESTAMP = "timestamp"  # an aware datetime, always shown in UTC
    DATE = "date"
    COUNT = "count"  # an integer with thousands separators
    NUMBER = "number"  # an HTTP code, a percentage: no separators
    FLAG = "flag"  # a boolean
    JSON = "json"  # nested data (metadata, payloads)
    SECRET = "secret"  # noqa: S105 (a kind, not a value) a credential: only ever masked
    CURRENCY = "currency"  # an ISO 4217 code, shown upper-case


#: Kinds whose columns get spare width first: cutting them misleads the most.
IDENTIFYING_KINDS = frozenset({Kind.ID, Kind.EMAIL, Kind.URL})
