"""Reading a request's query the way the real server (FastAPI) does, with its 422 shapes.

Handlers pile problems into :class:`Query` and call ``check()``; a 422 then lists them
all, as the server does. Sorting and offset paging (with the "beyond the last page"
quirk) live here too, so every collection pages alike.
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime, timezone
from itertools import groupby
from operator import itemgetter
from typing import Any
from urllib.parse import parse_qsl

from rapidly_tui.demo.data import JSON, public

MAX_LIMIT = 100
DEFAULT_LIMIT = 10
NOT_FOUND = {"error": "ResourceNotFound", "detail": "Not found"}


class HttpError(Exception):
    """An error answer; raised anywhere inside a handler."""

    def __init__(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
        super().__init__(status)
        self.status = status
        self.body = body
        self.headers = headers or {}


# --- query validation, with the server's 422 shapes -----------------------------------


def validation_error(errors: list[JSON]) -> HttpError:
    return HttpError(422, {"error": "RequestValidationError", "detail": errors})


def uuid_problem(value: str, loc: list[Any]) -> JSON | None:
    """The pydantic error for a value that is not a version-4 UUID, or None if it is one."""
    try:
        parsed = uuid.UUID(value)
    except ValueError:
        for position, char in enumerate(value, start=1):
            if char not in "0123456789abcdefABCDEF-":
                detail = (
                    "invalid character: expected an optional prefix of `urn:uuid:` followed by"
                    f" [0-9a-fA-F-], found `{char}` at {position}"
                )
                break
        else:
            detail = f"invalid length: expected length 32 for simple format, found {len(value)}"
        return {
            "type": "uuid_parsing",
            "loc": loc,
            "msg": f"Input should be a valid UUID, {detail}",
            "input": value,
            "ctx": {"error": detail},
        }
    if parsed.version != 4:
        return {
            "type": "uuid_version",
            "loc": loc,
            "msg": "UUID version 4 expected",
            "input": value,
            "ctx": {"expected_version": 4},
        }
    return None


def canonical_uuid(value: str) -> str:
    return str(uuid.UUID(value))


def _enum_message(allowed: Sequence[str]) -> str:
    quoted = [f"'{item}'" for item in allowed]
    return ", ".join(quoted[:-1]) + " or " + quoted[-1] if len(quoted) > 1 else quoted[0]


class Query:
    """The query string, read the way FastAPI reads it; problems pile up in ``errors``."""

    def __init__(self, raw: bytes) -> None:
        self.pairs = parse_qsl(
            raw.decode("latin-1"), keep_blank_values=True, encoding="utf-8", errors="replace"
        )
        self.errors: list[JSON] = []

    def values(self, name: str) -> list[str]:
        return [value for key, value in self.pairs if key == name]

    def get(self, name: str) -> str | None:
        found = self.values(name)
        return found[-1] if found else None  # the last one wins, as in Starlette

    def prefixed(self, prefix: str, suffix: str) -> list[tuple[str, str]]:
        """Pairs like ``metadata[key]=value``, as ``(key, value)``."""
        return [
            (key[len(prefix) : -len(suffix)], value)
            for key, value in self.pairs
            if key.startswith(prefix) and key.endswith(suffix) and len(key) > len(prefix + suffix)
        ]

    def check(self) -> None:
        if self.errors:
            raise validation_error(self.errors)

    def positive_int(self, name: str, default: int) -> int:
        raw = self.get(name)
        if raw is None:
            return default
        try:
            value = int(raw.strip())
        except ValueError:
            self.errors.append(
                {
                    "type": "int_parsing",
                    "loc": ["query", name],
                    "msg": "Input should be a valid integer, unable to parse string as an integer",
                    "input": raw,
                }
            )
            return default
        if value <= 0:
            self.errors.append(
                {
                    "type": "greater_than",
                    "loc": ["query", name],
                    "msg": "Input should be greater than 0",
                    "input": raw,
                    "ctx": {"gt": 0},
                }
            )
            return default
        return value

    def uuids(self, name: str) -> list[str]:
        found = []
        values = self.values(name)
        for index, raw in enumerate(values):
            loc: list[Any] = ["query", name] if len(values) == 1 else ["query", name, index]
            problem = uuid_problem(raw, loc)
            if problem:
                self.errors.append(problem)
            else:
                found.append(canonical_uuid(raw))
        return found

    def choices(self, name: str, allowed: Sequence[str]) -> list[str]:
        found = []
        values = self.values(name)
        for index, raw in enumerate(values):
            if raw in allowed:
                found.append(raw)
                continue
            self.errors.append(
                {
                    "type": "enum",
                    "loc": ["query", name, index] if len(values) > 1 else ["query", name],
                    "msg": f"Input should be {_enum_message(allowed)}",
                    "input": raw,
                    "ctx": {"expected": _enum_message(allowed)},
                }
            )
        return found

    def literal(self, name: str, allowed: Sequence[str]) -> str | None:
        """A single value among ``allowed`` (a ``Literal`` parameter: ``literal_error``)."""
        raw = self.get(name)
        if raw is None or raw in allowed:
            return raw
        self.errors.append(
            {
                "type": "literal_error",
                "loc": ["query", name],
                "msg": f"Input should be {_enum_message(allowed)}",
                "input": raw,
                "ctx": {"expected": _enum_message(allowed)},
            }
        )
        return None

    def sorting(self, keys: Sequence[str], default: str) -> list[tuple[str, bool]]:
        """``[(key, descending)]``; a comma-separated or unknown key is a 422, as recorded."""
        allowed = [variant for key in keys for variant in (key, f"-{key}")]
        values = self.values("sorting") or [default]
        result = []
        for index, raw in enumerate(values):
            if raw not in allowed:
                self.errors.append(
                    {
                        "type": "enum",
                        "loc": ["query", "sorting", index],
                        "msg": f"Input should be {_enum_message(allowed)}",
                        "input": raw,
                        "ctx": {"expected": _enum_message(allowed)},
                    }
                )
                continue
            result.append((raw.lstrip("-"), raw.startswith("-")))
        return result

    def boolean(self, name: str) -> bool | None:
        raw = self.get(name)
        if raw is None:
            return None
        lowered = raw.strip().lower()
        if lowered in ("true", "1", "yes", "on", "t", "y"):
            return True
        if lowered in ("false", "0", "no", "off", "f", "n"):
            return False
        self.errors.append(
            {
                "type": "bool_parsing",
                "loc": ["query", name],
                "msg": "Input should be a valid boolean, unable to interpret input",
                "input": raw,
            }
        )
        return None

    def timestamp(self, name: str) -> float | None:
        raw = self.get(name)
        if raw is None:
            return None
        try:
            moment = datetime.fromisoformat(raw.strip().replace("Z", "+00:00").replace(" ", "+"))
        except ValueError:
            self.errors.append(
                {
                    "type": "datetime_from_date_parsing",
                    "loc": ["query", name],
                    "msg": "Input should be a valid datetime or date, invalid character in year",
                    "input": raw,
                }
            )
            return None
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=timezone.utc)
        return moment.timestamp()

    def required_date(self, name: str) -> date | None:
        raw = self.get(name)
        if raw is None:
            self.errors.append(
                {"type": "missing", "loc": ["query", name], "msg": "Field required", "input": None}
            )
            return None
        try:
            return date.fromisoformat(raw.strip())
        except ValueError:
            self.errors.append(
                {
                    "type": "date_from_datetime_parsing",
                    "loc": ["query", name],
                    "msg": "Input should be a valid date or datetime, invalid date separator",
                    "input": raw,
                }
            )
            return None


def sort_items(items: Iterable[JSON], order: list[tuple[str, bool]]) -> list[JSON]:
    """Sort by several keys; nulls last ascending and first descending, like Postgres.
    Ties go by id."""
    if len(order) == 1 and order[0][0] in _TIME_KEYS:
        return _by_time(items, descending=order[0][1])
    result = sorted(items, key=_BY_ID)
    for key, descending in reversed(order):
        result.sort(key=lambda item: _sort_value(item, key), reverse=descending)
    return result


_TIME_KEYS = ("created_at", "timestamp")
_BY_ID = itemgetter("id")
_BY_TIME = itemgetter("_ts")


def _by_time(items: Iterable[JSON], *, descending: bool) -> list[JSON]:
    """What ``sort_items`` answers for one time key (never null), without sorting by id
    first: every page of a list sorts all of it again (10,000 customers in the large
    demo), and the demo server shares the CPU with the app it serves (in-process with
    ``--demo``). The items mostly come in time order already, so this sort is nearly
    linear; only runs of equal times are then put in id order."""
    result = sorted(items, key=_BY_TIME, reverse=descending)
    if len(set(map(_BY_TIME, result))) == len(result):
        return result
    ordered: list[JSON] = []
    for _, tied in groupby(result, key=_BY_TIME):
        ordered.extend(sorted(tied, key=_BY_ID))
    return ordered


def _sort_value(item: JSON, key: str) -> tuple[bool, Any]:
    if key in _TIME_KEYS:
        return (False, item["_ts"])
    if key == "price_amount":
        value = item["prices"][0].get("price_amount") if item["prices"] else None
    elif key == "price_amount_type":
        value = item["prices"][0]["amount_type"] if item["prices"] else None
    else:
        value = item.get(key)
    return (value is None, value if value is not None else "")


def page_of(items: Sequence[Any], query: Query, render: Callable[[Any], JSON] = public) -> JSON:
    page = query.positive_int("page", 1)
    limit = query.positive_int("limit", DEFAULT_LIMIT)
    query.check()
    per_page = min(limit, MAX_LIMIT)
    total = len(items)
    pages = math.ceil(total / per_page)
    if page > pages:
        # The real server's quirk: beyond the last page, total and pages are 0.
        return {"data": [], "meta": {"total": 0, "page": page, "per_page": per_page, "pages": 0}}
    chunk = items[(page - 1) * per_page : page * per_page]
    return {
        "data": [render(item) for item in chunk],
        "meta": {"total": total, "page": page, "per_page": per_page, "pages": pages},
    }
