"""Query parameters and path segments, as the API wants them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from urllib.parse import quote

MAX_PAGE_SIZE = 100

Params = Sequence[tuple[str, str]]
QueryValue = str | int | bool | date | datetime | Sequence[str] | None


def query(**values: QueryValue) -> list[tuple[str, str]]:
    """Build query parameters: ``None`` is left out, sequences repeat the key
    (``sorting=-created_at&sorting=email``, as the API wants), booleans are lowercase."""
    params: list[tuple[str, str]] = []
    for key, value in values.items():
        if value is None:
            continue
        if isinstance(value, bool):
            params.append((key, "true" if value else "false"))
        elif isinstance(value, (date, datetime)):
            params.append((key, value.isoformat()))
        elif isinstance(value, (list, tuple)):
            params.extend((key, str(item)) for item in value)
        else:
            params.append((key, str(value)))
    return params


def _limit(limit: int) -> int:
    return max(1, min(limit, MAX_PAGE_SIZE))


def _segment(value: str) -> str:
    """Percent-encode one path segment (spaces, ``:``, ``@``, unicode all work)."""
    return quote(value, safe="")
