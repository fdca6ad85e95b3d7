"""``/api/metrics/``: deterministic made-up figures with the server's shapes and limits."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from rapidly_tui.demo.data import JSON, iso
from rapidly_tui.demo.query import validation_error
from rapidly_tui.demo.request import Request

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
        raise validation_error([])
    unknown = [slug for slug in wanted if slug not in METRIC_SLUGS]
    if unknown:
        raise validation_error(
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
        raise validation_error(
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
