"""The demo API: a small hand-written ASGI app that answers like the real server.

It reproduces the real server's observable behaviour (recorded in
``tests/fixtures/real-api``): auth answers and headers, 404 shapes, 422 bodies,
clamped limits, the "page beyond the last" quirk, 307 redirects for trailing
slashes, ``members: []`` unless ``include_members=true``, and the headers every
response carries. Bodies are built from the data set's plain dicts, never from the
client's models, so the demo checks the client instead of mirroring it.

No framework: the TUI imports this module at start-up in ``--demo`` mode.
"""

from __future__ import annotations

import asyncio
import json
import math
import re
import uuid
from collections.abc import Awaitable, Callable, Iterable, MutableMapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import Any
from urllib.parse import parse_qsl, quote

from rapidly_tui.demo.data import JSON, DemoData, iso, public
from rapidly_tui.demo.faults import FaultPlan, FaultRule

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

# Public demo credentials: they only open the in-process demo data set.
DEMO_TOKEN = "rapidly_at_u_demo_7f3c9a1e5b2d4c6f8a0b"  # noqa: S105
DEMO_ACME_TOKEN = "rapidly_oat_demo_acme_4b8e2f6a1c3d5e7f9a0b"  # noqa: S105
DEMO_LIMITED_TOKEN = "rapidly_oat_demo_limited_9c1e3a5b7d2f4e6a8b0c"  # noqa: S105

MAX_LIMIT = 100
DEFAULT_LIMIT = 10
CACHE_CONTROL = b"no-store, no-cache, must-revalidate, private"

_UNAUTHORIZED_BODY = {"error": "Unauthorized", "detail": "Unauthorized"}
_UNAUTHORIZED_CHALLENGE = 'Bearer realm="rapidly"'
_REJECTED_DESCRIPTION = (
    "The access token provided is expired, revoked, malformed, or invalid for other reasons."
)
_INSUFFICIENT_SCOPE_DESCRIPTION = (
    "The request requires higher privileges than provided by the access token."
)
_NOT_FOUND = {"error": "ResourceNotFound", "detail": "Not found"}
_NO_ROUTE = {"detail": "Not Found"}
_PATH_SAFE = "/:@!$&'()*+,;=-._~"


class ConnectionDropped(Exception):
    """Raised by the app to abort a response half-way (a dropped connection)."""


@dataclass(frozen=True)
class Principal:
    """Who a token is: which workspaces it sees and which scopes it has (None: all)."""

    workspace_slugs: frozenset[str] | None
    scopes: frozenset[str] | None

    def allows(self, required: Sequence[str]) -> bool:
        return self.scopes is None or any(scope in self.scopes for scope in required)


TOKENS: dict[str, Principal] = {
    DEMO_TOKEN: Principal(None, None),
    DEMO_ACME_TOKEN: Principal(frozenset({"acme"}), None),
    DEMO_LIMITED_TOKEN: Principal(
        frozenset({"acme"}),
        frozenset(
            {
                "workspaces:read",
                "customers:read",
                "customers:write",
                "members:read",
                "members:write",
            }
        ),
    ),
}


class HttpError(Exception):
    """An error answer; raised anywhere inside a handler."""

    def __init__(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
        super().__init__(status)
        self.status = status
        self.body = body
        self.headers = headers or {}


# --- query validation, with the server's 422 shapes -----------------------------------


def _validation_error(errors: list[JSON]) -> HttpError:
    return HttpError(422, {"error": "RequestValidationError", "detail": errors})


def _uuid_problem(value: str, loc: list[Any]) -> JSON | None:
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


def _canonical_uuid(value: str) -> str:
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
            raise _validation_error(self.errors)

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
            problem = _uuid_problem(raw, loc)
            if problem:
                self.errors.append(problem)
            else:
                found.append(_canonical_uuid(raw))
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


def _sorted(items: Iterable[JSON], order: list[tuple[str, bool]]) -> list[JSON]:
    """Sort by several keys; nulls last ascending and first descending, like Postgres."""
    result = sorted(items, key=lambda item: item["id"])
    for key, descending in reversed(order):
        result.sort(key=lambda item: _sort_value(item, key), reverse=descending)
    return result


def _sort_value(item: JSON, key: str) -> tuple[bool, Any]:
    if key in ("created_at", "timestamp"):
        return (False, item["_ts"])
    if key == "price_amount":
        value = item["prices"][0].get("price_amount") if item["prices"] else None
    elif key == "price_amount_type":
        value = item["prices"][0]["amount_type"] if item["prices"] else None
    else:
        value = item.get(key)
    return (value is None, value if value is not None else "")


def _page(items: list[JSON], query: Query, render: Callable[[JSON], JSON] = public) -> JSON:
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


# --- the request context and handlers ----------------------------------------------------


@dataclass
class Request:
    data: DemoData
    principal: Principal
    query: Query
    params: dict[str, str]

    @property
    def workspace_ids(self) -> set[str]:
        slugs = self.principal.workspace_slugs
        return {w["id"] for w in self.data.workspaces if slugs is None or w["slug"] in slugs}

    def scoped(self, workspace_filter: list[str]) -> set[str]:
        """Visible workspace ids, narrowed by a ``workspace_id`` filter (others: empty)."""
        visible = self.workspace_ids
        return visible & set(workspace_filter) if workspace_filter else visible

    def path_uuid(self, name: str = "id") -> str:
        raw = self.params[name]
        problem = _uuid_problem(raw, ["path", name])
        if problem:
            raise _validation_error([problem])
        return _canonical_uuid(raw)


Handler = Callable[[Request], JSON]


def list_workspaces(request: Request) -> JSON:
    query = request.query
    slug = query.get("slug")
    name = query.get("name")
    order = query.sorting(
        ("created_at", "slug", "name", "next_review_threshold", "days_in_status"), "created_at"
    )
    query.check()
    visible = request.workspace_ids
    items = [
        {**w, "_ts": datetime.fromisoformat(w["created_at"].replace("Z", "+00:00")).timestamp()}
        for w in request.data.workspaces
        if w["id"] in visible
        and (slug is None or w["slug"] == slug)
        and (name is None or name.lower() in w["name"].lower())
    ]
    order = [(k, d) for k, d in order if k in ("created_at", "slug", "name")]
    return _page(_sorted(items, order), query)


def get_workspace(request: Request) -> JSON:
    workspace_id = request.path_uuid()
    workspace = request.data.workspace_by_id.get(workspace_id)
    if workspace is None or workspace_id not in request.workspace_ids:
        raise HttpError(404, _NOT_FOUND)
    return public(workspace)


def _include_members(query: Query) -> bool:
    return bool(query.boolean("include_members"))


def list_customers(request: Request) -> JSON:
    query = request.query
    workspaces = request.scoped(query.uuids("workspace_id"))
    text = query.get("query")
    email = query.get("email")
    metadata = query.prefixed("metadata[", "]")
    order = query.sorting(("email", "name", "created_at"), "-created_at")
    include_members = _include_members(query)
    query.check()
    needle = text.lower() if text else None
    wanted_email = email.lower() if email is not None else None

    def matches(customer: JSON) -> bool:
        if customer["workspace_id"] not in workspaces:
            return False
        if wanted_email is not None and customer["email"].lower() != wanted_email:
            return False
        if needle and not any(
            needle in (customer.get(key) or "").lower() for key in ("name", "email", "external_id")
        ):
            return False
        return all(_metadata_matches(customer["metadata"].get(k), v) for k, v in metadata)

    items = _sorted(filter(matches, request.data.live_customers), order)
    return _page(
        items,
        query,
        lambda c: request.data.customer_json(c, include_members=include_members),
    )


def _metadata_matches(actual: Any, wanted: str) -> bool:
    if actual is None:
        return False
    if isinstance(actual, bool):
        return wanted.lower() == ("true" if actual else "false")
    return str(actual) == wanted


def _visible_customer(request: Request, customer: JSON | None) -> JSON:
    if (
        customer is None
        or customer["deleted_at"] is not None
        or customer["workspace_id"] not in request.workspace_ids
    ):
        raise HttpError(404, _NOT_FOUND)
    return customer


def get_customer(request: Request) -> JSON:
    customer_id = request.path_uuid()
    include_members = _include_members(request.query)
    request.query.check()
    customer = _visible_customer(request, request.data.customer_by_id.get(customer_id))
    return request.data.customer_json(customer, include_members=include_members)


def get_customer_state(request: Request) -> JSON:
    customer_id = request.path_uuid()
    return public(_visible_customer(request, request.data.customer_by_id.get(customer_id)))


def get_customer_by_external_id(request: Request) -> JSON:
    external_id = request.params["external_id"]
    include_members = _include_members(request.query)
    request.query.check()
    visible = request.workspace_ids
    for customer in request.data.live_customers:
        if customer["external_id"] == external_id and customer["workspace_id"] in visible:
            return request.data.customer_json(customer, include_members=include_members)
    raise HttpError(404, _NOT_FOUND)


def list_members(request: Request) -> JSON:
    query = request.query
    customer_id = query.get("customer_id")
    external_customer_id = query.get("external_customer_id")
    order = query.sorting(("created_at",), "-created_at")
    query.check()
    if customer_id is not None and _uuid_problem(customer_id, []) is not None:
        raise HttpError(404, {"error": "ResourceNotFound", "detail": "Invalid customer ID format"})
    visible = request.workspace_ids
    data = request.data
    wanted_id = _canonical_uuid(customer_id) if customer_id is not None else None

    def matches(member: JSON) -> bool:
        customer = data.customer_by_id[member["customer_id"]]
        if customer["deleted_at"] is not None or customer["workspace_id"] not in visible:
            return False
        if wanted_id is not None and member["customer_id"] != wanted_id:
            return False
        return external_customer_id is None or customer["external_id"] == external_customer_id

    return _page(_sorted(filter(matches, data.members), order), query)


PAYMENT_STATUSES = ("pending", "succeeded", "failed")


def list_payments(request: Request) -> JSON:
    query = request.query
    workspaces = request.scoped(query.uuids("workspace_id"))
    statuses = query.choices("status", PAYMENT_STATUSES)
    methods = query.values("method")
    emails = {e.lower() for e in query.values("customer_email")}
    order = query.sorting(("created_at", "status", "amount", "method"), "-created_at")
    query.check()

    def matches(payment: JSON) -> bool:
        return (
            payment["workspace_id"] in workspaces
            and (not statuses or payment["status"] in statuses)
            and (not methods or payment["method"] in methods)
            and (not emails or payment["_customer_email"].lower() in emails)
        )

    return _page(_sorted(filter(matches, request.data.payments), order), query)


EVENT_SOURCES = ("system", "user")


def list_events(request: Request) -> JSON:
    query = request.query
    workspaces = request.scoped(query.uuids("workspace_id"))
    customers = set(query.uuids("customer_id"))
    external_ids = set(query.values("external_customer_id"))
    sources = query.choices("source", EVENT_SOURCES)
    names = set(query.values("name"))
    start = query.timestamp("start_timestamp")
    end = query.timestamp("end_timestamp")
    order = query.sorting(("timestamp",), "-timestamp")
    query.check()

    def matches(event: JSON) -> bool:
        return (
            event["workspace_id"] in workspaces
            and (not customers or event["customer_id"] in customers)
            and (not external_ids or event["external_customer_id"] in external_ids)
            and (not sources or event["source"] in sources)
            and (not names or event["name"] in names)
            and (start is None or event["_ts"] >= start)
            and (end is None or event["_ts"] <= end)
        )

    return _page(_sorted(filter(matches, request.data.events), order), query)


def list_webhook_deliveries(request: Request) -> JSON:
    query = request.query
    succeeded = query.boolean("succeeded")
    code_class = query.choices("http_code_class", ("2xx", "3xx", "4xx", "5xx"))
    start = query.timestamp("start_timestamp")
    end = query.timestamp("end_timestamp")
    query.check()
    workspaces = request.workspace_ids
    first_digit = code_class[-1][0] if code_class else None

    def matches(delivery: JSON) -> bool:
        code = delivery["http_code"]
        return (
            delivery["_workspace_id"] in workspaces
            and (succeeded is None or delivery["succeeded"] is succeeded)
            and (first_digit is None or (code is not None and str(code)[0] == first_digit))
            and (start is None or delivery["_ts"] >= start)
            and (end is None or delivery["_ts"] <= end)
        )

    return _page(_sorted(filter(matches, request.data.deliveries), [("created_at", True)]), query)


def list_shares(request: Request) -> JSON:
    query = request.query
    workspaces = request.scoped(query.uuids("workspace_id"))
    order = query.sorting(
        ("name", "created_at", "price_amount", "price_amount_type"), "-created_at"
    )
    query.check()
    items = [s for s in request.data.shares if s["workspace_id"] in workspaces]
    return _page(_sorted(items, order), query)


# --- metrics -------------------------------------------------------------------------------

#: (slug, display name, type), in the real server's order.
METRICS: tuple[tuple[str, str, str], ...] = (
    ("costs", "Costs", "currency_sub_cent"),
    ("cumulative_costs", "Cumulative Costs", "currency_sub_cent"),
    ("cost_per_user", "Cost Per User", "currency_sub_cent"),
    ("active_user_by_event", "Active User (By event)", "scalar"),
    ("file_share_sessions", "File Share Sessions", "scalar"),
    ("file_share_downloads", "File Share Downloads", "scalar"),
    ("file_share_free_sessions", "Free File Shares", "scalar"),
    ("file_share_active_sessions", "Active Sessions", "scalar"),
    ("file_share_completed_sessions", "Completed Sessions", "scalar"),
    ("file_share_expired_sessions", "Expired Sessions", "scalar"),
    ("file_share_avg_downloads", "Avg Downloads Per Share", "scalar"),
    ("file_share_total_size_bytes", "Total Data Shared (bytes)", "scalar"),
    ("cumulative_file_share_sessions", "Cumulative File Shares", "scalar"),
    ("cumulative_file_share_downloads", "Cumulative Downloads", "scalar"),
    ("file_share_revenue", "File Share Revenue", "currency"),
    ("file_share_paid_sessions", "Paid File Shares", "scalar"),
    ("file_share_avg_price", "Average Share Price", "currency"),
    ("file_share_payment_conversion", "Payment Conversion Rate", "percentage"),
    ("file_share_platform_fees", "File Share Platform Fees", "currency"),
    ("cumulative_file_share_platform_fees", "Cumulative File Share Platform Fees", "currency"),
    ("cashflow", "Cashflow", "currency"),
)
METRIC_SLUGS = tuple(slug for slug, _name, _type in METRICS)
INTERVALS = ("year", "month", "week", "day", "hour")
#: Longest date range (days) per interval, from GET /api/metrics/limits.
MAX_DAYS = {"hour": 7, "day": 366, "week": 371, "month": 1460, "year": 3650}


def _period_starts(start: date, end: date, interval: str) -> list[datetime]:
    first = datetime(start.year, start.month, start.day, tzinfo=timezone.utc)
    last = datetime(end.year, end.month, end.day, 23, 59, 59, tzinfo=timezone.utc)
    if interval == "month":
        first = first.replace(day=1)
    elif interval == "year":
        first = first.replace(month=1, day=1)
    starts = []
    moment = first
    while moment <= last:
        starts.append(moment)
        if interval == "hour":
            moment += timedelta(hours=1)
        elif interval == "day":
            moment += timedelta(days=1)
        elif interval == "week":
            moment += timedelta(days=7)
        elif interval == "month":
            moment = (moment.replace(day=28) + timedelta(days=4)).replace(day=1)
        else:
            moment = moment.replace(year=moment.year + 1)
    return starts


def _noise(*parts: object) -> float:
    """A deterministic number in [0, 1) from its inputs (same date => same value)."""
    text = ":".join(str(p) for p in parts).encode()
    value = 2166136261
    for byte in text:  # FNV-1a: fast, stable across runs (unlike hash())
        value = ((value ^ byte) * 16777619) & 0xFFFFFFFF
    return value / 2**32


def _period_values(moment: datetime, interval: str, salt: str) -> dict[str, float | int]:
    hours = {"hour": 1, "day": 24, "week": 168, "month": 730, "year": 8760}[interval]
    scale = hours / 24
    weekday_boost = 1.0 if moment.weekday() < 5 else 0.6
    sessions = round((3 + 9 * _noise(salt, moment, "s")) * scale * weekday_boost)
    downloads = round(sessions * (1 + 3 * _noise(salt, moment, "d")))
    paid = round(sessions * 0.5 * _noise(salt, moment, "p"))
    avg_price = 2500 if paid else 0
    revenue = paid * avg_price
    costs = round(40 * scale * _noise(salt, moment, "c"), 4)
    users = max(1, round((5 + 20 * _noise(salt, moment, "u")) * min(scale, 30)))
    fees = round(revenue * 0.05)
    return {
        "costs": costs,
        "cost_per_user": round(costs / users, 5),
        "active_user_by_event": users,
        "file_share_sessions": sessions,
        "file_share_downloads": downloads,
        "file_share_free_sessions": sessions - paid,
        "file_share_active_sessions": round(sessions * 0.1),
        "file_share_completed_sessions": round(sessions * 0.3),
        "file_share_expired_sessions": round(sessions * 0.2),
        "file_share_avg_downloads": round(downloads / sessions, 4) if sessions else 0.0,
        "file_share_total_size_bytes": float(round(downloads * 2_500_000 * _noise(salt, moment))),
        "file_share_revenue": revenue,
        "file_share_paid_sessions": paid,
        "file_share_avg_price": avg_price,
        "file_share_payment_conversion": round(paid / sessions, 4) if sessions else 0.0,
        "file_share_platform_fees": fees,
        "cashflow": round(revenue - fees - costs, 4),
    }


def get_metrics(request: Request) -> JSON:
    query = request.query
    start = query.required_date("start_date")
    end = query.required_date("end_date")
    interval_raw = query.get("interval")
    if interval_raw is None:
        query.errors.append(
            {
                "type": "missing",
                "loc": ["query", "interval"],
                "msg": "Field required",
                "input": None,
            }
        )
        interval = "day"
    else:
        found = query.choices("interval", INTERVALS)
        interval = found[0] if found else "day"
    workspaces = request.scoped(query.uuids("workspace_id"))
    wanted = query.values("metrics")
    query.check()
    if start is None or end is None:  # pragma: no cover - query.check() raised already
        raise _validation_error([])
    unknown = [slug for slug in wanted if slug not in METRIC_SLUGS]
    if unknown:
        raise _validation_error(
            [
                {
                    "type": "value_error",
                    "loc": ["query", "metrics"],
                    "msg": f"Invalid metric slugs: {', '.join(unknown)}",
                    "input": wanted,
                }
            ]
        )
    if (end - start).days > MAX_DAYS[interval]:
        raise _validation_error(
            [
                {
                    "type": "value_error",
                    "loc": ["query"],
                    "msg": "The interval is too big. Try to change the interval or reduce the"
                    " date range.",
                    "input": [start.isoformat(), end.isoformat(), interval],
                }
            ]
        )
    selected = [slug for slug in METRIC_SLUGS if not wanted or slug in wanted]
    salt = ",".join(sorted(workspaces)) or "none"
    periods: list[JSON] = []
    running = {"costs": 0.0, "sessions": 0.0, "downloads": 0.0, "fees": 0.0}
    sums: dict[str, float] = dict.fromkeys(METRIC_SLUGS, 0)
    for moment in _period_starts(start, end, interval):
        values: dict[str, float | int] = (
            _period_values(moment, interval, salt) if workspaces else dict.fromkeys(METRIC_SLUGS, 0)
        )
        running["costs"] = round(running["costs"] + values["costs"], 4)
        running["sessions"] += values["file_share_sessions"]
        running["downloads"] += values["file_share_downloads"]
        running["fees"] += values["file_share_platform_fees"]
        values["cumulative_costs"] = running["costs"]
        values["cumulative_file_share_sessions"] = running["sessions"]
        values["cumulative_file_share_downloads"] = running["downloads"]
        values["cumulative_file_share_platform_fees"] = running["fees"]
        for slug in METRIC_SLUGS:
            sums[slug] += values[slug]
        period: JSON = {"timestamp": iso(moment)}
        period.update((slug, values[slug]) for slug in selected)
        periods.append(period)
    count = max(len(periods), 1)
    averaged = {"cost_per_user", "file_share_avg_downloads", "file_share_avg_price",
                "file_share_payment_conversion", "active_user_by_event"}  # fmt: skip
    cumulative = {slug for slug in METRIC_SLUGS if slug.startswith("cumulative_")}
    totals: JSON = {}
    for slug in selected:
        if slug in cumulative:
            totals[slug] = periods[-1][slug] if periods else 0
        elif slug in averaged:
            totals[slug] = round(sums[slug] / count, 4)
        else:
            totals[slug] = round(sums[slug], 4)
    metrics = {
        slug: {"slug": slug, "display_name": name, "type": kind}
        for slug, name, kind in METRICS
        if slug in selected
    }
    return {"periods": periods, "totals": totals, "metrics": metrics}


def healthz(request: Request) -> JSON:
    return {"status": "ok"}


# --- routing ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    pattern: re.Pattern[str]
    handler: Handler
    #: Any one of these scopes opens the route; empty means no token needed.
    scopes: tuple[str, ...]


def _route(path: str, handler: Handler, *scopes: str) -> Route:
    regex = re.sub(r"\{(\w+)\}", r"(?P<\1>[^/]+)", path)
    return Route(re.compile(f"^{regex}$"), handler, scopes)


_CUSTOMER_SCOPES = ("customers:read", "customers:write")
ROUTES: tuple[Route, ...] = (
    _route("/healthz", healthz),
    _route("/api/workspaces/", list_workspaces, "workspaces:read", "workspaces:write"),
    _route("/api/workspaces/{id}", get_workspace, "workspaces:read", "workspaces:write"),
    _route("/api/customers/", list_customers, *_CUSTOMER_SCOPES),
    _route("/api/customers/external/{external_id}", get_customer_by_external_id, *_CUSTOMER_SCOPES),
    _route("/api/customers/{id}/state", get_customer_state, *_CUSTOMER_SCOPES),
    _route("/api/customers/{id}", get_customer, *_CUSTOMER_SCOPES),
    _route("/api/members/", list_members, "members:read", "members:write"),
    _route("/api/payments/", list_payments, "payments:read"),
    _route("/api/metrics/", get_metrics, "metrics:read"),
    _route("/api/events/", list_events, "events:read", "events:write"),
    _route("/api/webhooks/deliveries", list_webhook_deliveries, "webhooks:read", "webhooks:write"),
    _route("/api/shares/", list_shares, "shares:read", "shares:write"),
)


def match_route(path: str) -> tuple[Route, dict[str, str]] | None:
    for route in ROUTES:
        found = route.pattern.match(path)
        if found:
            return route, found.groupdict()
    return None


def authenticate(authorization: str | None) -> Principal:
    """The principal of an ``Authorization`` header, or the recorded 401."""
    scheme, _, credentials = (authorization or "").strip().partition(" ")
    credentials = credentials.strip()
    if scheme.lower() != "bearer" or not credentials or not credentials.isascii():
        raise HttpError(401, _UNAUTHORIZED_BODY, {"www-authenticate": _UNAUTHORIZED_CHALLENGE})
    principal = TOKENS.get(credentials)
    if principal is None:
        raise HttpError(
            401,
            {"error": "invalid_token", "error_description": _REJECTED_DESCRIPTION},
            {
                "www-authenticate": 'Bearer realm="rapidly", error="invalid_token",'
                f' error_description="{_REJECTED_DESCRIPTION}"'
            },
        )
    return principal


def _insufficient_scope(route: Route) -> HttpError:
    scopes = " ".join((*route.scopes, "web:read", "web:write"))
    return HttpError(
        403,
        {"error": "insufficient_scope", "error_description": _INSUFFICIENT_SCOPE_DESCRIPTION},
        {
            "www-authenticate": f'Bearer realm="rapidly", scope="{scopes}",'
            f' error="insufficient_scope", error_description="{_INSUFFICIENT_SCOPE_DESCRIPTION}"'
        },
    )


# --- the ASGI app ------------------------------------------------------------------------------


def encode_json(body: Any) -> bytes:
    """Compact UTF-8 JSON; control characters escaped (``\\u001b``) like the server."""
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()


@dataclass
class Answer:
    status: int
    body: Any = None  # JSON-able, or bytes sent as they are
    headers: dict[str, str] | None = None
    content_type: str | None = "application/json"


class DemoApp:
    """The ASGI callable. ``latency`` (seconds) delays every answer."""

    def __init__(
        self, dataset: DemoData, faults: FaultPlan | None = None, *, latency: float = 0.0
    ) -> None:
        self.dataset = dataset
        self.faults = faults
        self.latency = latency

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
            return
        if scope["type"] != "http":  # websockets: refuse
            return
        method: str = scope["method"]
        path: str = scope["path"]
        raw_query: bytes = scope.get("query_string", b"")
        if self.faults is not None:
            self.faults.record(method, path, raw_query.decode("latin-1"))
        rule = self.faults.take(path) if self.faults is not None else None
        delay = self.latency + (rule.delay if rule is not None else 0.0)
        if delay > 0:
            await asyncio.sleep(delay)
        if rule is not None and rule.kind not in (
            "latency",
            "mutate",
            "truncated",
            "slow_body",
            "drop",
        ):
            await self._send(send, _fault_answer(rule), rule)
            return
        answer = self.answer(scope, method, path, raw_query)
        if rule is not None and rule.mutation is not None and answer.status == 200:
            answer.body = rule.mutation(json.loads(encode_json(answer.body)))
        await self._send(send, answer, rule)

    def answer(self, scope: Scope, method: str, path: str, raw_query: bytes) -> Answer:
        """The normal answer to a request (no faults)."""
        extra: dict[str, str] = {}
        if path.startswith("/v1/"):
            path = "/api/" + path[len("/v1/") :]
            extra["x-rapidly-deprecation-notice"] = (
                "The API root has moved from /v1 to /api. Please update your integration."
            )
        found = match_route(path)
        if found is None:
            alternative = path[:-1] if path.endswith("/") else path + "/"
            if match_route(alternative) is not None:
                return Answer(
                    307,
                    b"",
                    {"location": _absolute(scope, alternative, raw_query), **extra},
                    content_type=None,
                )
            return Answer(404, _NO_ROUTE, extra)
        route, params = found
        if method != "GET":
            return Answer(405, {"detail": "Method Not Allowed"}, {"allow": "GET", **extra})
        try:
            principal = Principal(None, None)
            if route.scopes:
                principal = authenticate(_header(scope, b"authorization"))
                if not principal.allows(route.scopes):
                    raise _insufficient_scope(route)
            request = Request(self.dataset, principal, Query(raw_query), params)
            return Answer(200, route.handler(request), extra)
        except HttpError as error:
            return Answer(error.status, error.body, {**error.headers, **extra})

    async def _send(self, send: Send, answer: Answer, rule: FaultRule | None) -> None:
        body = answer.body if isinstance(answer.body, bytes) else encode_json(answer.body)
        kind = rule.kind if rule is not None else None
        if rule is not None and rule.kind == "huge":
            await self._send_huge(send, rule)
            return
        length = len(body)
        if kind == "truncated":
            body = body[: max(1, len(body) // 2)]
            length = len(body)
        headers = _headers(answer, length)
        await send({"type": "http.response.start", "status": answer.status, "headers": headers})
        if rule is not None and rule.kind == "drop":
            await send({"type": "http.response.body", "body": body[: rule.size], "more_body": True})
            raise ConnectionDropped("demo fault: connection dropped mid-body")
        if rule is not None and rule.kind == "slow_body":
            step = max(1, rule.size)
            for offset in range(0, len(body), step):
                await send(
                    {
                        "type": "http.response.body",
                        "body": body[offset : offset + step],
                        "more_body": True,
                    }
                )
                await asyncio.sleep(rule.chunk_delay)
            await send({"type": "http.response.body", "body": b"", "more_body": False})
            return
        await send({"type": "http.response.body", "body": body, "more_body": False})

    async def _send_huge(self, send: Send, rule: FaultRule) -> None:
        head = b'{"data":[],"meta":{"total":0,"page":1,"per_page":10,"pages":0},"padding":"'
        tail = b'"}'
        padding = max(0, rule.size - len(head) - len(tail))
        headers = _headers(Answer(200), rule.size if rule.declare_length else None)
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": head, "more_body": True})
        chunk = b"x" * 65536
        remaining = padding
        while remaining > 0:
            piece = chunk if remaining >= len(chunk) else chunk[:remaining]
            remaining -= len(piece)
            await send({"type": "http.response.body", "body": piece, "more_body": True})
        await send({"type": "http.response.body", "body": tail, "more_body": False})

    @staticmethod
    async def _lifespan(receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await send({"type": "lifespan.shutdown.complete"})
                return


def _fault_answer(rule: FaultRule) -> Answer:
    if rule.kind == "rate_limit":
        if rule.body is None:
            return Answer(429, b"", rule.headers, content_type=None)
        return Answer(429, rule.body, rule.headers)
    if rule.kind == "html":
        return Answer(rule.status, str(rule.body).encode(), rule.headers, "text/html")
    if rule.kind == "malformed":
        return Answer(200, rule.body if isinstance(rule.body, bytes) else str(rule.body).encode())
    if rule.kind == "wrong_shape":
        return Answer(200, rule.body)
    if rule.kind == "huge":
        return Answer(200)
    return Answer(rule.status, rule.body, rule.headers)


def _headers(answer: Answer, length: int | None) -> list[tuple[bytes, bytes]]:
    headers: list[tuple[bytes, bytes]] = []
    if answer.content_type is not None:
        headers.append((b"content-type", answer.content_type.encode()))
    if length is not None:
        headers.append((b"content-length", str(length).encode()))
    headers += [
        (b"x-ratelimit-limit", b"0"),
        (b"x-ratelimit-remaining", b"0"),
        (b"x-ratelimit-reset", b"0"),
        (b"x-request-id", uuid.uuid4().hex.encode()),
        (b"cache-control", CACHE_CONTROL),
    ]
    for name, value in (answer.headers or {}).items():
        headers.append((name.lower().encode("latin-1"), value.encode("latin-1", "replace")))
    return headers


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key.lower() == name:
            return bytes(value).decode("latin-1")
    return None


def _absolute(scope: Scope, path: str, raw_query: bytes) -> str:
    host = _header(scope, b"host")
    if host is None:
        server = scope.get("server") or ("localhost", None)
        host = server[0] if server[1] in (None, 80, 443) else f"{server[0]}:{server[1]}"
    location = f"{scope.get('scheme', 'http')}://{host}{quote(path, safe=_PATH_SAFE)}"
    return location + ("?" + raw_query.decode("latin-1") if raw_query else "")
